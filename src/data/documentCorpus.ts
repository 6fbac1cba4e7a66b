// The real-text corpora of CONTRACT §7 (builtin:tang, builtin:english) as corpus plugins. Their files
// (public/corpora/NAME.txt + NAME.json, made by `npm run corpora`) hold one document per line, the
// validation documents last; the .json names the tokenizer and its vocabulary.
//
// A document is cut into windows of at most contextLength tokens; a row is <bos> followed by one
// window. Training draws a document uniformly and a window start uniformly within it (a short poem is
// one window); with `pack`, rows are filled with whole drawn windows one after another. Validation uses
// every window of every validation document, in order, non-overlapping — the split on which the
// model's validation loss and the unigram/bigram baselines (ngram.ts) are measured alike.

import { chunk, packedBatch, sequencesToBatch } from './batching';
import type { Rng } from './rng';
import { BOS_ID, Tokenizer, TOKENIZER_KINDS, type TokenizerKind } from './tokenizer';
import type { Corpus, TokenBatch } from './types';

export const TANG_CORPUS_ID = 'builtin:tang';
export const ENGLISH_CORPUS_ID = 'builtin:english';
export const DOCUMENT_CORPUS_IDS = [TANG_CORPUS_ID, ENGLISH_CORPUS_ID] as const;
export type DocumentCorpusId = (typeof DOCUMENT_CORPUS_IDS)[number];

export function isDocumentCorpusId(id: string): id is DocumentCorpusId {
  return (DOCUMENT_CORPUS_IDS as readonly string[]).includes(id);
}

/** The two files of a corpus, relative to the site root (browser) or the repository's public/ (Node). */
export function documentCorpusFiles(id: DocumentCorpusId): { text: string; meta: string } {
  const name = id.slice('builtin:'.length);
  return { text: `corpora/${name}.txt`, meta: `corpora/${name}.json` };
}

export interface DocumentCorpusMeta {
  id: string;
  documents: number;
  validationDocuments: number;
  tokenizer: { kind: TokenizerKind; vocab: string[] };
}

/** Checks the .json of a corpus file pair; throws a one-line error naming the problem. */
export function parseDocumentCorpusMeta(json: unknown, id: string): DocumentCorpusMeta {
  const m = json as Partial<DocumentCorpusMeta> | null;
  if (typeof m !== 'object' || m === null) throw new Error(`${id}: the corpus description is not an object`);
  if (m.id !== id) throw new Error(`${id}: the corpus description is for ${JSON.stringify(m.id)}`);
  if (!Number.isInteger(m.documents) || !Number.isInteger(m.validationDocuments)) {
    throw new Error(`${id}: the corpus description has no document counts`);
  }
  const t = m.tokenizer;
  if (!t || !TOKENIZER_KINDS.includes(t.kind) || !Array.isArray(t.vocab)) throw new Error(`${id}: the corpus description has no tokenizer`);
  return m as DocumentCorpusMeta;
}

export interface DocumentCorpus extends Corpus {
  tokenizer: Tokenizer;
  /** Token ids of each training / validation document (without <bos>). */
  train: Int32Array[];
  validation: Int32Array[];
  /** Every validation window as a sequence (<bos> first) for a context of contextLength. */
  validationSequences(contextLength: number): number[][];
}

/** The windows of a document for a context of contextLength: <bos> + at most contextLength tokens each. */
export function documentWindows(doc: Int32Array, contextLength: number): number[][] {
  const out: number[][] = [];
  for (let s = 0; s < doc.length; s += contextLength) out.push([BOS_ID, ...doc.subarray(s, Math.min(doc.length, s + contextLength))]);
  return out;
}

export function createDocumentCorpus(id: DocumentCorpusId, metaJson: unknown, text: string): DocumentCorpus {
  const meta = parseDocumentCorpusMeta(metaJson, id);
  const tokenizer = new Tokenizer(meta.tokenizer.vocab, meta.tokenizer.kind);
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  if (lines.length !== meta.documents) {
    throw new Error(`${id}: the corpus text has ${lines.length} documents, its description says ${meta.documents}`);
  }
  const docs = lines.map((line) => Int32Array.from(tokenizer.encode(line, { bos: false }).ids));
  const nTrain = docs.length - meta.validationDocuments;
  const train = docs.slice(0, nTrain).filter((d) => d.length > 0);
  const validation = docs.slice(nTrain).filter((d) => d.length > 0);
  if (train.length === 0) throw new Error(`${id}: the corpus has no training documents`);

  const draw = (rng: Rng, contextLength: number): number[] => {
    const doc = train[rng.int(train.length)];
    const start = doc.length > contextLength ? rng.int(doc.length - contextLength + 1) : 0;
    return [BOS_ID, ...doc.subarray(start, start + contextLength)];
  };
  const validationSequences = (contextLength: number): number[][] =>
    validation.flatMap((doc) => documentWindows(doc, contextLength));

  return {
    id,
    vocab: tokenizer.vocab,
    tokenizerKind: tokenizer.kind,
    tokenizer,
    train,
    validation,
    validationSequences,
    trainBatch(rng: Rng, batchSize: number, contextLength: number, pack = false): TokenBatch {
      if (pack) return packedBatch(() => draw(rng, contextLength), batchSize, contextLength);
      const seqs: number[][] = [];
      for (let b = 0; b < batchSize; b++) seqs.push(draw(rng, contextLength));
      return sequencesToBatch(seqs, contextLength);
    },
    validationBatches(batchSize: number, contextLength: number): TokenBatch[] {
      return chunk(validationSequences(contextLength), batchSize).map((rows) => sequencesToBatch(rows, contextLength));
    },
  };
}
