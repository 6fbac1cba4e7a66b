// What every sentence-pair corpus (builtin:translate, builtin:translate-fr) does the same way: encode a
// pair piece by piece against its vocabulary (a piece outside it is the generator's bug, so it throws),
// make training batches of sampled pairs (one pair per row, padded to the corpus' batch shape) and
// validation batches of its held-out cases.

import { chunk, pairsToBatch, type IdPair } from './batching';
import type { Rng } from './rng';
import { splitText, type Tokenizer } from './tokenizer';
import type { PairBatch } from './types';

export interface SentencePair {
  source: string;
  target: string;
}

export interface PairCorpusSpec {
  id: string;
  tokenizer: Tokenizer;
  samplePair: (rng: Rng) => SentencePair;
  validationCases: () => readonly SentencePair[];
  /** Source and decoder lengths of a batch for a context length (the corpus' longest pair, cut to it). */
  batchShape: (contextLength: number) => { sourceLength: number; length: number };
}

export interface PairCorpusParts {
  /** Source ids (no <bos>) and target ids (no <bos>/<eos>) of a pair; throws on a piece outside the vocabulary. */
  encodePair(pair: SentencePair): IdPair;
  trainBatch(rng: Rng, batchSize: number, contextLength: number): PairBatch;
  validationBatches(batchSize: number, contextLength: number): PairBatch[];
}

export function pairCorpusParts(spec: PairCorpusSpec): PairCorpusParts {
  const { id, tokenizer, samplePair, validationCases, batchShape } = spec;
  const encodePieces = (text: string): number[] =>
    splitText(text).map((piece) => {
      const tokenId = tokenizer.idOf(piece);
      if (tokenId === undefined) throw new Error(`${id} produced "${piece}", which is not in its vocabulary`);
      return tokenId;
    });
  const encodePair = (pair: SentencePair): IdPair => ({ source: encodePieces(pair.source), target: encodePieces(pair.target) });
  return {
    encodePair,
    trainBatch(rng, batchSize, contextLength) {
      const { sourceLength, length } = batchShape(contextLength);
      const pairs: IdPair[] = [];
      for (let b = 0; b < batchSize; b++) pairs.push(encodePair(samplePair(rng)));
      return pairsToBatch(pairs, sourceLength, length);
    },
    validationBatches(batchSize, contextLength) {
      const { sourceLength, length } = batchShape(contextLength);
      return chunk(validationCases().map(encodePair), batchSize).map((rows) => pairsToBatch(rows, sourceLength, length));
    },
  };
}
