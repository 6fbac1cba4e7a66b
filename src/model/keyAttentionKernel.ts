// Multi-head attention without the causal mask, as one plain loop over typed arrays, forward and
// backward: the encoder's self-attention and the decoder's cross-attention of the encoder–decoder's
// fused training path (CONTRACT §5). T query rows attend to S key/value rows; a key whose `valid`
// flag is 0 (a padded source position) gets weight exactly 0. Queries, keys and values are read in
// place from the projections' rows (a row stride and a column offset each), so the encoder's fused
// Q|K|V projection and the decoder's separate Q and K|V projections need no slicing copies.
// It computes the same maths as `attention` in attention.ts (mask "none" with key padding), which
// stays the readable version every panel is traced with; a unit test holds the two equal.

export interface KeyAttentionShape {
  batch: number; // B
  queries: number; // T
  keys: number; // S
  heads: number; // H
  headSize: number; // dk
}

/** Where one operand sits in its row-major matrix: row r, head h starts at r·stride + offset + h·dk. */
export interface OperandLayout {
  stride: number;
  offset: number;
}

/**
 * Forward pass. Returns the concatenated heads Z [B·T, d] and the attention weights A [B, H, T, S]
 * (zeros at invalid keys), which the backward pass needs.
 */
export function keyAttentionForward(
  q: Float32Array,
  qAt: OperandLayout,
  kv: Float32Array,
  kAt: OperandLayout,
  vAt: OperandLayout,
  valid: Uint8Array,
  s: KeyAttentionShape,
): { z: Float32Array; weights: Float32Array } {
  const { batch: B, queries: T, keys: S, heads: H, headSize: dk } = s;
  const d = H * dk;
  const scale = 1 / Math.sqrt(dk);
  const z = new Float32Array(B * T * d);
  const weights = new Float32Array(B * H * T * S);
  const scores = new Float64Array(S);
  const acc = new Float64Array(dk);
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < H; h++) {
      const wBase = (b * H + h) * T * S;
      for (let i = 0; i < T; i++) {
        const qi = (b * T + i) * qAt.stride + qAt.offset + h * dk;
        let max = -Infinity;
        for (let j = 0; j < S; j++) {
          if (!valid[b * S + j]) continue;
          const kj = (b * S + j) * kAt.stride + kAt.offset + h * dk;
          let dot = 0;
          for (let c = 0; c < dk; c++) dot += q[qi + c] * kv[kj + c];
          const sc = Math.fround(Math.fround(dot) * scale);
          scores[j] = sc;
          if (sc > max) max = sc;
        }
        let sum = 0;
        for (let j = 0; j < S; j++) {
          if (!valid[b * S + j]) continue;
          const e = Math.exp(scores[j] - max);
          scores[j] = e;
          sum += e;
        }
        acc.fill(0);
        const wRow = wBase + i * S;
        for (let j = 0; j < S; j++) {
          if (!valid[b * S + j]) continue;
          const a = Math.fround(scores[j] / sum);
          weights[wRow + j] = a;
          const vj = (b * S + j) * vAt.stride + vAt.offset + h * dk;
          for (let c = 0; c < dk; c++) acc[c] += a * kv[vj + c];
        }
        const zi = (b * T + i) * d + h * dk;
        for (let c = 0; c < dk; c++) z[zi + c] = acc[c];
      }
    }
  }
  return { z, weights };
}

/**
 * Backward pass: given dL/dZ [B·T, d], adds dL/dQ into `dq` (laid out like q) and dL/dK, dL/dV into
 * `dkv` (laid out like kv); `dq` and `dkv` may be the same array (self-attention on one Q|K|V matrix).
 * With S the scaled scores and A their softmax: dA = dZ·Vᵀ, dS = A ⊙ (dA − rowsum(A ⊙ dA)),
 * dQ = dS·K/√dk, dK = dSᵀ·Q/√dk, dV = Aᵀ·dZ.
 */
export function keyAttentionBackward(
  q: Float32Array,
  qAt: OperandLayout,
  kv: Float32Array,
  kAt: OperandLayout,
  vAt: OperandLayout,
  weights: Float32Array,
  dz: Float32Array,
  s: KeyAttentionShape,
  dq: Float32Array,
  dkv: Float32Array,
): void {
  const { batch: B, queries: T, keys: S, heads: H, headSize: dk } = s;
  const d = H * dk;
  const scale = 1 / Math.sqrt(dk);
  const dA = new Float64Array(S);
  const dqAcc = new Float64Array(dk);
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < H; h++) {
      const wBase = (b * H + h) * T * S;
      for (let i = 0; i < T; i++) {
        const dzi = (b * T + i) * d + h * dk;
        const wRow = wBase + i * S;
        let rowDot = 0;
        for (let j = 0; j < S; j++) {
          const a = weights[wRow + j];
          if (a === 0) {
            dA[j] = 0;
            continue;
          }
          const vj = (b * S + j) * vAt.stride + vAt.offset + h * dk;
          let dot = 0;
          for (let c = 0; c < dk; c++) dot += dz[dzi + c] * kv[vj + c];
          dA[j] = dot;
          rowDot += a * dot;
        }
        const qi = (b * T + i) * qAt.stride + qAt.offset + h * dk;
        dqAcc.fill(0);
        for (let j = 0; j < S; j++) {
          const a = weights[wRow + j];
          if (a === 0) continue;
          const dS = a * (dA[j] - rowDot) * scale;
          const kj = (b * S + j) * kAt.stride + kAt.offset + h * dk;
          const vj = (b * S + j) * vAt.stride + vAt.offset + h * dk;
          for (let c = 0; c < dk; c++) {
            dqAcc[c] += dS * kv[kj + c];
            dkv[kj + c] += dS * q[qi + c];
            dkv[vj + c] += a * dz[dzi + c];
          }
        }
        for (let c = 0; c < dk; c++) dq[qi + c] += dqAcc[c];
      }
    }
  }
}
