// Hooks of the Compare view: both sentences traced (and their answers attributed) by the worker on
// every edit (the request loop of usePairRequests.ts: debounced, stale answers dropped), and the page
// language kept in the URL. The four requests (trace A, trace B, attribution A, attribution B) are
// answered by the same worker that trains, so this also works while training runs.

import { useEffect } from 'react';
import type { AttributionResult, HeadRef, ModelInfo, TraceResult } from '../shared/protocol';
import type { ReportError } from './errors';
import { useI18n } from './i18n';
import { usePairRequests, type PairResult, type PairState } from './usePairRequests';
import type { UrlStateApi } from './urlState';
import type { WorkerClient } from './workerClient';

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

export type CompareResult = PairResult<SideInput, SideResult, HeadRef[]>;

async function side(client: WorkerClient, input: SideInput, knockout: HeadRef[], signal: AbortSignal): Promise<SideResult> {
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
): PairState<SideInput, SideResult, HeadRef[]> {
  return usePairRequests(client, model, a, b, knockout, side, report);
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
