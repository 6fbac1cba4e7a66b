// How well a decoder-only model writes a real-text corpus (CONTRACT §7): its validation loss and
// perplexity beside the unigram and bigram baselines on the same windows (data/ngram.ts), and samples;
// for 唐诗, the share of sampled lines with exactly five or seven characters.

import * as tf from '@tensorflow/tfjs';
import type { DocumentCorpus } from '../data/documentCorpus';
import { ngramBaselines, type NgramBaselines } from '../data/ngram';
import type { Transformer } from '../model/transformer';
import { regularLineShare } from '../shared/poems';
import { maskedCrossEntropyParts } from './loss';
import { sampleTexts } from './textSamples';

export interface TextReport {
  valLoss: number;
  perplexity: number;
  validationTokens: number;
  baselines: NgramBaselines;
  /** Samples from <bos> at `temperature`, seeded. */
  samples: string[];
  temperature: number;
  /** builtin:tang: finished sampled lines of five or seven characters / finished lines. */
  regularLines: { share: number | null; lines: number; regular: number } | null;
}

/** Mean cross-entropy per target token of the model on the corpus's validation windows. */
export async function validationLoss(model: Transformer, corpus: DocumentCorpus, batchSize = 32): Promise<{ loss: number; tokens: number }> {
  let sum = 0;
  let count = 0;
  for (const batch of corpus.validationBatches(batchSize, model.config.contextLength)) {
    const parts = tf.tidy(() => {
      const inputs = tf.tensor2d(batch.inputs, [batch.batch, batch.length], 'int32');
      const targets = tf.tensor2d(batch.targets, [batch.batch, batch.length], 'int32');
      const { sum: s, count: c } = maskedCrossEntropyParts(model.logits(inputs), targets);
      return tf.stack([s, c]);
    });
    const v = await parts.data();
    parts.dispose();
    sum += v[0];
    count += v[1];
  }
  return { loss: count > 0 ? sum / count : Number.NaN, tokens: count };
}

export async function evaluateText(
  model: Transformer,
  corpus: DocumentCorpus,
  o: { samples: number; tokens: number; temperature: number; seed: number },
): Promise<TextReport> {
  const { loss, tokens } = await validationLoss(model, corpus);
  const baselines = ngramBaselines(corpus.train, corpus.validationSequences(model.config.contextLength), corpus.vocab.length);
  const samples = await sampleTexts(model, corpus.tokenizer, { count: o.samples, tokens: o.tokens, temperature: o.temperature, topK: 0, topP: 1, seed: o.seed });
  return {
    valLoss: loss,
    perplexity: Math.exp(loss),
    validationTokens: tokens,
    baselines,
    samples,
    temperature: o.temperature,
    regularLines: corpus.tokenizer.kind === 'char' ? regularLineShare(samples) : null,
  };
}
