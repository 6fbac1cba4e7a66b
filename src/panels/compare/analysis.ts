// The numbers the Compare view shows, computed from the two traces (pure functions, unit-tested):
// where the token sequences first differ, the difference map B − A of one head, and how much each
// head's attention row shifts between A and B at each query position (L1 distance of the rows).

import type { ForwardTrace, Mat } from '../../shared/trace';

/** The first position whose token differs (or where one sequence ends); null when they are the same. */
export function firstDifference(a: readonly string[], b: readonly string[]): number | null {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? null : n;
}

/**
 * L1 distance between row i of two attention-weight matrices over the keys both can see (0…i):
 * Σ_j |A_ij − B_ij|, from 0 (the same row) to 2 (no key in common).
 */
export function rowL1(a: Mat, b: Mat, i: number): number {
  let s = 0;
  for (let j = 0; j <= i; j++) s += Math.abs(a.data[i * a.cols + j] - b.data[i * b.cols + j]);
  return s;
}

/** B − A over the positions both have (n × n, n = the shorter length); −∞ − −∞ (masked) stays −∞. */
export function differenceMap(a: Mat, b: Mat): Mat {
  const n = Math.min(a.rows, b.rows);
  const data = new Float32Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const x = a.data[i * a.cols + j];
      const y = b.data[i * b.cols + j];
      data[i * n + j] = Number.isFinite(x) && Number.isFinite(y) ? y - x : -Infinity;
    }
  }
  return { rows: n, cols: n, data };
}

export interface HeadShift {
  layer: number;
  head: number;
  /** Mean L1 shift over the query rows from the first differing token on (0 when there are none). */
  mean: number;
  /** The largest row shift and its query position (−1 when there are no rows to compare). */
  peak: number;
  peakAt: number;
}

export interface ShiftTable {
  /** Query rows compared: 0 … n − 1 (n = the shorter length). */
  n: number;
  /** First differing position (n when the sentences are the same up to the shorter length). */
  first: number;
  /** [heads (layer-major), n]: the L1 shift of each head at each query position. */
  byPosition: Mat;
  /** Largest shift of any head at any row before `first` (exactly 0 when the causal mask holds). */
  maxBefore: number;
  /** Heads, largest mean shift first. */
  ranked: HeadShift[];
}

export function shiftTable(a: ForwardTrace, b: ForwardTrace, first: number | null): ShiftTable {
  const n = Math.min(a.ids.length, b.ids.length);
  const f = first === null ? n : Math.min(first, n);
  const { nLayers, nHeads } = a.config;
  const layers = Math.min(nLayers, b.config.nLayers);
  const heads = Math.min(nHeads, b.config.nHeads);
  const byPosition: Mat = { rows: layers * heads, cols: n, data: new Float32Array(layers * heads * n) };
  let maxBefore = 0;
  const ranked: HeadShift[] = [];
  for (let l = 0; l < layers; l++) {
    for (let h = 0; h < heads; h++) {
      const wa = a.layers[l].weights[h];
      const wb = b.layers[l].weights[h];
      const r = l * heads + h;
      let sum = 0;
      let peak = 0;
      let peakAt = -1;
      for (let i = 0; i < n; i++) {
        const s = rowL1(wa, wb, i);
        byPosition.data[r * n + i] = s;
        if (i < f) {
          maxBefore = Math.max(maxBefore, s);
          continue;
        }
        sum += s;
        if (peakAt < 0 || s > peak) {
          peak = s;
          peakAt = i;
        }
      }
      ranked.push({ layer: l, head: h, mean: n > f ? sum / (n - f) : 0, peak, peakAt });
    }
  }
  ranked.sort((x, y) => y.mean - x.mean || x.layer - y.layer || x.head - y.head);
  return { n, first: f, byPosition, maxBefore, ranked };
}
