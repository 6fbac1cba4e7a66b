// The traced forward pass of the current text: re-run ~100 ms after the last edit (or when the model
// changes); a newer request cancels the one before it, so only the latest text's trace is shown.

import { useEffect, useRef, useState } from 'react';
import type { ModelInfo, TraceResult } from '../shared/protocol';
import { errorMessage, type ReportError } from './errors';
import { isCancelled, type WorkerClient } from './workerClient';

export const TRACE_DEBOUNCE_MS = 100;

export interface TraceState {
  result: TraceResult | null;
  busy: boolean;
  /** The result was re-traced because the model changed (e.g. while training), not because the text did. */
  fromModelChange: boolean;
}

export function useTrace(client: WorkerClient | null, model: ModelInfo | null, text: string, report: ReportError): TraceState {
  const [result, setResult] = useState<TraceResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [fromModelChange, setFromModelChange] = useState(false);
  const revision = model?.revision;
  const lastText = useRef<string | null>(null);

  useEffect(() => {
    if (!client || revision === undefined) return;
    const controller = new AbortController();
    setBusy(true);
    const sameText = lastText.current === text;
    const timer = window.setTimeout(() => {
      client.call('trace', { text }, { signal: controller.signal }).then(
        (r) => {
          lastText.current = text;
          setFromModelChange(sameText);
          setResult(r);
          setBusy(false);
        },
        (e: unknown) => {
          if (isCancelled(e)) return;
          setBusy(false);
          report('error.trace', { message: errorMessage(e) });
        },
      );
      // The first trace (nothing on screen yet) goes out at once.
    }, lastText.current === null ? 0 : TRACE_DEBOUNCE_MS);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [client, revision, text, report]);

  return { result, busy, fromModelChange };
}
