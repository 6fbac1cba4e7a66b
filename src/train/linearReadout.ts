// A linear read-out ("probe"): is a yes/no fact linearly readable from a set of vectors? Fits an
// L2-regularised logistic regression on training vectors and scores it on held-out ones. Plain
// TypeScript in float64, no TF.js: deterministic, the same on every machine.
//
// Model: p(y = 1 | x) = σ(w·z + b) with z = (x − μ) / s, μ and s the per-feature mean and standard
// deviation of the training vectors (a feature with s = 0 is left at 0). Loss:
//   L(w, b) = Σᵢ −[yᵢ log pᵢ + (1 − yᵢ) log(1 − pᵢ)] + (λ/2)·|w|²      (b is not penalised)
// minimised by Newton's method (iteratively reweighted least squares), which needs no learning rate
// and converges in a handful of steps; λ > 0 keeps the solution finite when the classes are separable.

export interface ReadoutOptions {
  /** L2 penalty λ on the weights (default 1). */
  l2?: number;
  /** Newton iterations at most (default 50). */
  maxIterations?: number;
  /** Stop when the largest parameter change is below this (default 1e-8). */
  tolerance?: number;
}

export interface LinearReadout {
  /** Weights on the standardised features, then the bias (last). */
  weights: Float64Array;
  bias: number;
  mean: Float64Array;
  scale: Float64Array;
  iterations: number;
  /** p(y = 1) for a raw vector. */
  predict(x: ArrayLike<number>): number;
}

function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** Solves A·x = b for a symmetric positive definite A (n × n, row-major) by Cholesky; A is not changed. */
export function solveSpd(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * n + j];
      for (let k = 0; k < j; k++) s -= l[i * n + k] * l[j * n + k];
      if (i === j) {
        if (!(s > 0)) throw new Error('linear read-out: the system is not positive definite');
        l[i * n + i] = Math.sqrt(s);
      } else {
        l[i * n + j] = s / l[j * n + j];
      }
    }
  }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[i * n + k] * y[k];
    y[i] = s / l[i * n + i];
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i];
    for (let k = i + 1; k < n; k++) s -= l[k * n + i] * x[k];
    x[i] = s / l[i * n + i];
  }
  return x;
}

/** Fits the read-out on vectors xs (all of one length) with labels ys (0 or 1). */
export function fitLogisticReadout(xs: readonly ArrayLike<number>[], ys: readonly number[], opts: ReadoutOptions = {}): LinearReadout {
  const n = xs.length;
  if (n === 0 || ys.length !== n) throw new Error(`linear read-out: ${n} vectors and ${ys.length} labels`);
  const d = xs[0].length;
  const l2 = opts.l2 ?? 1;
  const maxIterations = opts.maxIterations ?? 50;
  const tolerance = opts.tolerance ?? 1e-8;
  if (!(l2 > 0)) throw new Error('linear read-out: the L2 penalty must be positive');

  const mean = new Float64Array(d);
  const scale = new Float64Array(d);
  for (const x of xs) {
    if (x.length !== d) throw new Error(`linear read-out: vectors of lengths ${d} and ${x.length}`);
    for (let j = 0; j < d; j++) mean[j] += x[j] / n;
  }
  for (const x of xs) for (let j = 0; j < d; j++) scale[j] += (x[j] - mean[j]) ** 2 / n;
  for (let j = 0; j < d; j++) scale[j] = Math.sqrt(scale[j]);
  const z = xs.map((x) => {
    const row = new Float64Array(d + 1);
    for (let j = 0; j < d; j++) row[j] = scale[j] > 1e-12 ? (x[j] - mean[j]) / scale[j] : 0;
    row[d] = 1; // the bias feature
    return row;
  });

  const m = d + 1;
  let theta = new Float64Array(m);
  let iterations = 0;
  for (let it = 0; it < maxIterations; it++) {
    iterations = it + 1;
    // Gradient g = Zᵀ(p − y) + λ·w and Hessian H = Zᵀ·diag(p(1 − p))·Z + λ·I (no penalty on the bias).
    const g = new Float64Array(m);
    const h = new Float64Array(m * m);
    for (let i = 0; i < n; i++) {
      const row = z[i];
      let s = 0;
      for (let j = 0; j < m; j++) s += row[j] * theta[j];
      const p = sigmoid(s);
      const r = p - ys[i];
      const w = Math.max(p * (1 - p), 1e-12);
      for (let j = 0; j < m; j++) {
        g[j] += r * row[j];
        const wj = w * row[j];
        for (let k = 0; k <= j; k++) h[j * m + k] += wj * row[k];
      }
    }
    for (let j = 0; j < m; j++) for (let k = 0; k < j; k++) h[k * m + j] = h[j * m + k];
    for (let j = 0; j < d; j++) {
      g[j] += l2 * theta[j];
      h[j * m + j] += l2;
    }
    h[d * m + d] += 1e-9; // keeps H positive definite when every p(1 − p) underflows
    const step = solveSpd(h, g, m);
    const next = new Float64Array(m);
    let change = 0;
    for (let j = 0; j < m; j++) {
      next[j] = theta[j] - step[j];
      change = Math.max(change, Math.abs(step[j]));
    }
    theta = next;
    if (change < tolerance) break;
  }

  const weights = theta.slice(0, d);
  const bias = theta[d];
  return {
    weights,
    bias,
    mean,
    scale,
    iterations,
    predict(x: ArrayLike<number>): number {
      let s = bias;
      for (let j = 0; j < d; j++) if (scale[j] > 1e-12) s += weights[j] * ((x[j] - mean[j]) / scale[j]);
      return sigmoid(s);
    },
  };
}

/** Share of vectors whose prediction (p > 0.5) matches the label. */
export function readoutAccuracy(r: LinearReadout, xs: readonly ArrayLike<number>[], ys: readonly number[]): number {
  if (xs.length === 0) return 0;
  let right = 0;
  xs.forEach((x, i) => {
    if ((r.predict(x) > 0.5 ? 1 : 0) === ys[i]) right++;
  });
  return right / xs.length;
}

/**
 * A linear read-out of one of several classes: ridge regression of one-hot labels on the standardised
 * vectors (one least-squares solve for all classes, (ZᵀZ + λI)·W = ZᵀY, the bias column unpenalised),
 * predicting the class with the largest score.
 */
export interface RidgeClassifier {
  predict(x: ArrayLike<number>): number;
}

export function fitRidgeClassifier(xs: readonly ArrayLike<number>[], labels: readonly number[], classes: number, opts: { l2?: number } = {}): RidgeClassifier {
  const n = xs.length;
  if (n === 0 || labels.length !== n) throw new Error(`ridge read-out: ${n} vectors and ${labels.length} labels`);
  const d = xs[0].length;
  const l2 = opts.l2 ?? 1;
  const m = d + 1;
  const mean = new Float64Array(d);
  const scale = new Float64Array(d);
  for (const x of xs) for (let j = 0; j < d; j++) mean[j] += x[j] / n;
  for (const x of xs) for (let j = 0; j < d; j++) scale[j] += (x[j] - mean[j]) ** 2 / n;
  for (let j = 0; j < d; j++) scale[j] = Math.sqrt(scale[j]);
  const features = (x: ArrayLike<number>): Float64Array => {
    const z = new Float64Array(m);
    for (let j = 0; j < d; j++) z[j] = scale[j] > 1e-12 ? (x[j] - mean[j]) / scale[j] : 0;
    z[d] = 1;
    return z;
  };
  const a = new Float64Array(m * m);
  const b = Array.from({ length: classes }, () => new Float64Array(m));
  xs.forEach((x, i) => {
    const z = features(x);
    for (let j = 0; j < m; j++) for (let k = 0; k < m; k++) a[j * m + k] += z[j] * z[k];
    const c = labels[i];
    if (!Number.isInteger(c) || c < 0 || c >= classes) throw new Error(`ridge read-out: label ${c} is not a class`);
    for (let j = 0; j < m; j++) b[c][j] += z[j];
  });
  for (let j = 0; j < d; j++) a[j * m + j] += l2;
  a[d * m + d] += 1e-9;
  const w = b.map((rhs) => solveSpd(a, rhs, m));
  return {
    predict(x: ArrayLike<number>): number {
      const z = features(x);
      let best = 0;
      let bestScore = -Infinity;
      w.forEach((wc, c) => {
        let s = 0;
        for (let j = 0; j < m; j++) s += wc[j] * z[j];
        if (s > bestScore) [best, bestScore] = [c, s];
      });
      return best;
    },
  };
}
