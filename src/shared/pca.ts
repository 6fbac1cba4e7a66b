// Principal component analysis of the rows of a matrix, in plain TypeScript (no TF.js), so the page
// can project the token-embedding matrix to 2-D itself.
//
// Method: centre the rows, form the d×d covariance C = XcᵀXc / n (population), then find its top
// eigenvectors by power iteration with deflation: v ← C·v / ‖C·v‖ until v stops changing, then
// C ← C − λ·v·vᵀ for the next one. The projection of row r on component k is (x_r − mean)·v_k, so
// the variance of the k-th coordinate over the rows is λ_k.

import type { Mat } from './trace';

export interface PcaResult {
  /** Number of components found. */
  k: number;
  /** Mean of the rows, length d. */
  mean: Float64Array;
  /** Unit-length principal directions, each of length d, largest variance first. */
  components: Float64Array[];
  /** Variance along each component (eigenvalues of the covariance), descending. */
  eigenvalues: number[];
  /** Sum of the variances of all d coordinates (trace of the covariance). */
  totalVariance: number;
  /** Row r's coordinates: projected[r * k + j]. */
  projected: Float64Array;
}

/** C = XcᵀXc / n of the centred rows, as a row-major d×d Float64Array, and the mean. */
export function covariance(m: Mat): { mean: Float64Array; cov: Float64Array } {
  const { rows: n, cols: d, data } = m;
  const mean = new Float64Array(d);
  for (let r = 0; r < n; r++) for (let c = 0; c < d; c++) mean[c] += data[r * d + c];
  for (let c = 0; c < d; c++) mean[c] /= Math.max(1, n);
  const cov = new Float64Array(d * d);
  const row = new Float64Array(d);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < d; c++) row[c] = data[r * d + c] - mean[c];
    for (let i = 0; i < d; i++) {
      const ri = row[i];
      if (ri === 0) continue;
      for (let j = i; j < d; j++) cov[i * d + j] += ri * row[j];
    }
  }
  for (let i = 0; i < d; i++) {
    for (let j = i; j < d; j++) {
      const v = cov[i * d + j] / Math.max(1, n);
      cov[i * d + j] = v;
      cov[j * d + i] = v;
    }
  }
  return { mean, cov };
}

function matVec(a: Float64Array, d: number, v: Float64Array, out: Float64Array): void {
  for (let i = 0; i < d; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += a[i * d + j] * v[j];
    out[i] = s;
  }
}

function norm(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
}

/**
 * The top eigenvector of the symmetric positive semi-definite matrix `a` (d×d), orthogonal to
 * `against`, and its eigenvalue. Deterministic start, so the same input gives the same answer.
 */
function powerIteration(a: Float64Array, d: number, against: Float64Array[], maxIter: number, tol: number): { v: Float64Array; lambda: number } {
  let v = new Float64Array(d);
  // A fixed, non-symmetric start vector (not orthogonal to any particular axis).
  for (let i = 0; i < d; i++) v[i] = 1 + ((i * 7919) % 13) / 13;
  const orthogonalise = (x: Float64Array): void => {
    for (const u of against) {
      let dot = 0;
      for (let i = 0; i < d; i++) dot += x[i] * u[i];
      for (let i = 0; i < d; i++) x[i] -= dot * u[i];
    }
  };
  orthogonalise(v);
  let n0 = norm(v);
  if (n0 === 0) return { v, lambda: 0 };
  for (let i = 0; i < d; i++) v[i] /= n0;
  let w = new Float64Array(d);
  for (let it = 0; it < maxIter; it++) {
    matVec(a, d, v, w);
    orthogonalise(w);
    n0 = norm(w);
    if (n0 < 1e-300) return { v, lambda: 0 };
    let change = 0;
    for (let i = 0; i < d; i++) {
      w[i] /= n0;
      change = Math.max(change, Math.abs(w[i] - v[i]));
    }
    [v, w] = [w, v];
    if (change < tol) break;
  }
  // Rayleigh quotient vᵀAv (v has unit length).
  matVec(a, d, v, w);
  let lambda = 0;
  for (let i = 0; i < d; i++) lambda += v[i] * w[i];
  // Sign convention: the entry of largest magnitude is positive, so the picture does not flip.
  let big = 0;
  for (let i = 1; i < d; i++) if (Math.abs(v[i]) > Math.abs(v[big])) big = i;
  if (v[big] < 0) for (let i = 0; i < d; i++) v[i] = -v[i];
  return { v, lambda: Math.max(0, lambda) };
}

/** The first `k` principal components of the rows of `m` (k ≤ cols). */
export function pca(m: Mat, k = 2, { maxIter = 3000, tol = 1e-12 } = {}): PcaResult {
  const d = m.cols;
  const kk = Math.max(0, Math.min(k, d));
  const { mean, cov } = covariance(m);
  let totalVariance = 0;
  for (let i = 0; i < d; i++) totalVariance += cov[i * d + i];
  const work = cov.slice();
  const components: Float64Array[] = [];
  const eigenvalues: number[] = [];
  for (let j = 0; j < kk; j++) {
    const { v, lambda } = powerIteration(work, d, components, maxIter, tol);
    components.push(v);
    eigenvalues.push(lambda);
    // Deflation: remove the found direction so the next iteration finds the next one.
    for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) work[a * d + b] -= lambda * v[a] * v[b];
  }
  const projected = new Float64Array(m.rows * kk);
  for (let r = 0; r < m.rows; r++) {
    for (let j = 0; j < kk; j++) {
      const v = components[j];
      let s = 0;
      for (let c = 0; c < d; c++) s += (m.data[r * d + c] - mean[c]) * v[c];
      projected[r * kk + j] = s;
    }
  }
  return { k: kk, mean, components, eigenvalues, totalVariance, projected };
}
