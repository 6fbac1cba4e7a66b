// LayerNorm over the last axis (CONTRACT §1): γ ⊙ (x − mean) / sqrt(var + ε) + β, with the biased
// (population) variance. "Add & Norm" in the source articles.

import * as tf from '@tensorflow/tfjs';

export interface NormParams {
  gamma: tf.Variable; // [dModel]
  beta: tf.Variable; // [dModel]
}

/** [B, T, d] → [B, T, d] */
export function layerNorm(x: tf.Tensor3D, p: NormParams, epsilon: number): tf.Tensor3D {
  const { mean, variance } = tf.moments(x, -1, true); // [B, T, 1] each
  const normalised = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, epsilon))); // [B, T, d]
  return tf.add(tf.mul(normalised, p.gamma), p.beta);
}
