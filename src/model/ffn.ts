// Position-wise feed-forward network (CONTRACT §1): FFN(x) = ReLU(x·W1 + b1)·W2 + b2.

import * as tf from '@tensorflow/tfjs';
import { dense, type DenseParams } from './dense';

export interface FfnParams {
  hidden: DenseParams; // W1 [d, dFF], b1 [dFF]
  output: DenseParams; // W2 [dFF, d], b2 [d]
}

export interface FfnTensors {
  hidden: tf.Tensor3D; // x·W1 + b1, [B, T, dFF]
  activation: tf.Tensor3D; // ReLU(hidden), [B, T, dFF]
  output: tf.Tensor3D; // activation·W2 + b2, [B, T, d]
}

export function feedForward(x: tf.Tensor3D, p: FfnParams): FfnTensors {
  const hidden = dense(x, p.hidden);
  const activation = tf.relu(hidden);
  return { hidden, activation, output: dense(activation, p.output) };
}
