// The built-in induction task `builtin:repeat` (CONTRACT §7): random token sequences repeated once.
//
// Each example is <bos>, then n syllables drawn uniformly at random (with replacement), then the same
// n syllables again:
//   <bos> ko ri ba ... tu   ko ri ba ... tu
// The first half is pure noise: no model can predict it better than ln(60) ≈ 4.09 nats per token (the
// entropy of a uniform draw from 60 syllables). The repeated half is predictable by copying: at each
// token, find where it occurred before and say the token that followed it then. A 2-layer model does
// this with an induction head (a previous-token head in layer 1 writes "the token before me" into
// each position; a head in layer 2 matches the current token against that and attends to the position
// after the earlier occurrence). n varies from example to example, so looking a fixed distance back
// does not work: only matching tokens does. The first token of the repeated half cannot be predicted
// (nothing says where the repeat starts), so the repeated half's loss bottoms out near ln(60) / n.
//
// Vocabulary: <pad>, <unk>, <bos>, then the 60 syllables consonant + vowel (b d f g k l m n p r s t ×
// a e i o u: "ba", "be", … "tu"), short names a learner can read and type. Tokenizer kind "word".
// The generator is seeded: training batches come from the Rng the trainer passes in; the validation
// sequences from their own stream (seed ^ REPEAT_VALIDATION_SALT), the same on every call.

import { chunk, packedBatch, sequencesToBatch } from './batching';
import { Rng } from './rng';
import { BOS_ID, SPECIAL_TOKENS, Tokenizer } from './tokenizer';
import type { Corpus, TokenBatch } from './types';

export const REPEAT_CORPUS_ID = 'builtin:repeat';

export const REPEAT_CONSONANTS = ['b', 'd', 'f', 'g', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't'] as const;
export const REPEAT_VOWELS = ['a', 'e', 'i', 'o', 'u'] as const;

/** The 60 syllables, in order ba be bi bo bu da … tu. */
export const REPEAT_SYLLABLES: readonly string[] = REPEAT_CONSONANTS.flatMap((c) => REPEAT_VOWELS.map((v) => c + v));

/** Shortest and longest half (n) of an example; drawn uniformly in between, both included. */
export const REPEAT_MIN_HALF = 4;
export const REPEAT_MAX_HALF = 11;

/** Validation sequences (fixed, from their own stream). */
export const REPEAT_VALIDATION_SEQUENCES = 64;
const REPEAT_VALIDATION_SALT = 0x5e9ea7ed;

/** One example: <bos> + half + half. */
export interface RepeatExample {
  /** Token ids: [BOS_ID, ...half, ...half]. */
  ids: number[];
  /** n, the length of each half. */
  half: number;
}

export interface RepeatCorpus extends Corpus {
  tokenizer: Tokenizer;
  seed: number;
  /** The number of regular tokens examples are drawn from (60). */
  symbols: number;
  /** One training example drawn with `rng`, n clipped so that it fits in contextLength + 1 tokens. */
  sampleExample(rng: Rng, contextLength: number): RepeatExample;
  /** The fixed validation examples (their own seed stream), same on every call. */
  validationExamples(contextLength: number): RepeatExample[];
}

export function repeatVocabulary(): string[] {
  return [...SPECIAL_TOKENS, ...REPEAT_SYLLABLES];
}

/**
 * The longest half that fits a model reading contextLength tokens: the example has 2n + 1 tokens and
 * its row holds 2n inputs (the last token is only a target).
 */
export function maxHalfFor(contextLength: number): number {
  return Math.max(1, Math.min(REPEAT_MAX_HALF, Math.floor(contextLength / 2)));
}

/** One example drawn with rng: n uniform in [min, max] (clipped to the context), then n syllable ids. */
export function drawRepeatExample(rng: Rng, contextLength: number, firstId: number, symbols: number): RepeatExample {
  const max = maxHalfFor(contextLength);
  const min = Math.min(REPEAT_MIN_HALF, max);
  const half = min + rng.int(max - min + 1);
  const first: number[] = [];
  for (let i = 0; i < half; i++) first.push(firstId + rng.int(symbols));
  return { ids: [BOS_ID, ...first, ...first], half };
}

export function createRepeatCorpus(seed: number): RepeatCorpus {
  const tokenizer = new Tokenizer(repeatVocabulary(), 'word');
  const firstId = SPECIAL_TOKENS.length;
  const symbols = REPEAT_SYLLABLES.length;
  const sampleExample = (rng: Rng, contextLength: number): RepeatExample => drawRepeatExample(rng, contextLength, firstId, symbols);
  const validationExamples = (contextLength: number): RepeatExample[] => {
    const rng = new Rng((Math.floor(seed) ^ REPEAT_VALIDATION_SALT) >>> 0);
    return Array.from({ length: REPEAT_VALIDATION_SEQUENCES }, () => sampleExample(rng, contextLength));
  };
  return {
    id: REPEAT_CORPUS_ID,
    vocab: tokenizer.vocab,
    tokenizerKind: 'word',
    tokenizer,
    seed,
    symbols,
    sampleExample,
    validationExamples,
    trainBatch(rng: Rng, batchSize: number, contextLength: number, pack = false): TokenBatch {
      if (pack) return packedBatch(() => sampleExample(rng, contextLength).ids, batchSize, contextLength);
      const seqs: number[][] = [];
      for (let b = 0; b < batchSize; b++) seqs.push(sampleExample(rng, contextLength).ids);
      return sequencesToBatch(seqs, contextLength);
    },
    validationBatches(batchSize: number, contextLength: number): TokenBatch[] {
      return chunk(validationExamples(contextLength).map((e) => e.ids), batchSize).map((seqs) => sequencesToBatch(seqs, contextLength));
    },
  };
}

/**
 * Which half each target of a row belongs to, for examples laid out by sequencesToBatch: targets
 * 0 … n−1 (predicting the first half's tokens from <bos> on) are the first half, n … 2n−1 the
 * repeated half. Returns [batch·length] with 1 = first half, 2 = repeated half, 0 = padding.
 */
export function halfMask(examples: readonly RepeatExample[], length: number): Uint8Array {
  const mask = new Uint8Array(examples.length * length);
  examples.forEach((e, b) => {
    for (let t = 0; t < 2 * e.half && t < length; t++) mask[b * length + t] = t < e.half ? 1 : 2;
  });
  return mask;
}

/** Syllables in each half of the sentence the training snapshots read (repeatProbeText): <bos> and 2 × 11 syllables fit the 24 tokens a snapshot records. */
export const REPEAT_PROBE_HALF = 11;
const REPEAT_PROBE_TEXT_SEED = 7;

/**
 * A fixed sentence of this corpus for the heads grid while training: REPEAT_PROBE_HALF different
 * syllables, then the same again ("ko ri ba … ko ri ba …"). A previous-token head draws the diagonal
 * just below the main one; an induction head a stripe REPEAT_PROBE_HALF − 1 below it, in the second half.
 */
export function repeatProbeText(half = REPEAT_PROBE_HALF): string {
  const rng = new Rng(REPEAT_PROBE_TEXT_SEED);
  const first = rng.shuffle([...REPEAT_SYLLABLES]).slice(0, Math.min(half, REPEAT_SYLLABLES.length));
  return [...first, ...first].join(' ');
}
