// Hooks of the Compare view: both sentences traced (and their answers attributed) by the worker on
// every edit, and the page language kept in the URL.
//
// Edits are debounced without adding latency to a single keystroke: an edit more than
// COMPARE_DEBOUNCE_MS after the previous request goes out at once; edits in quick succession wait
// until typing pauses for that long. A newer request cancels the one before it (stale results are
// never shown). The four requests (trace A, trace B, attribution A, attribution B) are answered by
// the same worker that trains, so this also works while training runs; the view is updated once,
// when all four are in.

import { startTransition, useEffect, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import type { AttributionResult, HeadRef, ModelInfo, TraceResult } from '../shared/protocol';
import { errorMessage, type ReportError } from './errors';
import { useI18n } from './i18n';
import type { UrlStateApi } from './urlState';
import { isCancelled, type WorkerClient } from './workerClient';

export const COMPARE_DEBOUNCE_MS = 120;

export interface SideInput {
  /** What the model reads: the sentence with the resolution clause. */
  text: string;
  /** The two candidate nouns, or null when none were found (no attribution then). */
  answer: string | null;
  distractor: string | null;
  /** The nouns in sentence order and the one "it" should refer to (null: not known), for display. */
  nouns: { first: string; second: string; expected: string | null } | null;
}

export interface SideResult {
  input: SideInput;
  trace: TraceResult;
  attribution: AttributionResult | null;
}

export interface CompareResult {
  a: SideResult | null;
  b: SideResult | null;
  knockout: HeadRef[];
  /** Increments with every result shown. */
  seq: number;
  /** performance.now() when the requests went out and when the last answer came in. */
  timing: { dispatched: number; received: number };
}

/** A re-trace for a new model revision waits this long, so it does not land with the other panels'. */
const MODEL_CHANGE_DELAY_MS = 250;

export interface CompareState {
  result: CompareResult | null;
  busy: boolean;
}

async function side(client: WorkerClient, input: SideInput | null, knockout: HeadRef[], signal: AbortSignal): Promise<SideResult | null> {
  if (!input) return null;
  const tracing = client.call('trace', { text: input.text, knockout }, { signal });
  const attributing =
    input.answer !== null && input.distractor !== null
      ? client.call('attribution', { text: input.text, answer: input.answer, distractor: input.distractor, knockout }, { signal })
      : Promise.resolve(null);
  const [trace, attribution] = await Promise.all([tracing, attributing]);
  return { input, trace, attribution };
}

export function useCompareTraces(
  client: WorkerClient | null,
  model: ModelInfo | null,
  a: SideInput | null,
  b: SideInput | null,
  knockout: HeadRef[],
  report: ReportError,
): CompareState {
  const [result, setResult] = useState<CompareResult | null>(null);
  const [busy, setBusy] = useState(false);
  const lastDispatch = useRef(-Infinity);
  const seq = useRef(0);
  const revision = model?.revision;
  // One string that changes exactly when a new request is needed.
  const key = JSON.stringify([a, b, knockout]);
  const lastKey = useRef<string | null>(null);
  // The last results of each side for this worker and model: an edit of one sentence re-traces only
  // that one (half the worker's time per keystroke).
  const cache = useRef<{ client: WorkerClient; revision: number; sides: Map<string, SideResult | null> } | null>(null);

  useEffect(() => {
    if (!client || revision === undefined) return;
    const [ia, ib, ko] = JSON.parse(key) as [SideInput | null, SideInput | null, HeadRef[]];
    const controller = new AbortController();
    // Only the model changed (a revision while training): nobody is waiting on this view, so it is
    // re-traced a little after the other panels and drawn without blocking the page.
    const modelOnly = lastKey.current === key;
    lastKey.current = key;
    if (cache.current?.client !== client || cache.current.revision !== revision) cache.current = { client, revision, sides: new Map() };
    const sides = cache.current.sides;
    const cachedSide = (input: SideInput | null): Promise<SideResult | null> => {
      const k = JSON.stringify([input, ko]);
      if (sides.has(k)) return Promise.resolve(sides.get(k) ?? null);
      return side(client, input, ko, controller.signal).then((r) => {
        sides.set(k, r);
        // Keep the newest few (both sides of the current pair and the ones just before).
        while (sides.size > 6) sides.delete(sides.keys().next().value as string);
        return r;
      });
    };
    const run = (): void => {
      const dispatched = performance.now();
      lastDispatch.current = dispatched;
      Promise.all([cachedSide(ia), cachedSide(ib)]).then(
        ([ra, rb]) => {
          if (controller.signal.aborted) return;
          seq.current += 1;
          const received = performance.now();
          const show = (): void => {
            setResult({ a: ra, b: rb, knockout: ko, seq: seq.current, timing: { dispatched, received } });
            setBusy(false);
          };
          // After an edit: rendered, committed and drawn (canvases paint in effects) in this one
          // task, so the next frame shows the whole new view instead of waiting for later tasks.
          if (modelOnly) startTransition(show);
          else flushSync(show);
        },
        (e: unknown) => {
          if (isCancelled(e) || controller.signal.aborted) return;
          setBusy(false);
          report('compare.error', { message: errorMessage(e) });
        },
      );
    };
    setBusy(true);
    const quiet = !modelOnly && performance.now() - lastDispatch.current >= COMPARE_DEBOUNCE_MS;
    let timer: number | undefined;
    if (modelOnly) timer = window.setTimeout(run, MODEL_CHANGE_DELAY_MS);
    else if (quiet) run();
    else timer = window.setTimeout(run, COMPARE_DEBOUNCE_MS);
    return () => {
      if (timer !== undefined) window.clearTimeout(timer);
      controller.abort();
    };
  }, [client, revision, key, report]);

  return { result, busy };
}

/** The page language follows the URL's `lang` (also on back/forward), and a language switch is written to it. */
export function useLangInUrl(url: UrlStateApi): void {
  const { lang, setLang } = useI18n();
  const { state, update } = url;
  useEffect(() => {
    if (state.lang !== null && state.lang !== lang) setLang(state.lang);
    // Only when the URL's language changes (initial load, back/forward).
  }, [state.lang]);
  useEffect(() => {
    if (lang !== state.lang) update({ lang }, 'replace');
    // Only when the page language changes (the switch in the header).
  }, [lang]);
}
