// Matrix products whose gradients use explicit transposes.
// The WASM backend multiplies untransposed operands with XNNPACK but falls back to a much slower
// path when asked for a transposed operand, which is exactly what matMul's built-in gradient asks
// for (dA = dY·Bᵀ, dB = Aᵀ·dY). Measured in Node on the "tiny" model, batch 16 × 64: those products
// took ~15 ms each against ~1.5 ms untransposed; transposing first costs well under 1 ms.
// On WebGL, where transposition is free inside the shader, the built-in path is kept.

import * as tf from '@tensorflow/tfjs';

function explicitTranspose(): boolean {
  return tf.getBackend() !== 'webgl';
}

/** Swaps the last two axes. */
function swapLast(x: tf.Tensor): tf.Tensor {
  const perm = x.shape.map((_, i) => i);
  const n = perm.length;
  [perm[n - 2], perm[n - 1]] = [perm[n - 1], perm[n - 2]];
  return tf.transpose(x, perm);
}

const productWithTransposedGrads = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [a, b, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
  save([a, b]);
  return {
    value: tf.matMul(a, b),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sa, sb] = saved;
      return [tf.matMul(dy, swapLast(sb)), tf.matMul(swapLast(sa), dy)];
    },
  };
});

/**
 * a·b (or a·bᵀ with transposeB) for rank-2 or equally batched rank-4 operands; same value as
 * tf.matMul, faster gradients on the CPU and WASM backends.
 */
export function matMul<T extends tf.Tensor>(a: T, b: tf.Tensor, transposeB = false): T {
  if (!explicitTranspose()) return tf.matMul(a, b, false, transposeB) as T;
  return productWithTransposedGrads(a, transposeB ? swapLast(b) : b) as T;
}
