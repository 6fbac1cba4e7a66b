// Every head of every layer at a glance: a small attention map (softmax weights) per head, layers as
// rows and heads as columns. Clicking a map selects that head for the large view.

import { useEffect, useRef, type ReactNode } from 'react';
import { useI18n } from '../../app/i18n';
import type { HeadRef } from '../../shared/protocol';
import type { ForwardTrace, Mat } from '../../shared/trace';
import { sequentialScale } from '../../viz/colorScales';
import { causalMask, drawHeatmap, heatmapGeometry } from '../../viz/heatmap';

const SMALL = 96;
const WEIGHT_SCALE = sequentialScale(0, 1);

function SmallMap({ mat, label, selected, onClick }: { mat: Mat; label: string; selected: boolean; onClick: () => void }): ReactNode {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (ref.current) drawHeatmap(ref.current, mat, heatmapGeometry(mat.rows, mat.cols, SMALL, 1, 12), WEIGHT_SCALE, causalMask);
  }, [mat]);
  return (
    <button type="button" className={selected ? 'head-cell selected' : 'head-cell'} onClick={onClick} aria-pressed={selected} aria-label={label} title={label}>
      <canvas ref={ref} data-testid="head-thumb" />
    </button>
  );
}

export function HeadGrid({ trace, selected, onSelect }: { trace: ForwardTrace; selected: HeadRef; onSelect: (h: HeadRef) => void }): ReactNode {
  const { t } = useI18n();
  const { nHeads } = trace.config;
  return (
    <div className="head-grid" style={{ gridTemplateColumns: `auto repeat(${nHeads}, auto)` }} data-testid="head-grid">
      <span />
      {Array.from({ length: nHeads }, (_, h) => (
        <span key={`h${h}`} className="head-grid-label">
          {t('attention.headN', { n: h + 1 })}
        </span>
      ))}
      {trace.layers.map((layer, l) => [
        <span key={`l${l}`} className="head-grid-label row">
          {t('attention.layerN', { n: l + 1 })}
        </span>,
        ...layer.weights.map((w, h) => (
          <SmallMap
            key={`${l}-${h}`}
            mat={w}
            label={`${t('attention.layerN', { n: l + 1 })} · ${t('attention.headN', { n: h + 1 })}`}
            selected={selected.layer === l && selected.head === h}
            onClick={() => onSelect({ layer: l, head: h })}
          />
        )),
      ])}
    </div>
  );
}
