// Line-chart maths for the training curves: D3 scales (linear or log y), tick positions and SVG path
// strings. React renders the result (LineChart.tsx); nothing here touches the DOM.

import { line, scaleLinear, scaleLog, type ScaleContinuousNumeric } from 'd3';

export interface Series {
  /** Stable key, also used for the colour class. */
  id: string;
  label: string;
  /** x values (steps). */
  xs: ArrayLike<number>;
  ys: ArrayLike<number>;
  /** Draw dots at the points as well (sparse series such as validation). */
  dots?: boolean;
  /** A colour of its own (CSS colour), instead of the one its id's class gives. */
  color?: string;
  /** An SVG stroke-dasharray (e.g. "6 3"), so that lines of one colour stay apart. */
  dash?: string;
}

/** A horizontal reference line (e.g. a baseline loss), labelled in the legend. */
export interface ReferenceLine {
  id: string;
  label: string;
  y: number;
}

export interface ChartLayout {
  width: number;
  height: number;
  margin: { top: number; right: number; bottom: number; left: number };
}

export interface Tick {
  value: number;
  /** Pixel position along its axis. */
  pos: number;
  label: string;
}

export interface BuiltChart {
  paths: { id: string; label: string; d: string; dots: { x: number; y: number }[]; color?: string; dash?: string }[];
  xTicks: Tick[];
  yTicks: Tick[];
  /** The reference lines with their pixel height (those outside a log scale's positive range left out). */
  references: (ReferenceLine & { pos: number })[];
  /** The plotting area in pixels. */
  inner: { x0: number; x1: number; y0: number; y1: number };
  /** Pixel positions of an x and a y value. */
  xPos: (v: number) => number;
  yPos: (v: number) => number;
}

/** At most this many points per path (evenly thinned beyond it, always keeping the last). */
export const MAX_PATH_POINTS = 1500;

function finiteRange(series: readonly Series[], log: boolean): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of series) {
    for (let i = 0; i < s.ys.length; i++) {
      const y = s.ys[i];
      if (!Number.isFinite(y) || (log && y <= 0)) continue;
      if (y < lo) lo = y;
      if (y > hi) hi = y;
    }
  }
  return lo <= hi ? [lo, hi] : null;
}

function formatTick(v: number): string {
  const a = Math.abs(v);
  if (a === 0) return '0';
  if (a >= 10_000) return `${Math.round(v / 1000)}k`;
  if (a >= 100) return String(Math.round(v));
  if (a >= 1) return String(Number(v.toFixed(1)));
  return String(Number(v.toPrecision(2)));
}

/**
 * Scales, ticks and paths for `series` in `layout`. `yDomain` fixes the y range (e.g. [0, 1] for an
 * accuracy); otherwise it spans the finite values. With `logY`, non-positive values are skipped.
 */
export function buildLineChart(
  series: readonly Series[],
  layout: ChartLayout,
  opts: { logY?: boolean; yDomain?: [number, number]; references?: readonly ReferenceLine[] } = {},
): BuiltChart {
  const { width, height, margin } = layout;
  const inner = { x0: margin.left, x1: width - margin.right, y0: margin.top, y1: height - margin.bottom };
  const log = opts.logY ?? false;
  let xMax = 1;
  for (const s of series) for (let i = 0; i < s.xs.length; i++) if (Number.isFinite(s.xs[i]) && s.xs[i] > xMax) xMax = s.xs[i];
  const x = scaleLinear().domain([0, xMax]).range([inner.x0, inner.x1]).nice();
  const refs = (opts.references ?? []).filter((r) => Number.isFinite(r.y) && (!log || r.y > 0));
  // The reference lines are always in sight: the y range spans them too.
  const withRefs = refs.length > 0 ? [...series, { id: '', label: '', xs: refs.map(() => 0), ys: refs.map((r) => r.y) }] : series;
  let range = opts.yDomain ?? finiteRange(withRefs, log) ?? [0, 1];
  if (range[0] === range[1]) range = [range[0] * 0.9 - (log ? 0 : 0.1), range[1] * 1.1 + 0.1];
  const y: ScaleContinuousNumeric<number, number> = log
    ? scaleLog().domain([Math.max(range[0], 1e-6), Math.max(range[1], range[0] * 1.0001, 1e-6)]).range([inner.y1, inner.y0]).nice()
    : scaleLinear().domain(range).range([inner.y1, inner.y0]).nice();

  const paths = series.map((s) => {
    const n = Math.min(s.xs.length, s.ys.length);
    const stride = Math.max(1, Math.ceil(n / MAX_PATH_POINTS));
    const pts: [number, number][] = [];
    for (let i = 0; i < n; i += stride) pts.push([s.xs[i], s.ys[i]]);
    if (n > 0 && (n - 1) % stride !== 0) pts.push([s.xs[n - 1], s.ys[n - 1]]);
    const ok = (p: [number, number]): boolean => Number.isFinite(p[0]) && Number.isFinite(p[1]) && (!log || p[1] > 0);
    const gen = line<[number, number]>()
      .defined(ok)
      .x((p) => x(p[0]))
      .y((p) => y(p[1]));
    const d = gen(pts) ?? '';
    const dots = s.dots ? pts.filter(ok).map((p) => ({ x: x(p[0]), y: y(p[1]) })) : [];
    return { id: s.id, label: s.label, d, dots, color: s.color, dash: s.dash };
  });

  const xTicks = x.ticks(5).map((v) => ({ value: v, pos: x(v), label: formatTick(v) }));
  const yValues = log ? y.ticks(4).filter((_, i, all) => all.length <= 6 || i % Math.ceil(all.length / 5) === 0) : y.ticks(4);
  const yTicks = yValues.map((v) => ({ value: v, pos: y(v), label: formatTick(v) }));
  const references = refs.map((r) => ({ ...r, pos: y(r.y) }));
  return { paths, xTicks, yTicks, references, inner, xPos: (v) => x(v), yPos: (v) => y(v) };
}

/** Every finite x value of the series, sorted, each once (the points a hover can stop at). */
export function xValues(series: readonly Series[]): number[] {
  const all = new Set<number>();
  for (const s of series) for (let i = 0; i < s.xs.length; i++) if (Number.isFinite(s.xs[i])) all.add(s.xs[i]);
  return [...all].sort((a, b) => a - b);
}

/** Of sorted `xs`, the index of the value whose pixel position is nearest to `px` (-1 when none). */
export function nearestX(xs: readonly number[], px: number, xPos: (v: number) => number): number {
  let best = -1;
  let bestD = Infinity;
  for (let i = 0; i < xs.length; i++) {
    const d = Math.abs(xPos(xs[i]) - px);
    if (d < bestD) {
      best = i;
      bestD = d;
    }
  }
  return best;
}

/** Each series' value at x exactly (NaN where it has no point there), for a hover read-out. */
export function valuesAt(series: readonly Series[], xv: number): { id: string; label: string; value: number; color?: string; dash?: string }[] {
  return series.map((s) => {
    let value = Number.NaN;
    for (let i = 0; i < Math.min(s.xs.length, s.ys.length); i++) if (s.xs[i] === xv) value = s.ys[i];
    return { id: s.id, label: s.label, value, color: s.color, dash: s.dash };
  });
}
