// The page's side of training: the settings being edited, the worker's training state, and the
// curves, validation results and snapshots it streams (kept in refs and published at most once per
// animation frame, so a burst of events never costs more than one render).

import { useCallback, useEffect, useRef, useState } from 'react';
import type { BackendName, ModelInfo } from '../shared/protocol';
import {
  BUILTIN_CORPUS_IDS,
  CORPUS_MODELS,
  builtinCorpusId,
  DEFAULT_TRAIN_SETTINGS,
  corpusModel,
  type AutosaveSummary,
  type BuiltinCorpusId,
  type CorpusChoice,
  type TrainEval,
  type TrainProgress,
  type TrainSettings,
  type TrainSnapshot,
  type TrainState,
} from '../shared/training';
import { errorMessage, type ReportError } from './errors';
import { shippedModelUrl } from './useModelSession';
import { isCancelled, type WorkerClient } from './workerClient';

/** Page-side cap on snapshots (every other one is dropped beyond it). */
const MAX_PAGE_SNAPSHOTS = 240;
const PROBE_DEBOUNCE_MS = 300;
const PUBLISH_MS = 400;

export interface TrainingCurves {
  steps: number[];
  losses: number[];
  evals: TrainEval[];
  snapshots: TrainSnapshot[];
  /** The most recent snapshot, live or kept (what the heads grid shows while training). */
  latest: TrainSnapshot | null;
}

export type TrainingNote = 'resumed' | 'cleared' | null;

export interface Training {
  state: TrainState | null;
  progress: Omit<TrainProgress, 'points'> | null;
  curves: TrainingCurves;
  /** Bumped whenever curves change (the arrays are mutated in place). */
  version: number;
  settings: TrainSettings;
  setSettings: (change: Partial<TrainSettings>) => void;
  /**
   * Chooses what the next run learns from; a corpus of another model kind brings that kind's preset
   * and settings (they apply to the next run, never to the one in progress).
   */
  chooseCorpus: (corpus: CorpusChoice) => void;
  offer: AutosaveSummary | null;
  note: TrainingNote;
  busy: boolean;
  start: () => void;
  pause: () => void;
  step: () => void;
  reset: () => void;
  resume: () => void;
  dismissOffer: () => void;
  clearStored: () => void;
  loadShipped: () => void;
  /** The corpus the model in use was made for (ModelInfo.corpus) and where it came from: whether a run can continue it. */
  modelCorpus: string;
  modelSource: ModelInfo['source'] | null;
  /** Whether every panel follows the model while training (else only the training views). */
  setLivePanels: (on: boolean) => void;
  /** Reloads the page on another backend ('auto': the measured choice), pausing (and so autosaving) first. */
  switchBackend: (b: BackendName | 'auto') => void;
}

/** With `?bench` in the URL the benchmark (tests/bench/run.mjs) reaches the worker client here. */
function exposeForBench(client: WorkerClient | null): void {
  if (!client || !new URLSearchParams(window.location.search).has('bench')) return;
  (window as unknown as { __trainingBench?: WorkerClient }).__trainingBench = client;
}

function emptyCurves(): TrainingCurves {
  return { steps: [], losses: [], evals: [], snapshots: [], latest: null };
}

export function useTraining(
  client: WorkerClient | null,
  model: ModelInfo | null,
  probe: string,
  report: ReportError,
  shipped?: { url: string; corpus: string },
): Training {
  const [state, setState] = useState<TrainState | null>(null);
  const [progress, setProgress] = useState<Omit<TrainProgress, 'points'> | null>(null);
  const [settings, setSettingsState] = useState<TrainSettings>(DEFAULT_TRAIN_SETTINGS);
  const [offer, setOffer] = useState<AutosaveSummary | null>(null);
  const [note, setNote] = useState<TrainingNote>(null);
  const [busy, setBusy] = useState(false);
  const [version, setVersion] = useState(0);
  const curves = useRef<TrainingCurves>(emptyCurves());
  const runId = useRef<number | null>(null);
  const frame = useRef<number | null>(null);
  const stateRef = useRef<TrainState | null>(null);

  const lastPublish = useRef(0);
  const publish = useCallback(() => {
    if (frame.current !== null) return;
    // Curves and snapshots redraw at most every PUBLISH_MS, in an animation frame.
    const wait = Math.max(0, lastPublish.current + PUBLISH_MS - performance.now());
    frame.current = window.setTimeout(() => {
      requestAnimationFrame(() => {
        frame.current = null;
        lastPublish.current = performance.now();
        setVersion((v) => v + 1);
      });
    }, wait);
  }, []);

  const loadHistory = useCallback(
    async (c: WorkerClient) => {
      const h = await c.call('trainHistory', {});
      const next = emptyCurves();
      for (let i = 0; i + 1 < h.points.length; i += 2) {
        next.steps.push(h.points[i]);
        next.losses.push(h.points[i + 1]);
      }
      next.evals = h.evals;
      next.snapshots = h.snapshots;
      next.latest = curves.current.latest ?? h.snapshots.at(-1) ?? null;
      curves.current = next;
      publish();
    },
    [publish],
  );

  /**
   * A run the page has not seen yet (fresh, reset, resumed, or one already going when these views
   * mounted): its curves come from the worker's history, and the form shows its settings. Later
   * states keep the user's edits (model size, seed, corpus wait for the next Reset).
   */
  const adoptRun = useCallback(
    (c: WorkerClient, s: TrainState) => {
      runId.current = s.runId;
      curves.current = emptyCurves();
      publish();
      if (s.phase !== 'idle') loadHistory(c).catch(() => {});
      const run = s.settings;
      // (A text run's settings come without the text, which the page keeps.)
      if (run) setSettingsState((prev) => ({ ...run, corpus: prev.corpus.kind === 'text' && run.corpus.kind === 'text' ? prev.corpus : run.corpus }));
    },
    [loadHistory, publish],
  );

  // Worker events.
  useEffect(() => {
    if (!client) return;
    exposeForBench(client);
    // A new worker (started after the previous one died) has its own runs: its first state is news.
    runId.current = null;
    setProgress(null);
    const offState = client.on('trainState', (s) => {
      stateRef.current = s;
      setState(s);
      if (runId.current !== s.runId) {
        adoptRun(client, s);
        // A new run (fresh, reset, resumed): the form shows its settings. Later states keep the
        // user's edits (model size, seed, corpus wait for the next Reset).
      }
      if (s.phase !== 'idle') setOffer(null);
    });
    const offProgress = client.on('trainProgress', (p) => {
      const c = curves.current;
      for (let i = 0; i + 1 < p.points.length; i += 2) {
        // After a rollback the steps go back: drop the points past the restored step.
        while (c.steps.length > 0 && c.steps[c.steps.length - 1] >= p.points[i]) {
          c.steps.pop();
          c.losses.pop();
        }
        c.steps.push(p.points[i]);
        c.losses.push(p.points[i + 1]);
      }
      const { points: _points, ...rest } = p;
      setProgress(rest);
      if (p.points.length > 0) publish();
    });
    const offEval = client.on('trainEval', (e) => {
      curves.current.evals.push(e);
      publish();
    });
    const offSnap = client.on('trainSnapshot', (s) => {
      const c = curves.current;
      c.latest = s;
      if (s.live) {
        publish();
        return;
      }
      c.snapshots.push(s);
      if (c.snapshots.length > MAX_PAGE_SNAPSHOTS) c.snapshots = c.snapshots.filter((_, i) => i % 2 === 0 || i === c.snapshots.length - 1);
      publish();
    });
    return () => {
      offState();
      offProgress();
      offEval();
      offSnap();
      if (frame.current !== null) window.clearTimeout(frame.current);
      frame.current = null;
    };
  }, [client, adoptRun, publish]);

  // Once a model is ready: the worker's training state, and an autosaved run to offer.
  const ready = model !== null;
  useEffect(() => {
    if (!client || !ready) return;
    let live = true;
    (async () => {
      const s = await client.call('trainState', {});
      if (!live) return;
      stateRef.current = s;
      setState(s);
      if (runId.current !== s.runId) adoptRun(client, s);
      if (s.phase === 'idle') {
        const saved = await client.call('autosaveInfo', {});
        if (live && stateRef.current?.phase === 'idle') setOffer(saved);
      }
    })().catch(() => {});
    return () => {
      live = false;
    };
  }, [client, ready, adoptRun]);

  // The probe sentence of the history snapshots follows the page's sentence.
  useEffect(() => {
    if (!client) return;
    const timer = window.setTimeout(() => {
      client.call('trainProbe', { text: probe }).catch(() => {});
    }, PROBE_DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [client, probe]);

  const act = useCallback(
    (fn: (c: WorkerClient) => Promise<unknown>) => {
      if (!client) return;
      setBusy(true);
      setNote(null);
      fn(client)
        .catch((e: unknown) => {
          if (!isCancelled(e)) report('error.training', { message: errorMessage(e) });
        })
        .finally(() => setBusy(false));
    },
    [client, report],
  );

  const settingsRef = useRef(settings);
  settingsRef.current = settings;
  /** The settings a request sends: "start from the model in use" only when that model was made for the corpus. */
  const modelRef = useRef(model);
  modelRef.current = model;
  const toSend = (): TrainSettings => {
    const s = settingsRef.current;
    const m = modelRef.current;
    const fits = m !== null && m.source !== 'training' && m.source !== 'random' && m.corpus === builtinCorpusId(s.corpus);
    return { ...s, fromModel: s.fromModel === true && fits };
  };

  const chooseCorpus = useCallback((corpus: CorpusChoice) => {
    setSettingsState((prev) => {
      const next = corpusModel(corpus);
      // Another model (kind, or preset and vocabulary: 唐诗, English) brings its own settings.
      return next === corpusModel(prev.corpus) ? { ...prev, corpus } : { ...prev, ...next.defaults, corpus };
    });
  }, []);

  // A model of the other kind loaded (shipped, imported, saved): the next run trains that kind, on
  // the corpus it was trained on when that is a built-in one.
  const loadedArchitecture = model && model.source !== 'training' ? (model.config.architecture ?? 'decoder') : null;
  const loadedCorpus = model?.corpus ?? '';
  useEffect(() => {
    if (!loadedArchitecture) return;
    // A model of a corpus with a model of its own (唐诗, English): the next run learns that corpus.
    const own = (BUILTIN_CORPUS_IDS as readonly string[]).includes(loadedCorpus) ? CORPUS_MODELS[loadedCorpus as BuiltinCorpusId] : null;
    if (own && own !== corpusModel(settingsRef.current.corpus) && own.architecture === loadedArchitecture) {
      chooseCorpus({ kind: 'builtin', id: loadedCorpus as BuiltinCorpusId });
      return;
    }
    if (corpusModel(settingsRef.current.corpus).architecture === loadedArchitecture && !own) return;
    if (own && own === corpusModel(settingsRef.current.corpus)) return;
    const fitting = BUILTIN_CORPUS_IDS.filter((id) => CORPUS_MODELS[id].architecture === loadedArchitecture);
    const chosen = fitting.find((id) => id === loadedCorpus) ?? fitting[0];
    if (chosen) chooseCorpus({ kind: 'builtin', id: chosen });
  }, [loadedArchitecture, loadedCorpus, chooseCorpus]);

  const setSettings = useCallback(
    (change: Partial<TrainSettings>) => {
      setSettingsState((prev) => ({ ...prev, ...change }));
      const live: { learningRate?: number; batchSize?: number; targetSteps?: number } = {};
      if (change.learningRate !== undefined) live.learningRate = change.learningRate;
      if (change.batchSize !== undefined) live.batchSize = change.batchSize;
      if (change.targetSteps !== undefined) live.targetSteps = change.targetSteps;
      const phase = stateRef.current?.phase;
      if (client && Object.keys(live).length > 0 && phase && phase !== 'idle') {
        client.call('trainConfigure', live).catch((e: unknown) => report('error.training', { message: errorMessage(e) }));
      }
    },
    [client, report],
  );

  return {
    state,
    progress,
    curves: curves.current,
    version,
    settings,
    setSettings,
    chooseCorpus,
    modelCorpus: model?.corpus ?? '',
    modelSource: model?.source ?? null,
    offer,
    note,
    busy,
    start: () => act((c) => c.call('trainStart', { settings: toSend() })),
    pause: () => act((c) => c.call('trainPause', {})),
    step: () => act((c) => c.call('trainStep', { settings: toSend() })),
    reset: () => act((c) => c.call('trainReset', { settings: toSend() })),
    resume: () =>
      act(async (c) => {
        setOffer(null);
        await c.call('trainResume', {});
        await loadHistory(c);
        setNote('resumed');
      }),
    dismissOffer: () => setOffer(null),
    clearStored: () =>
      act(async (c) => {
        await c.call('clearStoredData', {});
        setOffer(null);
        setNote('cleared');
      }),
    loadShipped: () => act((c) => c.call('loadShipped', shipped ?? { url: shippedModelUrl() })),
    setLivePanels: (on) => act((c) => c.call('trainConfigure', { livePanels: on })),
    switchBackend: (b) =>
      act(async (c) => {
        if (stateRef.current?.phase === 'running') await c.call('trainPause', {});
        const url = new URL(window.location.href);
        if (b === 'auto') url.searchParams.delete('backend');
        else url.searchParams.set('backend', b);
        window.location.assign(url.href);
      }),
  };
}
