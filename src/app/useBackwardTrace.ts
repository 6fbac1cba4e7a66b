// One training step on the page's sentence, asked of the worker that holds the model in use (the
// training worker: during a run it answers between two steps, with the run's optimizer state).
// It is asked again ~100 ms after the sentence or the chosen weight changes, and when another model
// comes into use. While a run trains the model, a new revision of the weights (every ~2 s) does not
// recompute it by itself: the numbers stay still for reading, the page says they are from an earlier
// step and offers to recompute them (`refresh`) — each recomputation takes time from training.

import { useCallback, useEffect, useRef, useState } from 'react';
import type { BackwardTraceResult, ModelInfo } from '../shared/protocol';
import { errorMessage } from './errors';
import { isCancelled, type WorkerClient } from './workerClient';

export const BACKWARD_DEBOUNCE_MS = 100;

export interface BackwardState {
  result: BackwardTraceResult | null;
  busy: boolean;
  error: string | null;
  /** The model has trained on since `result` was computed. */
  stale: boolean;
  refresh: () => void;
}

/**
 * What makes the trace out of date by itself: a model that is not being trained changes with every
 * revision; a model under training only when its shape or corpus changes (a new run from scratch).
 */
export function autoRefreshKey(model: Pick<ModelInfo, 'source' | 'revision' | 'corpus' | 'config'> | null): string {
  if (!model) return '';
  if (model.source !== 'training') return `${model.source}:${model.revision}`;
  const c = model.config;
  return `training:${model.corpus}:${c.vocabSize}:${c.dModel}:${c.nLayers}:${c.nHeads}:${c.dFF}:${c.norm}`;
}

export function useBackwardTrace(client: WorkerClient | null, model: ModelInfo | null, text: string, weight: string): BackwardState {
  const [result, setResult] = useState<BackwardTraceResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [nonce, setNonce] = useState(0);
  const first = useRef(true);
  const key = autoRefreshKey(model);
  const ready = client !== null && model !== null;

  useEffect(() => {
    if (!client || !ready) return;
    const controller = new AbortController();
    setBusy(true);
    const timer = window.setTimeout(
      () => {
        first.current = false;
        client.call('backwardTrace', { text, weight }, { signal: controller.signal }).then(
          (r) => {
            setResult(r);
            setError(null);
            setBusy(false);
          },
          (e: unknown) => {
            if (isCancelled(e)) return;
            setBusy(false);
            setError(errorMessage(e));
          },
        );
      },
      first.current ? 0 : BACKWARD_DEBOUNCE_MS,
    );
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [client, ready, key, text, weight, nonce]);

  const refresh = useCallback(() => setNonce((n) => n + 1), []);
  const stale = result !== null && model !== null && model.source === 'training' && result.revision !== model.revision;
  return { result, busy, error, stale, refresh };
}
