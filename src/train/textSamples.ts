// Samples of a decoder-only model's text, drawn many at once: `count` continuations of the same
// prompt, one batch row each, so a hundred poems cost about as many forward passes as one. Seeded:
// the same model, prompt, options and seed give the same texts (the sample strip while training
// draws with a fixed seed, so what changes between samples is the model alone).

import * as tf from '@tensorflow/tfjs';
import { Rng } from '../data/rng';
import { BOS_ID, PAD_ID, type Tokenizer } from '../data/tokenizer';
import type { Transformer } from '../model/transformer';
import { adjustDistribution, pickFromDistribution, argmax, type SamplingOptions } from '../shared/sampling';

export interface TextSampleOptions extends SamplingOptions {
  /** Number of texts. */
  count: number;
  /** Tokens to generate after the prompt. */
  tokens: number;
  seed: number;
  /** Text the samples continue ("" = from <bos> alone). */
  prompt?: string;
}

/** `count` texts (the prompt and its continuation, decoded) from the model. */
export async function sampleTexts(model: Transformer, tokenizer: Tokenizer, o: TextSampleOptions): Promise<string[]> {
  if (!Number.isInteger(o.count) || o.count < 1) throw new Error(`count must be a whole number ≥ 1, got ${o.count}`);
  if (!Number.isInteger(o.tokens) || o.tokens < 0) throw new Error(`tokens must be a whole number ≥ 0, got ${o.tokens}`);
  const rng = new Rng(o.seed);
  const start = tokenizer.encode(o.prompt ?? '').ids;
  const rows = Array.from({ length: o.count }, () => [...start]);
  const V = model.config.vocabSize;
  const contextLength = model.config.contextLength;
  for (let i = 0; i < o.tokens; i++) {
    const t = Math.min(rows[0].length, contextLength);
    const context = rows.flatMap((r) => r.slice(-t));
    const last = tf.tidy(() => model.lastLogits(tf.tensor2d(context, [o.count, t], 'int32'))); // [count, V]
    const values = (await last.data()) as Float32Array;
    last.dispose();
    for (let b = 0; b < o.count; b++) {
      const row = values.slice(b * V, (b + 1) * V);
      row[PAD_ID] = -Infinity;
      row[BOS_ID] = -Infinity;
      rows[b].push(o.temperature > 0 ? pickFromDistribution(adjustDistribution(row, o), rng.next()) : argmax(row));
    }
  }
  return rows.map((r) => tokenizer.decode(r));
}
