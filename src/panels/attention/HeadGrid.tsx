// Every head of every layer of one attention site at a glance: a small attention map (softmax weights)
// per head, layers as rows and heads as columns. Clicking a map selects that head for the large view.

import { useEffect, useRef, type ReactNode } from 'react';
import { useI18n } from '../../app/i18n';
import { headLabel, layerHeadLabel, layerLabel } from '../../app/labels';
import type { HeadRef } from '../../shared/protocol';
import type { AttentionTrace, Mat } from '../../shared/trace';
import { sequentialScale } from '../../viz/colorScales';
import { causalMask, drawHeatmap, heatmapGeometry, type MaskFn } from '../../viz/heatmap';

const SMALL = 96;
const WEIGHT_SCALE = sequentialScale(0, 1);

function SmallMap({ mat, label, selected, onClick, isMasked }: { mat: Mat; label: string; selected: boolean; onClick: () => void; isMasked?: MaskFn }): ReactNode {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (ref.current) drawHeatmap(ref.current, mat, heatmapGeometry(mat.rows, mat.cols, SMALL, 1, 12), WEIGHT_SCALE, isMasked);
  }, [mat, isMasked]);
  return (
    <button type="button" className={selected ? 'head-cell selected' : 'head-cell'} onClick={onClick} aria-pressed={selected} aria-label={label} title={label}>
      <canvas ref={ref} data-testid="head-thumb" />
    </button>
  );
}

export interface HeadGridProps {
  /** Per layer, the site's attention. */
  layers: readonly AttentionTrace[];
  nHeads: number;
  /** Whether the site hides later keys (drawn hatched above the diagonal). */
  causal: boolean;
  selected: HeadRef;
  onSelect: (h: HeadRef) => void;
}

export function HeadGrid({ layers, nHeads, causal, selected, onSelect }: HeadGridProps): ReactNode {
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
            label={layerHeadLabel(t, l, h)}
            selected={selected.layer === l && selected.head === h}
            onClick={() => onSelect({ layer: l, head: h })}
            isMasked={isMasked}
          />
        )),
      ])}
    </div>
  );
}
