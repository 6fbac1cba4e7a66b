// The induction task's own figures (builtin:repeat, src/data/repeat.ts): the mean loss per token on
// the first half and on the repeated half of the held-out sequences. The first half is uniform noise
// (no model goes below ln(symbols)); the repeated half falls far below it once the model copies, i.e.
// once an induction head has formed.

import * as tf from '@tensorflow/tfjs';
import { chunk, sequencesToBatch } from '../data/batching';
import { halfMask, type RepeatExample } from '../data/repeat';
import type { Transformer } from '../model/transformer';

export interface RepeatHalvesReport {
  /** Mean cross-entropy (nats) per token of the first half, and of the repeated half. */
  firstHalf: number;
  repeatedHalf: number;
  /** Sequences scored and tokens in each half. */
  sequences: number;
  tokens: number;
}

/** Per-target negative log-likelihood of a batch, [B·T] (padding included; the caller masks it). */
function targetLosses(model: Transformer, inputs: Int32Array, targets: Int32Array, batch: number, length: number): tf.Tensor1D {
  return tf.tidy(() => {
    const ids = tf.tensor2d(inputs, [batch, length], 'int32'); // [B, T]
    const logits = model.logits(ids); // [B, T, V]
    const v = logits.shape[2];
    const logProbs = tf.logSoftmax(tf.reshape(logits, [batch * length, v])); // [N, V]
    // WASM's float32 one-hot is broken: build the int32 one-hot and cast it.
    const oneHot = tf.cast(tf.oneHot(tf.tensor1d(targets, 'int32'), v), 'float32'); // [N, V]
    return tf.neg(tf.sum(tf.mul(logProbs, oneHot), -1)) as tf.Tensor1D; // [N]
  });
}

/** Mean loss on each half of `examples` (each [<bos>, half, half], fitting in the model's context). */
export async function repeatHalvesLoss(model: Transformer, examples: readonly RepeatExample[], batchSize = 32): Promise<RepeatHalvesReport> {
  const length = model.config.contextLength;
  let first = 0;
  let repeated = 0;
  let firstN = 0;
  let repeatedN = 0;
  for (const rows of chunk(examples, batchSize)) {
    for (const e of rows) if (e.ids.length - 1 > length) throw new Error(`a sequence of ${e.ids.length} tokens does not fit a context of ${length}`);
    const batch = sequencesToBatch(rows.map((e) => e.ids), length);
    const mask = halfMask(rows, length);
    const t = targetLosses(model, batch.inputs, batch.targets, batch.batch, length);
    const losses = await t.data();
    t.dispose();
    for (let i = 0; i < mask.length; i++) {
      if (mask[i] === 1) {
        first += losses[i];
        firstN++;
      } else if (mask[i] === 2) {
        repeated += losses[i];
        repeatedN++;
      }
    }
  }
  return {
    firstHalf: firstN > 0 ? first / firstN : Number.NaN,
    repeatedHalf: repeatedN > 0 ? repeated / repeatedN : Number.NaN,
    sequences: examples.length,
    tokens: firstN,
  };
}
