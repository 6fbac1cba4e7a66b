// "Heads forming": every attention head of every layer for the page's sentence, side by side, live
// while the model trains (from the page's throttled trace), or as recorded in a history snapshot
// chosen with the replay slider. With a snapshot, the probe's token embeddings at that step too.

import { memo, useCallback, useMemo, useState, type ReactNode } from 'react';
import { useI18n } from '../app/i18n';
import type { TrainSnapshot } from '../shared/training';
import type { ForwardTrace, Mat } from '../shared/trace';
import { divergingScale, maxAbsFinite, sequentialScale } from '../viz/colorScales';
import { causalMask } from '../viz/heatmap';
import { HeatmapThumb } from '../viz/HeatmapThumb';
import { HistoryScrubber } from './HistoryScrubber';

export interface LiveAttentionProps {
  trace: ForwardTrace | null;
  tokens: readonly string[];
  snapshots: readonly TrainSnapshot[];
  /** While training: the latest snapshot from the worker, shown instead of the page's (slower) trace. */
  latest: TrainSnapshot | null;
}

interface Grid {
  tokens: readonly string[];
  /** [layer][head] */
  heads: Mat[][];
  embeddings: Mat | null;
  snapshot: TrainSnapshot | null;
}

const WEIGHT_SCALE = sequentialScale(0, 1);
const THUMB_SIZE = 150;

function fromSnapshot(s: TrainSnapshot): Grid {
  const t = s.tokens.length;
  const heads: Mat[][] = [];
  for (let l = 0; l < s.nLayers; l++) {
    const row: Mat[] = [];
    for (let h = 0; h < s.nHeads; h++) {
      const start = (l * s.nHeads + h) * t * t;
      row.push({ rows: t, cols: t, data: s.attention.subarray(start, start + t * t) });
    }
    heads.push(row);
  }
  return { tokens: s.tokens, heads, embeddings: { rows: t, cols: s.dModel, data: s.embeddings }, snapshot: s };
}

function LiveAttentionView({ trace, tokens, snapshots, latest }: LiveAttentionProps): ReactNode {
  const { t } = useI18n();
  const [index, setIndex] = useState<number | null>(null);
  const [playing, setPlaying] = useState(false);
  const onIndex = useCallback((i: number | null) => setIndex(i), []);
  const onPlaying = useCallback((p: boolean) => setPlaying(p), []);

  const chosen = index !== null && snapshots.length > 0 ? snapshots[Math.min(index, snapshots.length - 1)] : null;
  const grid: Grid | null = useMemo(() => {
    if (chosen) return fromSnapshot(chosen);
    if (latest) return { ...fromSnapshot(latest), embeddings: null };
    if (!trace) return null;
    return { tokens, heads: trace.layers.map((l) => l.weights), embeddings: null, snapshot: null };
  }, [chosen, latest, trace, tokens]);
  const embScale = useMemo(() => divergingScale(grid?.embeddings ? maxAbsFinite(grid.embeddings.data) : 1), [grid]);

  return (
    <section className="panel live-attention" aria-labelledby="live-title">
      <div className="panel-title">
        <h2 id="live-title">{t('live.title')}</h2>
        <span className={chosen ? 'badge' : 'badge live'} data-testid="live-badge">
          {chosen ? t('live.snapshot', { step: chosen.step, loss: Number.isFinite(chosen.loss) ? chosen.loss.toFixed(3) : '—' }) : t('live.live')}
        </span>
      </div>
      <p className="help">{t('live.help')}</p>
      {grid ? (
        <div className="head-grid" style={{ gridTemplateColumns: `repeat(${grid.heads[0]?.length ?? 1}, minmax(0, max-content))` }}>
          {grid.heads.map((layer, l) =>
            layer.map((mat, h) => (
              <HeatmapThumb
                key={`${l}-${h}`}
                mat={mat}
                scale={WEIGHT_SCALE}
                isMasked={causalMask}
                size={THUMB_SIZE}
                rowLabels={grid.tokens}
                colLabels={grid.tokens}
                caption={t('live.layerHead', { layer: l + 1, head: h + 1 })}
                ariaLabel={t('live.layerHead', { layer: l + 1, head: h + 1 })}
                testId={`live-head-${l}-${h}`}
              />
            )),
          )}
        </div>
      ) : (
        <p className="empty">{t('live.none')}</p>
      )}
      {grid?.embeddings && (
        <div className="snapshot-embeddings">
          <HeatmapThumb
            mat={grid.embeddings}
            scale={embScale}
            size={320}
            rowLabels={grid.tokens}
            caption={t('live.embeddings', { d: grid.embeddings.cols })}
            ariaLabel={t('live.embeddings', { d: grid.embeddings.cols })}
          />
        </div>
      )}
      <HistoryScrubber snapshots={snapshots} index={index} onIndex={onIndex} playing={playing} onPlaying={onPlaying} />
    </section>
  );
}

/** Memoised: the page re-renders often (training, staggered redraws); same props, no redraw. */
export const LiveAttention = memo(LiveAttentionView);
