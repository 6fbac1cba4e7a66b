// Geometry of the attention "line view": query tokens in a column on the left, key tokens in a column
// on the right, one line per (query, key) pair whose weight is big enough to see. Stroke width and
// opacity grow with the weight. Pure (no DOM), so the numbers drawn can be tested against the matrix.

import type { Mat } from '../shared/trace';

export interface AttentionLine {
  query: number;
  key: number;
  weight: number;
  y1: number;
  y2: number;
  width: number;
  opacity: number;
}

export interface LineLayout {
  rowHeight: number;
  top: number;
  height: number;
  lines: AttentionLine[];
}

/** Vertical centre of row `i`. */
export function rowY(layout: Pick<LineLayout, 'rowHeight' | 'top'>, i: number): number {
  return layout.top + (i + 0.5) * layout.rowHeight;
}

/**
 * Lines for a weight matrix [T, T] (rows: queries, columns: keys). Weights below `minWeight`, and
 * non-finite ones, are left out. Widths go from 0.5 px up to `maxWidth` for a weight of 1.
 */
export function attentionLines(weights: Mat, { rowHeight = 22, top = 8, minWeight = 0.02, maxWidth = 8 } = {}): LineLayout {
  const lines: AttentionLine[] = [];
  const base = { rowHeight, top };
  for (let q = 0; q < weights.rows; q++) {
    for (let k = 0; k < weights.cols; k++) {
      const w = weights.data[q * weights.cols + k];
      if (!Number.isFinite(w) || w < minWeight) continue;
      lines.push({
        query: q,
        key: k,
        weight: w,
        y1: rowY(base, q),
        y2: rowY(base, k),
        width: 0.5 + (maxWidth - 0.5) * Math.min(1, w),
        opacity: 0.15 + 0.85 * Math.min(1, w),
      });
    }
  }
  // Light lines first, so the strong ones are drawn on top.
  lines.sort((a, b) => a.weight - b.weight);
  return { rowHeight, top, height: top * 2 + Math.max(weights.rows, weights.cols) * rowHeight, lines };
}
