// An independent float64 reference of the encoder–decoder of CONTRACT §5, in plain TypeScript (no
// TF.js), written from the contract's formulas alone:
//   encoder input X = embeddingScale·E[sᵢ] + P[i]; each encoder layer a §1 block without the causal mask;
//   pre-LN: encoder/final_norm; memory M = the encoder's output.
//   decoder input Y = embeddingScale·E[tᵢ] + P[i] over <bos> + target; each decoder layer
//     post: h1 = LN1(y + SelfMHA(y)), h2 = LN2(h1 + CrossMHA(h1, M)), out = LN3(h2 + FFN(h2))
//     pre:  h1 = y + SelfMHA(LN1(y)), h2 = h1 + CrossMHA(LN2(h1), M), out = h2 + FFN(LN3(h2)), then final_norm;
//   CrossMHA: Q = h·Wq + bq, K = M·Wk + bk, V = M·Wv + bv, no mask; head split, scaling, softmax as §1.
//   logits = x·W_out + b_out (or x·Eᵀ when tied), probs = softmax.
// Intermediates carry the names of EncoderDecoderTrace (src/shared/trace.ts), as float64 matrices.

import type { ModelConfig } from '../../src/shared/config';
import { Rng } from '../../src/data/rng';
import {
  add,
  dense,
  get,
  layerNorm,
  matmul,
  matmulT,
  sinusoidalValue,
  sliceCols,
  softmaxRows,
  weightMat,
  weightVec,
  zeros,
  type RefLayer,
  type RefMat,
} from './reference';

type Weights = Map<string, Float32Array>;

/** One multi-head attention's intermediates (per head where the trace has per-head matrices). */
export interface RefAttention {
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
}

export interface RefDecoderLayer {
  input: RefMat;
  preNorm1?: RefMat;
  self: RefAttention;
  residual1: RefMat;
  crossInput: RefMat;
  cross: RefAttention;
  residual2: RefMat;
  ffnInput: RefMat;
  ffnHidden: RefMat;
  ffnActivation: RefMat;
  ffnOutput: RefMat;
  residual3: RefMat;
  norm3?: RefMat;
  output: RefMat;
}

export interface RefStackInput {
  embedding: RefMat;
  positional: RefMat;
  input: RefMat;
}

export interface RefEncoderDecoderTrace {
  sourceIds: number[];
  targetIds: number[];
  encoder: RefStackInput & { layers: RefLayer[]; finalNorm?: RefMat; output: RefMat };
  decoder: RefStackInput & { layers: RefDecoderLayer[]; finalNorm?: RefMat };
  logits: RefMat;
  probs: RefMat;
}

export interface RefSiteHead {
  site: string; // "encoder", "decoder-self" or "cross"
  layer: number;
  head: number;
}

/** X = embeddingScale·E[ids] + P (sinusoidal, positions from 0). */
function stackInput(config: ModelConfig, E: RefMat, ids: number[]): RefStackInput {
  const d = config.dModel;
  const n = ids.length;
  if (n < 1 || n > config.contextLength) throw new Error(`reference: length ${n} outside [1, ${config.contextLength}]`);
  const embedding = zeros(n, d);
  const positional = zeros(n, d);
  for (let i = 0; i < n; i++) {
    const t = ids[i];
    if (!Number.isInteger(t) || t < 0 || t >= config.vocabSize) throw new Error(`reference: token id ${t} out of range`);
    for (let j = 0; j < d; j++) {
      embedding.data[i * d + j] = config.embeddingScale * get(E, t, j);
      positional.data[i * d + j] = sinusoidalValue(i, j, d);
    }
  }
  return { embedding, positional, input: add(embedding, positional) };
}

/**
 * Multi-head attention of the rows `x` [T, d] over `source` [S, d] with the weights under `prefix`:
 * causal sets key j > query i to −∞; knocked heads output zeros.
 */
function refAttention(
  config: ModelConfig,
  weights: Weights,
  prefix: string,
  x: RefMat,
  source: RefMat,
  causal: boolean,
  knocked: (head: number) => boolean,
): RefAttention {
  const d = config.dModel;
  const H = config.nHeads;
  const dk = d / H;
  const T = x.rows;
  const S = source.rows;
  const Q = dense(x, weightMat(weights, `${prefix}/query/kernel`, d, d), weightVec(weights, `${prefix}/query/bias`, d));
  const K = dense(source, weightMat(weights, `${prefix}/key/kernel`, d, d), weightVec(weights, `${prefix}/key/bias`, d));
  const V = dense(source, weightMat(weights, `${prefix}/value/kernel`, d, d), weightVec(weights, `${prefix}/value/bias`, d));
  const out: RefAttention = {
    q: [],
    k: [],
    v: [],
    scores: [],
    scaled: [],
    masked: [],
    weights: [],
    heads: [],
    concat: zeros(T, d),
    attention: zeros(T, d),
  };
  for (let h = 0; h < H; h++) {
    const qh = sliceCols(Q, h * dk, dk);
    const kh = sliceCols(K, h * dk, dk);
    const vh = sliceCols(V, h * dk, dk);
    const s = matmulT(qh, kh); // [T, S]
    const sc = zeros(T, S);
    const mk = zeros(T, S);
    for (let i = 0; i < T; i++) {
      for (let j = 0; j < S; j++) {
        sc.data[i * S + j] = s.data[i * S + j] / Math.sqrt(dk);
        mk.data[i * S + j] = causal && j > i ? -Infinity : sc.data[i * S + j];
      }
    }
    const a = softmaxRows(mk);
    const z = knocked(h) ? zeros(T, dk) : matmul(a, vh);
    for (let i = 0; i < T; i++) for (let j = 0; j < dk; j++) out.concat.data[i * d + h * dk + j] = get(z, i, j);
    out.q.push(qh);
    out.k.push(kh);
    out.v.push(vh);
    out.scores.push(s);
    out.scaled.push(sc);
    out.masked.push(mk);
    out.weights.push(a);
    out.heads.push(z);
  }
  out.attention = dense(out.concat, weightMat(weights, `${prefix}/output/kernel`, d, d), weightVec(weights, `${prefix}/output/bias`, d));
  return out;
}

function refNorm(config: ModelConfig, weights: Weights, prefix: string, x: RefMat): RefMat {
  const d = config.dModel;
  return layerNorm(x, weightVec(weights, `${prefix}/gamma`, d), weightVec(weights, `${prefix}/beta`, d), config.lnEpsilon);
}

function refFfn(config: ModelConfig, weights: Weights, prefix: string, x: RefMat): { hidden: RefMat; activation: RefMat; output: RefMat } {
  const { dModel: d, dFF } = config;
  const hidden = dense(x, weightMat(weights, `${prefix}/hidden/kernel`, d, dFF), weightVec(weights, `${prefix}/hidden/bias`, dFF));
  const activation = zeros(hidden.rows, dFF);
  for (let i = 0; i < hidden.data.length; i++) activation.data[i] = Math.max(0, hidden.data[i]);
  const output = dense(activation, weightMat(weights, `${prefix}/output/kernel`, dFF, d), weightVec(weights, `${prefix}/output/bias`, d));
  return { hidden, activation, output };
}

export function referenceEncoderDecoder(
  config: ModelConfig,
  weights: Weights,
  sourceIds: number[],
  targetIds: number[],
  opts: { knockout?: readonly RefSiteHead[] } = {},
): RefEncoderDecoderTrace {
  const { dModel: d, vocabSize: V } = config;
  const pre = config.norm === 'pre';
  const E = weightMat(weights, 'embedding/token', V, d);
  const knocked = (site: string, layer: number) => (head: number) =>
    (opts.knockout ?? []).some((k) => k.site === site && k.layer === layer && k.head === head);

  // Encoder: §1 blocks without the causal mask.
  const encIn = stackInput(config, E, sourceIds);
  const encoderLayers: RefLayer[] = [];
  let x = encIn.input;
  for (let l = 0; l < (config.nEncoderLayers ?? 0); l++) {
    const p = `encoder/layers/${l}`;
    const input = x;
    const preNorm1 = pre ? refNorm(config, weights, `${p}/norm1`, x) : undefined;
    const att = refAttention(config, weights, `${p}/attention`, preNorm1 ?? x, preNorm1 ?? x, false, knocked('encoder', l));
    const residual1 = add(x, att.attention);
    const ffnInput = refNorm(config, weights, pre ? `${p}/norm2` : `${p}/norm1`, residual1);
    const ffn = refFfn(config, weights, `${p}/ffn`, ffnInput);
    const residual2 = add(pre ? residual1 : ffnInput, ffn.output);
    const norm2 = pre ? undefined : refNorm(config, weights, `${p}/norm2`, residual2);
    const output = norm2 ?? residual2;
    const layer: RefLayer = {
      input,
      ...att,
      residual1,
      ffnInput,
      ffnHidden: ffn.hidden,
      ffnActivation: ffn.activation,
      ffnOutput: ffn.output,
      residual2,
      output,
    };
    if (preNorm1) layer.preNorm1 = preNorm1;
    if (norm2) layer.norm2 = norm2;
    encoderLayers.push(layer);
    x = output;
  }
  const encoderFinalNorm = pre ? refNorm(config, weights, 'encoder/final_norm', x) : undefined;
  const M = encoderFinalNorm ?? x;

  // Decoder: masked self-attention, cross-attention over M, FFN.
  const decIn = stackInput(config, E, targetIds);
  const decoderLayers: RefDecoderLayer[] = [];
  let y = decIn.input;
  for (let l = 0; l < config.nLayers; l++) {
    const p = `decoder/layers/${l}`;
    const input = y;
    let layer: RefDecoderLayer;
    if (pre) {
      const preNorm1 = refNorm(config, weights, `${p}/norm1`, y);
      const self = refAttention(config, weights, `${p}/attention`, preNorm1, preNorm1, true, knocked('decoder-self', l));
      const h1 = add(y, self.attention);
      const crossInput = refNorm(config, weights, `${p}/norm2`, h1);
      const cross = refAttention(config, weights, `${p}/cross_attention`, crossInput, M, false, knocked('cross', l));
      const h2 = add(h1, cross.attention);
      const ffnInput = refNorm(config, weights, `${p}/norm3`, h2);
      const ffn = refFfn(config, weights, `${p}/ffn`, ffnInput);
      const out = add(h2, ffn.output);
      layer = {
        input, preNorm1, self, residual1: h1, crossInput, cross, residual2: h2, ffnInput,
        ffnHidden: ffn.hidden, ffnActivation: ffn.activation, ffnOutput: ffn.output, residual3: out, output: out,
      };
    } else {
      const self = refAttention(config, weights, `${p}/attention`, y, y, true, knocked('decoder-self', l));
      const residual1 = add(y, self.attention);
      const h1 = refNorm(config, weights, `${p}/norm1`, residual1);
      const cross = refAttention(config, weights, `${p}/cross_attention`, h1, M, false, knocked('cross', l));
      const residual2 = add(h1, cross.attention);
      const h2 = refNorm(config, weights, `${p}/norm2`, residual2);
      const ffn = refFfn(config, weights, `${p}/ffn`, h2);
      const residual3 = add(h2, ffn.output);
      const out = refNorm(config, weights, `${p}/norm3`, residual3);
      layer = {
        input, self, residual1, crossInput: h1, cross, residual2, ffnInput: h2,
        ffnHidden: ffn.hidden, ffnActivation: ffn.activation, ffnOutput: ffn.output, residual3, norm3: out, output: out,
      };
    }
    decoderLayers.push(layer);
    y = layer.output;
  }
  const finalNorm = pre ? refNorm(config, weights, 'final_norm', y) : undefined;
  const last = finalNorm ?? y;
  const logits = config.tiedOutput
    ? matmulT(last, E)
    : dense(last, weightMat(weights, 'output/kernel', d, V), weightVec(weights, 'output/bias', V));
  const trace: RefEncoderDecoderTrace = {
    sourceIds: [...sourceIds],
    targetIds: [...targetIds],
    encoder: { ...encIn, layers: encoderLayers, output: M },
    decoder: { ...decIn, layers: decoderLayers },
    logits,
    probs: softmaxRows(logits),
  };
  if (encoderFinalNorm) trace.encoder.finalNorm = encoderFinalNorm;
  if (finalNorm) trace.decoder.finalNorm = finalNorm;
  return trace;
}

/** One training pair: source (no padding), decoder inputs (<bos> + target) and their next tokens (0 = ignored). */
export interface RefPair {
  source: number[];
  inputs: number[];
  targets: number[];
}

/** Mean cross-entropy −log p(targets[i] | source, inputs[0..i]) over all non-pad targets of the pairs. */
export function referenceEncoderDecoderLoss(config: ModelConfig, weights: Weights, pairs: readonly RefPair[]): number {
  let total = 0;
  let count = 0;
  for (const pair of pairs) {
    if (pair.inputs.length !== pair.targets.length) throw new Error('reference loss: inputs and targets differ in length');
    const { logits } = referenceEncoderDecoder(config, weights, pair.source, pair.inputs);
    const V = logits.cols;
    pair.targets.forEach((t, i) => {
      if (t === 0) return;
      let max = -Infinity;
      for (let j = 0; j < V; j++) max = Math.max(max, get(logits, i, j));
      let sum = 0;
      for (let j = 0; j < V; j++) sum += Math.exp(get(logits, i, j) - max);
      total -= get(logits, i, t) - max - Math.log(sum);
      count++;
    });
  }
  if (count === 0) throw new Error('reference loss: every target is padding');
  return total / count;
}

/** Every weight name of CONTRACT §5 with its shape (set order; the reference looks weights up by name). */
export function encoderDecoderWeightShapes(config: ModelConfig): { name: string; shape: number[] }[] {
  const { dModel: d, dFF, vocabSize: V } = config;
  const out: { name: string; shape: number[] }[] = [{ name: 'embedding/token', shape: [V, d] }];
  const attention = (p: string): void => {
    for (const part of ['query', 'key', 'value', 'output']) {
      out.push({ name: `${p}/${part}/kernel`, shape: [d, d] }, { name: `${p}/${part}/bias`, shape: [d] });
    }
  };
  const norm = (p: string): void => {
    out.push({ name: `${p}/gamma`, shape: [d] }, { name: `${p}/beta`, shape: [d] });
  };
  const ffn = (p: string): void => {
    out.push(
      { name: `${p}/hidden/kernel`, shape: [d, dFF] },
      { name: `${p}/hidden/bias`, shape: [dFF] },
      { name: `${p}/output/kernel`, shape: [dFF, d] },
      { name: `${p}/output/bias`, shape: [d] },
    );
  };
  for (let l = 0; l < (config.nEncoderLayers ?? 0); l++) {
    attention(`encoder/layers/${l}/attention`);
    norm(`encoder/layers/${l}/norm1`);
    norm(`encoder/layers/${l}/norm2`);
    ffn(`encoder/layers/${l}/ffn`);
  }
  if (config.norm === 'pre') norm('encoder/final_norm');
  for (let l = 0; l < config.nLayers; l++) {
    attention(`decoder/layers/${l}/attention`);
    attention(`decoder/layers/${l}/cross_attention`);
    for (const n of ['norm1', 'norm2', 'norm3']) norm(`decoder/layers/${l}/${n}`);
    ffn(`decoder/layers/${l}/ffn`);
  }
  if (config.norm === 'pre') norm('final_norm');
  if (!config.tiedOutput) out.push({ name: 'output/kernel', shape: [d, V] }, { name: 'output/bias', shape: [V] });
  return out;
}

/** Seeded random weights: kernels, biases, embeddings ~ N(0, scale²); γ 1 + N(0, 0.2²); β N(0, 0.2²). */
export function randomEncoderDecoderWeights(config: ModelConfig, seed: number, scale = 0.3): Weights {
  const rng = new Rng(seed);
  const out: Weights = new Map();
  for (const { name, shape } of encoderDecoderWeightShapes(config)) {
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
