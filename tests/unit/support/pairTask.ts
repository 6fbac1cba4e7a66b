// A synthetic source/target task for the encoder–decoder: the target is the source reversed.
// Vocabulary: <pad>, <unk>, <bos>, <eos>, then `symbols` plain tokens (ids 4 …). Seeded.
import { Rng } from '../../../src/data/rng';
import type { PairBatch } from '../../../src/data/types';

export const BOS_ID = 2;
export const EOS_ID = 3;

/** A batch of reversal pairs, PAD (0) padded: sources of minLength…maxLength symbols, decoder inputs <bos> + target, targets target + <eos>. */
export function reversalBatch(rng: Rng, batch: number, symbols: number, minLength: number, maxLength: number): PairBatch {
  const pairs = Array.from({ length: batch }, () => {
    const n = minLength + rng.int(maxLength - minLength + 1);
    return Array.from({ length: n }, () => 4 + rng.int(symbols));
  });
  const sourceLength = Math.max(...pairs.map((p) => p.length));
  const length = sourceLength + 1;
  const sources = new Int32Array(batch * sourceLength);
  const inputs = new Int32Array(batch * length);
  const targets = new Int32Array(batch * length);
  pairs.forEach((src, b) => {
    const tgt = src.slice().reverse();
    sources.set(src, b * sourceLength);
    inputs.set([BOS_ID, ...tgt], b * length);
    targets.set([...tgt, EOS_ID], b * length);
  });
  return { batch, sourceLength, length, sources, inputs, targets };
}
