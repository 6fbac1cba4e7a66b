// PCA of src/shared/pca.ts (power iteration with deflation) checked against an independent cyclic
// Jacobi eigen-decomposition of a covariance computed here in float64, and against data whose
// principal axes are known.

import { describe, expect, it } from 'vitest';
import { pca } from '../../src/shared/pca';
import type { Mat } from '../../src/shared/trace';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Eigenvalues and eigenvectors (columns of V) of a symmetric matrix by cyclic Jacobi rotations. */
function jacobi(a0: number[][]): { values: number[]; vectors: number[][] } {
  const n = a0.length;
  const a = a0.map((r) => r.slice());
  const v: number[][] = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p][q] ** 2;
    if (off < 1e-24) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        if (Math.abs(a[p][q]) < 1e-300) continue;
        const theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k][p];
          const akq = a[k][q];
          a[k][p] = c * akp - s * akq;
          a[k][q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p][k];
          const aqk = a[q][k];
          a[p][k] = c * apk - s * aqk;
          a[q][k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k][p];
          const vkq = v[k][q];
          v[k][p] = c * vkp - s * vkq;
          v[k][q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => a[j][j] - a[i][i]);
  return { values: order.map((i) => a[i][i]), vectors: order.map((i) => v.map((row) => row[i])) };
}

function randomData(n: number, d: number, seed: number): { mat: Mat; rows: number[][] } {
  const r = rng(seed);
  const rows: number[][] = [];
  for (let i = 0; i < n; i++) {
    // Different spread per column, plus a correlation between columns 0 and 1, and an offset.
    const z = Array.from({ length: d }, (_, j) => (r() - 0.5) * (d - j) * 2);
    z[1] += 0.8 * z[0];
    rows.push(z.map((v, j) => v + j * 0.3));
  }
  const data = new Float32Array(n * d);
  rows.forEach((row, i) => row.forEach((v, j) => (data[i * d + j] = v)));
  // Use the float32 values for the reference too.
  const back = rows.map((row, i) => row.map((_, j) => data[i * d + j]));
  return { mat: { rows: n, cols: d, data }, rows: back };
}

function covarianceRef(rows: number[][]): number[][] {
  const n = rows.length;
  const d = rows[0].length;
  const mean = Array.from({ length: d }, (_, j) => rows.reduce((s, r) => s + r[j], 0) / n);
  return Array.from({ length: d }, (_, a) =>
    Array.from({ length: d }, (_, b) => rows.reduce((s, r) => s + (r[a] - mean[a]) * (r[b] - mean[b]), 0) / n),
  );
}

const dot = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};

describe('pca', () => {
  const { mat, rows } = randomData(80, 7, 3);
  const result = pca(mat, 2);
  const ref = jacobi(covarianceRef(rows));

  it('finds the two largest eigenvalues of the covariance (Jacobi reference)', () => {
    expect(result.eigenvalues).toHaveLength(2);
    for (let k = 0; k < 2; k++) expect(result.eigenvalues[k]).toBeCloseTo(ref.values[k], 6);
    expect(result.totalVariance).toBeCloseTo(ref.values.reduce((s, v) => s + v, 0), 6);
    expect(ref.values[0]).toBeGreaterThan(ref.values[1]);
  });

  it('components are orthonormal and equal the reference eigenvectors up to sign', () => {
    const [c0, c1] = result.components;
    expect(dot(c0, c0)).toBeCloseTo(1, 10);
    expect(dot(c1, c1)).toBeCloseTo(1, 10);
    expect(Math.abs(dot(c0, c1))).toBeLessThan(1e-8);
    expect(Math.abs(dot(c0, ref.vectors[0]))).toBeCloseTo(1, 6);
    expect(Math.abs(dot(c1, ref.vectors[1]))).toBeCloseTo(1, 6);
  });

  it('the projected coordinates have mean 0 and variance equal to the eigenvalues', () => {
    for (let k = 0; k < 2; k++) {
      const xs = Array.from({ length: mat.rows }, (_, r) => result.projected[r * 2 + k]);
      const mean = xs.reduce((s, v) => s + v, 0) / xs.length;
      const variance = xs.reduce((s, v) => s + (v - mean) ** 2, 0) / xs.length;
      expect(Math.abs(mean)).toBeLessThan(1e-9);
      expect(variance).toBeCloseTo(result.eigenvalues[k], 6);
    }
  });

  it('points on a line: the first axis is the line, the second has no variance', () => {
    const n = 20;
    const data = new Float32Array(n * 2);
    for (let i = 0; i < n; i++) {
      data[i * 2] = i;
      data[i * 2 + 1] = 2 * i + 5;
    }
    const p = pca({ rows: n, cols: 2, data }, 2);
    expect(Math.abs(p.components[0][0])).toBeCloseTo(1 / Math.sqrt(5), 8);
    expect(Math.abs(p.components[0][1])).toBeCloseTo(2 / Math.sqrt(5), 8);
    expect(p.eigenvalues[1]).toBeCloseTo(0, 8);
    // Population variance of 0…19 along the line of slope 2: var(i)·(1 + 4).
    expect(p.eigenvalues[0]).toBeCloseTo(((n * n - 1) / 12) * 5, 6);
  });

  it('is deterministic and keeps a fixed sign convention', () => {
    const again = pca(mat, 2);
    expect(Array.from(again.projected)).toEqual(Array.from(result.projected));
    for (const c of result.components) {
      const big = c.reduce((bi, v, i) => (Math.abs(v) > Math.abs(c[bi]) ? i : bi), 0);
      expect(c[big]).toBeGreaterThan(0);
    }
  });
});
