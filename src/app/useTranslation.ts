// The translation of the current text by a translation model (the 'translate' request): asked again
// ~100 ms after the last edit, when the model changes, or when the decoding settings change (sampling,
// step by step); a newer request cancels the one before it, so only the latest is shown.

import { useEffect, useRef, useState } from 'react';
import type { ModelInfo, TranslateResult, TranslateSampling } from '../shared/protocol';
import { errorMessage, type ReportError } from './errors';
import { TRACE_DEBOUNCE_MS } from './useTrace';
import { isCancelled, type WorkerClient } from './workerClient';

export interface TranslationRequest {
  sampling: TranslateSampling;
  /** Write at most this many tokens (null: until <eos> or the context ends). */
  maxTokens: number | null;
}

export interface TranslationState {
  result: TranslateResult | null;
  /** The maxTokens `result` was asked with. */
  resultMaxTokens: number | null;
  busy: boolean;
  /** The result was asked again because the model changed (e.g. while training), not because the text did. */
  fromModelChange: boolean;
}

/** `client` null: nothing is asked (the model in use is not a translation model). */
export function useTranslation(client: WorkerClient | null, model: ModelInfo | null, text: string, request: TranslationRequest, report: ReportError): TranslationState {
  const [state, setState] = useState<Omit<TranslationState, 'busy'>>({ result: null, resultMaxTokens: null, fromModelChange: false });
  const [busy, setBusy] = useState(false);
  const revision = model?.revision;
  const lastText = useRef<string | null>(null);
  const { temperature, seed } = request.sampling;
  const { maxTokens } = request;

  useEffect(() => {
    if (!client || revision === undefined) return;
    // Nothing to translate: the panels show their empty state (no request, no error).
    if (text.trim() === '') {
      lastText.current = text;
      setState({ result: null, resultMaxTokens: null, fromModelChange: false });
      setBusy(false);
      return;
    }
    const controller = new AbortController();
    setBusy(true);
    const sameText = lastText.current === text;
    const params = {
      text,
      sampling: { temperature, seed },
      ...(maxTokens === null ? {} : { maxTokens }),
    };
    const timer = window.setTimeout(() => {
      client.call('translate', params, { signal: controller.signal }).then(
        (r) => {
          lastText.current = text;
          setState({ result: r, resultMaxTokens: maxTokens, fromModelChange: sameText });
          setBusy(false);
        },
        (e: unknown) => {
          if (isCancelled(e)) return;
          setBusy(false);
          report('error.trace', { message: errorMessage(e) });
        },
      );
      // The first request (nothing on screen yet) and a step of "step by step" go out at once.
    }, lastText.current === null || sameText ? 0 : TRACE_DEBOUNCE_MS);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [client, revision, text, temperature, seed, maxTokens, report]);

  return { ...state, busy };
}
