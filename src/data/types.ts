// Interfaces between the data layer and training: a corpus hands out padded batches of token ids.

import type { Rng } from './rng';
import type { TokenizerKind } from './tokenizer';

/**
 * A batch of `batch` sequences of `length` tokens, row-major. `targets[b*length + t]` is the token
 * that follows `inputs[b*length + t]`; PAD_ID (0) marks positions the loss ignores.
 */
export interface TokenBatch {
  batch: number;
  length: number;
  inputs: Int32Array;
  targets: Int32Array;
}

export interface Corpus {
  /** "builtin:coref" or a description of the user's text. */
  id: string;
  /** What the corpus hands out: token sequences for the decoder-only model (the default when absent). */
  kind?: 'tokens';
  /** The vocabulary every sequence of this corpus is encoded with. */
  vocab: string[];
  /** How its text was cut into tokens ("word" when absent). */
  tokenizerKind?: TokenizerKind;
  /**
   * A training batch drawn with `rng`. With `pack`, a corpus of separate documents fills each row
   * with consecutive documents instead of padding it (see packDocuments); a corpus read as one
   * stream of text fills its rows either way.
   */
  trainBatch(rng: Rng, batchSize: number, contextLength: number, pack?: boolean): TokenBatch;
  /** The fixed validation batches (same on every call). */
  validationBatches(batchSize: number, contextLength: number): TokenBatch[];
}

/**
 * A batch of `batch` source/target pairs for the encoder–decoder (CONTRACT §5), row-major, PAD_ID (0)
 * padded. `sources[b*sourceLength + s]` is source token s of pair b (no <bos>); `inputs` are the
 * decoder inputs (<bos> followed by the target) and `targets[b*length + t]` the token that follows
 * `inputs[b*length + t]` (the target followed by <eos>); PAD_ID marks positions the loss ignores and
 * source positions attention ignores.
 */
export interface PairBatch {
  batch: number;
  sourceLength: number;
  length: number;
  sources: Int32Array;
  inputs: Int32Array;
  targets: Int32Array;
}

/**
 * A corpus of source/target pairs for the encoder–decoder (CONTRACT §5), the same plugin shape as
 * Corpus: an id, one vocabulary for both sides (starting <pad>, <unk>, <bos>, <eos>), seeded training
 * batches and fixed validation batches. `contextLength` bounds the source and the decoder inputs each;
 * longer sequences are cut.
 */
export interface PairCorpus {
  id: string;
  kind: 'pairs';
  vocab: string[];
  tokenizerKind?: 'word';
  trainBatch(rng: Rng, batchSize: number, contextLength: number): PairBatch;
  /** The fixed validation batches (same on every call). */
  validationBatches(batchSize: number, contextLength: number): PairBatch[];
}

/** Either kind of corpus; narrow with isPairCorpus (or on `kind`). */
export type AnyCorpus = Corpus | PairCorpus;

export function isPairCorpus(c: AnyCorpus): c is PairCorpus {
  return c.kind === 'pairs';
}
