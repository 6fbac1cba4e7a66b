// The worker's life on the page: start it, initialise the backend (WebGL, else WASM, else CPU, or the
// one named by `?backend=` in the URL), load the shipped model, and keep the page's view of the
// backend and the model in use up to date.
//
// When the worker dies (it throws outside a request, or stops answering the watchdog's pings: killed
// by the browser, hung), a new worker is started and what was lost is put back: a training run from
// its last autosave (paused at the autosaved step), else the shipped model; a message says so. A
// worker that dies before it ever initialised is not restarted (it would only die again).

import { useEffect, useRef, useState } from 'react';
import {
  BACKEND_FAULTS,
  isBackendName,
  type BackendFault,
  type BackendInfo,
  type BackendName,
  type BackendSwitch,
  type ModelInfo,
} from '../shared/protocol';
import type { TrainPhase } from '../shared/training';
import { errorMessage, type ReportError } from './errors';
import { checkpointUrl, DEFAULT_MODEL_CHOICE, type ModelChoice } from './models';
import { DEFAULT_WATCHDOG, isCancelled, WorkerClient, type CrashKind, type WatchdogOptions } from './workerClient';

export type BackendState =
  | { phase: 'starting' }
  | { phase: 'ready'; info: BackendInfo }
  | { phase: 'failed'; message: string };

export interface ModelSession {
  client: WorkerClient | null;
  backend: BackendState;
  model: ModelInfo | null;
  /** Set when the backend changed while the page ran (WebGL context lost). */
  backendSwitch: BackendSwitch | null;
}

/** At most this many automatic restarts within RESTART_WINDOW_MS; beyond that the crash is only reported. */
export const MAX_RESTARTS = 3;
export const RESTART_WINDOW_MS = 60_000;

/** The backend asked for in the page URL (`?backend=webgl|wasm|cpu`), else 'auto'. */
export function requestedBackend(): BackendName | 'auto' {
  const value = new URLSearchParams(window.location.search).get('backend');
  return isBackendName(value) ? value : 'auto';
}

/** Tests only: backends made unavailable by `?bench&fault=no-webgl,no-offscreen,no-wasm`. */
export function requestedFaults(): BackendFault[] {
  const params = new URLSearchParams(window.location.search);
  if (!params.has('bench')) return [];
  const named = (params.get('fault') ?? '').split(',');
  return BACKEND_FAULTS.filter((f) => named.includes(f));
}

/** The watchdog; tests may shorten it with `?bench&watchdog=MS` (the time a ping may go unanswered). */
function watchdogOptions(): WatchdogOptions {
  const params = new URLSearchParams(window.location.search);
  const ms = Number(params.get('watchdog'));
  if (params.has('bench') && Number.isFinite(ms) && ms >= 500) return { everyMs: Math.max(250, Math.round(ms / 4)), deadAfterMs: ms };
  return DEFAULT_WATCHDOG;
}

/** Folder of the default model's shipped checkpoint, relative to the page (so the build works from any path). */
export function shippedModelUrl(): string {
  return checkpointUrl(DEFAULT_MODEL_CHOICE);
}

interface Restart {
  kind: CrashKind;
  message: string;
  /** Whether a training run was in progress (then its autosave is restored). */
  hadRun: boolean;
}

/**
 * `choice`: the model the page shows (models.ts). Its checkpoint is loaded once the backend is ready,
 * again when the choice changes, and after a restart; no other model's checkpoint is fetched.
 */
export function useModelSession(report: ReportError, choice: ModelChoice = DEFAULT_MODEL_CHOICE): ModelSession {
  const [client, setClient] = useState<WorkerClient | null>(null);
  const [backend, setBackend] = useState<BackendState>({ phase: 'starting' });
  const [model, setModel] = useState<ModelInfo | null>(null);
  const [backendSwitch, setBackendSwitch] = useState<BackendSwitch | null>(null);
  const chosen = useRef(choice);
  chosen.current = choice;
  /** The choice the worker has loaded (or is loading); null before the first load. */
  const loadedChoice = useRef<ModelChoice | null>(null);

  useEffect(() => {
    let live = true;
    let current: WorkerClient | null = null;
    const restarts: number[] = [];

    const start = (restart: Restart | null): void => {
      const c = WorkerClient.start(watchdogOptions());
      current = c;
      let initialised = false;
      let trainPhase: TrainPhase = 'idle';
      c.on('model', (info) => {
        if (live && current === c) setModel(info);
      });
      c.on('trainState', (s) => {
        trainPhase = s.phase;
      });
      c.on('backendSwitch', (sw) => {
        if (!live || current !== c) return;
        setBackend({ phase: 'ready', info: sw.info });
        setBackendSwitch(sw);
      });
      c.onCrash((message, kind) => {
        if (!live || current !== c || kind === 'stopped') return;
        c.terminate();
        const now = Date.now();
        while (restarts.length > 0 && now - restarts[0] > RESTART_WINDOW_MS) restarts.shift();
        if (!initialised || restarts.length >= MAX_RESTARTS) {
          report('error.workerCrashed', { message });
          return;
        }
        restarts.push(now);
        // The panels wait for the new worker's model instead of asking the new worker about the old one.
        setModel(null);
        setBackend({ phase: 'starting' });
        start({ kind, message, hadRun: trainPhase !== 'idle' });
      });
      setClient(c);
      (async () => {
        try {
          const info = await c.call('init', { backend: requestedBackend(), faults: requestedFaults(), baseUrl: document.baseURI });
          if (!live || current !== c) return;
          initialised = true;
          setBackend({ phase: 'ready', info });
          const tell = (outcome: 'resumed' | 'nothingSaved' | 'shipped', step = 0): void => {
            if (!restart || !live || current !== c) return;
            const how = restart.kind === 'unresponsive' ? 'unresponsive' : 'error';
            report(`faults.restarted.${outcome}.${how}`, { message: restart.message, step });
          };
          if (restart && restart.hadRun) {
            const saved = await c.call('autosaveInfo', {});
            if (saved) {
              // Resuming installs the run's model and announces it (the 'model' event).
              const state = await c.call('trainResume', {});
              tell('resumed', state.step);
              return;
            }
          }
          const want = chosen.current;
          loadedChoice.current = want;
          const m = await c.call('loadShipped', { url: checkpointUrl(want), corpus: want.corpus });
          if (!live || current !== c) return;
          setModel(m);
          if (restart) tell(restart.hadRun ? 'nothingSaved' : 'shipped');
        } catch (e) {
          if (!live || current !== c || isCancelled(e)) return;
          setBackend((prev) => (prev.phase === 'starting' ? { phase: 'failed', message: errorMessage(e) } : prev));
          report('error.init', { message: errorMessage(e) });
        }
      })();
    };

    start(null);
    return () => {
      live = false;
      current?.terminate();
    };
  }, [report]);

  // Another model chosen: load its checkpoint into the running worker (the panels wait for it).
  const ready = backend.phase === 'ready';
  useEffect(() => {
    if (!client || !ready || loadedChoice.current === null || loadedChoice.current.id === choice.id) return;
    loadedChoice.current = choice;
    setModel(null);
    client.call('loadShipped', { url: checkpointUrl(choice), corpus: choice.corpus }).then(
      (m) => {
        if (loadedChoice.current === choice) setModel(m);
      },
      (e: unknown) => {
        if (!isCancelled(e)) report('error.init', { message: errorMessage(e) });
      },
    );
  }, [client, ready, choice, report]);

  return { client, backend, model, backendSwitch };
}
