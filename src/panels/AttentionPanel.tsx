// Attention: for one layer and one head, how much each token (row, the query) looks at each token
// before it (column, the key). The stage selector shows the computation step by step:
// Q·Kᵀ → scaled by √d_k → causal mask → softmax (CONTRACT §1).

import { useMemo, useState, type ReactNode } from 'react';
import { useI18n, type MessageKey } from '../app/i18n';
import type { ForwardTrace, Mat } from '../shared/trace';
import { Heatmap } from '../viz/Heatmap';
import { ColorLegend } from '../viz/ColorLegend';
import { divergingScale, maxAbsFinite, sequentialScale } from '../viz/colorScales';
import { causalMask } from '../viz/heatmap';

export const ATTENTION_STAGES = ['weights', 'scores', 'scaled', 'masked'] as const;
export type AttentionStage = (typeof ATTENTION_STAGES)[number];

const STAGE_KEYS: Record<AttentionStage, MessageKey> = {
  weights: 'attention.stage.weights',
  scores: 'attention.stage.scores',
  scaled: 'attention.stage.scaled',
  masked: 'attention.stage.masked',
};

export interface AttentionPanelProps {
  trace: ForwardTrace | null;
  tokens: readonly string[];
}

function clampIndex(i: number, n: number): number {
  return Math.max(0, Math.min(n - 1, i));
}

export function AttentionPanel({ trace, tokens }: AttentionPanelProps): ReactNode {
  const { t } = useI18n();
  const [layerChoice, setLayer] = useState(0);
  const [headChoice, setHead] = useState(0);
  const [stage, setStage] = useState<AttentionStage>('weights');

  const nLayers = trace?.config.nLayers ?? 0;
  const nHeads = trace?.config.nHeads ?? 0;
  // A new model may have fewer layers or heads than the one the choice was made for.
  const layer = clampIndex(layerChoice, Math.max(1, nLayers));
  const head = clampIndex(headChoice, Math.max(1, nHeads));

  const mat: Mat | null = trace ? trace.layers[layer][stage][head] : null;
  const scale = useMemo(() => {
    if (!mat || stage === 'weights') return sequentialScale(0, 1);
    return divergingScale(maxAbsFinite(mat.data));
  }, [mat, stage]);
  // Softmax weights above the diagonal are exact zeros produced by the mask: draw them as masked.
  const isMasked = stage === 'weights' ? causalMask : undefined;

  return (
    <section className="panel attention-panel" aria-labelledby="attention-title">
      <h2 id="attention-title">{t('attention.title')}</h2>
      <p className="help">{t('attention.help')}</p>
      <div className="controls">
        <label>
          {t('attention.layer')}
          <select value={layer} onChange={(e) => setLayer(Number(e.target.value))} data-testid="layer-select" disabled={!trace}>
            {Array.from({ length: nLayers }, (_, i) => (
              <option key={i} value={i}>
                {t('attention.layerN', { n: i + 1 })}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('attention.head')}
          <select value={head} onChange={(e) => setHead(Number(e.target.value))} data-testid="head-select" disabled={!trace}>
            {Array.from({ length: nHeads }, (_, i) => (
              <option key={i} value={i}>
                {t('attention.headN', { n: i + 1 })}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('attention.stage')}
          <select value={stage} onChange={(e) => setStage(e.target.value as AttentionStage)} data-testid="stage-select">
            {ATTENTION_STAGES.map((s) => (
              <option key={s} value={s}>
                {t(STAGE_KEYS[s])}
              </option>
            ))}
          </select>
        </label>
      </div>
      {mat ? (
        <>
          <ColorLegend scale={scale} maskedLabel={stage === 'scores' || stage === 'scaled' ? undefined : t('heatmap.maskedShort')} />
          <div className="heatmap-scroll">
            <Heatmap
              mat={mat}
              rowLabels={tokens}
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
        <p className="empty">{t('attention.none')}</p>
      )}
    </section>
  );
}
