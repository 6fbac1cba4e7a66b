// "Heads forming": every attention head of every layer for the page's sentence, side by side, live
// while the model trains (from the page's throttled trace, or the worker's live snapshots), or as
// recorded in a history snapshot chosen with the replay slider. With a snapshot, the probe's token
// embeddings at that step too; every head carries its role badge, and under the replay slider the
// roles at the step shown (the badges of every panel follow the replay). The encoder–decoder has three attention sites (encoder
// self-attention, decoder self-attention, cross-attention); a switch picks the one shown.

import { memo, useCallback, useMemo, useState, type ReactNode } from 'react';
import { useI18n } from '../app/i18n';
import { layerHeadLabel, layerHeadShort } from '../app/labels';
import type { AttentionSite } from '../shared/config';
import { snapshotSites, type TrainSnapshot } from '../shared/training';
import { isEncoderDecoderTrace, type Mat, type ModelTrace } from '../shared/trace';
import { divergingScale, maxAbsFinite, sequentialScale } from '../viz/colorScales';
import { causalMask } from '../viz/heatmap';
import { HeatmapThumb, type HeatmapThumbProps } from '../viz/HeatmapThumb';
import { HistoryScrubber } from './HistoryScrubber';
import { RoleBadge } from './roles/RoleBadge';
import { RolesAtStep } from './roles/RolesAtStep';

export interface LiveAttentionProps {
  trace: ModelTrace | null;
  /** The tokens of the trace: the decoder-only model's sequence, or the encoder–decoder's source. */
  tokens: readonly string[];
  /** Encoder–decoder only: the decoder's input tokens of the trace (<bos> + target). */
  targetTokens?: readonly string[];
  snapshots: readonly TrainSnapshot[];
  /** While training: the latest snapshot from the worker, shown instead of the page's (slower) trace. */
  latest: TrainSnapshot | null;
  /** The replayed snapshot's index (null: live); shared with the roles every panel shows (app/RolesContext.ts). */
  index: number | null;
  onIndex: (i: number | null) => void;
}

/** The maps of one attention site: [layer][head], with the tokens of rows (queries) and columns (keys). */
interface SiteGrid {
  site: AttentionSite;
  heads: Mat[][];
  rowTokens: readonly string[];
  colTokens: readonly string[];
}

interface Grid {
  sites: SiteGrid[];
  embeddings: Mat | null;
  tokens: readonly string[];
  snapshot: TrainSnapshot | null;
}

const WEIGHT_SCALE = sequentialScale(0, 1);
const THUMB_SIZE = 150;
/** Sites whose queries must not see later positions (the causal mask). */
const MASKED: ReadonlySet<AttentionSite> = new Set<AttentionSite>(['decoder', 'decoder-self']);

function fromSnapshot(s: TrainSnapshot): Grid {
  const sites = snapshotSites(s).map((x): SiteGrid => {
    const rows = x.rowTokens.length;
    const cols = x.colTokens.length;
    const heads: Mat[][] = [];
    for (let l = 0; l < x.layers; l++) {
      const row: Mat[] = [];
      for (let h = 0; h < x.heads; h++) {
        const start = (l * x.heads + h) * rows * cols;
        row.push({ rows, cols, data: x.weights.subarray(start, start + rows * cols) });
      }
      heads.push(row);
    }
    return { site: x.site, heads, rowTokens: x.rowTokens, colTokens: x.colTokens };
  });
  return { sites, tokens: s.tokens, embeddings: { rows: s.tokens.length, cols: s.dModel, data: s.embeddings }, snapshot: s };
}

function fromTrace(trace: ModelTrace, tokens: readonly string[], targetTokens: readonly string[]): Grid {
  if (!isEncoderDecoderTrace(trace)) {
    return { sites: [{ site: 'decoder', heads: trace.layers.map((l) => l.weights), rowTokens: tokens, colTokens: tokens }], tokens, embeddings: null, snapshot: null };
  }
  return {
    sites: [
      { site: 'encoder', heads: trace.encoder.layers.map((l) => l.weights), rowTokens: tokens, colTokens: tokens },
      { site: 'decoder-self', heads: trace.decoder.layers.map((l) => l.self.weights), rowTokens: targetTokens, colTokens: targetTokens },
      { site: 'cross', heads: trace.decoder.layers.map((l) => l.cross.weights), rowTokens: targetTokens, colTokens: tokens },
    ],
    tokens,
    embeddings: null,
    snapshot: null,
  };
}

const NO_TOKENS: readonly string[] = [];

/** Tokens as text: Chinese characters side by side, a space between two words (a young model writes English too). */
function readable(tokens: readonly string[]): string {
  return tokens.reduce((text, tok, i) => (i > 0 && /[\w>'.]$/.test(text) && /^[\w<]/.test(tok) ? `${text} ${tok}` : text + tok), '');
}

function LiveAttentionView({ trace, tokens, targetTokens = NO_TOKENS, snapshots, latest, index, onIndex }: LiveAttentionProps): ReactNode {
  const { t } = useI18n();
  const [playing, setPlaying] = useState(false);
  const [site, setSite] = useState<AttentionSite>('cross');
  const onPlaying = useCallback((p: boolean) => setPlaying(p), []);

  const chosen = index !== null && snapshots.length > 0 ? snapshots[Math.min(index, snapshots.length - 1)] : null;
  const grid: Grid | null = useMemo(() => {
    if (chosen) return fromSnapshot(chosen);
    if (latest) return { ...fromSnapshot(latest), embeddings: null };
    if (!trace) return null;
    return fromTrace(trace, tokens, targetTokens);
  }, [chosen, latest, trace, tokens, targetTokens]);
  const embScale = useMemo(() => divergingScale(grid?.embeddings ? maxAbsFinite(grid.embeddings.data) : 1), [grid]);
  // One site (the decoder-only model) is shown as it is; of several, the one chosen (cross-attention first).
  const shown = grid ? (grid.sites.length === 1 ? grid.sites[0] : (grid.sites.find((s) => s.site === site) ?? grid.sites[0])) : null;
  const several = (grid?.sites.length ?? 0) > 1;

  return (
    <section className="panel live-attention" aria-labelledby="live-title">
      <div className="panel-title">
        <h2 id="live-title">{t('live.title')}</h2>
        <span className={chosen ? 'badge' : 'badge live'} data-testid="live-badge">
          {chosen ? t('live.snapshot', { step: chosen.step, loss: Number.isFinite(chosen.loss) ? chosen.loss.toFixed(3) : '—' }) : t('live.live')}
        </span>
      </div>
      <p className="help">{several ? t('live.helpSites') : t('live.help')}</p>
      {grid && several && (
        <div className="button-row live-sites" role="radiogroup" aria-label={t('live.sites')} data-testid="live-sites">
          {grid.sites.map((s) => (
            <button
              key={s.site}
              type="button"
              role="radio"
              aria-checked={s.site === shown?.site}
              className={s.site === shown?.site ? 'primary' : undefined}
              onClick={() => setSite(s.site)}
              data-testid={`live-site-${s.site}`}
            >
              {t(`live.site.${s.site}`)}
            </button>
          ))}
        </div>
      )}
      {grid && several && shown && (
        <p className="help small" data-testid="live-site-help">
          {t(`live.siteHelp.${shown.site}`)}
        </p>
      )}
      {grid?.snapshot?.architecture === 'encoder-decoder' && (
        <p className="help small" data-testid="live-translation">
          {t('live.translation', { target: readable(grid.snapshot.targetTokens.slice(1)) || '—' })}
        </p>
      )}
      {shown ? (
        <div
          className="head-grid"
          data-site={shown.site}
          style={{ gridTemplateColumns: `repeat(${shown.heads[0]?.length ?? 1}, minmax(0, max-content))` }}
        >
          {shown.heads.map((layer, l) =>
            layer.map((mat, h) => (
              <LiveThumb
                site={shown.site}
                layer={l}
                head={h}
                key={`${shown.site}-${l}-${h}`}
                mat={mat}
                scale={WEIGHT_SCALE}
                isMasked={MASKED.has(shown.site) ? causalMask : undefined}
                size={THUMB_SIZE}
                rowLabels={shown.rowTokens}
                colLabels={shown.colTokens}
                caption={layerHeadShort(t, l, h)}
                ariaLabel={
                  several
                    ? t('live.siteLayerHead', { site: t(`live.site.${shown.site}`), head: layerHeadLabel(t, l, h) })
                    : layerHeadLabel(t, l, h)
                }
                testId={shown.site === 'decoder' ? `live-head-${l}-${h}` : `live-head-${shown.site}-${l}-${h}`}
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
      <HistoryScrubber snapshots={snapshots} index={index} onIndex={onIndex} playing={playing} onPlaying={onPlaying}>
        <RolesAtStep />
      </HistoryScrubber>
    </section>
  );
}

/** One head's thumbnail with its role badge (the roles of the snapshot shown, or of the model now). */
function LiveThumb({ site, layer, head, ...props }: HeatmapThumbProps & { site: AttentionSite; layer: number; head: number }): ReactNode {
  return <HeatmapThumb {...props} badge={<RoleBadge site={site} layer={layer} head={head} />} />;
}

/** Memoised: the page re-renders often (training, staggered redraws); same props, no redraw. */
export const LiveAttention = memo(LiveAttentionView);
