// A small line chart (training curves): axes, grid lines and one path per series, all rendered by
// React from the numbers of lineChart.ts. Labels are text nodes. With `hover`, pointing at the chart
// (or focusing it and pressing ← →) picks the nearest x and reads every series' value there below it.

import { Fragment, useMemo, useState, type KeyboardEvent, type MouseEvent, type ReactNode } from 'react';
import { buildLineChart, nearestX, valuesAt, xValues, type ReferenceLine, type Series } from './lineChart';

/** What a hover read-out says: the x (e.g. "step 120") and each value (e.g. "0.62"). */
export interface ChartHover {
  title: (x: number) => string;
  format: (v: number) => string;
  /** How to read values (shown under the chart until a point is picked). */
  help: string;
}

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
  hover?: ChartHover;
  /** A vertical marker at this x (e.g. the replayed step). */
  markX?: number | null;
}

const MARGIN = { top: 8, right: 12, bottom: 30, left: 44 };

export function LineChart({ series, width = 320, height = 170, logY, yDomain, references, yFormat, xLabel, ariaLabel, testId, hover, markX }: LineChartProps): ReactNode {
  const chart = useMemo(
    () => buildLineChart(series, { width, height, margin: MARGIN }, { logY, yDomain, references }),
    [series, width, height, logY, yDomain, references],
  );
  const { inner } = chart;
  const xs = useMemo(() => (hover ? xValues(series) : []), [hover, series]);
  const [picked, setPicked] = useState<number | null>(null);
  const at = picked !== null && xs.length > 0 ? xs[Math.min(picked, xs.length - 1)] : null;
  const onMove = (e: MouseEvent<SVGSVGElement>): void => {
    const rect = e.currentTarget.getBoundingClientRect();
    const px = ((e.clientX - rect.left) * width) / Math.max(1, rect.width);
    const i = nearestX(xs, px, chart.xPos);
    setPicked(i >= 0 ? i : null);
  };
  const onKey = (e: KeyboardEvent<SVGSVGElement>): void => {
    if (xs.length === 0) return;
    const last = xs.length - 1;
    const now = picked === null ? null : Math.min(picked, last);
    const moves: Record<string, number> = {
      ArrowLeft: now === null ? last : now - 1,
      ArrowRight: now === null ? last : now + 1,
      Home: 0,
      End: last,
    };
    const next = moves[e.key];
    if (next === undefined) return;
    e.preventDefault();
    setPicked(Math.max(0, Math.min(last, next)));
  };
  return (
    <figure className={hover ? 'line-chart with-hover' : 'line-chart'} data-testid={testId}>
      <svg
        width={width}
        height={height}
        role="img"
        aria-label={ariaLabel}
        viewBox={`0 0 ${width} ${height}`}
        tabIndex={hover ? 0 : undefined}
        onMouseMove={hover ? onMove : undefined}
        onMouseLeave={hover ? () => setPicked(null) : undefined}
        onKeyDown={hover ? onKey : undefined}
        onBlur={hover ? () => setPicked(null) : undefined}
      >
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
        {markX != null && Number.isFinite(markX) && (
          <line className="line-chart-mark" x1={chart.xPos(markX)} x2={chart.xPos(markX)} y1={inner.y0} y2={inner.y1} data-testid="chart-mark" data-x={markX} />
        )}
        {chart.paths.map((p) => (
          <g key={p.id} className={`line-chart-series series-${p.id}`} style={p.color ? { stroke: p.color, fill: p.color } : undefined} data-series={p.id}>
            <path d={p.d} fill="none" style={p.color ? { stroke: p.color } : undefined} strokeDasharray={p.dash} />
            {p.dots.map((d, i) => (
              <circle key={i} cx={d.x} cy={d.y} r={2.5} style={p.color ? { fill: p.color } : undefined} />
            ))}
          </g>
        ))}
        {at !== null && <line className="line-chart-hover" x1={chart.xPos(at)} x2={chart.xPos(at)} y1={inner.y0} y2={inner.y1} />}
      </svg>
      <figcaption className="line-chart-legend">
        {series.map((s) => (
          <span key={s.id} className={`legend-item series-${s.id}`}>
            <LegendSwatch color={s.color} dash={s.dash} />
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
      {hover && (
        <div className="line-chart-readout" aria-live="polite" data-testid={testId ? `${testId}-readout` : undefined} data-x={at ?? undefined}>
          {at === null ? (
            <span className="muted">{hover.help}</span>
          ) : (
            <>
              <strong>{hover.title(at)}</strong>{' '}
              {valuesAt(series, at).map((v) => (
                <Fragment key={v.id}>
                  <span className={`readout-item series-${v.id}`} data-series={v.id} data-value={Number.isFinite(v.value) ? v.value : undefined}>
                    <LegendSwatch color={v.color} dash={v.dash} />
                    {v.label} {Number.isFinite(v.value) ? hover.format(v.value) : '—'}
                  </span>{' '}
                </Fragment>
              ))}
            </>
          )}
        </div>
      )}
    </figure>
  );
}

/** A legend's line sample: the series' class colour, or its own colour and dashes. */
function LegendSwatch({ color, dash }: { color?: string; dash?: string }): ReactNode {
  if (!color) return <i aria-hidden="true" />;
  return (
    <svg className="legend-swatch" width={18} height={6} aria-hidden="true">
      <line x1={0} x2={18} y1={3} y2={3} stroke={color} strokeWidth={2} strokeDasharray={dash} />
    </svg>
  );
}
