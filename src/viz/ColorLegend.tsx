// The key of a heatmap: a gradient bar sampled from the colour scale, its end (and middle) values,
// and, when asked, a hatched swatch for masked cells.

import { useId, type ReactNode } from 'react';
import type { ColorScale } from './colorScales';
import { formatShort } from './heatmap';

export interface ColorLegendProps {
  scale: ColorScale;
  /** Label of the hatched swatch; omitted when there are no masked cells. */
  maskedLabel?: string;
  width?: number;
}

export function ColorLegend({ scale, maskedLabel, width = 220 }: ColorLegendProps): ReactNode {
  const id = useId().replace(/:/g, '');
  const lo = scale.domain[0];
  const hi = scale.domain[scale.domain.length - 1];
  const stops = Array.from({ length: 11 }, (_, i) => {
    const t = i / 10;
    return { offset: `${t * 100}%`, color: scale.css(lo + t * (hi - lo)) };
  });
  const ticks = scale.kind === 'diverging' ? [lo, 0, hi] : [lo, hi];
  const barH = 10;
  const bar = (
    <svg className="color-legend" width={width + 16} height={barH + 22} aria-hidden="true">
      <defs>
        <linearGradient id={`g${id}`} x1="0" x2="1" y1="0" y2="0">
          {stops.map((s) => (
            <stop key={s.offset} offset={s.offset} stopColor={s.color} />
          ))}
        </linearGradient>
      </defs>
      <rect x={8} y={2} width={width} height={barH} fill={`url(#g${id})`} stroke="#999" strokeWidth={0.5} />
      {ticks.map((v, i) => {
        const x = 8 + ((v - lo) / (hi - lo || 1)) * width;
        // End ticks align inwards so that their text stays inside the legend.
        const anchor = i === 0 ? 'start' : i === ticks.length - 1 ? 'end' : 'middle';
        return (
          <text key={v} x={x} y={barH + 16} textAnchor={anchor} className="legend-tick">
            {formatShort(v)}
          </text>
        );
      })}
    </svg>
  );
  if (!maskedLabel) return bar;
  // The masked swatch's label is HTML, so that it wraps and is never cut whatever its language.
  return (
    <span className="color-legend-row">
      {bar}
      <span className="legend-masked">
        <span className="legend-hatch" aria-hidden="true" />
        <span className="legend-tick">{maskedLabel}</span>
      </span>
    </span>
  );
}
