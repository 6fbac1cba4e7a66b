// A corpus from the user's own text (pasted or read from a file). The text is split into pieces by the
// tokenizer; the vocabulary keeps the most frequent pieces (the rest become <unk>). The token stream is
// cut in two: the first (1 − valFraction) is for training, the rest for validation. A training row is
// <bos> followed by a random window of the training stream; validation rows are fixed, evenly spaced
// windows of the validation stream.

import { CONFIG_BOUNDS } from '../shared/config';
import { sequencesToBatch, chunk } from './batching';
import type { Rng } from './rng';
import { BOS_ID, Tokenizer, UNK_ID, splitText } from './tokenizer';
import type { Corpus, TokenBatch } from './types';

/** Largest text accepted, in UTF-16 code units (what String.length counts). */
export const MAX_CORPUS_CHARS = 2_000_000;
/** Fewest tokens a text must have to be trained on. */
export const MIN_CORPUS_TOKENS = 32;
export const DEFAULT_MAX_VOCAB = 5000;
export const DEFAULT_VAL_FRACTION = 0.1;
/** At most this many validation windows, evenly spaced over the validation part. */
export const MAX_VALIDATION_WINDOWS = 256;

export interface TextCorpusOptions {
  /** Vocabulary size cap including the 3 specials (default 5000, at most the app's vocabSize bound). */
  maxVocab?: number;
  /** Share of the token stream kept for validation, in [0, 0.5] (default 0.1). */
  valFraction?: number;
  /** Shown in the corpus id, e.g. a file name: "text:poems.txt". */
  name?: string;
}

export interface TextCorpusStats {
  characters: number;
  tokens: number;
  trainTokens: number;
  validationTokens: number;
  /** Tokens that became <unk> because the vocabulary was capped. */
  unknownTokens: number;
  vocabSize: number;
}

export interface TextCorpus extends Corpus {
  tokenizer: Tokenizer;
  stats: TextCorpusStats;
}

function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

export function createTextCorpus(text: string, opts: TextCorpusOptions = {}): TextCorpus {
  if (typeof text !== 'string') throw new Error('The corpus must be text.');
  if (text.length > MAX_CORPUS_CHARS) {
    throw new Error(
      `The text is too long: ${formatCount(text.length)} characters; the limit is ${formatCount(MAX_CORPUS_CHARS)}. Use a shorter excerpt.`,
    );
  }
  const maxVocab = opts.maxVocab ?? DEFAULT_MAX_VOCAB;
  const vocabLimit = CONFIG_BOUNDS.vocabSize[1];
  if (!Number.isInteger(maxVocab) || maxVocab < 4 || maxVocab > vocabLimit) {
    throw new Error(`maxVocab must be an integer from 4 to ${formatCount(vocabLimit)}, got ${maxVocab}.`);
  }
  const valFraction = opts.valFraction ?? DEFAULT_VAL_FRACTION;
  if (!(valFraction >= 0 && valFraction <= 0.5)) {
    throw new Error(`valFraction must be between 0 and 0.5, got ${valFraction}.`);
  }

  const pieces = splitText(text);
  if (pieces.length === 0) throw new Error('The text is empty: it has no words or characters to learn from.');
  if (pieces.length < MIN_CORPUS_TOKENS) {
    throw new Error(
      `The text is too short: it has ${pieces.length} tokens and at least ${MIN_CORPUS_TOKENS} are needed. Paste a longer text.`,
    );
  }

  const tokenizer = Tokenizer.fromTexts([text], { maxVocab });
  const stream = new Int32Array(pieces.length);
  let unknownTokens = 0;
  pieces.forEach((piece, i) => {
    const id = tokenizer.idOf(piece) ?? UNK_ID;
    if (id === UNK_ID) unknownTokens++;
    stream[i] = id;
  });

  const validationTokens = valFraction === 0 ? 0 : Math.max(2, Math.round(pieces.length * valFraction));
  const trainTokens = pieces.length - validationTokens;
  const train = stream.subarray(0, trainTokens);
  const validation = stream.subarray(trainTokens);

  /** <bos> followed by up to contextLength tokens of `part` from `start`. */
  const window = (part: Int32Array, start: number, contextLength: number): number[] => {
    const seq = [BOS_ID];
    const end = Math.min(part.length, start + contextLength);
    for (let i = start; i < end; i++) seq.push(part[i]);
    return seq;
  };

  return {
    id: `text:${opts.name ?? 'pasted'}`,
    vocab: tokenizer.vocab,
    tokenizer,
    stats: { characters: text.length, tokens: pieces.length, trainTokens, validationTokens, unknownTokens, vocabSize: tokenizer.size },
    trainBatch(rng: Rng, batchSize: number, contextLength: number): TokenBatch {
      const span = Math.min(contextLength, train.length);
      const seqs: number[][] = [];
      for (let b = 0; b < batchSize; b++) seqs.push(window(train, rng.int(train.length - span + 1), contextLength));
      return sequencesToBatch(seqs, contextLength);
    },
    validationBatches(batchSize: number, contextLength: number): TokenBatch[] {
      if (validation.length < 1) return [];
      const span = Math.min(contextLength, validation.length);
      const windows = Math.min(MAX_VALIDATION_WINDOWS, Math.floor(validation.length / span));
      const step = windows > 1 ? Math.floor((validation.length - span) / (windows - 1)) : 0;
      const seqs: number[][] = [];
      for (let w = 0; w < windows; w++) seqs.push(window(validation, w * step, contextLength));
      return chunk(seqs, batchSize).map((rows) => sequencesToBatch(rows, contextLength));
    },
  };
}
