// A fully connected layer in the row-vector convention of CONTRACT §1: y = x·W + b.

import * as tf from '@tensorflow/tfjs';
import { matMul } from './matmul';

export interface DenseParams {
  kernel: tf.Variable; // [in, out]
  bias: tf.Variable; // [out]
}

/** [B, T, in] → [B, T, out] */
export function dense(x: tf.Tensor3D, p: DenseParams): tf.Tensor3D {
  const [b, t, n] = x.shape;
  const out = p.kernel.shape[1] as number;
  const flat = tf.reshape(x, [b * t, n]); // [B·T, in]
  const y = tf.add(matMul(flat, p.kernel as tf.Tensor2D), p.bias); // [B·T, out]
  return tf.reshape(y, [b, t, out]) as tf.Tensor3D; // [B, T, out]
}
