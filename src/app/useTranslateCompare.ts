// Hooks of the Compare view for a translation model (encoder–decoder): both sentences translated by
// the worker (greedy, with the knocked-out heads silenced) on every edit, the linear read-outs of
// the referent from the encoder's vectors, asked once per model version, and both sentences read by
// the decoder-only model beside it (companionTrace), asked once per text.
//
// The translations use the request loop of usePairRequests.ts (debounced; stale answers dropped; an
// edit of one sentence translates only that one again).

import { useEffect, useRef, useState } from 'react';
import type { SiteHeadRef } from '../shared/config';
import type { CompanionTraceResult, ModelInfo, TranslateReadoutResult, TranslateResult } from '../shared/protocol';
import { errorMessage, type ReportError } from './errors';
import { COMPARE_DEBOUNCE_MS, usePairRequests, type PairResult, type PairState } from './usePairRequests';
import { checkpointUrl, MODEL_CHOICES, DEFAULT_MODEL_CHOICE } from './models';
import { isCancelled, type WorkerClient } from './workerClient';

export type TranslateCompareResult = PairResult<string, TranslateResult, SiteHeadRef[]>;

const translate = (client: WorkerClient, text: string, knockout: SiteHeadRef[], signal: AbortSignal): Promise<TranslateResult> =>
  client.call('translate', { text, knockout }, { signal });

export function useTranslateCompare(
  client: WorkerClient | null,
  model: ModelInfo | null,
  textA: string | null,
  textB: string | null,
  knockout: SiteHeadRef[],
  report: ReportError,
): PairState<string, TranslateResult, SiteHeadRef[]> {
  return usePairRequests(client, model, textA, textB, knockout, translate, report);
}

export interface ReadoutState {
  result: TranslateReadoutResult | null;
  /** Why there is no read-out (e.g. the model's vocabulary lacks the corpus' words). */
  error: string | null;
  busy: boolean;
}

/** While the model trains, the read-out (a few seconds of the worker's time) is asked at most this often. */
const READOUT_TRAINING_INTERVAL_MS = 20_000;
/** After a model change, the read-out waits this long (the translations go first). */
const READOUT_DELAY_MS = 400;

/**
 * The read-out chart's numbers for the model in use, asked again when the model changes (while it
 * trains, at most every READOUT_TRAINING_INTERVAL_MS). One request at a time: a change while one is
 * being answered asks again when it is in.
 */
export function useTranslateReadout(client: WorkerClient | null, model: ModelInfo | null): ReadoutState {
  const [state, setState] = useState<ReadoutState>({ result: null, error: null, busy: false });
  const lastAsked = useRef(-Infinity);
  const inFlight = useRef(false);
  const [again, setAgain] = useState(0);
  const stale = useRef(false);
  const mounted = useRef(true);
  const revision = model?.revision;
  const training = model?.source === 'training';

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  useEffect(() => {
    if (!client || revision === undefined) return;
    if (inFlight.current) {
      stale.current = true;
      return;
    }
    const wait = training ? Math.max(READOUT_DELAY_MS, lastAsked.current + READOUT_TRAINING_INTERVAL_MS - performance.now()) : READOUT_DELAY_MS;
    const timer = window.setTimeout(() => {
      lastAsked.current = performance.now();
      inFlight.current = true;
      stale.current = false;
      setState((s) => ({ ...s, busy: true }));
      const done = (next: ReadoutState): void => {
        inFlight.current = false;
        if (!mounted.current) return;
        setState(next);
        if (stale.current) setAgain((n) => n + 1);
      };
      client.call('translateReadout', {}).then(
        (r) => done({ result: r, error: null, busy: false }),
        (e: unknown) => done(isCancelled(e) ? { result: null, error: null, busy: false } : { result: null, error: errorMessage(e), busy: false }),
      );
    }, wait);
    return () => window.clearTimeout(timer);
  }, [client, revision, training, again]);

  return state;
}

export interface CompanionState {
  /** The texts as the decoder-only model read them (null: that sentence is empty). */
  textA: string | null;
  textB: string | null;
  a: CompanionTraceResult | null;
  b: CompanionTraceResult | null;
  /** Why there are no traces (e.g. the worker could not load the model); null otherwise. */
  error: string | null;
  busy: boolean;
}

/** The decoder-only model's shipped checkpoint (the coreference model), traced beside the translation model. */
function companionUrl(): string {
  return checkpointUrl(MODEL_CHOICES.find((m) => m.corpus === 'builtin:coref') ?? DEFAULT_MODEL_CHOICE);
}

/** Traces kept per text (they do not depend on the translation model, its training or its knock-outs). */
const COMPANION_CACHE = 8;

/**
 * Both texts traced by the decoder-only model (the `companionTrace` request: a second model the worker
 * loads from its shipped checkpoint on first use, beside the translation model). The traces depend on
 * the texts only, so they are kept per text and asked once; an edit asks again after a pause in typing,
 * cancelling the request before.
 */
export function useCompanionTraces(client: WorkerClient | null, textA: string | null, textB: string | null): CompanionState {
  const [state, setState] = useState<CompanionState>({ textA: null, textB: null, a: null, b: null, error: null, busy: false });
  const cache = useRef(new Map<string, CompanionTraceResult>());
  const key = JSON.stringify([textA, textB]);

  useEffect(() => {
    if (!client) return;
    const [ta, tb] = JSON.parse(key) as [string | null, string | null];
    const controller = new AbortController();
    const url = companionUrl();
    const kept = cache.current;
    const side = (text: string | null): Promise<CompanionTraceResult | null> => {
      if (text === null) return Promise.resolve(null);
      const hit = kept.get(text);
      if (hit) return Promise.resolve(hit);
      return client.call('companionTrace', { url, text }, { signal: controller.signal }).then((r) => {
        kept.set(text, r);
        while (kept.size > COMPANION_CACHE) kept.delete(kept.keys().next().value as string);
        return r;
      });
    };
    const cached = (ta === null || kept.has(ta)) && (tb === null || kept.has(tb));
    const run = (): void => {
      Promise.all([side(ta), side(tb)]).then(
        ([a, b]) => {
          if (!controller.signal.aborted) setState({ textA: ta, textB: tb, a, b, error: null, busy: false });
        },
        (e: unknown) => {
          if (isCancelled(e) || controller.signal.aborted) return;
          setState({ textA: ta, textB: tb, a: null, b: null, error: errorMessage(e), busy: false });
        },
      );
    };
    // Only the first request shows "loading": later edits keep the figures shown until the new ones
    // are in, without a render of the view per keystroke.
    setState((s) => (s.a || s.b || s.busy === !cached ? s : { ...s, busy: !cached }));
    // The translations go first: their requests are already in the worker's queue when these follow.
    const timer = cached ? undefined : window.setTimeout(run, COMPARE_DEBOUNCE_MS);
    if (cached) run();
    return () => {
      if (timer !== undefined) window.clearTimeout(timer);
      controller.abort();
    };
  }, [client, key]);

  return state;
}
