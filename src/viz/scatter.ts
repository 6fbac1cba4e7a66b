// Pure layout of a 2-D scatter plot: D3 linear scales with a little padding, "nice" ticks, and the
// mapping from data to SVG coordinates. The React component (Scatter.tsx) draws what this computes.

import { scaleLinear, type ScaleLinear } from 'd3';

export interface ScatterPoint {
  x: number;
  y: number;
  label: string;
}

export interface ScatterLayout {
  x: ScaleLinear<number, number>;
  y: ScaleLinear<number, number>;
  xTicks: number[];
  yTicks: number[];
  margin: { top: number; right: number; bottom: number; left: number };
  width: number;
  height: number;
}

/** Extent of finite values, widened by `pad` (a fraction) on each side; [−1, 1] when empty or flat. */
export function paddedExtent(values: readonly number[], pad = 0.06): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!(hi >= lo)) return [-1, 1];
  if (hi === lo) return [lo - 1, hi + 1];
  const p = (hi - lo) * pad;
  return [lo - p, hi + p];
}

export function scatterLayout(points: readonly ScatterPoint[], width: number, height: number): ScatterLayout {
  const margin = { top: 12, right: 16, bottom: 40, left: 48 };
  const x = scaleLinear()
    .domain(paddedExtent(points.map((p) => p.x)))
    .range([margin.left, width - margin.right])
    .nice();
  const y = scaleLinear()
    .domain(paddedExtent(points.map((p) => p.y)))
    .range([height - margin.bottom, margin.top])
    .nice();
  return { x, y, xTicks: x.ticks(6), yTicks: y.ticks(6), margin, width, height };
}

/** Index of the point nearest to SVG coordinates (px, py) within `radius` pixels, or −1. */
export function nearestPoint(points: readonly ScatterPoint[], layout: ScatterLayout, px: number, py: number, radius = 12): number {
  let best = -1;
  let bestD = radius * radius;
  points.forEach((p, i) => {
    const dx = layout.x(p.x) - px;
    const dy = layout.y(p.y) - py;
    const d = dx * dx + dy * dy;
    if (d <= bestD) {
      bestD = d;
      best = i;
    }
  });
  return best;
}

export interface LabelBox {
  /** Index of the point. */
  index: number;
  /** Text anchor position in SVG coordinates. */
  x: number;
  y: number;
  anchor: 'start' | 'end';
}

/**
 * Greedy placement of the labels of `indices` (in order of priority) so that they overlap neither
 * each other nor the plot edge: each label tries four spots around its point (right-above,
 * right-below, left-above, left-below) and takes the first free one (the first one if none is free).
 * `textWidth` estimates a label's width in pixels.
 */
export function placeLabels(
  points: readonly ScatterPoint[],
  layout: ScatterLayout,
  indices: readonly number[],
  textWidth: (label: string) => number,
  fontSize = 12,
): LabelBox[] {
  const placed: { x0: number; y0: number; x1: number; y1: number }[] = [];
  const out: LabelBox[] = [];
  const { margin, width, height } = layout;
  for (const i of indices) {
    const p = points[i];
    const px = layout.x(p.x);
    const py = layout.y(p.y);
    const w = textWidth(p.label);
    const spots = [
      { x: px + 7, y: py - 5, anchor: 'start' as const },
      { x: px + 7, y: py + fontSize + 2, anchor: 'start' as const },
      { x: px - 7, y: py - 5, anchor: 'end' as const },
      { x: px - 7, y: py + fontSize + 2, anchor: 'end' as const },
    ];
    const boxOf = (s: (typeof spots)[number]) => {
      const x0 = s.anchor === 'start' ? s.x : s.x - w;
      return { x0, x1: x0 + w, y0: s.y - fontSize, y1: s.y + 2 };
    };
    const fits = (b: ReturnType<typeof boxOf>): boolean =>
      b.x0 >= margin.left && b.x1 <= width - margin.right + 8 && b.y0 >= margin.top - 4 && b.y1 <= height - margin.bottom &&
      placed.every((q) => b.x1 <= q.x0 || b.x0 >= q.x1 || b.y1 <= q.y0 || b.y0 >= q.y1);
    const spot = spots.find((s) => fits(boxOf(s))) ?? spots[0];
    placed.push(boxOf(spot));
    out.push({ index: i, ...spot });
  }
  return out;
}
