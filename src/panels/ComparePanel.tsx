// Compare: two sentences that differ in one word ("…too tired" / "…too narrow"), both traced on every
// edit, side by side — the selected head's maps and their difference, one query row as bars, the heads
// ranked by how far their attention moves, the model's answers, and which heads push the answer
// (with knockout to test it). The state lives in the URL (src/app/urlState.ts).

import { memo, useCallback, useMemo, useRef, type ReactNode } from 'react';
import type { ReportError } from '../app/errors';
import { useI18n } from '../app/i18n';
import { useCompareTraces, useLangInUrl, type CompareResult, type SideInput } from '../app/useCompare';
import { useShownResult } from '../app/usePairRequests';
import { compareSentences, sortHeads, useUrlState, type Stage, type UrlStateApi } from '../app/urlState';
import type { AttributionResult, HeadRef, ModelInfo } from '../shared/protocol';
import type { WorkerClient } from '../app/workerClient';
import { firstDifference, shiftTable } from './compare/analysis';
import { Answers } from './compare/Answers';
import { AttributionView } from './compare/AttributionView';
import { CompareMaps } from './compare/CompareMaps';
import { HeadControls, QueryStrip } from './compare/Controls';
import { QueryRows } from './compare/QueryRows';
import { findCandidates, PRESETS, resolutionClause, sentenceLanguage, withClause } from './compare/schema';
import { SentenceInputs } from './compare/SentenceInputs';
import { ShiftRanking } from './compare/ShiftRanking';
import './compare/compare.css';

export interface ComparePanelProps {
  client: WorkerClient | null;
  model: ModelInfo | null;
  report: ReportError;
}

function sideInput(sentence: string): SideInput | null {
  if (sentence.trim() === '') return null;
  const c = findCandidates(sentence);
  const answer = c ? (c.expected ?? c.first) : null;
  const distractor = c ? (answer === c.first ? c.second : c.first) : null;
  const nouns = c ? { first: c.first, second: c.second, expected: c.expected } : null;
  return { text: withClause(sentence), answer, distractor, nouns };
}

function headContribution(r: AttributionResult | null, layer: number, head: number): number | null {
  const term = r?.terms.find((x) => x.part.kind === 'head' && x.part.layer === layer && x.part.head === head);
  return term ? term.value : null;
}

function clamp(i: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, i));
}

export function ComparePanel({ client, model, report }: ComparePanelProps): ReactNode {
  const { t, lang } = useI18n();
  // The view's state lives in the URL; kept here (not in App) so that an edit re-renders this view only.
  const url = useUrlState();
  useLangInUrl(url);
  const { state, update } = url;
  // The learner's sentences, or the defaults of the page's language.
  const { a, b } = compareSentences(state, 'coref', lang);
  const inA = useMemo(() => sideInput(a), [a]);
  const inB = useMemo(() => sideInput(b), [b]);
  // Knocked-out heads the model in use has (a link may name heads of a bigger model).
  const nLayers = model?.config.nLayers ?? 0;
  const nHeads = model?.config.nHeads ?? 0;
  const knockout = useMemo(() => state.knockout.filter((k) => k.layer < nLayers && k.head < nHeads), [state.knockout, nLayers, nHeads]);
  const { result, busy } = useCompareTraces(client, model, inA, inB, knockout, report);
  const rootRef = useRef<HTMLElement>(null);

  useShownResult(rootRef, state.view === 'compare', result, (input) => input.text);

  const onEdit = useCallback((side: 'a' | 'b', value: string) => update(side === 'a' ? { a: value } : { b: value }, 'replace'), [update]);

  return (
    <section className="panel compare-panel" id="compare" aria-labelledby="compare-title" ref={rootRef} data-testid="compare-panel" data-knockout={state.knockout.map((k) => `${k.layer}.${k.head}`).join(',')}>
      <h2 id="compare-title">{t('compare.title')}</h2>
      <p className="help">{t('compare.help')}</p>
      <SentenceInputs
        a={a}
        b={b}
        onEdit={onEdit}
        presets={PRESETS}
        onPreset={(p) => update({ a: p.a, b: p.b, query: null })}
        busy={busy}
        clause={(v) => resolutionClause(sentenceLanguage(v))}
        clauseHelp="compare.clauseHelp"
        truncated={{ a: result?.a?.trace.truncated ?? false, b: result?.b?.trace.truncated ?? false }}
        truncatedNote="compare.truncated"
        contextLength={model?.config.contextLength ?? null}
      />
      {!model || !result ? (
        <p className="note">{t('compare.loading')}</p>
      ) : (
        <CompareBody
          result={result}
          layer={state.layer}
          head={state.head}
          stage={state.stage}
          query={state.query}
          knockout={state.knockout}
          update={update}
        />
      )}
    </section>
  );
}

interface CompareBodyProps {
  result: CompareResult;
  layer: number;
  head: number;
  stage: Stage;
  query: number | null;
  knockout: HeadRef[];
  update: UrlStateApi['update'];
}

/** Everything drawn from a result; memoised, so typing (which changes only the sentences) does not redraw it until the new result is in. */
const CompareBody = memo(function CompareBody({ result, layer: wantLayer, head: wantHead, stage, query: wantQuery, knockout, update }: CompareBodyProps): ReactNode {
  const { t } = useI18n();
  const ta = result.a?.trace ?? null;
  const tb = result.b?.trace ?? null;
  const analysis = useMemo(() => {
    if (!ta || !tb) return null;
    const first = firstDifference(ta.tokens, tb.tokens);
    return { first, table: shiftTable(ta.trace, tb.trace, first) };
  }, [ta, tb]);
  const onToggle = useCallback(
    (h: HeadRef) =>
      update((prev) => {
        const on = prev.knockout.some((k) => k.layer === h.layer && k.head === h.head);
        return { knockout: sortHeads(on ? prev.knockout.filter((k) => k.layer !== h.layer || k.head !== h.head) : [...prev.knockout, h]) };
      }),
    [update],
  );
  if (!ta || !tb || !analysis) return <p className="note">{t('compare.needBoth')}</p>;

  const config = ta.trace.config;
  const layer = clamp(wantLayer, 0, Math.min(config.nLayers, tb.trace.config.nLayers) - 1);
  const head = clamp(wantHead, 0, Math.min(config.nHeads, tb.trace.config.nHeads) - 1);
  const { table } = analysis;
  const query = wantQuery === null ? table.n - 1 : clamp(wantQuery, 0, table.n - 1);
  const la = ta.trace.layers[layer];
  const lb = tb.trace.layers[layer];
  const peakAt = table.ranked.find((r) => r.layer === layer && r.head === head)?.peakAt ?? -1;
  const setQuery = (q: number): void => update({ query: q });
  return (
    <>
      {ta.tokens.length !== tb.tokens.length && <p className="note warn">{t('compare.lengths', { a: ta.tokens.length, b: tb.tokens.length })}</p>}
      <Answers
        a={{ candidates: result.a?.input.nouns ?? null, attribution: result.a?.attribution ?? null }}
        b={{ candidates: result.b?.input.nouns ?? null, attribution: result.b?.attribution ?? null }}
      />
      <HeadControls nLayers={config.nLayers} nHeads={config.nHeads} layer={layer} head={head} stage={stage} onChange={(c) => update(c)} />
      <QueryStrip tokensA={ta.tokens} tokensB={tb.tokens} unknownA={ta.unknown} unknownB={tb.unknown} n={table.n} first={table.first} query={query} onQuery={setQuery} />
      <CompareMaps matA={la[stage][head]} matB={lb[stage][head]} tokensA={ta.tokens} tokensB={tb.tokens} stage={stage} layer={layer} head={head} />
      <QueryRows
        weightsA={la.weights[head]}
        weightsB={lb.weights[head]}
        tokensA={ta.tokens}
        tokensB={tb.tokens}
        query={query}
        first={table.first}
        layer={layer}
        head={head}
        peakAt={peakAt}
        onQuery={setQuery}
      />
      <ShiftRanking
        table={table}
        nHeads={config.nHeads}
        tokensA={ta.tokens}
        tokensB={tb.tokens}
        layer={layer}
        head={head}
        onPick={(l, h, q) => update({ layer: l, head: h, query: q >= 0 ? q : null })}
        onQuery={setQuery}
        decides={(l, h) => ({ a: headContribution(result.a?.attribution ?? null, l, h), b: headContribution(result.b?.attribution ?? null, l, h) })}
      />
      <AttributionView
        a={result.a?.attribution ?? null}
        b={result.b?.attribution ?? null}
        nLayers={config.nLayers}
        nHeads={config.nHeads}
        norm={config.norm}
        knockout={knockout}
        onToggle={onToggle}
        onClear={() => update({ knockout: [] })}
      />
    </>
  );
});
