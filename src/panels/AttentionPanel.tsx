// Attention: every head of every layer as a small map; the selected head large, with the computation
// step by step — Q·Kᵀ → ÷√d_k → causal mask → softmax (CONTRACT §1) — as a map or as lines; and the
// Q, K, V matrices the head starts from. A translation model (CONTRACT §5) has three attention sites,
// listed by its own description (attention/sites.ts): the encoder's self-attention and
// cross-attention have no mask (the panel says why), and cross-attention maps are rectangular
// (target rows × source columns). Each head carries its role badge, and the selected head's role is
// said in words, with the table of every role score one click away (roles/).

import { memo, useMemo, useRef, useState, type ReactNode } from 'react';
import { useI18n, type MessageKey } from '../app/i18n';
import { headLabel, layerHeadFileTag, layerHeadLabel, layerLabel } from '../app/labels';
import { useSideSelection } from '../app/useSelection';
import { useAttentionChoice } from '../app/usePageNav';
import type { AttentionSite } from '../shared/config';
import type { HeadRef } from '../shared/protocol';
import type { Mat, ModelTrace } from '../shared/trace';
import { ColorLegend } from '../viz/ColorLegend';
import { divergingScale, maxAbsFinite, sequentialScale } from '../viz/colorScales';
import { Heatmap } from '../viz/Heatmap';
import { causalMask } from '../viz/heatmap';
import { ATTENTION_STAGES, stageMatrix, type AttentionStage } from './attention/data';
import { HeadGrid } from './attention/HeadGrid';
import { LineView } from './attention/LineView';
import { MatrixTable } from './attention/MatrixTable';
import { QkvMatrices } from './attention/QkvMatrices';
import { HeadRolesBox } from './roles/HeadRolesBox';
import { attentionSites, type SiteView } from './attention/sites';
import { ExportButton } from './ExportButton';
import { markSelected } from './markSelected';

const STAGE_KEYS: Record<AttentionStage, MessageKey> = {
  weights: 'attention.stage.weights',
  scores: 'attention.stage.scores',
  scaled: 'attention.stage.scaled',
  masked: 'attention.stage.masked',
};

const STAGE_HELP: Record<AttentionStage, MessageKey> = {
  scores: 'attentionx.stageHelp.scores',
  scaled: 'attentionx.stageHelp.scaled',
  masked: 'attentionx.stageHelp.masked',
  weights: 'attentionx.stageHelp.weights',
};

/** Names of the sites, and the one sentence each says about its mask. */
export const SITE_KEYS: Record<AttentionSite, { name: MessageKey; help: MessageKey; mask: MessageKey }> = {
  decoder: { name: 'seq2seq.site.decoder', help: 'attention.help', mask: 'attentionx.stageHelp.masked' },
  encoder: { name: 'seq2seq.site.encoder', help: 'seq2seq.site.encoderHelp', mask: 'seq2seq.site.encoderMask' },
  'decoder-self': { name: 'seq2seq.site.decoderSelf', help: 'seq2seq.site.decoderSelfHelp', mask: 'seq2seq.site.decoderSelfMask' },
  cross: { name: 'seq2seq.site.cross', help: 'seq2seq.site.crossHelp', mask: 'seq2seq.site.crossMask' },
};

type View = 'map' | 'lines';

export interface AttentionPanelProps {
  trace: ModelTrace | null;
  /** The decoder's tokens: the sentence of a decoder-only model, or <bos> + the translation. */
  tokens: readonly string[];
  /** A translation model's source tokens (what the encoder reads); empty for a decoder-only model. */
  sourceTokens?: readonly string[];
}

const NO_SOURCE: readonly string[] = [];

function clampIndex(i: number, n: number): number {
  return Math.max(0, Math.min(n - 1, i));
}

function AttentionPanelView({ trace, tokens, sourceTokens = NO_SOURCE }: AttentionPanelProps): ReactNode {
  const { t } = useI18n();
  // Site, layer, head and stage are the page's (in the URL; the model map can choose a head).
  const { choice, setChoice, site: siteChoice, setSite, stage, setStage } = useAttentionChoice();
  const [view, setView] = useState<View>('map');
  const { side, index: selected, select } = useSideSelection({ source: sourceTokens.length, target: tokens.length });
  const figureRef = useRef<HTMLDivElement>(null);

  const sites = useMemo(() => (trace ? attentionSites(trace) : []), [trace]);
  // The site chosen, if this model has it; else the first one (a decoder-only model has one).
  const site: SiteView | null = sites.find((s) => s.site === siteChoice) ?? sites[0] ?? null;
  const labelsOf = (which: 'source' | 'target'): readonly string[] => (which === 'source' ? sourceTokens : tokens);
  const rowTokens = site ? labelsOf(site.rows) : tokens;
  const colTokens = site ? labelsOf(site.cols) : tokens;

  const nLayers = site?.layers.length ?? 0;
  const nHeads = trace?.config.nHeads ?? 0;
  // A new model may have fewer layers or heads than the one the choice was made for.
  const head: HeadRef = { layer: clampIndex(choice.layer, Math.max(1, nLayers)), head: clampIndex(choice.head, Math.max(1, nHeads)) };

  const mat: Mat | null = site && nLayers > 0 ? stageMatrix(site, head, stage) : null;
  const scale = useMemo(() => {
    if (!mat || stage === 'weights') return sequentialScale(0, 1);
    return divergingScale(maxAbsFinite(mat.data));
  }, [mat, stage]);
  const causal = site?.causal ?? true;
  // Softmax weights above the diagonal are exact zeros produced by the mask: draw them as masked.
  const isMasked = stage === 'weights' && causal ? causalMask : undefined;
  // The selected token marks its row (a query) or, in cross-attention, its column (a source key).
  const selectedRow = site && side === site.rows ? selected : -1;
  const selectedCol = site && side === site.cols ? selected : -1;
  const rowLabels = useMemo(() => markSelected(rowTokens, selectedRow), [rowTokens, selectedRow]);
  const colLabels = useMemo(() => markSelected(colTokens, selectedCol), [colTokens, selectedCol]);
  const dk = trace ? trace.config.dModel / trace.config.nHeads : 0;
  const layerTrace = site?.layers[head.layer];
  const siteKeys = site ? SITE_KEYS[site.site] : SITE_KEYS.decoder;
  const many = sites.length > 1;
  const stageHelp =
    view === 'lines'
      ? t('attentionx.linesHelp')
      : stage === 'masked' && !causal
        ? t(siteKeys.mask)
        : stage === 'weights' && !causal
          ? t('seq2seq.stage.weightsNoMask')
          : t(STAGE_HELP[stage], { dk, sqrt: Math.sqrt(dk).toFixed(2) });
  const siteName = many && site ? `${t(siteKeys.name)} · ` : '';

  return (
    <section className="panel attention-panel" aria-labelledby="attention-title" data-testid="attention-panel">
      <div className="panel-title">
        <h2 id="attention-title">{t('attention.title')}</h2>
        <ExportButton
          target={figureRef}
          name={`attention-${many && site ? `${site.site}-` : ''}${layerHeadFileTag(head.layer, head.head)}-${view === 'lines' ? 'lines' : stage}`}
          title={`${t('attention.title')} · ${siteName}${layerHeadLabel(t, head.layer, head.head)}`}
          vector={view === 'lines'}
        />
      </div>
      {many && (
        <div className="controls site-switch">
          <div className="segmented" role="group" aria-label={t('seq2seq.site.label')} data-testid="site-switch">
            {sites.map((s) => (
              <button
                key={s.site}
                type="button"
                aria-pressed={s === site}
                onClick={() => setSite(s.site)}
                data-testid={`site-${s.site}`}
              >
                {t(SITE_KEYS[s.site].name)}
              </button>
            ))}
          </div>
        </div>
      )}
      <p className="help" data-testid="attention-site-help">
        {t(siteKeys.help)}
      </p>
      {many && !causal && (
        <p className="note" data-testid="attention-no-mask">
          {t(siteKeys.mask)}
        </p>
      )}
      <p className="help">{t('attentionx.qkvIntro')}</p>
      {site && trace && (
        <>
          <h3>{t('attentionx.gridTitle')}</h3>
          <p className="help">{t('attentionx.gridHelp')}</p>
          <HeadGrid site={site.site} layers={site.layers} nHeads={nHeads} causal={causal} selected={head} onSelect={setChoice} />
          <HeadRolesBox site={site.site} head={head} />
        </>
      )}
      <div className="controls">
        <label>
          {t('attention.layer')}
          <select
            value={head.layer}
            onChange={(e) => setChoice({ ...head, layer: Number(e.target.value) })}
            data-testid="layer-select"
            disabled={!trace}
          >
            {Array.from({ length: nLayers }, (_, i) => (
              <option key={i} value={i}>
                {layerLabel(t, i)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('attention.head')}
          <select
            value={head.head}
            onChange={(e) => setChoice({ ...head, head: Number(e.target.value) })}
            data-testid="head-select"
            disabled={!trace}
          >
            {Array.from({ length: nHeads }, (_, i) => (
              <option key={i} value={i}>
                {headLabel(t, i)}
              </option>
            ))}
          </select>
        </label>
        <div className="segmented" role="group" aria-label={t('attentionx.view')}>
          <button type="button" aria-pressed={view === 'map'} onClick={() => setView('map')} data-testid="view-map">
            {t('attentionx.viewMap')}
          </button>
          <button type="button" aria-pressed={view === 'lines'} onClick={() => setView('lines')} data-testid="view-lines">
            {t('attentionx.viewLines')}
          </button>
        </div>
      </div>
      {view === 'map' && (
        <div className="controls">
          <label>
            {t('attention.stage')}
            <select value={stage} onChange={(e) => setStage(e.target.value as AttentionStage)} data-testid="stage-select">
              {ATTENTION_STAGES.map((s, i) => (
                <option key={s} value={s}>
                  {`${i + 1}. ${s === 'masked' && !causal ? t('seq2seq.stage.noMask') : t(STAGE_KEYS[s])}`}
                </option>
              ))}
            </select>
          </label>
        </div>
      )}
      {mat && trace && site ? (
        <>
          <p className="help stage-help" data-testid="stage-help">
            {stageHelp}
          </p>
          <div ref={figureRef} className="figure">
            {view === 'map' ? (
              <>
                <ColorLegend scale={scale} maskedLabel={stage === 'scores' || stage === 'scaled' || !causal ? undefined : t('heatmap.maskedShort')} />
                <div className="heatmap-scroll">
                  <Heatmap
                    mat={mat}
                    rowLabels={rowLabels}
                    colLabels={colLabels}
                    scale={scale}
                    isMasked={isMasked}
                    words={{ row: t('heatmap.query'), col: t('heatmap.key'), value: t('heatmap.value'), masked: t('heatmap.masked') }}
                    ariaLabel={t('heatmap.aria', { rows: mat.rows, cols: mat.cols })}
                    testId="attention-heatmap"
                  />
                </div>
              </>
            ) : (
              <div className="heatmap-scroll">
                <LineView
                  weights={stageMatrix(site, head, 'weights')}
                  tokens={rowTokens}
                  keyTokens={colTokens}
                  selected={selectedRow}
                  onSelect={(i) => select(site.rows, i)}
                />
              </div>
            )}
          </div>
          {view === 'map' && (
            <MatrixTable mat={mat} rowLabels={rowTokens} colLabels={colTokens} rowSums={stage === 'weights'} testId="attention-table" />
          )}
          {layerTrace && (
            <>
              <h3>{t('attentionx.qkvTitle', { head: layerHeadLabel(t, head.layer, head.head), dk })}</h3>
              {site.site === 'cross' && <p className="help">{t('seq2seq.crossQkv')}</p>}
              <QkvMatrices
                q={layerTrace.q[head.head]}
                k={layerTrace.k[head.head]}
                v={layerTrace.v[head.head]}
                rowLabels={rowLabels}
                keyLabels={colLabels}
              />
            </>
          )}
        </>
      ) : (
        <p className="empty">{t('attention.none')}</p>
      )}
    </section>
  );
}

/** Memoised: the page re-renders often (training, staggered redraws); same props, no redraw. */
export const AttentionPanel = memo(AttentionPanelView);
