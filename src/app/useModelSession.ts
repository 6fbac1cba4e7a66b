// The worker's life on the page: start it, initialise the backend (WebGL, else WASM, else CPU, or the
// one named by `?backend=` in the URL), load the shipped model, and keep the page's view of the
// backend and the model in use up to date.

import { useEffect, useState } from 'react';
import { isBackendName, type BackendInfo, type BackendName, type ModelInfo } from '../shared/protocol';
import { errorMessage, type ReportError } from './errors';
import { isCancelled, WorkerClient } from './workerClient';

export type BackendState =
  | { phase: 'starting' }
  | { phase: 'ready'; info: BackendInfo }
  | { phase: 'failed'; message: string };

export interface ModelSession {
  client: WorkerClient | null;
  backend: BackendState;
  model: ModelInfo | null;
}

/** The backend asked for in the page URL (`?backend=webgl|wasm|cpu`), else 'auto'. */
export function requestedBackend(): BackendName | 'auto' {
  const value = new URLSearchParams(window.location.search).get('backend');
  return isBackendName(value) ? value : 'auto';
}

/** Folder of the shipped checkpoint, relative to the page (so the build works from any path). */
export function shippedModelUrl(): string {
  return new URL('models/coref/', document.baseURI).href;
}

export function useModelSession(report: ReportError): ModelSession {
  const [client, setClient] = useState<WorkerClient | null>(null);
  const [backend, setBackend] = useState<BackendState>({ phase: 'starting' });
  const [model, setModel] = useState<ModelInfo | null>(null);

  useEffect(() => {
    const c = WorkerClient.start();
    let live = true;
    const offModel = c.on('model', (info) => {
      if (live) setModel(info);
    });
    const offCrash = c.onCrash((message) => {
      if (live) report('error.workerCrashed', { message });
    });
    setClient(c);
    (async () => {
      try {
        const info = await c.call('init', { backend: requestedBackend() });
        if (!live) return;
        setBackend({ phase: 'ready', info });
        const m = await c.call('loadShipped', { url: shippedModelUrl() });
        if (live) setModel(m);
      } catch (e) {
        if (!live || isCancelled(e)) return;
        setBackend((prev) => (prev.phase === 'starting' ? { phase: 'failed', message: errorMessage(e) } : prev));
        report('error.init', { message: errorMessage(e) });
      }
    })();
    return () => {
      live = false;
      offModel();
      offCrash();
      c.terminate();
    };
  }, [report]);

  return { client, backend, model };
}
