// Token embedding lookup and the positional term: X = embeddingScale · E[tᵢ] + P[i] (CONTRACT §1).

import * as tf from '@tensorflow/tfjs-core';
import { matMul } from './matmul';

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
export function embed(
  ids: tf.Tensor2D, // int32 [B, T]
  tokenTable: tf.Variable, // [V, d]
  positionTable: tf.Tensor2D, // [contextLength, d]
  embeddingScale: number,
): EmbeddingTensors {
  const [b, t] = ids.shape;
  const [vocab, d] = tokenTable.shape;
  const oneHot = tf.cast(tf.oneHot(tf.reshape(ids, [b * t]), vocab), 'float32'); // [B·T, V]
  let rows = matMul(oneHot, tokenTable as tf.Tensor2D); // [B·T, d]
  if (embeddingScale !== 1) rows = tf.mul(rows, embeddingScale);
  const embedding = tf.reshape(rows, [b, t, d]) as tf.Tensor3D; // [B, T, d]
  const positional = tf.reshape(tf.slice(positionTable, [0, 0], [t, d]), [1, t, d]) as tf.Tensor3D; // [1, T, d]
  return { embedding, positional, input: tf.add(embedding, positional) as tf.Tensor3D };
}
