// An independent float64 backward pass of the decoder-only model (CONTRACT §1) for one sentence as one
// training example, written from the formulas (the chain rule, step by step in reverse), not from the
// TF.js code, so the model's own backward trace (src/train/backward.ts) can be checked against it.
//
// Loss: L = (1/(T−1)) Σ_{i=0…T−2} −log p[i, ids[i+1]].
//   ∂L/∂logits = (p − onehot(target)) / (T − 1) on rows 0…T−2, 0 on row T−1; ∂L/∂p = −1/((T−1)·p) at the target.
//   Output layer y = x·W + b: ∂x = δ·Wᵀ, ∂W = xᵀ·δ, ∂b = Σ_rows δ; tied (y = x·Eᵀ): ∂x = δ·E, ∂E += δᵀ·x.
//   LayerNorm y = γ ⊙ x̂ + β, x̂ = (x − μ)/σ, σ = √(var + ε): ∂γ = Σ_rows ∂y ⊙ x̂, ∂β = Σ_rows ∂y,
//     g = ∂y ⊙ γ, ∂x = (g − mean(g) − x̂ · mean(g ⊙ x̂)) / σ (row by row).
//   FFN: ∂act = ∂out·W2ᵀ; ∂hidden = ∂act where hidden > 0, else 0 (the ReLU mask); ∂in = ∂hidden·W1ᵀ.
//   Attention, per head: Z = A·V: ∂V = Aᵀ·∂Z, ∂A = ∂Z·Vᵀ; A = softmax(M): ∂M = A ⊙ (∂A − rowsum(∂A ⊙ A));
//     M = S/√dk with −∞ above the diagonal: ∂(S/√dk) = ∂M (0 where masked, as A is 0 there), ∂S = ∂M/√dk;
//     S = Q·Kᵀ: ∂Q = ∂S·K, ∂K = ∂Sᵀ·Q; then into Wq, Wk, Wv (and their biases) as dense layers.
//   Residual x + f(x): the gradient of the sum flows to both.
//   Embedding X = s·E[tᵢ] + P[i]: ∂E[tᵢ] += s·∂X[i] (only the sentence's token rows), learned ∂P[i] = ∂X[i].

import type { ModelConfig } from '../../src/shared/config';
import { add, get, matmul, referenceForward, weightMat, weightVec, zeros, type RefLayer, type RefMat, type RefTrace } from './reference';

/** ∂L/∂(each intermediate): the fields of RefTrace (less ids), each holding the gradient. */
export type RefGradTrace = Omit<RefTrace, 'ids'>;

export interface RefBackward {
  forward: RefTrace;
  /** −log p(target) at positions 0…T−2. */
  losses: number[];
  loss: number;
  grad: RefGradTrace;
  /** ∂L/∂W by CONTRACT §2 name, row-major. */
  weights: Map<string, Float64Array>;
}

/** aᵀ·b for a [n, k] and b [n, m] → [k, m]. */
function matmulTA(a: RefMat, b: RefMat): RefMat {
  const out = zeros(a.cols, b.cols);
  for (let r = 0; r < a.rows; r++) {
    for (let i = 0; i < a.cols; i++) {
      const x = a.data[r * a.cols + i];
      for (let j = 0; j < b.cols; j++) out.data[i * b.cols + j] += x * b.data[r * b.cols + j];
    }
  }
  return out;
}

/** a·bᵀ for a [n, k] and b [m, k] → [n, m]. */
function matmulBT(a: RefMat, b: RefMat): RefMat {
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

function colSums(m: RefMat): Float64Array {
  const out = new Float64Array(m.cols);
  for (let i = 0; i < m.rows; i++) for (let j = 0; j < m.cols; j++) out[j] += m.data[i * m.cols + j];
  return out;
}

function scale(m: RefMat, s: number): RefMat {
  const out = zeros(m.rows, m.cols);
  for (let i = 0; i < m.data.length; i++) out.data[i] = m.data[i] * s;
  return out;
}

/** Dense layer y = x·W + b backwards: ∂x = ∂y·Wᵀ; ∂W = xᵀ·∂y and ∂b = Σ_rows ∂y accumulated into `grads`. */
function denseBack(x: RefMat, w: RefMat, dy: RefMat, grads: Map<string, Float64Array>, prefix: string): RefMat {
  accumulate(grads, `${prefix}/kernel`, matmulTA(x, dy).data);
  accumulate(grads, `${prefix}/bias`, colSums(dy));
  return matmulBT(dy, w);
}

function accumulate(grads: Map<string, Float64Array>, name: string, g: Float64Array): void {
  const have = grads.get(name);
  if (!have) grads.set(name, Float64Array.from(g));
  else for (let i = 0; i < g.length; i++) have[i] += g[i];
}

/** LayerNorm y = γ ⊙ (x − μ)/σ + β backwards (row by row, over the last axis); ∂γ, ∂β into `grads`. */
function layerNormBack(x: RefMat, dy: RefMat, gamma: Float64Array, eps: number, grads: Map<string, Float64Array>, prefix: string): RefMat {
  const d = x.cols;
  const dx = zeros(x.rows, d);
  const dGamma = new Float64Array(d);
  const dBeta = new Float64Array(d);
  for (let i = 0; i < x.rows; i++) {
    let mean = 0;
    for (let j = 0; j < d; j++) mean += get(x, i, j);
    mean /= d;
    let variance = 0;
    for (let j = 0; j < d; j++) variance += (get(x, i, j) - mean) ** 2;
    variance /= d;
    const sigma = Math.sqrt(variance + eps);
    const xHat = new Float64Array(d);
    const g = new Float64Array(d);
    let meanG = 0;
    let meanGX = 0;
    for (let j = 0; j < d; j++) {
      xHat[j] = (get(x, i, j) - mean) / sigma;
      const dyj = get(dy, i, j);
      dGamma[j] += dyj * xHat[j];
      dBeta[j] += dyj;
      g[j] = dyj * gamma[j];
      meanG += g[j] / d;
      meanGX += (g[j] * xHat[j]) / d;
    }
    for (let j = 0; j < d; j++) dx.data[i * d + j] = (g[j] - meanG - xHat[j] * meanGX) / sigma;
  }
  accumulate(grads, `${prefix}/gamma`, dGamma);
  accumulate(grads, `${prefix}/beta`, dBeta);
  return dx;
}

/** The backward pass of `ids` (<bos> first) as one training example, in float64. */
export function referenceBackward(config: ModelConfig, weights: Map<string, Float32Array>, ids: number[]): RefBackward {
  const { dModel: d, nHeads, dFF, vocabSize: V } = config;
  const T = ids.length;
  if (T < 2) throw new Error('referenceBackward: needs a target');
  const dk = d / nHeads;
  const eps = config.lnEpsilon;
  const fwd = referenceForward(config, weights, ids);
  const grads = new Map<string, Float64Array>();
  const n = T - 1;

  // Loss and ∂L/∂logits, ∂L/∂p.
  const losses: number[] = [];
  const dLogits = zeros(T, V);
  const dProbs = zeros(T, V);
  for (let i = 0; i < n; i++) {
    const target = ids[i + 1];
    losses.push(-Math.log(get(fwd.probs, i, target)));
    for (let j = 0; j < V; j++) dLogits.data[i * V + j] = (get(fwd.probs, i, j) - (j === target ? 1 : 0)) / n;
    dProbs.data[i * V + target] = -1 / (n * get(fwd.probs, i, target));
  }
  const loss = losses.reduce((a, b) => a + b, 0) / n;

  // Output layer.
  const last = fwd.finalNorm ?? fwd.layers[config.nLayers - 1].output;
  const E = weightMat(weights, 'embedding/token', V, d);
  let dx: RefMat;
  if (config.tiedOutput) {
    dx = matmul(dLogits, E); // [T, V]·[V, d]
    accumulate(grads, 'embedding/token', matmulTA(dLogits, last).data); // δᵀ·x, [V, d]
  } else {
    dx = denseBack(last, weightMat(weights, 'output/kernel', d, V), dLogits, grads, 'output');
  }
  let dFinalNorm: RefMat | undefined;
  if (config.norm === 'pre') {
    dFinalNorm = dx;
    dx = layerNormBack(fwd.layers[config.nLayers - 1].output, dx, weightVec(weights, 'final_norm/gamma', d), eps, grads, 'final_norm');
  }

  // Blocks in reverse.
  const layerGrads: RefLayer[] = new Array<RefLayer>(config.nLayers);
  for (let l = config.nLayers - 1; l >= 0; l--) {
    const f = fwd.layers[l];
    const p = `layers/${l}`;
    const dOutput = dx;
    let dNorm2: RefMat | undefined;
    let dResidual2: RefMat;
    if (config.norm === 'post') {
      dNorm2 = dOutput;
      dResidual2 = layerNormBack(f.residual2, dOutput, weightVec(weights, `${p}/norm2/gamma`, d), eps, grads, `${p}/norm2`);
    } else {
      dResidual2 = dOutput;
    }
    // residual2 = (post: ffnInput, pre: residual1) + ffnOutput
    const dFfnOutput = dResidual2;
    const dAct = denseBack(f.ffnActivation, weightMat(weights, `${p}/ffn/output/kernel`, dFF, d), dFfnOutput, grads, `${p}/ffn/output`);
    const dHidden = zeros(T, dFF);
    for (let i = 0; i < dHidden.data.length; i++) dHidden.data[i] = f.ffnHidden.data[i] > 0 ? dAct.data[i] : 0;
    const dFfnIn = denseBack(f.ffnInput, weightMat(weights, `${p}/ffn/hidden/kernel`, d, dFF), dHidden, grads, `${p}/ffn/hidden`);
    let dFfnInput: RefMat;
    let dResidual1: RefMat;
    if (config.norm === 'post') {
      dFfnInput = add(dFfnIn, dResidual2);
      dResidual1 = layerNormBack(f.residual1, dFfnInput, weightVec(weights, `${p}/norm1/gamma`, d), eps, grads, `${p}/norm1`);
    } else {
      dFfnInput = dFfnIn;
      dResidual1 = add(dResidual2, layerNormBack(f.residual1, dFfnInput, weightVec(weights, `${p}/norm2/gamma`, d), eps, grads, `${p}/norm2`));
    }
    // residual1 = x + attention
    const dAttention = dResidual1;
    const dConcat = denseBack(f.concat, weightMat(weights, `${p}/attention/output/kernel`, d, d), dAttention, grads, `${p}/attention/output`);
    const dQ = zeros(T, d);
    const dK = zeros(T, d);
    const dV = zeros(T, d);
    const g = {
      q: [] as RefMat[],
      k: [] as RefMat[],
      v: [] as RefMat[],
      scores: [] as RefMat[],
      scaled: [] as RefMat[],
      masked: [] as RefMat[],
      weights: [] as RefMat[],
      heads: [] as RefMat[],
    };
    for (let h = 0; h < nHeads; h++) {
      const A = f.weights[h];
      const dZ = zeros(T, dk);
      for (let i = 0; i < T; i++) for (let j = 0; j < dk; j++) dZ.data[i * dk + j] = get(dConcat, i, h * dk + j);
      const dVh = matmulTA(A, dZ); // Aᵀ·δ, [T, dk]
      const dA = matmulBT(dZ, f.v[h]); // δ·Vᵀ, [T, T]
      const dM = zeros(T, T);
      for (let i = 0; i < T; i++) {
        let rowsum = 0;
        for (let j = 0; j < T; j++) rowsum += get(dA, i, j) * get(A, i, j);
        for (let j = 0; j < T; j++) dM.data[i * T + j] = get(A, i, j) * (get(dA, i, j) - rowsum);
      }
      const dScaled = zeros(T, T);
      for (let i = 0; i < T; i++) for (let j = 0; j <= i; j++) dScaled.data[i * T + j] = get(dM, i, j); // the mask passes nothing back
      const dS = scale(dScaled, 1 / Math.sqrt(dk));
      const dQh = matmul(dS, f.k[h]); // ∂S·K
      const dKh = matmulTA(dS, f.q[h]); // ∂Sᵀ·Q
      for (let i = 0; i < T; i++) {
        for (let j = 0; j < dk; j++) {
          dQ.data[i * d + h * dk + j] = get(dQh, i, j);
          dK.data[i * d + h * dk + j] = get(dKh, i, j);
          dV.data[i * d + h * dk + j] = get(dVh, i, j);
        }
      }
      g.q.push(dQh);
      g.k.push(dKh);
      g.v.push(dVh);
      g.scores.push(dS);
      g.scaled.push(dScaled);
      g.masked.push(dM);
      g.weights.push(dA);
      g.heads.push(dZ);
    }
    const attIn = f.preNorm1 ?? f.input;
    let dAttIn = denseBack(attIn, weightMat(weights, `${p}/attention/query/kernel`, d, d), dQ, grads, `${p}/attention/query`);
    dAttIn = add(dAttIn, denseBack(attIn, weightMat(weights, `${p}/attention/key/kernel`, d, d), dK, grads, `${p}/attention/key`));
    dAttIn = add(dAttIn, denseBack(attIn, weightMat(weights, `${p}/attention/value/kernel`, d, d), dV, grads, `${p}/attention/value`));
    let dInput: RefMat;
    let dPreNorm1: RefMat | undefined;
    if (config.norm === 'post') {
      dInput = add(dResidual1, dAttIn);
    } else {
      dPreNorm1 = dAttIn;
      dInput = add(dResidual1, layerNormBack(f.input, dAttIn, weightVec(weights, `${p}/norm1/gamma`, d), eps, grads, `${p}/norm1`));
    }
    const layer: RefLayer = {
      input: dInput,
      ...g,
      concat: dConcat,
      attention: dAttention,
      residual1: dResidual1,
      ffnInput: dFfnInput,
      ffnHidden: dHidden,
      ffnActivation: dAct,
      ffnOutput: dFfnOutput,
      residual2: dResidual2,
      output: dOutput,
    };
    if (dPreNorm1) layer.preNorm1 = dPreNorm1;
    if (dNorm2) layer.norm2 = dNorm2;
    layerGrads[l] = layer;
    dx = dInput;
  }

  // Embeddings: X = s·E[tᵢ] + P[i].
  const dInput = dx;
  const dEmbedding = dInput;
  const dPositional = dInput;
  const dE = new Float64Array(V * d);
  for (let i = 0; i < T; i++) for (let j = 0; j < d; j++) dE[ids[i] * d + j] += config.embeddingScale * get(dEmbedding, i, j);
  accumulate(grads, 'embedding/token', dE);
  if (config.positional === 'learned') {
    const dP = new Float64Array(config.contextLength * d);
    for (let i = 0; i < T; i++) for (let j = 0; j < d; j++) dP[i * d + j] = get(dPositional, i, j);
    accumulate(grads, 'embedding/position', dP);
  }

  const grad: RefGradTrace = {
    embedding: dEmbedding,
    positional: dPositional,
    input: dInput,
    layers: layerGrads,
    logits: dLogits,
    probs: dProbs,
  };
  if (dFinalNorm) grad.finalNorm = dFinalNorm;
  return { forward: fwd, losses, loss, grad, weights: grads };
}
