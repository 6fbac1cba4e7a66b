// Compare, for a translation model (encoder–decoder): two English sentences that differ in one word,
// both translated on every edit, side by side — the two Chinese translations with the slot where "it"
// is translated; the chosen head's maps with the row that writes the referent (因为 __ 太…) outlined,
// and their difference; the decoder's heads ranked by how far that row moves; the encoder's row for
// "it" and how far it moves; the decoder-only coreference model on the same pair (traced beside it:
// its "it" row, its last row, its heads ranked, its answers); a paragraph on why a decoder's "it"
// cannot see the adjective and what the encoder's freedom to look both ways buys this model, in
// figures of both models measured now; the linear read-out of the referent per encoder layer; and switching
// any head off. The state lives in the URL (src/app/urlState.ts: site, layer, head, tko).

import { memo, useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { ReportError } from '../app/errors';
import { I18nVariants, useI18n, type MessageKey } from '../app/i18n';
import { headLabel, layerHeadLabel, layerLabel } from '../app/labels';
import { DEFAULT_MODEL_CHOICE, withModelChoice } from '../app/models';
import { useLangInUrl } from '../app/useCompare';
import { useShownResult } from '../app/usePairRequests';
import { useCompanionTraces, useTranslateCompare, useTranslateReadout, type CompanionState, type ReadoutState, type TranslateCompareResult } from '../app/useTranslateCompare';
import { compareSentences, sortSiteHeads, TRANSLATE_SITES, useUrlState, type SiteKnockout, type TranslateSite, type UrlStateApi } from '../app/urlState';
import type { WorkerClient } from '../app/workerClient';
import type { ModelInfo } from '../shared/protocol';
import { TRANSLATE_FR_CORPUS_ID } from '../shared/training';
import { findCandidates, withClause } from './compare/schema';
import {
  decisionSummary,
  DECODER_SITES,
  findReferentSlot,
  headWeights,
  rankRowShifts,
  sourcePositions,
  translationNouns,
  type TranslationSide,
  type TranslationSite,
} from './compare/translate/analysis';
import { CompanionCard } from './compare/translate/CompanionCard';
import { companionSummary } from './compare/translate/companion';
import { EncoderItCard } from './compare/translate/EncoderItCard';
import { FamousFigure } from './compare/translate/FamousFigure';
import { IndexSelect } from './compare/translate/IndexSelect';
import { KnockoutGrid } from './compare/translate/KnockoutGrid';
import { SITE_LONG, SITE_SHORT } from './compare/translate/labels';
import { ReadoutChart } from './compare/translate/ReadoutChart';
import { RowMaps } from './compare/translate/RowMaps';
import { RowRanking } from './compare/translate/RowRanking';
import { SOURCE_END, TRANSLATE_PRESETS, translationSource } from './compare/translate/sentences';
import { SentenceInputs } from './compare/SentenceInputs';
import { Translations } from './compare/translate/Translations';
import { WhyParagraph } from './compare/translate/WhyParagraph';
import './compare/compare.css';
import './compare/translate/translate.css';

export interface TranslateComparePanelProps {
  client: WorkerClient | null;
  model: ModelInfo | null;
  report: ReportError;
}

/** Which noun a sentence means by the corpus' rule for its adjective (null: not one of its adjectives). */
function referentRole(sentence: string): 'first' | 'second' | null {
  const c = findCandidates(sentence);
  if (!c?.expected) return null;
  return c.expected === c.first ? 'first' : 'second';
}

/** The English → French model, or its random stand-in (known by its French vocabulary). */
function isFrench(model: ModelInfo | null): boolean {
  return model !== null && (model.corpus === TRANSLATE_FR_CORPUS_ID || (model.corpus === '' && model.vocab.includes("qu'elle")));
}

function clamp(i: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, i));
}

/** "enc0.1,cross1.3": the knocked-out heads as the URL writes them (for the test marker). */
function knockoutKey(heads: readonly SiteKnockout[]): string {
  const code: Record<TranslateSite, string> = { encoder: 'enc', 'decoder-self': 'self', cross: 'cross' };
  return sortSiteHeads([...heads])
    .map((h) => `${code[h.site]}${h.layer}.${h.head}`)
    .join(',');
}

/** The cards' texts that speak of Chinese, in their French-model wording (the keys under tcompare.fr.). */
const FRENCH_TEXTS: Partial<Record<MessageKey, MessageKey>> = {
  'tcompare.help': 'tcompare.fr.help',
  'tcompare.out.none': 'tcompare.fr.out.none',
  'tcompare.site.cross': 'tcompare.fr.site.cross',
  'tcompare.site.decoder-self': 'tcompare.fr.site.decoder-self',
  'tcompare.map.rowReferent': 'tcompare.fr.map.rowReferent',
  'tcompare.map.rowLast': 'tcompare.fr.map.rowLast',
  'tcompare.rank.title': 'tcompare.fr.rank.title',
  'tcompare.rank.help': 'tcompare.fr.rank.help',
  'tcompare.rank.none': 'tcompare.fr.rank.none',
  'tcompare.why.decoder': 'tcompare.fr.why.decoder',
  'tcompare.why.fetch': 'tcompare.fr.why.fetch',
  'tcompare.why.noRow': 'tcompare.fr.why.noRow',
};
const NO_VARIANTS: Partial<Record<MessageKey, MessageKey>> = {};

/** The view, its texts worded for the language the model in use translates into. */
export function TranslateComparePanel(props: TranslateComparePanelProps): ReactNode {
  return (
    <I18nVariants variants={isFrench(props.model) ? FRENCH_TEXTS : NO_VARIANTS}>
      <TranslateCompareView {...props} />
    </I18nVariants>
  );
}

function TranslateCompareView({ client, model, report }: TranslateComparePanelProps): ReactNode {
  const { t, lang } = useI18n();
  const url = useUrlState();
  useLangInUrl(url);
  const { state, update } = url;
  // The learner's sentences, or the (English) defaults.
  const { a, b } = compareSentences(state, 'translate', lang);
  const textA = useMemo(() => translationSource(a), [a]);
  const textB = useMemo(() => translationSource(b), [b]);
  // Knocked-out heads the model in use has (a link may name heads of a bigger model).
  const nEncoder = model?.config.nEncoderLayers ?? 0;
  const nDecoder = model?.config.nLayers ?? 0;
  const nHeads = model?.config.nHeads ?? 0;
  const knockout = useMemo(
    () => state.siteKnockout.filter((k) => k.layer < (k.site === 'encoder' ? nEncoder : nDecoder) && k.head < nHeads),
    [state.siteKnockout, nEncoder, nDecoder, nHeads],
  );
  const { result, busy } = useTranslateCompare(client, model, textA, textB, knockout, report);
  const rootRef = useRef<HTMLElement>(null);
  // The read-out takes the worker a few seconds: it is asked for once the reader comes near this view,
  // not while they work with the panels above (their requests would wait behind it).
  const [near, setNear] = useState(false);
  useEffect(() => {
    const el = rootRef.current;
    if (!el || near) return;
    if (typeof IntersectionObserver === 'undefined') {
      setNear(true);
      return;
    }
    const io = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) setNear(true);
    }, { rootMargin: '300px 0px' });
    io.observe(el);
    return () => io.disconnect();
  }, [near]);
  const readout = useTranslateReadout(near ? client : null, model);
  // The decoder-only model on the same pair, with the question the coreference Compare adds.
  const companionA = useMemo(() => (a.trim() === '' ? null : withClause(a)), [a]);
  const companionB = useMemo(() => (b.trim() === '' ? null : withClause(b)), [b]);
  const companion = useCompanionTraces(near ? client : null, companionA, companionB);

  useShownResult(rootRef, state.view === 'compare', result, (text) => text, (r) => ({ shownKnockout: knockoutKey(r.knockout as SiteKnockout[]) }));

  const onEdit = useCallback((side: 'a' | 'b', value: string) => update(side === 'a' ? { a: value } : { b: value }, 'replace'), [update]);

  return (
    <section
      className="panel compare-panel tcompare"
      id="compare"
      aria-labelledby="compare-title"
      ref={rootRef}
      data-testid="compare-panel"
      data-architecture="encoder-decoder"
      data-knockout={knockoutKey(state.siteKnockout)}
    >
      <h2 id="compare-title">{t('tcompare.title')}</h2>
      <p className="help">{t('tcompare.help')}</p>
      <SentenceInputs
        a={a}
        b={b}
        onEdit={onEdit}
        presets={isFrench(model) ? TRANSLATE_PRESETS.filter((p) => p.id !== 'fit-big-small') : TRANSLATE_PRESETS}
        onPreset={(p) => update({ a: p.a, b: p.b })}
        busy={busy}
        clause={() => SOURCE_END}
        clauseHelp="tcompare.clauseHelp"
        truncated={{ a: result?.a?.truncated ?? false, b: result?.b?.truncated ?? false }}
        truncatedNote="tcompare.truncated"
        contextLength={model?.config.contextLength ?? null}
      />
      {!model || !result ? (
        <p className="note">{t('tcompare.loading')}</p>
      ) : (
        <TranslateCompareBody
          result={result}
          site={state.site}
          layer={state.layer}
          head={state.head}
          knockout={knockout}
          readout={readout}
          companion={companion}
          update={update}
          french={isFrench(model)}
        />
      )}
    </section>
  );
}

interface BodyProps {
  result: TranslateCompareResult;
  site: TranslateSite;
  layer: number;
  head: number;
  knockout: SiteKnockout[];
  readout: ReadoutState;
  companion: CompanionState;
  update: UrlStateApi['update'];
  /** The English → French model (isFrench): the famous figure is drawn first. */
  french: boolean;
}

/** Everything drawn from a result; memoised, so typing does not redraw it until the new result is in. */
const TranslateCompareBody = memo(function TranslateCompareBody(props: BodyProps): ReactNode {
  const { t } = useI18n();
  const { result, site, layer: wantLayer, head: wantHead, knockout, readout, companion, update, french } = props;
  const analysis = useMemo(() => {
    const side = (r: TranslateCompareResult['a']): TranslationSide | null => (r ? { source: r.source, target: r.target, trace: r.trace } : null);
    const a = side(result.a);
    const b = side(result.b);
    if (!a || !b) return null;
    const decoderRows = rankRowShifts(a, b, DECODER_SITES);
    const encoderRows = rankRowShifts(a, b, ['encoder']);
    // The sentences as they were translated (the text boxes may already hold newer ones).
    const roles = { a: referentRole(result.inputA ?? ''), b: referentRole(result.inputB ?? '') };
    return { a, b, decoderRows, encoderRows, roles, summary: decisionSummary(a, b, encoderRows, decoderRows, roles) };
  }, [result]);
  const companionFigures = useMemo(() => {
    const { a, b } = companion;
    if (!a || !b || companion.error) return null;
    return companionSummary({ tokens: a.tokens, trace: a.trace }, { tokens: b.tokens, trace: b.trace }, a.model.vocab);
  }, [companion]);
  const onToggle = useCallback(
    (h: SiteKnockout) =>
      update((prev) => {
        const on = prev.siteKnockout.some((k) => k.site === h.site && k.layer === h.layer && k.head === h.head);
        return {
          siteKnockout: sortSiteHeads(on ? prev.siteKnockout.filter((k) => k.site !== h.site || k.layer !== h.layer || k.head !== h.head) : [...prev.siteKnockout, h]),
        };
      }),
    [update],
  );
  if (!analysis || !result.a || !result.b) return <p className="note">{t('compare.needBoth')}</p>;
  const { a, b } = analysis;

  const config = a.trace.config;
  const layersOf = (s: TranslationSite): number => Math.min(s === 'encoder' ? a.trace.encoder.layers.length : a.trace.decoder.layers.length, s === 'encoder' ? b.trace.encoder.layers.length : b.trace.decoder.layers.length);
  const layer = clamp(wantLayer, 0, layersOf(site) - 1);
  const head = clamp(wantHead, 0, config.nHeads - 1);
  const selected = { site, layer, head };
  const pick = (ref: { site: TranslationSite; layer: number; head: number }): void => update({ site: ref.site, layer: ref.layer, head: ref.head });
  const isOff = (ref: { site: TranslationSite; layer: number; head: number }): boolean => knockout.some((k) => k.site === ref.site && k.layer === ref.layer && k.head === ref.head);

  // Rows and columns of the chosen site's maps.
  const decoderTokens = (s: TranslationSide): string[] => ['<bos>', ...s.target];
  const rowsOf = (s: TranslationSide): readonly string[] => (site === 'encoder' ? s.source : decoderTokens(s));
  const colsOf = (s: TranslationSide): readonly string[] => (site === 'decoder-self' ? decoderTokens(s) : s.source);
  const slotA = findReferentSlot(a.target);
  const slotB = findReferentSlot(b.target);
  const posA = sourcePositions(a.source);
  const posB = sourcePositions(b.source);
  let rowA: number;
  let rowB: number;
  let rowNote: string;
  if (site === 'encoder') {
    rowA = posA.it >= 0 ? posA.it : a.source.length - 1;
    rowB = posB.it >= 0 ? posB.it : b.source.length - 1;
    rowNote = t('tcompare.map.rowIt');
  } else if (slotA && slotB) {
    rowA = slotA.row;
    rowB = slotB.row;
    rowNote = t('tcompare.map.rowReferent', { token: decoderTokens(a)[rowA] });
  } else {
    rowA = a.trace.targetIds.length - 1;
    rowB = b.trace.targetIds.length - 1;
    rowNote = t('tcompare.map.rowLast');
  }

  // The nouns' names at a site: English words (encoder, cross-attention), Chinese (decoder self-attention).
  const joint = (x: string, y: string): string => (x === y ? x : `${x}|${y}`);
  const word = (s: TranslationSide, p: number): string => (p >= 0 ? s.source[p] : '—');
  const english = { first: joint(word(a, posA.first), word(b, posB.first)), second: joint(word(a, posA.second), word(b, posB.second)) };
  const zhA = translationNouns(a.target);
  const zhB = translationNouns(b.target);
  const chinese = zhA && zhB ? { first: joint(zhA.first, zhB.first), second: joint(zhA.second, zhB.second) } : english;
  const nounNames = (s: TranslationSite): { first: string; second: string } => (s === 'decoder-self' ? chinese : english);

  const referents = {
    a: analysis.roles.a ? english[analysis.roles.a] : null,
    b: analysis.roles.b ? english[analysis.roles.b] : null,
  };
  const adjectives = { a: word(a, posA.adjective), b: word(b, posB.adjective) };
  const corefHref = `${window.location.pathname}${withModelChoice(
    (() => {
      const p = new URLSearchParams(window.location.search);
      for (const k of ['tko', 'site', 'layer', 'head', 'q', 'stage', 'ko']) p.delete(k);
      p.set('view', 'compare');
      return `?${p.toString()}`;
    })(),
    DEFAULT_MODEL_CHOICE,
  )}`;
  const title = t('tcompare.map.title', { site: t(SITE_SHORT[site]), head: layerHeadLabel(t, layer, head) });

  return (
    <>
      <Translations a={{ sentence: result.inputA ?? '', result: result.a }} b={{ sentence: result.inputB ?? '', result: result.b }} french={french} />
      {french && <FamousFigure a={a} b={b} encoderRows={analysis.encoderRows} roles={analysis.roles} selected={selected} onPick={pick} />}
      <div className="compare-controls">
        <label>
          {t('tcompare.site')}{' '}
          <select value={site} onChange={(e) => update({ site: e.target.value as TranslateSite })} data-testid="tcompare-site">
            {TRANSLATE_SITES.map((s) => (
              <option key={s} value={s}>
                {t(SITE_LONG[s])}
              </option>
            ))}
          </select>
        </label>
        <IndexSelect label={t('compare.layer')} value={layer} count={layersOf(site)} name={(i) => layerLabel(t, i)} onPick={(i) => update({ layer: i })} testId="compare-layer" />
        <IndexSelect label={t('compare.head')} value={head} count={config.nHeads} name={(i) => headLabel(t, i)} onPick={(i) => update({ head: i })} testId="compare-head" />
      </div>
      <RowMaps
        site={site}
        title={title}
        matA={headWeights(a.trace, selected)}
        matB={headWeights(b.trace, selected)}
        rowLabelsA={rowsOf(a)}
        rowLabelsB={rowsOf(b)}
        colLabelsA={colsOf(a)}
        colLabelsB={colsOf(b)}
        rowA={rowA}
        rowB={rowB}
        rowNote={rowNote}
      />
      <div className="tcompare-two">
        <div className="tcompare-rank" data-testid="tcompare-rank-box">
          <h3>{t('tcompare.rank.title')}</h3>
          <p className="help">{t('tcompare.rank.help')}</p>
          <RowRanking rows={analysis.decoderRows} nounNames={nounNames} selected={selected} onPick={pick} testId="compare-rank" empty={t('tcompare.rank.none')} isOff={isOff} />
        </div>
        <EncoderItCard
          rows={analysis.encoderRows}
          sourceA={a.source}
          sourceB={b.source}
          nouns={english}
          nounNames={nounNames}
          selected={selected}
          onPick={pick}
          isOff={isOff}
        />
      </div>
      <CompanionCard
        state={companion}
        summary={companionFigures}
        expected={{ a: findCandidates(companion.textA ?? '')?.expected ?? null, b: findCandidates(companion.textB ?? '')?.expected ?? null }}
      />
      <WhyParagraph
        summary={analysis.summary}
        adjectives={adjectives}
        referents={referents}
        roles={analysis.roles}
        nouns={english}
        readout={readout.result}
        corefHref={corefHref}
        companion={companionFigures}
        companionHeads={companion.a ? companion.a.trace.config.nLayers * companion.a.trace.config.nHeads : 0}
      />
      <ReadoutChart readout={readout.result} busy={readout.busy} error={readout.error} />
      <KnockoutGrid
        layers={{ encoder: layersOf('encoder'), 'decoder-self': layersOf('decoder-self'), cross: layersOf('cross') }}
        nHeads={config.nHeads}
        knockout={knockout}
        onToggle={onToggle}
        onClear={() => update({ siteKnockout: [] })}
      />
    </>
  );
});
