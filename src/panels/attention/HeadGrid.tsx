// Every head of every layer of one attention site at a glance: a small attention map (softmax weights)
// per head, layers as rows and heads as columns, each with its role badge (roles/RoleBadge.tsx) when
// one role reaches the threshold. Clicking a map selects that head for the large view.

import { useEffect, useRef, type ReactNode } from 'react';
import { useI18n } from '../../app/i18n';
import { headLabel, layerHeadLabel, layerLabel } from '../../app/labels';
import type { AttentionSite } from '../../shared/config';
import type { HeadRef } from '../../shared/protocol';
import { RoleBadgeView, useHeadRole } from '../roles/RoleBadge';
import type { AttentionTrace, Mat } from '../../shared/trace';
import { sequentialScale } from '../../viz/colorScales';
import { causalMask, drawHeatmap, heatmapGeometry, type MaskFn } from '../../viz/heatmap';

const SMALL = 96;
const WEIGHT_SCALE = sequentialScale(0, 1);

interface SmallMapProps {
  mat: Mat;
  site: AttentionSite;
  layer: number;
  head: number;
  selected: boolean;
  onClick: () => void;
  isMasked?: MaskFn;
}

function SmallMap({ mat, site, layer, head, selected, onClick, isMasked }: SmallMapProps): ReactNode {
  const { t } = useI18n();
  const ref = useRef<HTMLCanvasElement>(null);
  // Its name: the head, with its role when it has a badge ("layer 1, head 2: prev 0.62, previous-token
  // head — …"); its title also says the strongest role below the threshold.
  const role = useHeadRole(site, layer, head);
  useEffect(() => {
    if (ref.current) drawHeatmap(ref.current, mat, heatmapGeometry(mat.rows, mat.cols, SMALL, 1, 12), WEIGHT_SCALE, isMasked);
  }, [mat, isMasked]);
  const top = role.view.strongest;
  return (
    <button
      type="button"
      className={selected ? 'head-cell selected' : 'head-cell'}
      onClick={onClick}
      aria-pressed={selected}
      aria-label={role.badge ? role.sentence : layerHeadLabel(t, layer, head)}
      title={role.sentence}
      data-testid="head-cell"
      data-layer={layer}
      data-head={head}
      data-top-role={top?.role}
      data-top-score={top?.score}
    >
      <canvas ref={ref} data-testid="head-thumb" />
      <span className="head-cell-role">
        <RoleBadgeView text={role} site={site} layer={layer} head={head} />
      </span>
    </button>
  );
}

export interface HeadGridProps {
  /** The attention site drawn (its roles are shown on the heads). */
  site: AttentionSite;
  /** Per layer, the site's attention. */
  layers: readonly AttentionTrace[];
  nHeads: number;
  /** Whether the site hides later keys (drawn hatched above the diagonal). */
  causal: boolean;
  selected: HeadRef;
  onSelect: (h: HeadRef) => void;
}

export function HeadGrid({ site, layers, nHeads, causal, selected, onSelect }: HeadGridProps): ReactNode {
  const { t } = useI18n();
  const isMasked = causal ? causalMask : undefined;
  return (
    <div className="head-grid" style={{ gridTemplateColumns: `auto repeat(${nHeads}, auto)` }} data-testid="head-grid">
      <span />
      {Array.from({ length: nHeads }, (_, h) => (
        <span key={`h${h}`} className="head-grid-label">
          {headLabel(t, h)}
        </span>
      ))}
      {layers.map((layer, l) => [
        <span key={`l${l}`} className="head-grid-label row">
          {layerLabel(t, l)}
        </span>,
        ...layer.weights.map((w, h) => (
          <SmallMap
            key={`${l}-${h}`}
            mat={w}
            site={site}
            layer={l}
            head={h}
            selected={selected.layer === l && selected.head === h}
            onClick={() => onSelect({ layer: l, head: h })}
            isMasked={isMasked}
          />
        )),
      ])}
    </div>
  );
}
