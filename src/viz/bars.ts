// Layout maths of the horizontal bar chart (Bars.tsx): a D3 linear scale from 0 (probabilities) or
// from min(0, values) to max(0, values) (signed values such as logits), and value formatting.

import { scaleLinear } from 'd3';

export interface BarItem {
  label: string;
  value: number;
  /** What the bar stands for (a token id or a position); used as the React key and in tests. */
  index: number;
  /** A value to compare with, drawn as a light bar behind (e.g. the model's own probability). */
  reference?: number;
}

export interface BarGeometry {
  /** x of value 0 and of each bar's two ends, in pixels inside the bar area. */
  zero: number;
  bars: { x: number; width: number }[];
}

/** Bars over `width` pixels: probabilities from 0 to max(values) (at least a tiny span), signed values around 0. */
export function barGeometry(values: readonly number[], width: number, probability: boolean): BarGeometry {
  const finite = values.filter((v) => Number.isFinite(v));
  const hi = Math.max(0, ...finite);
  const lo = probability ? 0 : Math.min(0, ...finite);
  const x = scaleLinear()
    .domain([lo, hi > lo ? hi : lo + 1e-9])
    .range([0, width])
    .clamp(true);
  const zero = x(0);
  return {
    zero,
    bars: values.map((v) => {
      const end = Number.isFinite(v) ? x(v) : zero;
      return { x: Math.min(zero, end), width: Math.abs(end - zero) };
    }),
  };
}

/** A probability as a percentage ("42.1%", "< 0.1%"), or a signed value with 3 significant digits. */
export function formatBarValue(v: number, probability: boolean): string {
  if (!Number.isFinite(v)) return v === -Infinity ? '−∞' : String(v);
  if (probability) {
    if (v === 0) return '0%';
    if (v > 0 && v < 0.001) return '< 0.1%';
    return `${(v * 100).toFixed(1)}%`;
  }
  return Number(v.toPrecision(3)).toString().replace('-', '−');
}
