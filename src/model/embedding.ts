// Token embedding lookup and the positional term: X = embeddingScale · E[tᵢ] + P[i] (CONTRACT §1).

import * as tf from '@tensorflow/tfjs';
import { matMul } from './matmul';
import { noTap, type Tap } from './tap';

export interface EmbeddingTensors {
  embedding: tf.Tensor3D; // embeddingScale · E[t], [B, T, d]
  positional: tf.Tensor3D; // P[0..T), broadcast over the batch, [1, T, d]
  input: tf.Tensor3D; // their sum, [B, T, d]
}

/**
 * The lookup is a one-hot matrix product rather than tf.gather: its gradient is a plain matMul, which
 * is faster than gather's scatter-add on the CPU and WASM backends. The one-hot is built as int32 and
 * cast (a float32 oneHot is wrong on the WASM backend).
 */
/** int32 ids [B, T] → float32 one-hot rows [B·T, V] (built as int32 and cast: a float32 oneHot is wrong on WASM). */
export function oneHotRows(ids: tf.Tensor2D, vocab: number): tf.Tensor2D {
  const [b, t] = ids.shape;
  return tf.cast(tf.oneHot(tf.reshape(ids, [b * t]), vocab), 'float32') as tf.Tensor2D;
}

/** P[0..T) as [1, T, d], to broadcast over the batch. */
export function positionRows(positionTable: tf.Tensor2D, t: number): tf.Tensor3D {
  const d = positionTable.shape[1];
  return tf.reshape(tf.slice(positionTable, [0, 0], [t, d]), [1, t, d]);
}

export function embed(
  ids: tf.Tensor2D, // int32 [B, T]
  tokenTable: tf.Variable, // [V, d]
  positionTable: tf.Tensor2D, // [contextLength, d]
  embeddingScale: number,
  tap: Tap = noTap,
): EmbeddingTensors {
  const [b, t] = ids.shape;
  const [vocab, d] = tokenTable.shape;
  let rows = matMul(oneHotRows(ids, vocab), tokenTable as tf.Tensor2D); // [B·T, V]·[V, d] = [B·T, d]
  if (embeddingScale !== 1) rows = tf.mul(rows, embeddingScale);
  const embedding = tap(tf.reshape(rows, [b, t, d]) as tf.Tensor3D); // [B, T, d]
  const positional = tap(positionRows(positionTable, t)); // [1, T, d]
  return { embedding, positional, input: tap(tf.add(embedding, positional) as tf.Tensor3D) };
}
