// What the Positional panel draws, computed from the model's position table (never recomputed from
// the formula on the page): a column of the table, the position-to-position dot products, labels.

import type { Mat } from '../../shared/trace';

/** Column `dim` of the table: the value of that dimension at every position. */
export function tableColumn(table: Mat, dim: number): Float32Array {
  const out = new Float32Array(table.rows);
  for (let r = 0; r < table.rows; r++) out[r] = table.data[r * table.cols + dim];
  return out;
}

/** S[i][j] = P[i]·P[j] for the first `n` positions (the plain dot product, not normalised), [n, n]. */
export function dotSimilarity(table: Mat, n = table.rows): Mat {
  const rows = Math.min(n, table.rows);
  const d = table.cols;
  const data = new Float32Array(rows * rows);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let c = 0; c < d; c++) s += table.data[i * d + c] * table.data[j * d + c];
      data[i * rows + j] = s;
      data[j * rows + i] = s;
    }
  }
  return { rows, cols: rows, data };
}

/** The first `n` rows of a matrix (a view, no copy). */
export function firstRows(m: Mat, n: number): Mat {
  const rows = Math.max(0, Math.min(n, m.rows));
  return { rows, cols: m.cols, data: m.data.subarray(0, rows * m.cols) };
}

/** For interleaved sinusoidal tables: dimension `dim` is sin (even) or cos (odd) of frequency index i. */
export function dimensionKind(dim: number): { fn: 'sin' | 'cos'; i: number } {
  return { fn: dim % 2 === 0 ? 'sin' : 'cos', i: Math.floor(dim / 2) };
}

/** Wavelength in positions of dimension `dim`: 2π · 10000^(2i/d). */
export function wavelength(dim: number, dModel: number): number {
  const { i } = dimensionKind(dim);
  return 2 * Math.PI * Math.pow(10000, (2 * i) / dModel);
}

/** A few dimensions worth comparing: fast, medium and slow waves, as sin/cos pairs where they fit. */
export function defaultDimensions(dModel: number): number[] {
  const picks = [0, 1, Math.round(dModel / 8) * 2 === 0 ? 2 : 2 * Math.round(dModel / 8), dModel >= 4 ? 2 * Math.floor(dModel / 4) : 0];
  return Array.from(new Set(picks.filter((p) => p >= 0 && p < dModel)));
}
