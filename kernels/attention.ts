// AssemblyScript source of the causal-attention kernel (compiled to WebAssembly with SIMD by
// scripts/build-kernels.mjs into src/model/attentionWasm.ts). Same maths and memory layout as
// src/model/attentionKernel.ts, which documents them; pointers are byte offsets into this module's
// memory, every array is float32 and row-major.

/** a · b over n floats (n a multiple of 4 is fastest). */
@inline
function dot(a: usize, b: usize, n: i32): f32 {
  let acc = f32x4.splat(0);
  let c = 0;
  for (; c + 4 <= n; c += 4) {
    acc = f32x4.add(acc, f32x4.mul(v128.load(a + (<usize>c << 2)), v128.load(b + (<usize>c << 2))));
  }
  let sum: f32 =
    f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3);
  for (; c < n; c++) sum += load<f32>(a + (<usize>c << 2)) * load<f32>(b + (<usize>c << 2));
  return sum;
}

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

/** qkv [B·T, 3d] → z [B·T, d] (heads concatenated), weights [B, H, T, T] (zeros above the diagonal). */
export function forward(qkv: usize, z: usize, weights: usize, B: i32, T: i32, H: i32, dk: i32): void {
  const d = H * dk;
  const row = <usize>(3 * d) << 2;
  const scale: f32 = <f32>(1.0 / Math.sqrt(<f64>dk));
  memory.fill(z, 0, (<usize>(B * T * d)) << 2);
  for (let b = 0; b < B; b++) {
    const base = qkv + <usize>(b * T) * row;
    for (let h = 0; h < H; h++) {
      const qCol = base + (<usize>(h * dk) << 2);
      const kCol = base + (<usize>(d + h * dk) << 2);
      const vCol = base + (<usize>(2 * d + h * dk) << 2);
      const wBase = weights + (<usize>((b * H + h) * T * T) << 2);
      for (let i = 0; i < T; i++) {
        const qi = qCol + <usize>i * row;
        const wRow = wBase + (<usize>(i * T) << 2);
        let max: f32 = -Infinity;
        for (let j = 0; j <= i; j++) {
          const s = dot(qi, kCol + <usize>j * row, dk) * scale;
          store<f32>(wRow + (<usize>j << 2), s);
          if (s > max) max = s;
        }
        let sum: f32 = 0;
        for (let j = 0; j <= i; j++) {
          const p = wRow + (<usize>j << 2);
          const e = Mathf.exp(load<f32>(p) - max);
          store<f32>(p, e);
          sum += e;
        }
        const zi = z + (<usize>((b * T + i) * d + h * dk) << 2);
        for (let j = 0; j <= i; j++) {
          const p = wRow + (<usize>j << 2);
          const a = load<f32>(p) / sum;
          store<f32>(p, a);
          axpy(zi, a, vCol + <usize>j * row, dk);
        }
        for (let j = i + 1; j < T; j++) store<f32>(wRow + (<usize>j << 2), 0);
      }
    }
  }
}

/**
 * dz [B·T, d] → dqkv [B·T, 3d], given the forward's qkv and weights; scratch holds T floats.
 * dA = dZ·Vᵀ, dS = A ⊙ (dA − rowsum(A ⊙ dA)), dQ = dS·K/√dk, dK = dSᵀ·Q/√dk, dV = Aᵀ·dZ.
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
  const scale: f32 = <f32>(1.0 / Math.sqrt(<f64>dk));
  memory.fill(dqkv, 0, (<usize>(B * T * 3 * d)) << 2);
  for (let b = 0; b < B; b++) {
    const offset = <usize>(b * T) * row;
    for (let h = 0; h < H; h++) {
      const head = <usize>(h * dk) << 2;
      const kOff = <usize>(d + h * dk) << 2;
      const vOff = <usize>(2 * d + h * dk) << 2;
      const wBase = weights + (<usize>((b * H + h) * T * T) << 2);
      for (let i = 0; i < T; i++) {
        const dzi = dz + (<usize>((b * T + i) * d + h * dk) << 2);
        const wRow = wBase + (<usize>(i * T) << 2);
        let rowDot: f32 = 0;
        for (let j = 0; j <= i; j++) {
          const dA = dot(dzi, qkv + offset + <usize>j * row + vOff, dk);
          store<f32>(scratch + (<usize>j << 2), dA);
          rowDot += load<f32>(wRow + (<usize>j << 2)) * dA;
        }
        const qi = qkv + offset + <usize>i * row + head;
        const dqi = dqkv + offset + <usize>i * row + head;
        for (let j = 0; j <= i; j++) {
          const a = load<f32>(wRow + (<usize>j << 2));
          const dS = a * (load<f32>(scratch + (<usize>j << 2)) - rowDot) * scale;
          const rj = offset + <usize>j * row;
          axpy(dqi, dS, qkv + rj + kOff, dk);
          axpy(dqkv + rj + kOff, dS, qi, dk);
          axpy(dqkv + rj + vOff, a, dzi, dk);
        }
      }
    }
  }
}
