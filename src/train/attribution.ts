// Direct logit attribution through the residual stream (pure JS over a ForwardTrace and the weights).
//
// At one position p (the resolving one: the last token) the final residual vector is a sum of parts
// written into the stream: the token embedding, the positional vector, every head's output
// Z_h[p]·W_O[rows of h], the attention output bias b_O, every FFN output, and the β of every LayerNorm.
// A LayerNorm is not linear, but once its scale σ = sqrt(var(r) + ε) is frozen at the value it really
// had at p, it is affine: LN(r) = γ ⊙ (r − mean(r)) / σ + β. So each part passes through the frozen
// LayerNorms that follow it as c ↦ γ ⊙ (c − mean(c)) / σ, and β enters as a part of its own. The final
// vector is then *exactly* the sum of the parts, and its dot product with (w_answer − w_distractor) of
// the output layer (plus the bias difference) splits the logit gap into per-part contributions that
// add up to the real gap (post-LN and pre-LN alike).
//
// What it does not count: a head's effect on later layers' attention patterns and FFN inputs (those
// are folded into the later parts), and the change of σ a removed part would cause. It is a
// linearisation; knocking a head out is the causal test.

import type { AttributionPart, AttributionTerm } from '../shared/protocol';
import type { ModelConfig } from '../shared/config';
import type { ForwardTrace, Mat } from '../shared/trace';
import type { WeightMap } from '../model/weights';

export interface AttributionInput {
  trace: ForwardTrace;
  weights: WeightMap;
  /** Token ids whose logits are compared: logit(answer) − logit(distractor). */
  answerId: number;
  distractorId: number;
  /** Position to explain (default: the last one). */
  position?: number;
}

export interface Attribution {
  position: number;
  /** The real gap, from the trace's logits. */
  gap: number;
  /** Per-part contributions; they add up to `gap` (up to float rounding). */
  terms: AttributionTerm[];
  /** The sum of `terms`. */
  sum: number;
}

interface Part {
  part: AttributionPart;
  vec: Float64Array;
}

/** The weights the attribution reads (the others need not be read back from the backend). */
export function attributionWeightNames(c: ModelConfig): string[] {
  const names: string[] = [];
  for (let i = 0; i < c.nLayers; i++) {
    const p = `layers/${i}`;
    names.push(`${p}/attention/output/kernel`, `${p}/attention/output/bias`);
    if (c.norm === 'post') names.push(`${p}/norm1/gamma`, `${p}/norm1/beta`, `${p}/norm2/gamma`, `${p}/norm2/beta`);
  }
  if (c.norm === 'pre') names.push('final_norm/gamma', 'final_norm/beta');
  if (c.tiedOutput) names.push('embedding/token');
  else names.push('output/kernel', 'output/bias');
  return names;
}

function weight(weights: WeightMap, name: string): Float32Array {
  const w = weights.get(name);
  if (!w) throw new Error(`attribution: the weights have no "${name}"`);
  return w;
}

function row(m: Mat, r: number): Float64Array {
  return Float64Array.from(m.data.subarray(r * m.cols, (r + 1) * m.cols));
}

/** σ = sqrt(var(r) + ε) of one residual vector (biased variance, as the model's LayerNorm). */
export function layerNormScale(r: ArrayLike<number>, epsilon: number): number {
  let mean = 0;
  for (let i = 0; i < r.length; i++) mean += r[i];
  mean /= r.length;
  let v = 0;
  for (let i = 0; i < r.length; i++) v += (r[i] - mean) ** 2;
  return Math.sqrt(v / r.length + epsilon);
}

/** Every part through a LayerNorm with σ frozen: c ↦ γ ⊙ (c − mean(c)) / σ; then β as a new part. */
function frozenNorm(parts: Part[], gamma: Float32Array, beta: Float32Array, sigma: number, betaPart: AttributionPart): void {
  for (const p of parts) {
    const v = p.vec;
    let mean = 0;
    for (let i = 0; i < v.length; i++) mean += v[i];
    mean /= v.length;
    for (let i = 0; i < v.length; i++) v[i] = (gamma[i] * (v[i] - mean)) / sigma;
  }
  parts.push({ part: betaPart, vec: Float64Array.from(beta) });
}

/** Head h's output at position p: Z_h[p] · W_O[h·dk … (h+1)·dk − 1, :]. */
function headOutput(z: Mat, p: number, wo: Float32Array, h: number, dk: number, d: number): Float64Array {
  const out = new Float64Array(d);
  for (let j = 0; j < dk; j++) {
    const zj = z.data[p * z.cols + j];
    if (zj === 0) continue;
    const base = (h * dk + j) * d;
    for (let c = 0; c < d; c++) out[c] += zj * wo[base + c];
  }
  return out;
}

/** Splits logit(answer) − logit(distractor) at one position into exact per-part contributions. */
export function directLogitAttribution(input: AttributionInput): Attribution {
  const { trace, weights, answerId, distractorId } = input;
  const c = trace.config;
  const d = c.dModel;
  const dk = d / c.nHeads;
  const T = trace.ids.length;
  const p = input.position ?? T - 1;
  if (!Number.isInteger(p) || p < 0 || p >= T) throw new Error(`attribution: position ${p} is outside 0…${T - 1}`);
  for (const id of [answerId, distractorId]) {
    if (!Number.isInteger(id) || id < 0 || id >= c.vocabSize) throw new Error(`attribution: token id ${id} is outside the vocabulary`);
  }
  const eps = c.lnEpsilon;

  const parts: Part[] = [
    { part: { kind: 'embedding' }, vec: row(trace.embedding, p) },
    { part: { kind: 'positional' }, vec: row(trace.positional, p) },
  ];
  for (let i = 0; i < c.nLayers; i++) {
    const L = trace.layers[i];
    const pre = `layers/${i}`;
    const wo = weight(weights, `${pre}/attention/output/kernel`);
    for (let h = 0; h < c.nHeads; h++) {
      parts.push({ part: { kind: 'head', layer: i, head: h }, vec: headOutput(L.heads[h], p, wo, h, dk, d) });
    }
    parts.push({ part: { kind: 'attentionBias', layer: i }, vec: Float64Array.from(weight(weights, `${pre}/attention/output/bias`)) });
    // The parts now add up to residual1[p].
    if (c.norm === 'post') {
      frozenNorm(parts, weight(weights, `${pre}/norm1/gamma`), weight(weights, `${pre}/norm1/beta`), layerNormScale(row(L.residual1, p), eps), {
        kind: 'normBias',
        layer: i,
        norm: 'norm1',
      });
    }
    parts.push({ part: { kind: 'ffn', layer: i }, vec: row(L.ffnOutput, p) });
    // The parts now add up to residual2[p].
    if (c.norm === 'post') {
      frozenNorm(parts, weight(weights, `${pre}/norm2/gamma`), weight(weights, `${pre}/norm2/beta`), layerNormScale(row(L.residual2, p), eps), {
        kind: 'normBias',
        layer: i,
        norm: 'norm2',
      });
    }
  }
  if (c.norm === 'pre') {
    const last = trace.layers[c.nLayers - 1].output;
    frozenNorm(parts, weight(weights, 'final_norm/gamma'), weight(weights, 'final_norm/beta'), layerNormScale(row(last, p), eps), {
      kind: 'normBias',
      layer: null,
      norm: 'final',
    });
  }

  // The direction u = w_answer − w_distractor of the output layer (columns of W_out, or rows of E when tied).
  const u = new Float64Array(d);
  let biasDiff = 0;
  if (c.tiedOutput) {
    const e = weight(weights, 'embedding/token');
    for (let k = 0; k < d; k++) u[k] = e[answerId * d + k] - e[distractorId * d + k];
  } else {
    const w = weight(weights, 'output/kernel');
    const V = c.vocabSize;
    for (let k = 0; k < d; k++) u[k] = w[k * V + answerId] - w[k * V + distractorId];
    const b = weight(weights, 'output/bias');
    biasDiff = b[answerId] - b[distractorId];
  }

  const terms: AttributionTerm[] = parts.map(({ part, vec }) => {
    let s = 0;
    for (let k = 0; k < d; k++) s += vec[k] * u[k];
    return { part, value: s };
  });
  if (!c.tiedOutput) terms.push({ part: { kind: 'outputBias' }, value: biasDiff });
  const sum = terms.reduce((a, t) => a + t.value, 0);
  const logits = trace.logits;
  const gap = logits.data[p * logits.cols + answerId] - logits.data[p * logits.cols + distractorId];
  return { position: p, gap, terms, sum };
}
