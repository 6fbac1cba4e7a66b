// Turning token sequences into padded next-token batches, shared by every corpus.
//
// A sequence is [<bos>, w1, …, wn]. Its row in a batch has inputs [<bos>, w1, …, w(n-1)] and targets
// [w1, …, wn] (targets[t] is the token after inputs[t]); the rest of the row is PAD_ID, which the loss
// ignores. A sequence longer than length + 1 is cut to its first length + 1 tokens.

import { BOS_ID, EOS_ID, PAD_ID } from './tokenizer';
import type { PairBatch, TokenBatch } from './types';

/** Packs sequences (each starting with <bos>) into one TokenBatch of rows of `length` positions. */
export function sequencesToBatch(sequences: readonly (readonly number[])[], length: number): TokenBatch {
  if (!Number.isInteger(length) || length < 1) throw new RangeError(`batch length must be a positive integer, got ${length}`);
  const batch = sequences.length;
  const inputs = new Int32Array(batch * length).fill(PAD_ID);
  const targets = new Int32Array(batch * length).fill(PAD_ID);
  sequences.forEach((seq, b) => {
    const n = Math.min(seq.length - 1, length); // number of (input, target) pairs in this row
    for (let t = 0; t < n; t++) {
      inputs[b * length + t] = seq[t];
      targets[b * length + t] = seq[t + 1];
    }
  });
  return { batch, length, inputs, targets };
}

/** The full sequence of row b: its inputs followed by the last non-pad target. */
export function rowSequence(batch: TokenBatch, b: number): number[] {
  const seq: number[] = [];
  for (let t = 0; t < batch.length; t++) {
    const target = batch.targets[b * batch.length + t];
    if (target === PAD_ID) break;
    if (t === 0) seq.push(batch.inputs[b * batch.length]);
    seq.push(target);
  }
  return seq;
}

/** Splits items into consecutive chunks of `size` (the last one may be shorter). */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`batch size must be a positive integer, got ${size}`);
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Sequence packing: one row of `length` positions filled with whole documents drawn one after the
 * other by `next` (each starting with <bos>), the last one cut where the row ends, so that no position
 * is padding. A query still attends only to earlier positions of its row, so a document sees the end
 * of the one before it, as the corpus's "other sentences" already do. The target of each document's
 * last token would be the next <bos>, which the loss should not learn to predict: it is set to PAD_ID.
 * Returns the row's inputs and targets ([length] each).
 */
export function packDocuments(next: () => readonly number[], length: number): { inputs: number[]; targets: number[] } {
  const stream: number[] = [];
  while (stream.length < length + 1) stream.push(...next());
  const inputs = stream.slice(0, length);
  const targets = stream.slice(1, length + 1).map((id) => (id === BOS_ID ? PAD_ID : id));
  return { inputs, targets };
}

/** A batch of packed rows (packDocuments) drawn in order. */
export function packedBatch(next: () => readonly number[], batch: number, length: number): TokenBatch {
  if (!Number.isInteger(length) || length < 1) throw new RangeError(`batch length must be a positive integer, got ${length}`);
  const inputs = new Int32Array(batch * length);
  const targets = new Int32Array(batch * length);
  for (let b = 0; b < batch; b++) {
    const row = packDocuments(next, length);
    inputs.set(row.inputs, b * length);
    targets.set(row.targets, b * length);
  }
  return { batch, length, inputs, targets };
}

/** One source/target pair as token ids: the source without <bos>, the target without <bos>/<eos>. */
export interface IdPair {
  source: readonly number[];
  target: readonly number[];
}

/**
 * Source/target pairs as one PairBatch (CONTRACT §5): row b's sources are its source ids, its decoder
 * inputs are <bos> + target and its targets target + <eos>, each PAD_ID-padded to sourceLength /
 * length and cut there when longer.
 */
export function pairsToBatch(pairs: readonly IdPair[], sourceLength: number, length: number): PairBatch {
  for (const [name, n] of [['source length', sourceLength], ['batch length', length]] as const) {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`${name} must be a positive integer, got ${n}`);
  }
  const batch = pairs.length;
  const sources = new Int32Array(batch * sourceLength).fill(PAD_ID);
  const inputs = new Int32Array(batch * length).fill(PAD_ID);
  const targets = new Int32Array(batch * length).fill(PAD_ID);
  pairs.forEach((p, b) => {
    sources.set(p.source.slice(0, sourceLength), b * sourceLength);
    inputs.set([BOS_ID, ...p.target].slice(0, length), b * length);
    targets.set([...p.target, EOS_ID].slice(0, length), b * length);
  });
  return { batch, sourceLength, length, sources, inputs, targets };
}
