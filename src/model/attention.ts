// Multi-head causal self-attention ("Attention Is All You Need" §3.2; CONTRACT §1).
// Each token asks a question (its query Q), offers an answer key (K) and a value (V) it contributes.
// Head h uses columns h·dk … (h+1)·dk − 1 of Q, K and V; all heads are computed in one batched matMul.

import * as tf from '@tensorflow/tfjs-core';
import { dense, type DenseParams } from './dense';
import { matMul } from './matmul';

export interface AttentionParams {
  query: DenseParams; // Wq [d, d], bq [d]
  key: DenseParams; // Wk, bk
  value: DenseParams; // Wv, bv
  output: DenseParams; // Wo, bo
}

export interface AttentionTensors {
  q: tf.Tensor4D; // [B, H, T, dk]
  k: tf.Tensor4D; // [B, H, T, dk]
  v: tf.Tensor4D; // [B, H, T, dk]
  scores: tf.Tensor4D; // Q·Kᵀ, [B, H, T, T]
  scaled: tf.Tensor4D; // Q·Kᵀ / √dk, [B, H, T, T]
  masked: tf.Tensor4D; // keys after the query set to −∞, [B, H, T, T]
  weights: tf.Tensor4D; // softmax over keys, [B, H, T, T]
  heads: tf.Tensor4D; // A·V per head, [B, H, T, dk]
  concat: tf.Tensor3D; // heads side by side, [B, T, d]
  output: tf.Tensor3D; // concat·Wo + bo, [B, T, d]
}

/** [B, T, d] → [B, H, T, dk] */
function splitHeads(x: tf.Tensor3D, nHeads: number): tf.Tensor4D {
  const [b, t, d] = x.shape;
  const split = tf.reshape(x, [b, t, nHeads, d / nHeads]); // [B, T, H, dk]
  return tf.transpose(split, [0, 2, 1, 3]) as tf.Tensor4D; // [B, H, T, dk]
}

/**
 * The causal mask as an additive [T, T] matrix: 0 where key j ≤ query i (visible), −∞ where j > i.
 * Adding it leaves visible scores unchanged (x + 0 = x exactly) and sets hidden ones to −∞, so that
 * softmax gives them exactly 0. (An addition broadcasts over batch and heads without copying, where a
 * select would first tile the mask to [B, H, T, T].)
 */
export function causalMask(t: number): tf.Tensor2D {
  const mask = new Float32Array(t * t);
  for (let i = 0; i < t; i++) for (let j = i + 1; j < t; j++) mask[i * t + j] = -Infinity;
  return tf.tensor2d(mask, [t, t]);
}

/**
 * @param headMask optional [1, H, 1, 1] of 1s and 0s; a 0 knocks a head out (its output is zeroed
 *   before the concatenation, everything else unchanged).
 */
export function multiHeadAttention(
  x: tf.Tensor3D, // [B, T, d]
  p: AttentionParams,
  nHeads: number,
  headMask?: tf.Tensor4D,
): AttentionTensors {
  const [b, t, d] = x.shape;
  const dk = d / nHeads;
  const q = splitHeads(dense(x, p.query), nHeads); // [B, H, T, dk]
  const k = splitHeads(dense(x, p.key), nHeads); // [B, H, T, dk]
  const v = splitHeads(dense(x, p.value), nHeads); // [B, H, T, dk]
  const scores = matMul(q, k, true); // [B, H, T, T]
  const scaled = tf.div(scores, Math.sqrt(dk)) as tf.Tensor4D; // [B, H, T, T]
  // Causal mask: a query may look at itself and earlier tokens only.
  const masked = tf.add(scaled, causalMask(t)) as tf.Tensor4D; // [B, H, T, T]
  const weights = tf.softmax(masked) as tf.Tensor4D; // [B, H, T, T]
  let heads = matMul(weights, v); // [B, H, T, dk]
  if (headMask) heads = tf.mul(heads, headMask) as tf.Tensor4D;
  const concat = tf.reshape(tf.transpose(heads, [0, 2, 1, 3]), [b, t, d]) as tf.Tensor3D; // [B, T, H·dk]
  return { q, k, v, scores, scaled, masked, weights, heads, concat, output: dense(concat, p.output) };
}
