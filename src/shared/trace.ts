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

/**
 * One multi-head attention: self-attention ([T, T] maps) or cross-attention (queries from the
 * decoder's T rows, keys and values from the encoder's S rows: [T, S] maps). For attention without a
 * mask (the encoder, cross-attention) `masked` holds the same values as `scaled`.
 */
export interface AttentionTrace {
  /** Per head h: Q_h [T, dk], K_h and V_h [T or S, dk]. */
  q: Mat[];
  k: Mat[];
  v: Mat[];
  /** Per head: S = Q_h·K_hᵀ, [T, T or S]. */
  scores: Mat[];
  /** Per head: S / √dk. */
  scaled: Mat[];
  /** Per head: scaled with the causal mask's entries (j > i) set to −Infinity; = scaled when unmasked. */
  masked: Mat[];
  /** Per head: softmax over keys; rows sum to 1. */
  weights: Mat[];
  /** Per head: Z_h = A·V_h, [T, dk]. */
  heads: Mat[];
  /** Heads concatenated in order, [T, dModel]. */
  concat: Mat;
  /** Z·Wo + bo, [T, dModel]. */
  attention: Mat;
}

/**
 * One block of the decoder-only model (CONTRACT §1), or of the encoder of the encoder–decoder
 * (CONTRACT §5: the same block without the causal mask). Its attention (the AttentionTrace fields) is
 * self-attention: [T, T] maps; in the decoder-only model `masked` has the entries j > i set to
 * −Infinity, so `weights` is exactly 0 above the diagonal.
 */
export interface LayerTrace extends AttentionTrace {
  /** The layer's input x, [T, dModel]. */
  input: Mat;
  /** pre-LN only: LN1(x), the input of attention, [T, dModel]. */
  preNorm1?: Mat;
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
  /** Absent or "decoder": the decoder-only model of CONTRACT §1. */
  architecture?: 'decoder';
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

/**
 * One decoder layer of the encoder–decoder (CONTRACT §5): masked self-attention, cross-attention over
 * the encoder's output, FFN, each in a residual connection with LayerNorm. Shapes for T decoder rows.
 * post: h1 = LN1(y + Self(y)), h2 = LN2(h1 + Cross(h1, M)), out = LN3(h2 + FFN(h2)).
 * pre:  h1 = y + Self(LN1(y)), h2 = h1 + Cross(LN2(h1), M), out = h2 + FFN(LN3(h2)).
 */
export interface DecoderLayerTrace {
  /** The layer's input y, [T, dModel]. */
  input: Mat;
  /** pre-LN only: LN1(y), the input of self-attention. */
  preNorm1?: Mat;
  /** Masked self-attention over the decoder rows ([T, T] maps). */
  self: AttentionTrace;
  /** y + Self(·), [T, dModel]. */
  residual1: Mat;
  /** post: LN1(residual1) (= h1); pre: LN2(residual1). The rows cross-attention takes its queries from. */
  crossInput: Mat;
  /** Cross-attention: Q from crossInput, K and V from the encoder's output M ([T, S] maps). */
  cross: AttentionTrace;
  /** post: crossInput + Cross(·); pre: residual1 + Cross(·). [T, dModel] */
  residual2: Mat;
  /** post: LN2(residual2) (= h2); pre: LN3(residual2). The FFN input. */
  ffnInput: Mat;
  /** x·W1 + b1 before ReLU, [T, dFF]. */
  ffnHidden: Mat;
  /** ReLU(ffnHidden), [T, dFF]. */
  ffnActivation: Mat;
  /** [T, dModel] */
  ffnOutput: Mat;
  /** post: ffnInput + ffnOutput; pre: residual2 + ffnOutput. */
  residual3: Mat;
  /** post-LN only: LN3(residual3). */
  norm3?: Mat;
  /** The layer's output (post: norm3, pre: residual3). */
  output: Mat;
}

/** The inputs of one stack: embedding, positions, their sum (each [rows, dModel]). */
export interface StackInput {
  /** embeddingScale · E[tᵢ] */
  embedding: Mat;
  /** P[i], sinusoidal */
  positional: Mat;
  /** embedding + positional */
  input: Mat;
}

/** One pass of the encoder–decoder (CONTRACT §5) over S source tokens and T decoder inputs. */
export interface EncoderDecoderTrace {
  architecture: 'encoder-decoder';
  config: ModelConfig;
  /** Source token ids (no <bos>). */
  sourceIds: number[];
  /** Decoder inputs: <bos> followed by the target tokens so far. */
  targetIds: number[];
  encoder: StackInput & {
    layers: LayerTrace[];
    /** pre-LN only: encoder/final_norm of the last layer's output. */
    finalNorm?: Mat;
    /** The memory M the decoder attends to, [S, dModel] (= finalNorm when pre-LN, else the last layer's output). */
    output: Mat;
  };
  decoder: StackInput & {
    layers: DecoderLayerTrace[];
    /** pre-LN only: final_norm of the last decoder layer's output. */
    finalNorm?: Mat;
  };
  /** [T, vocabSize] */
  logits: Mat;
  /** softmax(logits), [T, vocabSize] */
  probs: Mat;
}

/** A trace of either model kind; narrow on `architecture`. */
export type ModelTrace = ForwardTrace | EncoderDecoderTrace;

export function isEncoderDecoderTrace(t: ModelTrace): t is EncoderDecoderTrace {
  return t.architecture === 'encoder-decoder';
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

/** The §3 names of one attention's intermediates, each prefixed (`cross_` for cross-attention). */
function attentionToJSON(a: AttentionTrace, o: Record<string, unknown>, prefix = ''): void {
  o[`${prefix}q`] = a.q.map(matToJSON);
  o[`${prefix}k`] = a.k.map(matToJSON);
  o[`${prefix}v`] = a.v.map(matToJSON);
  o[`${prefix}scores`] = a.scores.map(matToJSON);
  o[`${prefix}scaled`] = a.scaled.map(matToJSON);
  o[`${prefix}masked`] = a.masked.map(matToJSON);
  o[`${prefix}weights`] = a.weights.map(matToJSON);
  o[`${prefix}heads`] = a.heads.map(matToJSON);
  o[`${prefix}concat`] = matToJSON(a.concat);
  o[`${prefix}attention`] = matToJSON(a.attention);
}

/** One §1 block (decoder-only layer or encoder layer) by the names of CONTRACT §3, in computation order. */
function layerToJSON(l: LayerTrace): Record<string, unknown> {
  const o: Record<string, unknown> = { input: matToJSON(l.input) };
  if (l.preNorm1) o.norm1 = matToJSON(l.preNorm1);
  attentionToJSON(l, o);
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
}

/**
 * The trace as the JSON of CONTRACT §3 (`probe --trace`): `embedding`, `positional`, `input`, then per
 * layer the intermediates in the order they are computed, then `logits`, `probs`.
 */
export function traceToJSON(t: ForwardTrace): Record<string, unknown> {
  const out: Record<string, unknown> = {
    embedding: matToJSON(t.embedding),
    positional: matToJSON(t.positional),
    input: matToJSON(t.input),
    layers: t.layers.map(layerToJSON),
  };
  if (t.finalNorm) out.finalNorm = matToJSON(t.finalNorm);
  out.logits = matToJSON(t.logits);
  out.probs = matToJSON(t.probs);
  return out;
}

/**
 * One decoder layer of the encoder–decoder by CONTRACT §5's names, in computation order. The norms are
 * named by the LayerNorm that produced them: post-LN `norm1` = LN1(residual1) (the cross-attention
 * input), `norm2` = LN2(residual2) (the FFN input), `norm3` = LN3(residual3) (the output); pre-LN
 * `norm1` = LN1(input), `norm2` = LN2(residual1), `norm3` = LN3(residual2).
 */
function decoderLayerToJSON(l: DecoderLayerTrace): Record<string, unknown> {
  const o: Record<string, unknown> = { input: matToJSON(l.input) };
  const pre = l.preNorm1 !== undefined;
  if (l.preNorm1) o.norm1 = matToJSON(l.preNorm1);
  attentionToJSON(l.self, o);
  o.residual1 = matToJSON(l.residual1);
  o[pre ? 'norm2' : 'norm1'] = matToJSON(l.crossInput);
  attentionToJSON(l.cross, o, 'cross_');
  o.residual2 = matToJSON(l.residual2);
  o[pre ? 'norm3' : 'norm2'] = matToJSON(l.ffnInput);
  o.ffnHidden = matToJSON(l.ffnHidden);
  o.ffnActivation = matToJSON(l.ffnActivation);
  o.ffnOutput = matToJSON(l.ffnOutput);
  o.residual3 = matToJSON(l.residual3);
  if (l.norm3) o.norm3 = matToJSON(l.norm3);
  o.output = matToJSON(l.output);
  return o;
}

/**
 * The encoder–decoder trace as the JSON of CONTRACT §5 (`translate --trace`): the encoder's
 * intermediates by §3's names under `encoder` (with `finalNorm` when pre-LN and `output`, the memory
 * M), the decoder's under `decoder` (self-attention by §3's names, cross-attention as `cross_q`, …,
 * `cross_attention`), then `logits`, `probs`.
 */
export function encoderDecoderTraceToJSON(t: EncoderDecoderTrace): Record<string, unknown> {
  const encoder: Record<string, unknown> = {
    embedding: matToJSON(t.encoder.embedding),
    positional: matToJSON(t.encoder.positional),
    input: matToJSON(t.encoder.input),
    layers: t.encoder.layers.map(layerToJSON),
  };
  if (t.encoder.finalNorm) encoder.finalNorm = matToJSON(t.encoder.finalNorm);
  encoder.output = matToJSON(t.encoder.output);
  const decoder: Record<string, unknown> = {
    embedding: matToJSON(t.decoder.embedding),
    positional: matToJSON(t.decoder.positional),
    input: matToJSON(t.decoder.input),
    layers: t.decoder.layers.map(decoderLayerToJSON),
  };
  if (t.decoder.finalNorm) decoder.finalNorm = matToJSON(t.decoder.finalNorm);
  return { encoder, decoder, logits: matToJSON(t.logits), probs: matToJSON(t.probs) };
}
