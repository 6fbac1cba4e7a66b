// A second worker that answers the panels' traces while the model trains. A training step cannot be
// interrupted (TF.js runs it to the end), so in the training worker a keystroke's traces would wait
// for the step in progress (~150 ms on WASM here), and every trace would take time from training.
// While the model in use is being trained, a "view" worker holds a copy of its weights — refreshed
// from a checkpoint of the training worker at every model revision (at most every 2 s) — and
// answers the traces of the page and of the Compare view at once. Without training (shipped,
// imported or stored models) the view worker is stopped and the main worker answers as before.

import { useEffect, useRef, useState } from 'react';
import type { BackendName, ModelInfo } from '../shared/protocol';
import { isCancelled, WorkerClient } from './workerClient';

export interface ViewSession {
  client: WorkerClient | null;
  model: ModelInfo | null;
}

/**
 * `main` / `model`: the page's worker and the model in use there. Returns the client and model the
 * latency-sensitive views should use: the view worker's once it holds the current weights, else the
 * main ones.
 */
export function useViewWorker(main: WorkerClient | null, model: ModelInfo | null, backend: BackendName | null): ViewSession {
  const training = model?.source === 'training';
  const [view, setView] = useState<{ client: WorkerClient; model: ModelInfo; mainRevision: number } | null>(null);
  const worker = useRef<WorkerClient | null>(null);
  const ready = useRef<Promise<WorkerClient | null> | null>(null);

  // Start the view worker when training begins; stop it when the model is no longer trained.
  useEffect(() => {
    if (!training || !main || backend === null) {
      worker.current?.terminate();
      worker.current = null;
      ready.current = null;
      setView(null);
      return;
    }
    if (ready.current) return;
    const client = WorkerClient.start(null);
    worker.current = client;
    ready.current = client.call('init', { backend }).then(
      () => client,
      () => {
        // No view worker (e.g. out of memory): the main worker keeps answering.
        client.terminate();
        return null;
      },
    );
  }, [training, main, backend]);

  useEffect(
    () => () => {
      worker.current?.terminate();
      worker.current = null;
      ready.current = null;
    },
    [],
  );

  // Mirror each revision of the trained model.
  const revision = model?.revision;
  useEffect(() => {
    if (!training || !main || revision === undefined || !ready.current) return;
    const controller = new AbortController();
    const { signal } = controller;
    const pending = ready.current;
    (async () => {
      const client = await pending;
      if (!client || signal.aborted) return;
      const files = await main.call('exportCheckpoint', {}, { signal });
      if (signal.aborted) return;
      const info = await client.call('importCheckpoint', files, { signal, transfer: [files.weightsBin] });
      if (!signal.aborted && worker.current === client) setView({ client, model: info, mainRevision: revision });
    })().catch((e: unknown) => {
      if (!isCancelled(e) && !signal.aborted) setView(null);
    });
    return () => controller.abort();
  }, [training, main, revision]);

  if (!training || !view) return { client: main, model };
  return { client: view.client, model: view.model };
}
