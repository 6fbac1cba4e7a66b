// Next-token cross-entropy over a padded batch. Padding targets (PAD_ID) carry no loss and do not
// count in the mean, so a batch of short sentences is scored the same as one of long sentences.

import * as tf from '@tensorflow/tfjs';
import { PAD_ID } from '../data/tokenizer';

function checkShapes(logits: tf.Tensor3D, targets: tf.Tensor2D): void {
  const [b, t] = logits.shape;
  if (targets.shape[0] !== b || targets.shape[1] !== t) {
    throw new Error(`targets shape [${targets.shape.join(', ')}] does not match logits [${logits.shape.join(', ')}]`);
  }
}

/**
 * The summed negative log-likelihood of the non-pad targets and how many there are.
 * `logits` [B, T, V] float32, `targets` [B, T] int32. Call inside tf.tidy (or a gradient function).
 */
export function maskedCrossEntropyParts(
  logits: tf.Tensor3D,
  targets: tf.Tensor2D,
): { sum: tf.Scalar; count: tf.Scalar } {
  const [b, t, v] = logits.shape;
  checkShapes(logits, targets);
  const flatLogits = tf.reshape(logits, [b * t, v]); // [N, V], N = B·T
  const flatTargets = tf.reshape(targets, [b * t]); // [N]
  // log-softmax subtracts the row maximum first, so large logits do not overflow.
  const logProbs = tf.logSoftmax(flatLogits); // [N, V]
  // WASM's float32 one-hot is broken: build the int32 one-hot and cast it.
  const oneHot = tf.cast(tf.oneHot(tf.cast(flatTargets, 'int32'), v), 'float32'); // [N, V]
  const picked = tf.sum(tf.mul(logProbs, oneHot), -1); // [N]: log p(target)
  const mask = tf.cast(tf.notEqual(flatTargets, tf.scalar(PAD_ID, 'int32')), 'float32'); // [N]
  const sum = tf.neg(tf.sum(tf.mul(picked, mask))) as tf.Scalar; // []
  const count = tf.sum(mask) as tf.Scalar; // []
  return { sum, count };
}

/**
 * Mean cross-entropy over the positions whose target is not PAD_ID (0).
 * A batch made only of padding has loss 0.
 */
export function maskedCrossEntropy(logits: tf.Tensor3D, targets: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    const { sum, count } = maskedCrossEntropyParts(logits, targets);
    return tf.div(sum, tf.maximum(count, 1)) as tf.Scalar;
  });
}

/**
 * The same mean cross-entropy as maskedCrossEntropy, with its gradient in closed form:
 * dL/dlogits = (softmax(logits) − onehot(target)) · [target ≠ PAD] / count. Fewer kernels than the
 * automatic gradient of the log-softmax; the fused training path uses it.
 *
 * One softmax p serves both: the gradient is p − onehot, and log p(target) is read from the logits
 * without a log-softmax of the whole [N, V] matrix. With m = max(x) of a row and s = Σ exp(x − m),
 * p = exp(x − m)/s, so the row's largest p is exactly 1/s and log p(target) = x_target − m + log max(p).
 * (A log-softmax and the exp of the gradient are two passes of exp over N·V values, the slowest
 * kernels of a step for a 4,000-token vocabulary on the WASM backend; its softmax kernel is several
 * times faster than its exp: docs/benchmarks.md.)
 */
export function maskedCrossEntropyFused(logits: tf.Tensor3D, targets: tf.Tensor2D): tf.Scalar {
  const [b, t, v] = logits.shape;
  const n = b * t;
  checkShapes(logits, targets);
  const flatTargets = tf.cast(tf.reshape(targets, [n]), 'int32'); // [N]
  const valid = tf.cast(tf.notEqual(flatTargets, tf.scalar(PAD_ID, 'int32')), 'float32'); // [N]
  const mask = tf.reshape(valid, [n, 1]); // [N, 1]
  const picked = tf.mul(tf.cast(tf.oneHot(flatTargets, v), 'float32'), mask); // [N, V], 0 on padding
  const count = tf.maximum(tf.sum(mask), 1); // []
  // Where each row's target sits in the flattened [N·V] logits.
  const at = tf.add(tf.mul(tf.range(0, n, 1, 'int32'), tf.scalar(v, 'int32')), flatTargets); // [N]
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, save] = args as [tf.Tensor3D, tf.GradSaveFunc];
    const rows = tf.reshape(x, [n, v]); // [N, V]
    const probs = tf.softmax(rows); // [N, V]
    const logPicked = tf.add(tf.sub(tf.gather(tf.reshape(x, [n * v]), at), tf.max(rows, -1)), tf.log(tf.max(probs, -1))); // [N]
    save([probs, picked, mask, count]);
    return {
      value: tf.div(tf.neg(tf.sum(tf.mul(logPicked, valid))), count) as tf.Scalar,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [p, pk, m, c] = saved;
        const g = tf.mul(tf.sub(tf.mul(p, m), pk), tf.div(dy, c)); // [N, V]
        return tf.reshape(g, [b, t, v]);
      },
    };
  });
  return op(logits) as tf.Scalar;
}

/**
 * maskedCrossEntropyFused as the fused path computed it before its one-softmax form: a log-softmax of
 * every logit for the loss and its exp for the gradient. The same maths with another float32
 * rounding; `npm run pretrain` of builtin:english keeps it (TrainerMode.shippedTextOps), so that
 * its command still makes the shipped English checkpoint it made.
 */
export function maskedCrossEntropyFusedLogSoftmax(logits: tf.Tensor3D, targets: tf.Tensor2D): tf.Scalar {
  const [b, t, v] = logits.shape;
  checkShapes(logits, targets);
  const flatTargets = tf.reshape(targets, [b * t]); // [N]
  const mask = tf.reshape(tf.cast(tf.notEqual(flatTargets, tf.scalar(PAD_ID, 'int32')), 'float32'), [b * t, 1]); // [N, 1]
  const picked = tf.mul(tf.cast(tf.oneHot(tf.cast(flatTargets, 'int32'), v), 'float32'), mask); // [N, V], 0 on padding
  const count = tf.maximum(tf.sum(mask), 1); // []
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, save] = args as [tf.Tensor3D, tf.GradSaveFunc];
    const logProbs = tf.logSoftmax(tf.reshape(x, [b * t, v])); // [N, V]
    save([logProbs, picked, mask, count]);
    return {
      value: tf.div(tf.neg(tf.sum(tf.mul(logProbs, picked))), count) as tf.Scalar,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [lp, pk, m, n] = saved;
        const g = tf.mul(tf.sub(tf.mul(tf.exp(lp), m), pk), tf.div(dy, n)); // [N, V]
        return tf.reshape(g, [b, t, v]);
      },
    };
  });
  return op(logits) as tf.Scalar;
}

/**
 * −log p(target) at every position, 0 where the target is PAD_ID: the terms whose mean over the
 * non-pad targets is maskedCrossEntropy. `logits` [B, T, V], `targets` [B, T] → [B, T].
 * Call inside tf.tidy.
 */
export function tokenCrossEntropy(logits: tf.Tensor3D, targets: tf.Tensor2D): tf.Tensor2D {
  const [b, t, v] = logits.shape;
  checkShapes(logits, targets);
  const logProbs = tf.logSoftmax(tf.reshape(logits, [b * t, v])); // [N, V]
  const flatTargets = tf.reshape(targets, [b * t]); // [N]
  const oneHot = tf.cast(tf.oneHot(tf.cast(flatTargets, 'int32'), v), 'float32'); // [N, V]
  const mask = tf.cast(tf.notEqual(flatTargets, tf.scalar(PAD_ID, 'int32')), 'float32'); // [N]
  return tf.reshape(tf.mul(tf.neg(tf.sum(tf.mul(logProbs, oneHot), -1)), mask), [b, t]);
}

/**
 * The same mean cross-entropy written as a function of the probabilities p = softmax(logits) [N, V]
 * instead of the logits: −Σ log p(target) / count over the non-pad targets [N]. Training never forms
 * p (it takes the log-softmax of the logits); the backward trace differentiates this to show ∂loss/∂p.
 * Call inside tf.tidy or a gradient function.
 */
export function crossEntropyOfProbs(probs: tf.Tensor2D, targets: tf.Tensor1D): tf.Scalar {
  const v = probs.shape[1];
  const oneHot = tf.cast(tf.oneHot(tf.cast(targets, 'int32'), v), 'float32'); // [N, V]
  const mask = tf.cast(tf.notEqual(targets, tf.scalar(PAD_ID, 'int32')), 'float32'); // [N]
  const picked = tf.sum(tf.mul(probs, oneHot), -1); // [N]: p(target)
  // log of a padded row's p(target) is never used: 1 stands in for it (log 1 = 0, and no NaN gradient).
  const safe = tf.add(tf.mul(picked, mask), tf.sub(1, mask)); // [N]
  return tf.div(tf.neg(tf.sum(tf.mul(tf.log(safe), mask))), tf.maximum(tf.sum(mask), 1)) as tf.Scalar;
}
