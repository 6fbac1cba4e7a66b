// Causal multi-head attention as one plain loop over typed arrays, forward and backward.
//
// The training step on the WASM and CPU backends spends most of its time here otherwise: TF.js's WASM
// backend multiplies batched [B, H, T, dk] operands with a scalar fallback (XNNPACK only takes 2-D
// products), and splitting heads costs a transpose per operand and per gradient. This kernel reads
// Q, K and V straight from the fused projection [B·T, 3d] (columns q | k | v, head h at h·dk …), skips
// the masked half of every T×T block (keys after the query contribute exactly 0), and writes the heads
// already concatenated, [B·T, d]. It computes the same maths as `multiHeadAttention` (CONTRACT §1),
// which stays the readable version every panel is traced with; a unit test holds the two equal.

export interface AttentionShape {
  batch: number;
  length: number; // T
  heads: number; // H
  headSize: number; // dk
}

/** Where one (sequence b, head h) block starts: column offsets of its q, k, v in qkv, of its weights. */
interface HeadBlock {
  /** Offset of this block's first row in Z or dZ ([B·T, d]): (b·T)·d + h·dk. */
  zCol: number;
  qCol: number;
  kCol: number;
  vCol: number;
  wBase: number;
}

function forEachHead(s: AttentionShape, visit: (block: HeadBlock) => void): void {
  const { batch: B, length: T, heads: H, headSize: dk } = s;
  const d = H * dk;
  for (let b = 0; b < B; b++) {
    const base = b * T * 3 * d;
    for (let h = 0; h < H; h++) {
      visit({ zCol: b * T * d + h * dk, qCol: base + h * dk, kCol: base + d + h * dk, vCol: base + 2 * d + h * dk, wBase: (b * H + h) * T * T });
    }
  }
}

/**
 * Forward pass. `qkv` is [B·T, 3d] row-major. Returns the concatenated heads Z [B·T, d] and the
 * attention weights A [B, H, T, T] (zeros above the diagonal), which the backward pass needs.
 */
export function attentionForward(qkv: Float32Array, s: AttentionShape): { z: Float32Array; weights: Float32Array } {
  const { batch: B, length: T, heads: H, headSize: dk } = s;
  const d = H * dk;
  const row = 3 * d;
  const scale = 1 / Math.sqrt(dk);
  const z = new Float32Array(B * T * d);
  const weights = new Float32Array(B * H * T * T);
  const scores = new Float64Array(T);
  const acc = new Float64Array(dk);
  forEachHead(s, ({ zCol, qCol, kCol, vCol, wBase }) => {
    for (let i = 0; i < T; i++) {
      const qi = qCol + i * row;
      let max = -Infinity;
      for (let j = 0; j <= i; j++) {
        const kj = kCol + j * row;
        let dot = 0;
        for (let c = 0; c < dk; c++) dot += qkv[qi + c] * qkv[kj + c];
        const sc = Math.fround(Math.fround(dot) * scale);
        scores[j] = sc;
        if (sc > max) max = sc;
      }
      let sum = 0;
      for (let j = 0; j <= i; j++) {
        const e = Math.exp(scores[j] - max);
        scores[j] = e;
        sum += e;
      }
      acc.fill(0);
      const wRow = wBase + i * T;
      for (let j = 0; j <= i; j++) {
        const a = Math.fround(scores[j] / sum);
        weights[wRow + j] = a;
        const vj = vCol + j * row;
        for (let c = 0; c < dk; c++) acc[c] += a * qkv[vj + c];
      }
      const zi = zCol + i * d;
      for (let c = 0; c < dk; c++) z[zi + c] = acc[c];
    }
  });
  return { z, weights };
}

/**
 * Backward pass: given dL/dZ [B·T, d], returns dL/d(qkv) [B·T, 3d]. With S the scaled scores and A
 * their softmax: dA = dZ·Vᵀ, dS = A ⊙ (dA − rowsum(A ⊙ dA)), dQ = dS·K/√dk, dK = dSᵀ·Q/√dk, dV = Aᵀ·dZ.
 */
export function attentionBackward(
  qkv: Float32Array,
  weights: Float32Array,
  dz: Float32Array,
  s: AttentionShape,
): Float32Array {
  const { batch: B, length: T, heads: H, headSize: dk } = s;
  const d = H * dk;
  const row = 3 * d;
  const scale = 1 / Math.sqrt(dk);
  const dqkv = new Float32Array(B * T * row);
  const dA = new Float64Array(T);
  const dq = new Float64Array(dk);
  forEachHead(s, ({ zCol, qCol, kCol, vCol, wBase }) => {
    for (let i = 0; i < T; i++) {
      const dzi = zCol + i * d;
      const wRow = wBase + i * T;
      let rowDot = 0;
      for (let j = 0; j <= i; j++) {
        const vj = vCol + j * row;
        let dot = 0;
        for (let c = 0; c < dk; c++) dot += dz[dzi + c] * qkv[vj + c];
        dA[j] = dot;
        rowDot += weights[wRow + j] * dot;
      }
      const qi = qCol + i * row;
      dq.fill(0);
      for (let j = 0; j <= i; j++) {
        const a = weights[wRow + j];
        const dS = a * (dA[j] - rowDot) * scale;
        const kj = kCol + j * row;
        const vj = vCol + j * row;
        for (let c = 0; c < dk; c++) {
          dq[c] += dS * qkv[kj + c];
          dqkv[kj + c] += dS * qkv[qi + c];
          dqkv[vj + c] += a * dz[dzi + c];
        }
      }
      for (let c = 0; c < dk; c++) dqkv[qi + c] = dq[c];
    }
  });
  return dqkv;
}
