// An independent float64 reference of the forward pass of CONTRACT §1, in plain TypeScript (no TF.js).
// Written from the formulas of the contract alone, so the TF.js model can be checked against it.
// Every intermediate carries the name and meaning of the matching field of ForwardTrace
// (src/shared/trace.ts), but as float64 matrices.

import type { ModelConfig } from '../../src/shared/config';
import { Rng } from '../../src/data/rng';

/** A row-major float64 matrix: element (r, c) is data[r * cols + c]. */
export interface RefMat {
  rows: number;
  cols: number;
  data: Float64Array;
}

export interface RefLayer {
  input: RefMat;
  preNorm1?: RefMat;
  q: RefMat[];
  k: RefMat[];
  v: RefMat[];
  scores: RefMat[];
  scaled: RefMat[];
  masked: RefMat[];
  weights: RefMat[];
  heads: RefMat[];
  concat: RefMat;
  attention: RefMat;
  residual1: RefMat;
  ffnInput: RefMat;
  ffnHidden: RefMat;
  ffnActivation: RefMat;
  ffnOutput: RefMat;
  residual2: RefMat;
  norm2?: RefMat;
  output: RefMat;
}

export interface RefTrace {
  ids: number[];
  embedding: RefMat;
  positional: RefMat;
  input: RefMat;
  layers: RefLayer[];
  finalNorm?: RefMat;
  logits: RefMat;
  probs: RefMat;
}

export interface RefHead {
  layer: number;
  head: number;
}

/** The name of an intermediate of the forward pass (a field of RefTrace or RefLayer). */
export type RefField =
  | 'embedding'
  | 'positional'
  | 'input'
  | 'finalNorm'
  | 'logits'
  | Exclude<keyof RefLayer, 'input'>;

/** Where an intermediate is: its field, and its layer (and head) when it is one of a layer's. */
export interface RefSite {
  field: RefField | 'layerInput';
  layer?: number;
  head?: number;
}

export interface RefOptions {
  knockout?: readonly RefHead[];
  /**
   * Called with each intermediate right after it is computed and before it is used; it may change the
   * matrix in place (finite differences with respect to an intermediate). `layerInput` is the input of
   * a layer (for layer 0 the same matrix as `input`, else the previous layer's `output`).
   */
  perturb?: (site: RefSite, m: RefMat) => void;
}

// ---------------------------------------------------------------------------------------------
// Small float64 matrix helpers

export function zeros(rows: number, cols: number): RefMat {
  return { rows, cols, data: new Float64Array(rows * cols) };
}

export function fromRows(rows: number[][]): RefMat {
  const r = rows.length;
  const c = r === 0 ? 0 : rows[0].length;
  const m = zeros(r, c);
  rows.forEach((row, i) => {
    if (row.length !== c) throw new Error('ragged rows');
    row.forEach((v, j) => (m.data[i * c + j] = v));
  });
  return m;
}

export function toRows(m: RefMat): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < m.rows; i++) out.push(Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
  return out;
}

export function get(m: RefMat, r: number, c: number): number {
  return m.data[r * m.cols + c];
}

/** A weight from the map as a [rows, cols] float64 matrix; checks its length. */
export function weightMat(weights: Map<string, Float32Array>, name: string, rows: number, cols: number): RefMat {
  const w = weights.get(name);
  if (!w) throw new Error(`reference: missing weight ${name}`);
  if (w.length !== rows * cols) throw new Error(`reference: weight ${name} has ${w.length} values, expected ${rows * cols}`);
  return { rows, cols, data: Float64Array.from(w) };
}

export function weightVec(weights: Map<string, Float32Array>, name: string, n: number): Float64Array {
  return weightMat(weights, name, 1, n).data;
}

/** a·b for a [n, k] and b [k, m]. */
export function matmul(a: RefMat, b: RefMat): RefMat {
  if (a.cols !== b.rows) throw new Error(`matmul: ${a.rows}x${a.cols} · ${b.rows}x${b.cols}`);
  const out = zeros(a.rows, b.cols);
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < b.cols; j++) {
      let s = 0;
      for (let p = 0; p < a.cols; p++) s += a.data[i * a.cols + p] * b.data[p * b.cols + j];
      out.data[i * b.cols + j] = s;
    }
  }
  return out;
}

/** a·bᵀ for a [n, k] and b [m, k]. */
export function matmulT(a: RefMat, b: RefMat): RefMat {
  if (a.cols !== b.cols) throw new Error(`matmulT: ${a.rows}x${a.cols} · (${b.rows}x${b.cols})ᵀ`);
  const out = zeros(a.rows, b.rows);
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < b.rows; j++) {
      let s = 0;
      for (let p = 0; p < a.cols; p++) s += a.data[i * a.cols + p] * b.data[j * b.cols + p];
      out.data[i * b.rows + j] = s;
    }
  }
  return out;
}

export function addRowVec(a: RefMat, v: Float64Array): RefMat {
  const out = zeros(a.rows, a.cols);
  for (let i = 0; i < a.rows; i++) for (let j = 0; j < a.cols; j++) out.data[i * a.cols + j] = get(a, i, j) + v[j];
  return out;
}

export function add(a: RefMat, b: RefMat): RefMat {
  const out = zeros(a.rows, a.cols);
  for (let i = 0; i < a.data.length; i++) out.data[i] = a.data[i] + b.data[i];
  return out;
}

/** y = x·W + b */
export function dense(x: RefMat, w: RefMat, b: Float64Array): RefMat {
  return addRowVec(matmul(x, w), b);
}

/** Columns [c0, c0 + n) of m. */
export function sliceCols(m: RefMat, c0: number, n: number): RefMat {
  const out = zeros(m.rows, n);
  for (let i = 0; i < m.rows; i++) for (let j = 0; j < n; j++) out.data[i * n + j] = get(m, i, c0 + j);
  return out;
}

/** Softmax of each row; −Infinity entries get exactly 0. */
export function softmaxRows(m: RefMat): RefMat {
  const out = zeros(m.rows, m.cols);
  for (let i = 0; i < m.rows; i++) {
    let max = -Infinity;
    for (let j = 0; j < m.cols; j++) max = Math.max(max, get(m, i, j));
    let sum = 0;
    for (let j = 0; j < m.cols; j++) {
      const e = Math.exp(get(m, i, j) - max);
      out.data[i * m.cols + j] = e;
      sum += e;
    }
    for (let j = 0; j < m.cols; j++) out.data[i * m.cols + j] /= sum;
  }
  return out;
}

/** γ ⊙ (x − mean) / sqrt(var + ε) + β over each row, var the biased (population) variance. */
export function layerNorm(x: RefMat, gamma: Float64Array, beta: Float64Array, eps: number): RefMat {
  const d = x.cols;
  const out = zeros(x.rows, d);
  for (let i = 0; i < x.rows; i++) {
    let mean = 0;
    for (let j = 0; j < d; j++) mean += get(x, i, j);
    mean /= d;
    let variance = 0;
    for (let j = 0; j < d; j++) variance += (get(x, i, j) - mean) ** 2;
    variance /= d;
    const inv = 1 / Math.sqrt(variance + eps);
    for (let j = 0; j < d; j++) out.data[i * d + j] = gamma[j] * (get(x, i, j) - mean) * inv + beta[j];
  }
  return out;
}

/** P[pos, dim] of the sinusoidal table: sin for even dim = 2i, cos for odd dim = 2i + 1, angle pos / 10000^(2i/d). */
export function sinusoidalValue(pos: number, dim: number, dModel: number): number {
  const twoI = dim - (dim % 2);
  const angle = pos / Math.pow(10000, twoI / dModel);
  return dim % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
}

// ---------------------------------------------------------------------------------------------
// The forward pass

export function referenceForward(
  config: ModelConfig,
  weights: Map<string, Float32Array>,
  ids: number[],
  opts: RefOptions = {},
): RefTrace {
  const { dModel: d, nHeads, dFF, vocabSize: V } = config;
  const T = ids.length;
  if (T < 1 || T > config.contextLength) throw new Error(`reference: T = ${T} outside [1, ${config.contextLength}]`);
  const dk = d / nHeads;
  const E = weightMat(weights, 'embedding/token', V, d);

  const embedding = zeros(T, d);
  const positional = zeros(T, d);
  const learned = config.positional === 'learned' ? weightMat(weights, 'embedding/position', config.contextLength, d) : null;
  for (let i = 0; i < T; i++) {
    const t = ids[i];
    if (!Number.isInteger(t) || t < 0 || t >= V) throw new Error(`reference: token id ${t} out of range`);
    for (let j = 0; j < d; j++) {
      embedding.data[i * d + j] = config.embeddingScale * get(E, t, j);
      positional.data[i * d + j] = learned ? get(learned, i, j) : sinusoidalValue(i, j, d);
    }
  }
  const hook = opts.perturb ?? ((): void => {});
  hook({ field: 'embedding' }, embedding);
  hook({ field: 'positional' }, positional);
  const input = add(embedding, positional);
  hook({ field: 'input' }, input);

  const knocked = new Set((opts.knockout ?? []).map((h) => `${h.layer}:${h.head}`));
  const layers: RefLayer[] = [];
  let x = input;
  for (let l = 0; l < config.nLayers; l++) {
    const p = `layers/${l}/`;
    const Wq = weightMat(weights, `${p}attention/query/kernel`, d, d);
    const Wk = weightMat(weights, `${p}attention/key/kernel`, d, d);
    const Wv = weightMat(weights, `${p}attention/value/kernel`, d, d);
    const Wo = weightMat(weights, `${p}attention/output/kernel`, d, d);
    const bq = weightVec(weights, `${p}attention/query/bias`, d);
    const bk = weightVec(weights, `${p}attention/key/bias`, d);
    const bv = weightVec(weights, `${p}attention/value/bias`, d);
    const bo = weightVec(weights, `${p}attention/output/bias`, d);
    const g1 = weightVec(weights, `${p}norm1/gamma`, d);
    const b1n = weightVec(weights, `${p}norm1/beta`, d);
    const g2 = weightVec(weights, `${p}norm2/gamma`, d);
    const b2n = weightVec(weights, `${p}norm2/beta`, d);
    const W1 = weightMat(weights, `${p}ffn/hidden/kernel`, d, dFF);
    const b1 = weightVec(weights, `${p}ffn/hidden/bias`, dFF);
    const W2 = weightMat(weights, `${p}ffn/output/kernel`, dFF, d);
    const b2 = weightVec(weights, `${p}ffn/output/bias`, d);

    const layerInput = x;
    hook({ field: 'layerInput', layer: l }, x);
    const preNorm1 = config.norm === 'pre' ? layerNorm(x, g1, b1n, config.lnEpsilon) : undefined;
    if (preNorm1) hook({ field: 'preNorm1', layer: l }, preNorm1);
    const attIn = preNorm1 ?? x;
    const Q = dense(attIn, Wq, bq);
    const K = dense(attIn, Wk, bk);
    const Vm = dense(attIn, Wv, bv);

    const q: RefMat[] = [];
    const k: RefMat[] = [];
    const v: RefMat[] = [];
    const scores: RefMat[] = [];
    const scaled: RefMat[] = [];
    const masked: RefMat[] = [];
    const weightsA: RefMat[] = [];
    const heads: RefMat[] = [];
    const concat = zeros(T, d);
    for (let h = 0; h < nHeads; h++) {
      const at = { layer: l, head: h };
      const qh = sliceCols(Q, h * dk, dk);
      const kh = sliceCols(K, h * dk, dk);
      const vh = sliceCols(Vm, h * dk, dk);
      hook({ field: 'q', ...at }, qh);
      hook({ field: 'k', ...at }, kh);
      hook({ field: 'v', ...at }, vh);
      const s = matmulT(qh, kh);
      hook({ field: 'scores', ...at }, s);
      const sc = zeros(T, T);
      const mk = zeros(T, T);
      for (let i = 0; i < T; i++) for (let j = 0; j < T; j++) sc.data[i * T + j] = s.data[i * T + j] / Math.sqrt(dk);
      hook({ field: 'scaled', ...at }, sc);
      for (let i = 0; i < T; i++) for (let j = 0; j < T; j++) mk.data[i * T + j] = j > i ? -Infinity : sc.data[i * T + j];
      hook({ field: 'masked', ...at }, mk);
      const a = softmaxRows(mk);
      hook({ field: 'weights', ...at }, a);
      const z = knocked.has(`${l}:${h}`) ? zeros(T, dk) : matmul(a, vh);
      hook({ field: 'heads', ...at }, z);
      for (let i = 0; i < T; i++) for (let j = 0; j < dk; j++) concat.data[i * d + h * dk + j] = get(z, i, j);
      q.push(qh);
      k.push(kh);
      v.push(vh);
      scores.push(s);
      scaled.push(sc);
      masked.push(mk);
      weightsA.push(a);
      heads.push(z);
    }
    hook({ field: 'concat', layer: l }, concat);
    const attention = dense(concat, Wo, bo);
    hook({ field: 'attention', layer: l }, attention);
    const residual1 = add(x, attention);
    hook({ field: 'residual1', layer: l }, residual1);
    const ffnInput =
      config.norm === 'post' ? layerNorm(residual1, g1, b1n, config.lnEpsilon) : layerNorm(residual1, g2, b2n, config.lnEpsilon);
    hook({ field: 'ffnInput', layer: l }, ffnInput);
    const ffnHidden = dense(ffnInput, W1, b1);
    hook({ field: 'ffnHidden', layer: l }, ffnHidden);
    const ffnActivation = zeros(T, dFF);
    for (let i = 0; i < ffnHidden.data.length; i++) ffnActivation.data[i] = Math.max(0, ffnHidden.data[i]);
    hook({ field: 'ffnActivation', layer: l }, ffnActivation);
    const ffnOutput = dense(ffnActivation, W2, b2);
    hook({ field: 'ffnOutput', layer: l }, ffnOutput);
    const residual2 = config.norm === 'post' ? add(ffnInput, ffnOutput) : add(residual1, ffnOutput);
    hook({ field: 'residual2', layer: l }, residual2);
    const norm2 = config.norm === 'post' ? layerNorm(residual2, g2, b2n, config.lnEpsilon) : undefined;
    if (norm2) hook({ field: 'norm2', layer: l }, norm2);
    const output = norm2 ?? residual2;
    hook({ field: 'output', layer: l }, output);
    const layer: RefLayer = {
      input: layerInput,
      q,
      k,
      v,
      scores,
      scaled,
      masked,
      weights: weightsA,
      heads,
      concat,
      attention,
      residual1,
      ffnInput,
      ffnHidden,
      ffnActivation,
      ffnOutput,
      residual2,
      output,
    };
    if (preNorm1) layer.preNorm1 = preNorm1;
    if (norm2) layer.norm2 = norm2;
    layers.push(layer);
    x = output;
  }

  let finalNorm: RefMat | undefined;
  if (config.norm === 'pre') {
    finalNorm = layerNorm(x, weightVec(weights, 'final_norm/gamma', d), weightVec(weights, 'final_norm/beta', d), config.lnEpsilon);
    hook({ field: 'finalNorm' }, finalNorm);
    x = finalNorm;
  }
  const logits = config.tiedOutput
    ? matmulT(x, E)
    : dense(x, weightMat(weights, 'output/kernel', d, V), weightVec(weights, 'output/bias', V));
  hook({ field: 'logits' }, logits);
  const probs = softmaxRows(logits);
  const trace: RefTrace = { ids: [...ids], embedding, positional, input, layers, logits, probs };
  if (finalNorm) trace.finalNorm = finalNorm;
  return trace;
}

/**
 * Mean next-token cross-entropy −log p(targets[i] | ids[0..i]) over the positions whose target is not
 * the pad id 0. `ids` and `targets` are one sequence each, or arrays of sequences (a batch); the mean
 * is over all non-pad targets of the batch.
 */
export function referenceLoss(
  config: ModelConfig,
  weights: Map<string, Float32Array>,
  ids: number[] | number[][],
  targets: number[] | number[][],
  opts: RefOptions = {},
): number {
  const idRows = (Array.isArray(ids[0]) ? ids : [ids]) as number[][];
  const targetRows = (Array.isArray(targets[0]) ? targets : [targets]) as number[][];
  if (idRows.length !== targetRows.length) throw new Error('referenceLoss: ids and targets differ in batch size');
  let total = 0;
  let count = 0;
  idRows.forEach((row, b) => {
    const tg = targetRows[b];
    if (tg.length !== row.length) throw new Error('referenceLoss: ids and targets differ in length');
    const { logits } = referenceForward(config, weights, row, opts);
    const V = logits.cols;
    for (let i = 0; i < row.length; i++) {
      if (tg[i] === 0) continue;
      // log-softmax, stable: logit[t] − max − log Σ exp(logit − max)
      let max = -Infinity;
      for (let j = 0; j < V; j++) max = Math.max(max, get(logits, i, j));
      let sum = 0;
      for (let j = 0; j < V; j++) sum += Math.exp(get(logits, i, j) - max);
      total -= get(logits, i, tg[i]) - max - Math.log(sum);
      count++;
    }
  });
  if (count === 0) throw new Error('referenceLoss: every target is padding');
  return total / count;
}

// ---------------------------------------------------------------------------------------------
// Random weights for tests

/** Every weight name of CONTRACT §2 with its shape, for this config (table order). */
export function referenceWeightShapes(config: ModelConfig): { name: string; shape: number[] }[] {
  const { dModel: d, dFF, vocabSize: V } = config;
  const out: { name: string; shape: number[] }[] = [{ name: 'embedding/token', shape: [V, d] }];
  if (config.positional === 'learned') out.push({ name: 'embedding/position', shape: [config.contextLength, d] });
  for (let l = 0; l < config.nLayers; l++) {
    const p = `layers/${l}/`;
    for (const part of ['query', 'key', 'value', 'output']) {
      out.push({ name: `${p}attention/${part}/kernel`, shape: [d, d] });
      out.push({ name: `${p}attention/${part}/bias`, shape: [d] });
    }
    for (const n of ['norm1', 'norm2']) {
      out.push({ name: `${p}${n}/gamma`, shape: [d] });
      out.push({ name: `${p}${n}/beta`, shape: [d] });
    }
    out.push({ name: `${p}ffn/hidden/kernel`, shape: [d, dFF] });
    out.push({ name: `${p}ffn/hidden/bias`, shape: [dFF] });
    out.push({ name: `${p}ffn/output/kernel`, shape: [dFF, d] });
    out.push({ name: `${p}ffn/output/bias`, shape: [d] });
  }
  if (config.norm === 'pre') {
    out.push({ name: 'final_norm/gamma', shape: [d] });
    out.push({ name: 'final_norm/beta', shape: [d] });
  }
  if (!config.tiedOutput) {
    out.push({ name: 'output/kernel', shape: [d, V] });
    out.push({ name: 'output/bias', shape: [V] });
  }
  return out;
}

/**
 * Seeded random weights with values large enough to matter: kernels, biases and embeddings ~ N(0, scale²),
 * LayerNorm gammas 1 + N(0, 0.2²), betas N(0, 0.2²).
 */
export function randomWeights(config: ModelConfig, seed: number, scale = 0.3): Map<string, Float32Array> {
  const rng = new Rng(seed);
  const out = new Map<string, Float32Array>();
  for (const { name, shape } of referenceWeightShapes(config)) {
    const n = shape.reduce((a, b) => a * b, 1);
    const w = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      if (name.endsWith('/gamma')) w[i] = 1 + 0.2 * rng.normal();
      else if (name.endsWith('/beta')) w[i] = 0.2 * rng.normal();
      else w[i] = scale * rng.normal();
    }
    out.set(name, w);
  }
  return out;
}
