// A small line chart (training curves): axes, grid lines and one path per series, all rendered by
// React from the numbers of lineChart.ts. Labels are text nodes.

import { useMemo, type ReactNode } from 'react';
import { buildLineChart, type ReferenceLine, type Series } from './lineChart';

export interface LineChartProps {
  series: readonly Series[];
  width?: number;
  height?: number;
  logY?: boolean;
  yDomain?: [number, number];
  /** Horizontal reference lines (dashed, in the legend too), e.g. baseline losses. */
  references?: readonly ReferenceLine[];
  /** Formats y tick labels (e.g. as a percentage). */
  yFormat?: (v: number) => string;
  xLabel: string;
  ariaLabel: string;
  testId?: string;
}

const MARGIN = { top: 8, right: 12, bottom: 30, left: 44 };

export function LineChart({ series, width = 320, height = 170, logY, yDomain, references, yFormat, xLabel, ariaLabel, testId }: LineChartProps): ReactNode {
  const chart = useMemo(
    () => buildLineChart(series, { width, height, margin: MARGIN }, { logY, yDomain, references }),
    [series, width, height, logY, yDomain, references],
  );
  const { inner } = chart;
  return (
    <figure className="line-chart" data-testid={testId}>
      <svg width={width} height={height} role="img" aria-label={ariaLabel} viewBox={`0 0 ${width} ${height}`}>
        <g className="line-chart-grid">
          {chart.yTicks.map((t) => (
            <line key={`gy${t.value}`} x1={inner.x0} x2={inner.x1} y1={t.pos} y2={t.pos} />
          ))}
        </g>
        <g className="line-chart-axis">
          <line x1={inner.x0} x2={inner.x1} y1={inner.y1} y2={inner.y1} />
          <line x1={inner.x0} x2={inner.x0} y1={inner.y0} y2={inner.y1} />
          {chart.xTicks.map((t) => (
            <text key={`x${t.value}`} x={t.pos} y={inner.y1 + 14} textAnchor="middle">
              {t.label}
            </text>
          ))}
          {chart.yTicks.map((t) => (
            <text key={`y${t.value}`} x={inner.x0 - 5} y={t.pos} textAnchor="end" dominantBaseline="central">
              {yFormat ? yFormat(t.value) : t.label}
            </text>
          ))}
          <text x={(inner.x0 + inner.x1) / 2} y={height - 3} textAnchor="middle" className="line-chart-xlabel">
            {xLabel}
          </text>
        </g>
        {chart.references.map((r) => (
          <line
            key={r.id}
            className={`line-chart-reference reference-${r.id}`}
            x1={inner.x0}
            x2={inner.x1}
            y1={r.pos}
            y2={r.pos}
            data-testid={`reference-${r.id}`}
            data-value={r.y}
          />
        ))}
        {chart.paths.map((p) => (
          <g key={p.id} className={`line-chart-series series-${p.id}`}>
            <path d={p.d} fill="none" />
            {p.dots.map((d, i) => (
              <circle key={i} cx={d.x} cy={d.y} r={2.5} />
            ))}
          </g>
        ))}
      </svg>
      <figcaption className="line-chart-legend">
        {series.map((s) => (
          <span key={s.id} className={`legend-item series-${s.id}`}>
            <i aria-hidden="true" />
            {s.label}
          </span>
        ))}
        {chart.references.map((r) => (
          <span key={r.id} className={`legend-item legend-reference reference-${r.id}`} data-testid={`legend-reference-${r.id}`}>
            <i aria-hidden="true" />
            {r.label}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
