// Reading the BackwardTrace: the CONTRACT §2 names of the weights a step shows, a weight's gradient as
// a matrix, the rows of the loss, the entries of Adam's update, the payoff. Pure functions: every
// number they return is a number of the trace (picked, counted or arranged, never recomputed), so
// what the page shows is what the worker's backward pass computed. Unit-tested.

import { DEFAULT_TRACED_WEIGHT, type AdamUpdate, type BackwardTrace, type WeightGradient } from '../../shared/backward';
import type { LayerTrace, Mat } from '../../shared/trace';
import type { AdamEntry, LossRow, NormItem, PayoffRow } from './types';

export type AttentionPart = 'query' | 'key' | 'value' | 'output';

/** The CONTRACT §2 weight names, built in one place. */
export const WEIGHT = {
  tokenEmbedding: 'embedding/token',
  positionEmbedding: 'embedding/position',
  outputKernel: 'output/kernel',
  outputBias: 'output/bias',
  finalNorm: (p: 'gamma' | 'beta'): string => `final_norm/${p}`,
  attention: (layer: number, part: AttentionPart, kind: 'kernel' | 'bias'): string => `layers/${layer}/attention/${part}/${kind}`,
  norm: (layer: number, n: 1 | 2, p: 'gamma' | 'beta'): string => `layers/${layer}/norm${n}/${p}`,
  ffn: (layer: number, part: 'hidden' | 'output', kind: 'kernel' | 'bias'): string => `layers/${layer}/ffn/${part}/${kind}`,
} as const;

/** How a weight is written for people: its layer (0-based, null outside the layers) and its symbol. */
export interface WeightSymbol {
  layer: number | null;
  /** A maths symbol, the same in every language: W_Q, b_Q, γ₁, W₁, E, W_out … */
  symbol: string;
}

const ATTENTION_SYMBOL: Record<string, string> = { query: 'Q', key: 'K', value: 'V', output: 'O' };
const SUB: Record<string, string> = { '1': '₁', '2': '₂' };

/** The symbol of a CONTRACT §2 weight name (unknown names are returned as they are). */
export function weightSymbol(name: string): WeightSymbol {
  if (name === WEIGHT.tokenEmbedding) return { layer: null, symbol: 'E' };
  if (name === WEIGHT.positionEmbedding) return { layer: null, symbol: 'P' };
  if (name === WEIGHT.outputKernel) return { layer: null, symbol: 'W_out' };
  if (name === WEIGHT.outputBias) return { layer: null, symbol: 'b_out' };
  let m = /^final_norm\/(gamma|beta)$/.exec(name);
  if (m) return { layer: null, symbol: `${m[1] === 'gamma' ? 'γ' : 'β'}_final` };
  m = /^layers\/(\d+)\/attention\/(query|key|value|output)\/(kernel|bias)$/.exec(name);
  if (m) return { layer: Number(m[1]), symbol: `${m[3] === 'kernel' ? 'W' : 'b'}_${ATTENTION_SYMBOL[m[2]]}` };
  m = /^layers\/(\d+)\/norm([12])\/(gamma|beta)$/.exec(name);
  if (m) return { layer: Number(m[1]), symbol: `${m[3] === 'gamma' ? 'γ' : 'β'}${SUB[m[2]]}` };
  m = /^layers\/(\d+)\/ffn\/(hidden|output)\/(kernel|bias)$/.exec(name);
  if (m) return { layer: Number(m[1]), symbol: `${m[3] === 'kernel' ? 'W' : 'b'}${m[2] === 'hidden' ? '₁' : '₂'}` };
  return { layer: null, symbol: name };
}

const indexes = new WeakMap<BackwardTrace, Map<string, WeightGradient>>();

/** A weight's gradient by its CONTRACT §2 name (undefined when the model has no such weight). */
export function weightGradient(trace: BackwardTrace, name: string): WeightGradient | undefined {
  let index = indexes.get(trace);
  if (!index) {
    index = new Map(trace.weights.map((w) => [w.name, w]));
    indexes.set(trace, index);
  }
  return index.get(name);
}

/** A tensor as a matrix: [a, b] is a × b; a vector [n] is one row of n. */
export function tensorMat(shape: readonly number[], data: Float32Array): Mat {
  if (shape.length === 2) return { rows: shape[0], cols: shape[1], data };
  return { rows: 1, cols: data.length, data };
}

/** A weight's gradient as a matrix, or null when the model has no such weight. */
export function weightMat(trace: BackwardTrace, name: string): Mat | null {
  const w = weightGradient(trace, name);
  return w ? tensorMat(w.shape, w.data) : null;
}

/** T: the sentence's length (with <bos>). */
export function lengthOf(trace: BackwardTrace): number {
  return trace.forward.ids.length;
}

/** The forward pass's last hidden state (what the output layer reads) and its gradient. */
export function lastHidden(trace: BackwardTrace): { value: Mat; grad: Mat } {
  const f = trace.forward;
  const g = trace.grad;
  if (f.finalNorm && g.finalNorm) return { value: f.finalNorm, grad: g.finalNorm };
  return { value: f.layers[f.layers.length - 1].output, grad: g.layers[g.layers.length - 1].output };
}

/** Forward and gradient of one layer. */
export function layerPair(trace: BackwardTrace, layer: number): { f: LayerTrace; g: LayerTrace } {
  return { f: trace.forward.layers[layer], g: trace.grad.layers[layer] };
}

/** Token text at a position (the vocabulary's word when no text is known). */
function tokenText(tokens: readonly string[], vocab: readonly string[], ids: readonly number[], i: number): string {
  return tokens[i] ?? vocab[ids[i]] ?? String(i);
}

/** The loss at each position 0 … T−2: the token, the real next token, p(next) and −log p(next). */
export function lossRows(trace: BackwardTrace, tokens: readonly string[], vocab: readonly string[]): LossRow[] {
  const ids = trace.forward.ids;
  const probs = trace.forward.probs;
  return trace.targets.map((targetId, pos) => ({
    pos,
    token: tokenText(tokens, vocab, ids, pos),
    target: tokenText(tokens, vocab, ids, pos + 1),
    targetId,
    p: probs.data[pos * probs.cols + targetId],
    loss: trace.losses[pos],
  }));
}

/** Indices of the `n` largest |values| (largest first; ties by index). */
export function topAbs(values: ArrayLike<number>, n: number): number[] {
  const idx = Array.from({ length: values.length }, (_, i) => i);
  idx.sort((a, b) => Math.abs(values[b]) - Math.abs(values[a]) || a - b);
  return idx.slice(0, Math.max(0, n));
}

/** In a [T, T] attention-shaped matrix: how many cells the causal mask hides (j > i), and how many of them are exactly 0. */
export function maskedCells(mat: Mat): { masked: number; zero: number } {
  let masked = 0;
  let zero = 0;
  for (let i = 0; i < mat.rows; i++) {
    for (let j = i + 1; j < mat.cols; j++) {
      masked++;
      if (mat.data[i * mat.cols + j] === 0) zero++;
    }
  }
  return { masked, zero };
}

/** The ReLU's gate from the forward pass: 1 where its input was positive, else 0. */
export function reluGate(hidden: Mat): Mat {
  const data = new Float32Array(hidden.data.length);
  for (let i = 0; i < data.length; i++) data[i] = hidden.data[i] > 0 ? 1 : 0;
  return { rows: hidden.rows, cols: hidden.cols, data };
}

/** One row of a gradient next to the gate: how many entries the ReLU let through, and whether every stopped entry is exactly 0. */
export function gatedRow(gate: Mat, grad: Mat, row: number): { open: number; closed: number; closedAllZero: boolean } {
  let open = 0;
  let closed = 0;
  let closedAllZero = true;
  for (let c = 0; c < gate.cols; c++) {
    const i = row * gate.cols + c;
    if (gate.data[i] === 1) open++;
    else {
      closed++;
      if (grad.data[i] !== 0) closedAllZero = false;
    }
  }
  return { open, closed, closedAllZero };
}

/** The L2 norm of each row (the size of that row's gradient). */
export function rowNorms(mat: Mat): number[] {
  const out: number[] = [];
  for (let r = 0; r < mat.rows; r++) {
    let s = 0;
    for (let c = 0; c < mat.cols; c++) s += mat.data[r * mat.cols + c] ** 2;
    out.push(Math.sqrt(s));
  }
  return out;
}

/** The rows `rows` of a matrix, in that order, as a new matrix. */
export function pickRows(mat: Mat, rows: readonly number[]): Mat {
  const data = new Float32Array(rows.length * mat.cols);
  rows.forEach((r, i) => data.set(mat.data.subarray(r * mat.cols, (r + 1) * mat.cols), i * mat.cols));
  return { rows: rows.length, cols: mat.cols, data };
}

/**
 * The rows of the token-embedding gradient: the sentence's distinct token ids (first appearance
 * order) with their gradient's norm and positions, and how many other rows are exactly zero.
 */
export function embeddingRows(
  grad: Mat,
  ids: readonly number[],
  vocab: readonly string[],
): { rows: { id: number; word: string; norm: number; positions: number[] }[]; zeroRows: number } {
  const seen = new Map<number, number[]>();
  ids.forEach((id, pos) => {
    const list = seen.get(id);
    if (list) list.push(pos);
    else seen.set(id, [pos]);
  });
  const norms = rowNorms(grad);
  let zeroRows = 0;
  for (let r = 0; r < grad.rows; r++) if (!seen.has(r) && norms[r] === 0) zeroRows++;
  return {
    rows: [...seen.entries()].map(([id, positions]) => ({ id, word: vocab[id] ?? `#${id}`, norm: norms[id] ?? 0, positions })),
    zeroRows,
  };
}

/** Every weight's gradient size, in manifest order. */
export function normItems(trace: BackwardTrace): NormItem[] {
  return trace.weights.map((w) => ({ name: w.name, norm: w.norm, size: w.data.length }));
}

/** The chosen entries of Adam's update: the `n` with the largest |clipped gradient|, every number from the trace. */
export function adamEntries(u: AdamUpdate, n: number): AdamEntry[] {
  const cols = u.shape.length === 2 ? u.shape[1] : 0;
  return topAbs(u.grad, n).map((i) => ({
    index: i,
    row: cols > 0 ? Math.floor(i / cols) : i,
    col: cols > 0 ? i % cols : -1,
    before: u.before[i],
    grad: u.grad[i],
    m: u.m[i],
    v: u.v[i],
    mHat: u.mHat[i],
    vHat: u.vHat[i],
    delta: u.delta[i],
    after: u.after[i],
  }));
}

/** p(real next token) and the loss at each position, before and after the update. */
export function payoffRows(trace: BackwardTrace, tokens: readonly string[], vocab: readonly string[]): PayoffRow[] {
  const after = trace.after.probs;
  return lossRows(trace, tokens, vocab).map((r) => ({
    pos: r.pos,
    token: r.token,
    target: r.target,
    before: r.p,
    after: after.data[r.pos * after.cols + r.targetId],
    lossBefore: r.loss,
    lossAfter: trace.after.losses[r.pos],
  }));
}

/** Every weight name of a decoder-only model of this config, in CONTRACT §2 manifest order. */
export function weightNamesFor(config: { nLayers: number; norm: 'post' | 'pre'; positional: 'sinusoidal' | 'learned'; tiedOutput: boolean }): string[] {
  const names: string[] = [WEIGHT.tokenEmbedding];
  if (config.positional === 'learned') names.push(WEIGHT.positionEmbedding);
  for (let i = 0; i < config.nLayers; i++) {
    for (const part of ['query', 'key', 'value', 'output'] as const) names.push(WEIGHT.attention(i, part, 'kernel'), WEIGHT.attention(i, part, 'bias'));
    for (const n of [1, 2] as const) names.push(WEIGHT.norm(i, n, 'gamma'), WEIGHT.norm(i, n, 'beta'));
    names.push(WEIGHT.ffn(i, 'hidden', 'kernel'), WEIGHT.ffn(i, 'hidden', 'bias'), WEIGHT.ffn(i, 'output', 'kernel'), WEIGHT.ffn(i, 'output', 'bias'));
  }
  if (config.norm === 'pre') names.push(WEIGHT.finalNorm('gamma'), WEIGHT.finalNorm('beta'));
  if (!config.tiedOutput) names.push(WEIGHT.outputKernel, WEIGHT.outputBias);
  return names;
}

/** The weight whose update the walk-through shows by default (the worker's default too). */
export const DEFAULT_WEIGHT = DEFAULT_TRACED_WEIGHT;

/**
 * The row the walk-through highlights until the learner picks one: the position where the model was
 * most wrong (the largest loss), whose gradients are the largest at the top (the last token predicts
 * nothing in this example; its row there is 0).
 */
export function defaultRow(trace: Pick<BackwardTrace, 'losses'>): number {
  let best = 0;
  trace.losses.forEach((l, i) => {
    if (l > trace.losses[best]) best = i;
  });
  return best;
}
