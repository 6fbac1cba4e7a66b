// The typed trace of one forward pass (CONTRACT §1, §3): every intermediate, by name, for one
// sequence of T tokens. Panels read these fields directly; nothing is looked up by string key.
// All matrices are row-major Float32Array with their shape alongside, so they can be transferred
// between worker and page without copying.

import type { ModelConfig } from './config';

/** A row-major matrix: element (r, c) is data[r * cols + c]. */
export interface Mat {
  rows: number;
  cols: number;
  data: Float32Array;
}

export interface LayerTrace {
  /** The layer's input x, [T, dModel]. */
  input: Mat;
  /** pre-LN only: LN1(x), the input of attention, [T, dModel]. */
  preNorm1?: Mat;
  /** Per head h: Q_h, K_h, V_h, each [T, dk]. */
  q: Mat[];
  k: Mat[];
  v: Mat[];
  /** Per head: S = Q_h·K_hᵀ, [T, T]. */
  scores: Mat[];
  /** Per head: S / √dk, [T, T]. */
  scaled: Mat[];
  /** Per head: scaled with entries j > i set to −Infinity (causal mask), [T, T]. */
  masked: Mat[];
  /** Per head: softmax over keys of masked, [T, T]; entries above the diagonal are exactly 0. */
  weights: Mat[];
  /** Per head: Z_h = A·V_h, [T, dk]. */
  heads: Mat[];
  /** Heads concatenated in order, [T, dModel]. */
  concat: Mat;
  /** Z·Wo + bo, [T, dModel]. */
  attention: Mat;
  /** First residual sum: x + attention, [T, dModel]. */
  residual1: Mat;
  /** post-LN: LN1(residual1), the FFN input. pre-LN: LN2(residual1), the FFN input. [T, dModel] */
  ffnInput: Mat;
  /** x·W1 + b1 before ReLU, [T, dFF]. */
  ffnHidden: Mat;
  /** ReLU(ffnHidden), [T, dFF]. */
  ffnActivation: Mat;
  /** ReLU(...)·W2 + b2, [T, dModel]. */
  ffnOutput: Mat;
  /** Second residual sum: post-LN: ffnInput + ffnOutput; pre-LN: residual1 + ffnOutput. [T, dModel] */
  residual2: Mat;
  /** post-LN only: LN2(residual2). */
  norm2?: Mat;
  /** The layer's output (post: norm2, pre: residual2), [T, dModel]. */
  output: Mat;
}

export interface ForwardTrace {
  config: ModelConfig;
  ids: number[];
  /** embeddingScale · E[tᵢ], [T, dModel]. */
  embedding: Mat;
  /** P[i] (sinusoidal or learned), [T, dModel]. */
  positional: Mat;
  /** embedding + positional, [T, dModel]. */
  input: Mat;
  layers: LayerTrace[];
  /** pre-LN only: final LayerNorm of the last layer's output. */
  finalNorm?: Mat;
  /** [T, vocabSize] */
  logits: Mat;
  /** softmax(logits), [T, vocabSize] */
  probs: Mat;
}

export function matRow(m: Mat, r: number): Float32Array {
  return m.data.subarray(r * m.cols, (r + 1) * m.cols);
}

export function matGet(m: Mat, r: number, c: number): number {
  return m.data[r * m.cols + c];
}

/** Nested arrays for JSON; −Infinity and NaN become null (JSON has no such numbers). */
export function matToJSON(m: Mat): (number | null)[][] {
  const out: (number | null)[][] = [];
  for (let r = 0; r < m.rows; r++) {
    const row: (number | null)[] = [];
    for (let c = 0; c < m.cols; c++) {
      const v = m.data[r * m.cols + c];
      row.push(Number.isFinite(v) ? v : null);
    }
    out.push(row);
  }
  return out;
}

/**
 * The trace as the JSON of CONTRACT §3 (`probe --trace`): `embedding`, `positional`, `input`, then per
 * layer the intermediates in the order they are computed, then `logits`, `probs`.
 */
export function traceToJSON(t: ForwardTrace): Record<string, unknown> {
  const layers = t.layers.map((l) => {
    const o: Record<string, unknown> = { input: matToJSON(l.input) };
    if (l.preNorm1) o.norm1 = matToJSON(l.preNorm1);
    o.q = l.q.map(matToJSON);
    o.k = l.k.map(matToJSON);
    o.v = l.v.map(matToJSON);
    o.scores = l.scores.map(matToJSON);
    o.scaled = l.scaled.map(matToJSON);
    o.masked = l.masked.map(matToJSON);
    o.weights = l.weights.map(matToJSON);
    o.heads = l.heads.map(matToJSON);
    o.concat = matToJSON(l.concat);
    o.attention = matToJSON(l.attention);
    o.residual1 = matToJSON(l.residual1);
    if (l.preNorm1) o.norm2 = matToJSON(l.ffnInput);
    else o.norm1 = matToJSON(l.ffnInput);
    o.ffnHidden = matToJSON(l.ffnHidden);
    o.ffnActivation = matToJSON(l.ffnActivation);
    o.ffnOutput = matToJSON(l.ffnOutput);
    o.residual2 = matToJSON(l.residual2);
    if (l.norm2) o.norm2 = matToJSON(l.norm2);
    o.output = matToJSON(l.output);
    return o;
  });
  const out: Record<string, unknown> = {
    embedding: matToJSON(t.embedding),
    positional: matToJSON(t.positional),
    input: matToJSON(t.input),
    layers,
  };
  if (t.finalNorm) out.finalNorm = matToJSON(t.finalNorm);
  out.logits = matToJSON(t.logits);
  out.probs = matToJSON(t.probs);
  return out;
}
