// Interfaces between the data layer and training: a corpus hands out padded batches of token ids.

import type { Rng } from './rng';

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
  /** The vocabulary every sequence of this corpus is encoded with. */
  vocab: string[];
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
