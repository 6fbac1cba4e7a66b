// Attention: every head of every layer as a small map; the selected head large, with the computation
// step by step — Q·Kᵀ → ÷√d_k → causal mask → softmax (CONTRACT §1) — as a map or as lines; and the
// Q, K, V matrices the head starts from.

import { memo, useMemo, useRef, useState, type ReactNode } from 'react';
import { useI18n, type MessageKey } from '../app/i18n';
import { useSelection } from '../app/useSelection';
import type { HeadRef } from '../shared/protocol';
import type { ForwardTrace, Mat } from '../shared/trace';
import { ColorLegend } from '../viz/ColorLegend';
import { divergingScale, maxAbsFinite, sequentialScale } from '../viz/colorScales';
import { Heatmap } from '../viz/Heatmap';
import { causalMask } from '../viz/heatmap';
import { ATTENTION_STAGES, stageMatrix, type AttentionStage } from './attention/data';
import { HeadGrid } from './attention/HeadGrid';
import { LineView } from './attention/LineView';
import { QkvMatrices } from './attention/QkvMatrices';
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

type View = 'map' | 'lines';

export interface AttentionPanelProps {
  trace: ForwardTrace | null;
  tokens: readonly string[];
}

function clampIndex(i: number, n: number): number {
  return Math.max(0, Math.min(n - 1, i));
}

function AttentionPanelView({ trace, tokens }: AttentionPanelProps): ReactNode {
  const { t } = useI18n();
  const [choice, setChoice] = useState<HeadRef>({ layer: 0, head: 0 });
  const [stage, setStage] = useState<AttentionStage>('weights');
  const [view, setView] = useState<View>('map');
  const { index: selected, select } = useSelection(tokens.length);
  const figureRef = useRef<HTMLDivElement>(null);

  const nLayers = trace?.config.nLayers ?? 0;
  const nHeads = trace?.config.nHeads ?? 0;
  // A new model may have fewer layers or heads than the one the choice was made for.
  const head: HeadRef = { layer: clampIndex(choice.layer, Math.max(1, nLayers)), head: clampIndex(choice.head, Math.max(1, nHeads)) };

  const mat: Mat | null = trace ? stageMatrix(trace, head, stage) : null;
  const scale = useMemo(() => {
    if (!mat || stage === 'weights') return sequentialScale(0, 1);
    return divergingScale(maxAbsFinite(mat.data));
  }, [mat, stage]);
  // Softmax weights above the diagonal are exact zeros produced by the mask: draw them as masked.
  const isMasked = stage === 'weights' ? causalMask : undefined;
  const rowLabels = useMemo(() => markSelected(tokens, selected), [tokens, selected]);
  const dk = trace ? trace.config.dModel / trace.config.nHeads : 0;
  const layerTrace = trace?.layers[head.layer];

  return (
    <section className="panel attention-panel" aria-labelledby="attention-title" data-testid="attention-panel">
      <div className="panel-title">
        <h2 id="attention-title">{t('attention.title')}</h2>
        <ExportButton
          target={figureRef}
          name={`attention-layer${head.layer + 1}-head${head.head + 1}-${view === 'lines' ? 'lines' : stage}`}
          title={`${t('attention.title')} · ${t('attention.layerN', { n: head.layer + 1 })} · ${t('attention.headN', { n: head.head + 1 })}`}
          vector={view === 'lines'}
        />
      </div>
      <p className="help">{t('attention.help')}</p>
      <p className="help">{t('attentionx.qkvIntro')}</p>
      {trace && (
        <>
          <h3>{t('attentionx.gridTitle')}</h3>
          <p className="help">{t('attentionx.gridHelp')}</p>
          <HeadGrid trace={trace} selected={head} onSelect={setChoice} />
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
                {t('attention.layerN', { n: i + 1 })}
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
                {t('attention.headN', { n: i + 1 })}
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
                  {`${i + 1}. ${t(STAGE_KEYS[s])}`}
                </option>
              ))}
            </select>
          </label>
        </div>
      )}
      {mat && trace ? (
        <>
          <p className="help stage-help" data-testid="stage-help">
            {view === 'lines' ? t('attentionx.linesHelp') : t(STAGE_HELP[stage], { dk, sqrt: Math.sqrt(dk).toFixed(2) })}
          </p>
          <div ref={figureRef} className="figure">
            {view === 'map' ? (
              <>
                <ColorLegend scale={scale} maskedLabel={stage === 'scores' || stage === 'scaled' ? undefined : t('heatmap.maskedShort')} />
                <div className="heatmap-scroll">
                  <Heatmap
                    mat={mat}
                    rowLabels={rowLabels}
                    colLabels={tokens}
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
                <LineView weights={stageMatrix(trace, head, 'weights')} tokens={tokens} selected={selected} onSelect={select} />
              </div>
            )}
          </div>
          {layerTrace && (
            <>
              <h3>{t('attentionx.qkvTitle', { layer: head.layer + 1, head: head.head + 1, dk })}</h3>
              <QkvMatrices q={layerTrace.q[head.head]} k={layerTrace.k[head.head]} v={layerTrace.v[head.head]} rowLabels={rowLabels} />
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
