// The request loop shared by both Compare views: on every edit of sentence A or B (or of the heads
// knocked out) the worker is asked about both sides, and the view is updated once, when both answers
// are in.
//
// Edits are debounced without adding latency to a single keystroke: an edit more than
// COMPARE_DEBOUNCE_MS after the previous request goes out at once; edits in quick succession wait
// until typing pauses for that long. A newer request cancels the one before it (stale results are
// never shown). The answers of each side are kept for the current worker and model, so an edit of
// one sentence asks again about that one only. A new model revision (training) re-asks a little
// after the other panels and is drawn without blocking the page.

import { startTransition, useEffect, useRef, useState, type RefObject } from 'react';
import { flushSync } from 'react-dom';
import type { ModelInfo } from '../shared/protocol';
import { errorMessage, type ReportError } from './errors';
import { isCancelled, type WorkerClient } from './workerClient';

export const COMPARE_DEBOUNCE_MS = 120;
/** A request for a new model revision waits this long, so it does not land with the other panels'. */
const MODEL_CHANGE_DELAY_MS = 250;
/** Answers kept per model: both sides of the current pair and the ones just before. */
const CACHED_SIDES = 6;

export interface PairResult<I, R, K> {
  /** What was asked about each side (null: that side is empty, and its answer is null). */
  inputA: I | null;
  inputB: I | null;
  a: R | null;
  b: R | null;
  knockout: K;
  /** Increments with every result shown. */
  seq: number;
  /** performance.now() when the requests went out and when the last answer came in. */
  timing: { dispatched: number; received: number };
}

export interface PairState<I, R, K> {
  result: PairResult<I, R, K> | null;
  busy: boolean;
}

/**
 * Asks `request` about both sides whenever an input, the knock-out or the model revision changes.
 * Inputs and knock-out are compared by their JSON; `request` must be a stable (module-level) function.
 */
export function usePairRequests<I, R, K>(
  client: WorkerClient | null,
  model: ModelInfo | null,
  a: I | null,
  b: I | null,
  knockout: K,
  request: (client: WorkerClient, input: I, knockout: K, signal: AbortSignal) => Promise<R>,
  report: ReportError,
): PairState<I, R, K> {
  const [result, setResult] = useState<PairResult<I, R, K> | null>(null);
  const [busy, setBusy] = useState(false);
  const lastDispatch = useRef(-Infinity);
  const seq = useRef(0);
  const revision = model?.revision;
  // One string that changes exactly when a new request is needed.
  const key = JSON.stringify([a, b, knockout]);
  const lastKey = useRef<string | null>(null);
  const cache = useRef<{ client: WorkerClient; revision: number; sides: Map<string, R | null> } | null>(null);

  useEffect(() => {
    if (!client || revision === undefined) return;
    const [ia, ib, ko] = JSON.parse(key) as [I | null, I | null, K];
    const controller = new AbortController();
    // Only the model changed: nobody is waiting on this view.
    const modelOnly = lastKey.current === key;
    lastKey.current = key;
    if (cache.current?.client !== client || cache.current.revision !== revision) cache.current = { client, revision, sides: new Map() };
    const sides = cache.current.sides;
    const side = (input: I | null): Promise<R | null> => {
      if (input === null) return Promise.resolve(null);
      const k = JSON.stringify([input, ko]);
      if (sides.has(k)) return Promise.resolve(sides.get(k) ?? null);
      return request(client, input, ko, controller.signal).then((r) => {
        sides.set(k, r);
        while (sides.size > CACHED_SIDES) sides.delete(sides.keys().next().value as string);
        return r;
      });
    };
    const run = (): void => {
      const dispatched = performance.now();
      lastDispatch.current = dispatched;
      Promise.all([side(ia), side(ib)]).then(
        ([ra, rb]) => {
          if (controller.signal.aborted) return;
          seq.current += 1;
          const received = performance.now();
          const show = (): void => {
            setResult({ inputA: ia, inputB: ib, a: ra, b: rb, knockout: ko, seq: seq.current, timing: { dispatched, received } });
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
  }, [client, revision, key, report, request]);

  return { result, busy };
}

/**
 * What a Compare view does with each result it shows: opened with ?view=compare, it brings itself into
 * sight once the first result is in; after the commit that shows a new result (child canvases paint
 * in their own effects first) it writes the repaint markers the latency benchmark and the end-to-end
 * tests wait for on its root element.
 */
export function useShownResult<I, R, K>(
  root: RefObject<HTMLElement | null>,
  opened: boolean,
  result: PairResult<I, R, K> | null,
  textOf: (input: I) => string,
  extra?: (result: PairResult<I, R, K>) => Record<string, string>,
): void {
  const scrolled = useRef(false);
  useEffect(() => {
    if (opened && result && !scrolled.current) {
      scrolled.current = true;
      root.current?.scrollIntoView({ block: 'start' });
    }
  }, [opened, result]);

  useEffect(() => {
    const el = root.current;
    if (!el || !result) return;
    el.dataset.repainted = String(result.seq);
    el.dataset.repaintedAt = String(performance.now());
    el.dataset.shownA = result.inputA === null ? '' : textOf(result.inputA);
    el.dataset.shownB = result.inputB === null ? '' : textOf(result.inputB);
    el.dataset.dispatchedAt = String(result.timing.dispatched);
    el.dataset.receivedAt = String(result.timing.received);
    Object.assign(el.dataset, extra?.(result));
    performance.mark('compare-repainted', { detail: result.seq });
  }, [result]);
}
