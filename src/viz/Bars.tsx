// A horizontal bar chart of a few labelled values (top-k next tokens, one row of attention weights).
// SVG (few bars; exportable as vector), labels as text nodes, D3 only for the scale (bars.ts).

import { useRef, type ReactNode } from 'react';
import { barGeometry, formatBarValue, type BarItem } from './bars';
import { divergingScale } from './colorScales';
import { shortenLabel } from './heatmap';
import { useAvailableWidth } from './useAvailableWidth';

export interface BarsProps {
  items: readonly BarItem[];
  /** Values are probabilities in [0, 1] (shown as %). */
  probability: boolean;
  /** Total width in CSS pixels. */
  width?: number;
  /** An item (by index) drawn in the accent colour, e.g. the token that was just drawn. */
  highlightIndex?: number;
  /** Signed values (gradients) in the colours of the diverging scale: red positive, blue negative. */
  signColors?: boolean;
  ariaLabel: string;
  testId?: string;
}

const ROW = 22;
const LABEL_W = 120;
const VALUE_W = 64;

/** The two ends of the diverging scale (colorScales.ts), for bars of signed values. */
const SIGN_SCALE = divergingScale(1);
const SIGN_FILL = { positive: SIGN_SCALE.css(0.8), negative: SIGN_SCALE.css(-0.8) };

export function Bars({ items, probability, width: asked = 420, highlightIndex, signColors = false, ariaLabel, testId }: BarsProps): ReactNode {
  // On a narrow screen the chart takes the width it is given (bars shorter, labels and values kept
  // whole) rather than spilling its values past the edge.
  const fitRef = useRef<HTMLDivElement>(null);
  const available = useAvailableWidth(fitRef);
  const width = available === null ? asked : Math.max(LABEL_W + VALUE_W + 60, Math.min(asked, available));
  const area = Math.max(60, width - LABEL_W - VALUE_W);
  const hasReference = items.some((i) => i.reference !== undefined);
  // Values and reference values share one scale, so their lengths compare.
  const all = barGeometry(
    [...items.map((i) => i.value), ...(hasReference ? items.map((i) => i.reference ?? 0) : [])],
    area,
    probability,
  );
  const geo = { zero: all.zero, bars: all.bars.slice(0, items.length) };
  const refs = hasReference ? all.bars.slice(items.length) : [];
  const height = items.length * ROW + 4;
  return (
    <div className="bars-fit" ref={fitRef}>
      <svg className="bars" width={width} height={height} role="img" aria-label={ariaLabel} data-testid={testId}>
        {items.map((item, r) => {
          const bar = geo.bars[r];
          const y = r * ROW + 2;
          const cls = item.index === highlightIndex ? 'bar-rect highlight' : item.value < 0 ? 'bar-rect negative' : 'bar-rect';
          return (
            <g key={item.index} data-testid="bar" data-label={item.label} data-value={item.value} data-index={item.index}>
              <title>{`${item.label}: ${item.value}${item.reference !== undefined ? ` (${item.reference})` : ''}`}</title>
              <text x={LABEL_W - 8} y={y + ROW / 2} dominantBaseline="central" textAnchor="end" className="bar-label">
                {shortenLabel(item.label, 14)}
              </text>
              {refs[r] && refs[r].width > 0 && (
                <rect x={LABEL_W + refs[r].x} y={y + 3} width={refs[r].width} height={ROW - 8} className="bar-reference" rx={2} />
              )}
              <rect
                x={LABEL_W + bar.x}
                y={y + 3}
                width={Math.max(1, bar.width)}
                height={ROW - 8}
                className={cls}
                rx={2}
                style={signColors && item.index !== highlightIndex ? { fill: item.value < 0 ? SIGN_FILL.negative : SIGN_FILL.positive } : undefined}
              />
              <text x={LABEL_W + Math.max(geo.zero, bar.x + bar.width, refs[r] ? refs[r].x + refs[r].width : 0) + 6} y={y + ROW / 2} dominantBaseline="central" className="bar-value">
                {formatBarValue(item.value, probability)}
                {item.reference !== undefined && Math.abs(item.reference - item.value) >= 0.0005 && (
                  <tspan className="bar-reference-value"> / {formatBarValue(item.reference, probability)}</tspan>
                )}
              </text>
            </g>
          );
        })}
        {!probability && geo.zero > 0 && (
          <line x1={LABEL_W + geo.zero} x2={LABEL_W + geo.zero} y1={0} y2={height} className="bar-zero" />
        )}
      </svg>
    </div>
  );
}
