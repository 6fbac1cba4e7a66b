// AssemblyScript source of the causal-attention kernel (compiled to WebAssembly with SIMD by
// scripts/build-kernels.mjs into src/model/attentionWasm.ts). Same maths and memory layout as
// src/model/attentionKernel.ts, which documents them; pointers are byte offsets into this module's
// memory, every array is float32 and row-major.

/** y += alpha · x over n floats. */
@inline
function axpy(y: usize, alpha: f32, x: usize, n: i32): void {
  const a = f32x4.splat(alpha);
  let c = 0;
  for (; c + 4 <= n; c += 4) {
    const p = <usize>c << 2;
    v128.store(y + p, f32x4.add(v128.load(y + p), f32x4.mul(a, v128.load(x + p))));
  }
  for (; c < n; c++) {
    const p = <usize>c << 2;
    store<f32>(y + p, load<f32>(y + p) + alpha * load<f32>(x + p));
  }
}

/** Rows of T keys rounded up to a whole number of 4-lane vectors. */
@inline
function padded(T: i32): i32 {
  return (T + 3) & ~3;
}

/**
 * Copies column block `col` (dk wide) of rows 0…T−1 (stride `row` bytes) into `out` transposed:
 * out[c·Tp + j] = x[j, col + c], so that one 4-lane vector holds 4 consecutive keys.
 */
@inline
function transposeInto(out: usize, x: usize, row: usize, T: i32, dk: i32): void {
  const Tp = padded(T);
  for (let j = 0; j < T; j++) {
    const src = x + <usize>j * row;
    for (let c = 0; c < dk; c++) store<f32>(out + (<usize>(c * Tp + j) << 2), load<f32>(src + (<usize>c << 2)));
  }
  for (let j = T; j < Tp; j++) for (let c = 0; c < dk; c++) store<f32>(out + (<usize>(c * Tp + j) << 2), 0);
}

/**
 * out[j] = Σ_c a[c] · bT[c·Tp + j] for j = 0 … n−1, four keys per vector (n rounded up to 4; the
 * extra lanes are written but not used).
 */
@inline
function rowTimesTransposed(out: usize, a: usize, bT: usize, Tp: i32, n: i32, dk: i32): void {
  for (let j = 0; j < n; j += 4) {
    let acc = f32x4.splat(0);
    for (let c = 0; c < dk; c++) {
      acc = f32x4.add(acc, f32x4.mul(f32x4.splat(load<f32>(a + (<usize>c << 2))), v128.load(bT + (<usize>(c * Tp + j) << 2))));
    }
    v128.store(out + (<usize>j << 2), acc);
  }
}

/**
 * qkv [B·T, 3d] → z [B·T, d] (heads concatenated), weights [B, H, T, T] (zeros above the diagonal).
 * scratch holds (dk + 1)·padded(T) floats.
 */
export function forward(qkv: usize, z: usize, weights: usize, scratch: usize, B: i32, T: i32, H: i32, dk: i32): void {
  const d = H * dk;
  const row = <usize>(3 * d) << 2;
  const Tp = padded(T);
  const kT = scratch; // [dk, Tp]
  const scores = scratch + (<usize>(dk * Tp) << 2); // [Tp]
  const scale: f32 = <f32>(1.0 / Math.sqrt(<f64>dk));
  memory.fill(z, 0, (<usize>(B * T * d)) << 2);
  for (let b = 0; b < B; b++) {
    const base = qkv + <usize>(b * T) * row;
    for (let h = 0; h < H; h++) {
      const qCol = base + (<usize>(h * dk) << 2);
      const vCol = base + (<usize>(2 * d + h * dk) << 2);
      transposeInto(kT, base + (<usize>(d + h * dk) << 2), row, T, dk);
      const wBase = weights + (<usize>((b * H + h) * T * T) << 2);
      for (let i = 0; i < T; i++) {
        const wRow = wBase + (<usize>(i * T) << 2);
        rowTimesTransposed(scores, qCol + <usize>i * row, kT, Tp, i + 1, dk);
        let max: f32 = -Infinity;
        for (let j = 0; j <= i; j++) {
          const s = load<f32>(scores + (<usize>j << 2)) * scale;
          store<f32>(scores + (<usize>j << 2), s);
          if (s > max) max = s;
        }
        let sum: f32 = 0;
        for (let j = 0; j <= i; j++) {
          const p = scores + (<usize>j << 2);
          const e = Mathf.exp(load<f32>(p) - max);
          store<f32>(p, e);
          sum += e;
        }
        const zi = z + (<usize>((b * T + i) * d + h * dk) << 2);
        const inv: f32 = 1 / sum;
        for (let j = 0; j <= i; j++) {
          const a = load<f32>(scores + (<usize>j << 2)) * inv;
          store<f32>(wRow + (<usize>j << 2), a);
          axpy(zi, a, vCol + <usize>j * row, dk);
        }
        for (let j = i + 1; j < T; j++) store<f32>(wRow + (<usize>j << 2), 0);
      }
    }
  }
}

/**
 * dz [B·T, d] → dqkv [B·T, 3d], given the forward's qkv and weights; scratch holds (dk + 1)·padded(T)
 * floats. dA = dZ·Vᵀ, dS = A ⊙ (dA − rowsum(A ⊙ dA)), dQ = dS·K/√dk, dK = dSᵀ·Q/√dk, dV = Aᵀ·dZ.
 */
export function backward(
  qkv: usize,
  weights: usize,
  dz: usize,
  dqkv: usize,
  scratch: usize,
  B: i32,
  T: i32,
  H: i32,
  dk: i32,
): void {
  const d = H * dk;
  const row = <usize>(3 * d) << 2;
  const Tp = padded(T);
  const vT = scratch; // [dk, Tp]
  const dA = scratch + (<usize>(dk * Tp) << 2); // [Tp]
  const scale: f32 = <f32>(1.0 / Math.sqrt(<f64>dk));
  memory.fill(dqkv, 0, (<usize>(B * T * 3 * d)) << 2);
  for (let b = 0; b < B; b++) {
    const offset = <usize>(b * T) * row;
    for (let h = 0; h < H; h++) {
      const head = <usize>(h * dk) << 2;
      const kOff = <usize>(d + h * dk) << 2;
      const vOff = <usize>(2 * d + h * dk) << 2;
      transposeInto(vT, qkv + offset + vOff, row, T, dk);
      const wBase = weights + (<usize>((b * H + h) * T * T) << 2);
      for (let i = 0; i < T; i++) {
        const dzi = dz + (<usize>((b * T + i) * d + h * dk) << 2);
        const wRow = wBase + (<usize>(i * T) << 2);
        rowTimesTransposed(dA, dzi, vT, Tp, i + 1, dk);
        let rowDot: f32 = 0;
        for (let j = 0; j <= i; j++) rowDot += load<f32>(wRow + (<usize>j << 2)) * load<f32>(dA + (<usize>j << 2));
        const qi = qkv + offset + <usize>i * row + head;
        const dqi = dqkv + offset + <usize>i * row + head;
        for (let j = 0; j <= i; j++) {
          const a = load<f32>(wRow + (<usize>j << 2));
          const dS = a * (load<f32>(dA + (<usize>j << 2)) - rowDot) * scale;
          const rj = offset + <usize>j * row;
          axpy(dqi, dS, qkv + rj + kOff, dk);
          axpy(dqkv + rj + kOff, dS, qi, dk);
          axpy(dqkv + rj + vOff, a, dzi, dk);
        }
      }
    }
  }
}
