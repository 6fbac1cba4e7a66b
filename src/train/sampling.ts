// Turning next-token logits into a choice: temperature, top-k, top-p (nucleus), seeded draws.

import * as tf from '@tensorflow/tfjs';
import { Rng } from '../data/rng';
import { BOS_ID, PAD_ID, type Tokenizer } from '../data/tokenizer';
import type { Transformer } from '../model/transformer';
import { adjustDistribution, argmax, pickFromDistribution, type SamplingOptions } from '../shared/sampling';

// The distribution maths lives in src/shared/sampling.ts (the page needs it too); re-exported here so
// existing imports keep working.
export { adjustDistribution, type SamplingOptions } from '../shared/sampling';

/** Draws one token id from adjustDistribution(logits, opts) with one rng.next() (none when greedy). */
export function sampleToken(logits: ArrayLike<number>, opts: SamplingOptions, rng: Rng): number {
  if (!(opts.temperature > 0)) return argmax(logits);
  return pickFromDistribution(adjustDistribution(logits, opts), rng.next());
}

/**
 * Continues `text` by `n` tokens. The prompt is encoded with <bos>; each step runs the model on the
 * last contextLength tokens and samples from the last position (<pad> and <bos> are never drawn).
 * Returns the decoded prompt + continuation (without <bos>) and the generated tokens.
 */
export async function generate(
  model: Transformer,
  tokenizer: Tokenizer,
  text: string,
  n: number,
  opts: SamplingOptions,
  seed: number,
): Promise<{ text: string; tokens: string[] }> {
  if (!(n >= 0) || !Number.isInteger(n)) throw new Error(`number of tokens must be a whole number ≥ 0, got ${n}`);
  const rng = new Rng(seed);
  const ids = [...tokenizer.encode(text).ids];
  const generated: number[] = [];
  const contextLength = model.config.contextLength;
  for (let i = 0; i < n; i++) {
    const context = ids.slice(-contextLength);
    const lastLogits = tf.tidy(() => {
      const input = tf.tensor2d(context, [1, context.length], 'int32'); // [1, T]
      const logits = model.logits(input); // [1, T, V]
      return tf.reshape(tf.slice(logits, [0, context.length - 1, 0], [1, 1, -1]), [-1]); // [V]
    });
    const values = new Float32Array(await lastLogits.data());
    lastLogits.dispose();
    if (values.length > PAD_ID) values[PAD_ID] = -Infinity;
    if (values.length > BOS_ID) values[BOS_ID] = -Infinity;
    const id = sampleToken(values, opts, rng);
    ids.push(id);
    generated.push(id);
  }
  const body = ids[0] === BOS_ID ? ids.slice(1) : ids;
  return { text: tokenizer.decode(body), tokens: generated.map((id) => tokenizer.vocab[id]) };
}
