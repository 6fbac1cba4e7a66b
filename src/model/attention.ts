// Multi-head attention ("Attention Is All You Need" §3.2; CONTRACT §1, §5).
// Each token asks a question (its query Q), offers an answer key (K) and a value (V) it contributes.
// Head h uses columns h·dk … (h+1)·dk − 1 of Q, K and V; all heads are computed in one batched matMul.
// One function serves every kind the models use: the decoder's masked self-attention (mask "causal"),
// the encoder's self-attention (mask "none": every token looks both ways), and cross-attention, which
// is the same attention with its keys and values taken from the encoder's output (the memory M)
// instead of from its own input. Padded source positions (PAD_ID) can be hidden from the keys.

import * as tf from '@tensorflow/tfjs';
import { dense, type DenseParams } from './dense';
import { PAD_ID } from '../data/tokenizer';
import { matMul } from './matmul';
import { noTap, type Tap } from './tap';

export interface AttentionParams {
  query: DenseParams; // Wq [d, d], bq [d]
  key: DenseParams; // Wk, bk
  value: DenseParams; // Wv, bv
  output: DenseParams; // Wo, bo
}

/** T query rows; keys and values from S rows (S = T for self-attention). */
export interface AttentionTensors {
  q: tf.Tensor4D; // [B, H, T, dk]
  k: tf.Tensor4D; // [B, H, S, dk]
  v: tf.Tensor4D; // [B, H, S, dk]
  scores: tf.Tensor4D; // Q·Kᵀ, [B, H, T, S]
  scaled: tf.Tensor4D; // Q·Kᵀ / √dk, [B, H, T, S]
  masked: tf.Tensor4D; // causal: keys after the query set to −∞; padded keys −∞; else = scaled. [B, H, T, S]
  weights: tf.Tensor4D; // softmax over keys, [B, H, T, S]
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
 * Key padding as an additive [B, 1, 1, S] tensor: −∞ where the source id is PAD_ID, 0 elsewhere, so
 * that softmax gives padded keys exactly 0 (a source always holds at least one real token).
 */
export function keyPaddingMask(sourceIds: tf.Tensor2D): tf.Tensor4D {
  const [b, s] = sourceIds.shape;
  const pad = tf.equal(sourceIds, tf.scalar(PAD_ID, 'int32')); // [B, S]
  const additive = tf.where(pad, tf.fill([b, s], -Infinity), tf.zeros([b, s])); // [B, S]
  return tf.reshape(additive, [b, 1, 1, s]);
}

export interface AttentionOptions {
  nHeads: number;
  /** "causal": query i sees keys j ≤ i (the decoder); "none": every key (the encoder, cross-attention). */
  mask: 'causal' | 'none';
  /** Keys and values from these rows ([B, S, d], the encoder's output M) instead of from x. */
  memory?: tf.Tensor3D;
  /** Additive [B, 1, 1, S] key mask (keyPaddingMask): padded source keys get −∞. */
  keyPadding?: tf.Tensor4D;
  /** [1, H, 1, 1] of 1s and 0s; a 0 knocks a head out (its output is zeroed before the concatenation). */
  headMask?: tf.Tensor4D;
  /** Sees each intermediate where it is made (src/model/tap.ts); the identity when absent. */
  tap?: Tap;
}

/** Multi-head attention of the rows x [B, T, d] over x itself or over `memory` [B, S, d]. */
export function attention(x: tf.Tensor3D, p: AttentionParams, opts: AttentionOptions): AttentionTensors {
  const [b, t, d] = x.shape;
  const { nHeads } = opts;
  const dk = d / nHeads;
  const tap = opts.tap ?? noTap;
  const source = opts.memory ?? x; // where keys and values come from: [B, S, d]
  const q = tap(splitHeads(dense(x, p.query), nHeads)); // [B, H, T, dk]
  const k = tap(splitHeads(dense(source, p.key), nHeads)); // [B, H, S, dk]
  const v = tap(splitHeads(dense(source, p.value), nHeads)); // [B, H, S, dk]
  const scores = tap(matMul(q, k, true)); // [B, H, T, S]
  const scaled = tap(tf.div(scores, Math.sqrt(dk)) as tf.Tensor4D); // [B, H, T, S]
  let masked = scaled;
  // Causal mask: a query may look at itself and earlier tokens only.
  if (opts.mask === 'causal') masked = tf.add(masked, causalMask(t)) as tf.Tensor4D; // [B, H, T, T]
  if (opts.keyPadding) masked = tf.add(masked, opts.keyPadding) as tf.Tensor4D; // [B, H, T, S]
  if (masked !== scaled) masked = tap(masked); // [B, H, T, S]
  const weights = tap(tf.softmax(masked) as tf.Tensor4D); // [B, H, T, S]
  let heads = matMul(weights, v); // [B, H, T, dk]
  if (opts.headMask) heads = tf.mul(heads, opts.headMask) as tf.Tensor4D;
  heads = tap(heads); // [B, H, T, dk]
  const concat = tap(tf.reshape(tf.transpose(heads, [0, 2, 1, 3]), [b, t, d]) as tf.Tensor3D); // [B, T, H·dk]
  return { q, k, v, scores, scaled, masked, weights, heads, concat, output: tap(dense(concat, p.output)) };
}

/**
 * Causal self-attention of CONTRACT §1 (the decoder-only model).
 * @param headMask optional [1, H, 1, 1] of 1s and 0s; a 0 knocks a head out (its output is zeroed
 *   before the concatenation, everything else unchanged).
 */
export function multiHeadAttention(
  x: tf.Tensor3D, // [B, T, d]
  p: AttentionParams,
  nHeads: number,
  headMask?: tf.Tensor4D,
): AttentionTensors {
  return attention(x, p, { nHeads, mask: 'causal', headMask });
}
