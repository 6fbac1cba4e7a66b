// Curves of chosen dimensions of the position table: x = position, y = value. D3 gives the scales and
// the line path; React draws the SVG. The selected token's position is marked with a vertical line.

import { line, scaleLinear, schemeTableau10 } from 'd3';
import { useMemo, type ReactNode } from 'react';
import type { Mat } from '../../shared/trace';
import { formatShort } from '../../viz/heatmap';
import { tableColumn } from './data';

export interface CurvesProps {
  table: Mat;
  dims: readonly number[];
  /** Legend text per dimension. */
  names: readonly string[];
  /** Position to mark (the selected token), or −1. */
  marked: number;
  /** Number of positions the sentence uses (shaded), or 0. */
  used: number;
  xTitle: string;
  ariaLabel: string;
  width?: number;
  height?: number;
}

export function curveColor(i: number): string {
  return schemeTableau10[i % schemeTableau10.length];
}

export function Curves({ table, dims, names, marked, used, xTitle, ariaLabel, width = 620, height = 240 }: CurvesProps): ReactNode {
  const margin = { top: 28, right: 12, bottom: 36, left: 40 };
  const { x, y, paths } = useMemo(() => {
    let lo = -1;
    let hi = 1;
    const cols = dims.map((d) => tableColumn(table, d));
    for (const c of cols) for (const v of c) if (Number.isFinite(v)) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
    const xs = scaleLinear().domain([0, Math.max(1, table.rows - 1)]).range([margin.left, width - margin.right]);
    const ys = scaleLinear().domain([lo, hi]).range([height - margin.bottom, margin.top]).nice();
    const gen = line<number>()
      .x((_, i) => xs(i))
      .y((v) => ys(v));
    return { x: xs, y: ys, paths: cols.map((c) => gen(Array.from(c)) ?? '') };
  }, [table, dims, width, height, margin.left, margin.right, margin.bottom, margin.top]);

  return (
    <div className="curves">
      <svg width={width} height={height} role="img" aria-label={ariaLabel} data-testid="positional-curves">
        <rect width={width} height={height} fill="#fff" />
        {used > 0 && (
          <rect x={x(0)} y={margin.top} width={Math.max(0, x(Math.min(used - 1, table.rows - 1)) - x(0))} height={height - margin.top - margin.bottom} fill="#eef3fa" />
        )}
        {y.ticks(5).map((v) => (
          <g key={`y${v}`}>
            <line x1={margin.left} x2={width - margin.right} y1={y(v)} y2={y(v)} stroke={v === 0 ? '#b9c0ca' : '#eef0f3'} />
            <text x={margin.left - 6} y={y(v)} textAnchor="end" dominantBaseline="central" fontSize={11} fill="#5b6573">
              {formatShort(v)}
            </text>
          </g>
        ))}
        {x.ticks(8).map((v) => (
          <text key={`x${v}`} x={x(v)} y={height - margin.bottom + 14} textAnchor="middle" fontSize={11} fill="#5b6573">
            {v}
          </text>
        ))}
        <text x={(margin.left + width - margin.right) / 2} y={height - 4} textAnchor="middle" fontSize={11} fontStyle="italic" fill="#5b6573">
          {xTitle}
        </text>
        {paths.map((p, i) => (
          <path key={dims[i]} d={p} fill="none" stroke={curveColor(i)} strokeWidth={1.8} />
        ))}
        {marked >= 0 && marked < table.rows && (
          <g>
            <line x1={x(marked)} x2={x(marked)} y1={margin.top} y2={height - margin.bottom} stroke="#111" strokeDasharray="3 3" />
            {dims.map((d, i) => (
              <circle key={d} cx={x(marked)} cy={y(table.data[marked * table.cols + d])} r={3.5} fill={curveColor(i)} stroke="#111" />
            ))}
          </g>
        )}
        {names.map((n, i) => (
          <g key={`l${dims[i]}`} transform={`translate(${margin.left + i * 150}, 10)`}>
            <rect width={14} height={4} y={-2} fill={curveColor(i)} />
            <text x={20} dominantBaseline="central" fontSize={12} fill="#1d232b">
              {n}
            </text>
          </g>
        ))}
      </svg>
    </div>
  );
}
