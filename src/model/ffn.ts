// Position-wise feed-forward network (CONTRACT §1): FFN(x) = ReLU(x·W1 + b1)·W2 + b2.

import * as tf from '@tensorflow/tfjs';
import { dense, type DenseParams } from './dense';
import { noTap, type Tap } from './tap';

export interface FfnParams {
  hidden: DenseParams; // W1 [d, dFF], b1 [dFF]
  output: DenseParams; // W2 [dFF, d], b2 [d]
}

export interface FfnTensors {
  hidden: tf.Tensor3D; // x·W1 + b1, [B, T, dFF]
  activation: tf.Tensor3D; // ReLU(hidden), [B, T, dFF]
  output: tf.Tensor3D; // activation·W2 + b2, [B, T, d]
}

/** `tap` sees each intermediate where it is made (src/model/tap.ts). */
export function feedForward(x: tf.Tensor3D, p: FfnParams, tap: Tap = noTap): FfnTensors {
  const hidden = tap(dense(x, p.hidden)); // [B, T, dFF]
  const activation = tap(tf.relu(hidden)); // [B, T, dFF]
  return { hidden, activation, output: tap(dense(activation, p.output)) };
}
