// Gradient clipping by global norm: all gradients are scaled by one factor so that the norm of
// their concatenation is at most clipNorm. Keeps one bad batch from throwing the weights far away.

import * as tf from '@tensorflow/tfjs';

/** sqrt(Σ over all tensors of Σ g²). Call inside tf.tidy. */
export function globalNorm(tensors: readonly tf.Tensor[]): tf.Scalar {
  if (tensors.length === 0) return tf.scalar(0);
  const squares = tensors.map((g) => tf.sum(tf.square(g)));
  return tf.sqrt(tf.addN(squares)) as tf.Scalar;
}

/**
 * Returns the gradients scaled by clipNorm / max(norm, clipNorm) and the norm before clipping.
 * clipNorm ≤ 0 or non-finite means no clipping (the norm is still returned). Call inside tf.tidy.
 */
export function clipByGlobalNorm<T extends tf.Tensor>(
  grads: readonly T[],
  clipNorm: number,
  /** The norm when already computed (it must be that of `grads`). */
  knownNorm?: tf.Scalar,
): { grads: T[]; norm: tf.Scalar } {
  const norm = knownNorm ?? globalNorm(grads);
  if (!(clipNorm > 0) || !Number.isFinite(clipNorm)) return { grads: [...grads], norm };
  const scale = tf.div(tf.scalar(clipNorm), tf.maximum(norm, clipNorm)); // []
  return { grads: grads.map((g) => tf.mul(g, scale) as T), norm };
}
