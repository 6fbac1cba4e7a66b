// The built-in coreference corpus `builtin:coref` (CONTRACT §4): Winograd-style sentences whose
// pronoun is resolved by one adjective, each followed by its resolution clause, e.g.
//   the animal didn't cross the street because it was too tired . it refers to the animal .
//   the animal didn't cross the street because it was too narrow . it refers to the street .
//   动物没有过马路，因为它太累了。它指的是动物。
// A document is <bos> followed by 1–4 sentences of one language: schema sentences (with their clause)
// and a few plain sentences built from the same words ("the dog was tired .", "小狗很累。").
// A seeded validation split holds out noun pairs (e.g. (cat, bridge)) that no training sentence ever
// uses, while every single word still occurs in training; validation batches and validation cases use
// only those pairs, so they measure whether the model resolves "it" for combinations it never saw.

import { chunk, packedBatch, sequencesToBatch } from './batching';
import { Rng } from './rng';
import { BOS_ID, SPECIAL_TOKENS, Tokenizer, splitText } from './tokenizer';
import type { Corpus, TokenBatch } from './types';

export const COREF_CORPUS_ID = 'builtin:coref';

export type CorefFamily = 'cross' | 'fit' | 'zh';
export const COREF_FAMILIES: readonly CorefFamily[] = ['cross', 'fit', 'zh'];

/** One evaluation prompt: the model should prefer `answer` over `distractor` right after `prompt`. */
export interface CorefCase {
  family: CorefFamily;
  /** Text ending right before the referent: "... it refers to the" or "...它指的是". */
  prompt: string;
  answer: string;
  distractor: string;
  adjective: string;
  /** True when the schema sentence is preceded by 1–3 other corpus sentences. */
  afterOthers: boolean;
}

// ---------------------------------------------------------------------------------------------------
// Word lists (CONTRACT §4). "first" nouns are the subjects (ANIMATE / OBJECT), "second" the places /
// containers; each adjective list names the class it makes "it" refer to.

export interface FamilyWords {
  first: readonly string[];
  second: readonly string[];
  /** Adjectives that make "it" the first noun (e.g. tired → the animal). */
  firstAdjectives: readonly string[];
  /** Adjectives that make "it" the second noun (e.g. narrow → the street). */
  secondAdjectives: readonly string[];
}

export const COREF_WORDS: Readonly<Record<CorefFamily, FamilyWords>> = {
  cross: {
    first: ['animal', 'dog', 'cat', 'horse', 'cow', 'fox', 'sheep', 'child', 'boy', 'girl', 'man', 'woman'],
    second: ['street', 'road', 'river', 'bridge', 'path', 'field', 'tunnel', 'square'],
    firstAdjectives: ['tired', 'scared', 'weak', 'old', 'slow', 'sleepy', 'lazy', 'hungry'],
    secondAdjectives: ['narrow', 'wide', 'busy', 'crowded', 'dark', 'icy', 'steep', 'long'],
  },
  fit: {
    first: ['trophy', 'ball', 'book', 'cake', 'lamp', 'toy'],
    second: ['suitcase', 'bag', 'box', 'drawer', 'basket', 'car'],
    firstAdjectives: ['big', 'large', 'tall', 'long'],
    secondAdjectives: ['small', 'tiny', 'full', 'narrow'],
  },
  zh: {
    first: ['动物', '小狗', '小猫', '马', '牛', '狐狸', '孩子', '老人'],
    second: ['马路', '街道', '小河', '桥', '隧道'],
    firstAdjectives: ['累', '困', '老', '饿'],
    secondAdjectives: ['窄', '宽', '挤', '滑'],
  },
};

/** The product's showcase pairs: always in training, never held out. */
export const SHOWCASE_PAIRS: Readonly<Record<CorefFamily, readonly [string, string] | null>> = {
  cross: ['animal', 'street'],
  fit: null,
  zh: ['动物', '马路'],
};

/** How many noun pairs each family holds out (at most one per first noun). */
export const HELD_OUT_COUNT: Readonly<Record<CorefFamily, number>> = { cross: 12, fit: 6, zh: 8 };

// ---------------------------------------------------------------------------------------------------
// Sentence templates.

function schemaText(family: CorefFamily, first: string, second: string, adjective: string, referent: string): string {
  return schemaPrompt(family, first, second, adjective) + (family === 'zh' ? `${referent}。` : ` ${referent} .`);
}

/** The schema sentence up to (not including) the referent. */
function schemaPrompt(family: CorefFamily, first: string, second: string, adjective: string): string {
  switch (family) {
    case 'cross':
      return `the ${first} didn't cross the ${second} because it was too ${adjective} . it refers to the`;
    case 'fit':
      return `the ${first} didn't fit in the ${second} because it was too ${adjective} . it refers to the`;
    case 'zh':
      return `${first}没有过${second}，因为它太${adjective}了。它指的是`;
  }
}

/** Plain sentence about one noun: "the dog was tired ." / "小狗很累。" */
function describeText(family: CorefFamily, noun: string, adjective: string): string {
  return family === 'zh' ? `${noun}很${adjective}。` : `the ${noun} was ${adjective} .`;
}

/** Plain sentence about a noun pair: "the dog crossed the street ." / "the ball was in the box ." / "小狗过了马路。" */
function relateText(family: CorefFamily, first: string, second: string): string {
  switch (family) {
    case 'cross':
      return `the ${first} crossed the ${second} .`;
    case 'fit':
      return `the ${first} was in the ${second} .`;
    case 'zh':
      return `${first}过了${second}。`;
  }
}

function joinSentences(family: CorefFamily, texts: readonly string[]): string {
  return texts.join(family === 'zh' ? '' : ' ');
}

// ---------------------------------------------------------------------------------------------------
// Vocabulary.

let cachedVocabulary: string[] | null = null;

/** The fixed vocabulary: the specials, then every token the generator can produce, sorted by code unit. */
export function corefVocabulary(): string[] {
  if (cachedVocabulary === null) {
    const tokens = new Set<string>();
    for (const family of COREF_FAMILIES) {
      const w = COREF_WORDS[family];
      const a = w.first[0];
      const b = w.second[0];
      const texts = [
        ...w.first,
        ...w.second,
        ...w.firstAdjectives,
        ...w.secondAdjectives,
        schemaText(family, a, b, w.firstAdjectives[0], a),
        describeText(family, a, w.firstAdjectives[0]),
        relateText(family, a, b),
      ];
      for (const text of texts) for (const piece of splitText(text)) tokens.add(piece);
    }
    const sorted = [...tokens].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
    cachedVocabulary = [...SPECIAL_TOKENS, ...sorted];
  }
  return [...cachedVocabulary];
}

// ---------------------------------------------------------------------------------------------------
// The held-out split.

export type NounPair = readonly [string, string];
export type HeldOutPairs = Readonly<Record<CorefFamily, readonly NounPair[]>>;

export function pairKey(first: string, second: string): string {
  return `${first}\u0000${second}`;
}

/** How one family's held-out pairs are drawn: its words, how many pairs, the pair never held out. */
export interface HoldOutSpec {
  words: FamilyWords;
  /** Pairs to hold out (at most one per first noun). */
  count: number;
  /** A showcase pair that must stay in training, or null. */
  showcase: NounPair | null;
}

/**
 * One family's held-out noun pairs drawn with rng: each first noun is held out with at most one second
 * noun (so every word keeps most of its pairs in training), second nouns are spread as evenly as
 * possible, and the showcase pair is never held out. Sorted by the list order of the first noun, so
 * reports read the same for a seed. Shared by builtin:coref and builtin:translate.
 */
export function drawHeldOutPairs(rng: Rng, spec: HoldOutSpec): NounPair[] {
  const { words: w, count, showcase } = spec;
  let pairs: NounPair[] = [];
  for (let attempt = 0; attempt < 1000; attempt++) {
    const firsts = rng.shuffle([...w.first]).slice(0, count);
    const seconds = rng.shuffle([...w.second]);
    pairs = firsts.map((f, i): NounPair => [f, seconds[i % seconds.length]]);
    if (showcase === null || !pairs.some(([f, s]) => f === showcase[0] && s === showcase[1])) break;
  }
  if (showcase !== null) pairs = pairs.filter(([f, s]) => !(f === showcase[0] && s === showcase[1]));
  pairs.sort((p, q) => w.first.indexOf(p[0]) - w.first.indexOf(q[0]));
  return pairs;
}

/** The generator the held-out draw of a corpus seed starts from (families are drawn in order from it). */
export function heldOutRng(seed: number): Rng {
  return new Rng((Math.floor(seed) ^ 0x5eed0c0f) >>> 0);
}

/**
 * The noun pairs held out for validation, a function of the seed only (see drawHeldOutPairs); the
 * showcase pairs are never held out.
 */
export function heldOutPairs(seed: number): HeldOutPairs {
  const rng = heldOutRng(seed);
  const out = {} as Record<CorefFamily, NounPair[]>;
  for (const family of COREF_FAMILIES) {
    out[family] = drawHeldOutPairs(rng, { words: COREF_WORDS[family], count: HELD_OUT_COUNT[family], showcase: SHOWCASE_PAIRS[family] });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Sentences and documents.

export interface CorefSentence {
  kind: 'schema' | 'plain';
  family: CorefFamily;
  text: string;
  /** Schema sentences: the two nouns, the adjective and the referent it selects. */
  first?: string;
  second?: string;
  adjective?: string;
  referent?: string;
}

export interface CorefDocument {
  family: CorefFamily;
  sentences: CorefSentence[];
  /** The document text (sentences joined by the decoding rule). */
  text: string;
  /** Token ids, starting with <bos>; at most contextLength long unless one sentence alone is longer. */
  ids: number[];
}

type PairMode = 'train' | 'heldOut';

class SentenceSampler {
  private readonly trainPairs: Record<CorefFamily, NounPair[]>;
  private readonly heldOut: HeldOutPairs;

  constructor(heldOut: HeldOutPairs) {
    this.heldOut = heldOut;
    this.trainPairs = {} as Record<CorefFamily, NounPair[]>;
    for (const family of COREF_FAMILIES) {
      const w = COREF_WORDS[family];
      const held = new Set(heldOut[family].map(([f, s]) => pairKey(f, s)));
      const pairs: NounPair[] = [];
      for (const f of w.first) for (const s of w.second) if (!held.has(pairKey(f, s))) pairs.push([f, s]);
      this.trainPairs[family] = pairs;
    }
  }

  pair(rng: Rng, family: CorefFamily, mode: PairMode): NounPair {
    return rng.pick(mode === 'train' ? this.trainPairs[family] : this.heldOut[family]);
  }

  schema(rng: Rng, family: CorefFamily, mode: PairMode, toFirst?: boolean): CorefSentence {
    const w = COREF_WORDS[family];
    const [first, second] = this.pair(rng, family, mode);
    const firstReferent = toFirst ?? rng.next() < 0.5;
    const adjective = rng.pick(firstReferent ? w.firstAdjectives : w.secondAdjectives);
    const referent = firstReferent ? first : second;
    return { kind: 'schema', family, text: schemaText(family, first, second, adjective, referent), first, second, adjective, referent };
  }

  plain(rng: Rng, family: CorefFamily, mode: PairMode): CorefSentence {
    const w = COREF_WORDS[family];
    if (rng.next() < 0.5) {
      const [first, second] = this.pair(rng, family, mode);
      return { kind: 'plain', family, text: relateText(family, first, second), first, second };
    }
    const useFirst = rng.next() < 0.5;
    const noun = rng.pick(useFirst ? w.first : w.second);
    const adjective = rng.pick(useFirst ? w.firstAdjectives : w.secondAdjectives);
    return { kind: 'plain', family, text: describeText(family, noun, adjective) };
  }

  /**
   * 1–4 sentences of one language; each sentence before the last is plain with probability 0.2, the
   * last one is a schema sentence with probability 0.9. Sentences are dropped from the front until
   * <bos> + the rest fit in contextLength tokens.
   */
  document(rng: Rng, tokenizer: Tokenizer, contextLength: number, mode: PairMode): CorefDocument {
    const zh = rng.next() < 1 / 3;
    const count = 1 + rng.int(4);
    let sentences: CorefSentence[] = [];
    for (let j = 0; j < count; j++) {
      const family: CorefFamily = zh ? 'zh' : rng.next() < 0.5 ? 'cross' : 'fit';
      const plain = j === count - 1 ? rng.next() < 0.1 : rng.next() < 0.2;
      sentences.push(plain ? this.plain(rng, family, mode) : this.schema(rng, family, mode));
    }
    sentences = fitSentences(sentences, contextLength);
    return makeDocument(sentences, tokenizer);
  }
}

function sentenceLength(s: CorefSentence): number {
  return splitText(s.text).length;
}

/** Drops sentences from the front until <bos> + the rest fit in contextLength (keeps at least one). */
function fitSentences(sentences: CorefSentence[], contextLength: number): CorefSentence[] {
  const lengths = sentences.map(sentenceLength);
  let total = 1 + lengths.reduce((a, b) => a + b, 0);
  let start = 0;
  while (start < sentences.length - 1 && total > contextLength) total -= lengths[start++];
  return sentences.slice(start);
}

function makeDocument(sentences: CorefSentence[], tokenizer: Tokenizer): CorefDocument {
  const family = sentences[sentences.length - 1].family;
  const text = joinSentences(family, sentences.map((s) => s.text));
  const ids = [BOS_ID];
  for (const piece of splitText(text)) {
    const id = tokenizer.idOf(piece);
    if (id === undefined) throw new Error(`coref generator produced "${piece}", which is not in its vocabulary`);
    ids.push(id);
  }
  return { family, sentences, text, ids };
}

// ---------------------------------------------------------------------------------------------------
// The corpus.

export interface CorefCorpus extends Corpus {
  tokenizer: Tokenizer;
  seed: number;
  heldOut: HeldOutPairs;
  /** One training document drawn with rng (what trainBatch packs, one per row). */
  sampleDocument(rng: Rng, contextLength: number): CorefDocument;
  /** The fixed validation documents (held-out pairs only), same on every call. */
  validationDocuments(contextLength: number): CorefDocument[];
}

/** Number of validation documents. */
export const COREF_VALIDATION_DOCUMENTS = 256;

export function createCorefCorpus(seed: number): CorefCorpus {
  const tokenizer = new Tokenizer(corefVocabulary());
  const heldOut = heldOutPairs(seed);
  const sampler = new SentenceSampler(heldOut);

  const sampleDocument = (rng: Rng, contextLength: number): CorefDocument =>
    sampler.document(rng, tokenizer, contextLength, 'train');

  const validationDocuments = (contextLength: number): CorefDocument[] => {
    const rng = new Rng((Math.floor(seed) ^ 0x7a11da7e) >>> 0);
    const docs: CorefDocument[] = [];
    for (let i = 0; i < COREF_VALIDATION_DOCUMENTS; i++) docs.push(sampler.document(rng, tokenizer, contextLength, 'heldOut'));
    return docs;
  };

  return {
    id: COREF_CORPUS_ID,
    vocab: tokenizer.vocab,
    tokenizer,
    seed,
    heldOut,
    sampleDocument,
    validationDocuments,
    trainBatch(rng: Rng, batchSize: number, contextLength: number, pack = false): TokenBatch {
      if (pack) return packedBatch(() => sampleDocument(rng, contextLength).ids, batchSize, contextLength);
      const seqs: number[][] = [];
      for (let b = 0; b < batchSize; b++) seqs.push(sampleDocument(rng, contextLength).ids);
      return sequencesToBatch(seqs, contextLength);
    },
    validationBatches(batchSize: number, contextLength: number): TokenBatch[] {
      const docs = validationDocuments(contextLength);
      return chunk(docs.map((d) => d.ids), batchSize).map((seqs) => sequencesToBatch(seqs, contextLength));
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// Validation cases and the canonical prompts.

/**
 * Evaluation prompts on the held-out pairs only. Within each family, consecutive cases alternate the
 * adjective direction (even: the first noun is the answer, odd: the second) and every other pair of
 * cases is preceded by 1–3 training-style sentences (afterOthers), so with perFamily a multiple of 4
 * each half is exact. The full sentence (with <bos>, the referent and the final stop) fits in
 * contextLength tokens (default 64). Deterministic given the seed.
 */
export function corefValidationCases(seed: number, opts: { perFamily?: number; contextLength?: number } = {}): CorefCase[] {
  const perFamily = opts.perFamily ?? 100;
  const contextLength = opts.contextLength ?? 64;
  const heldOut = heldOutPairs(seed);
  const sampler = new SentenceSampler(heldOut);
  const rng = new Rng((Math.floor(seed) ^ 0x0ca5e5) >>> 0);
  const cases: CorefCase[] = [];
  for (const family of COREF_FAMILIES) {
    const pairs = heldOut[family];
    const w = COREF_WORDS[family];
    for (let i = 0; i < perFamily; i++) {
      const [first, second] = pairs[Math.floor(i / 4) % pairs.length];
      const toFirst = i % 2 === 0;
      const afterOthers = Math.floor(i / 2) % 2 === 1;
      const adjective = rng.pick(toFirst ? w.firstAdjectives : w.secondAdjectives);
      const answer = toFirst ? first : second;
      const distractor = toFirst ? second : first;
      const target: CorefSentence = { kind: 'schema', family, text: schemaText(family, first, second, adjective, answer) };
      let before: string[] = [];
      if (afterOthers) {
        const budget = contextLength - 1 - sentenceLength(target);
        const n = 1 + rng.int(3);
        const others: CorefSentence[] = [];
        for (let j = 0; j < n; j++) others.push(rng.next() < 0.25 ? sampler.plain(rng, family, 'train') : sampler.schema(rng, family, 'train'));
        // Keep the last sentences that fit; if none fits, use one short plain sentence.
        let used = 0;
        const kept: CorefSentence[] = [];
        for (let j = others.length - 1; j >= 0; j--) {
          const len = sentenceLength(others[j]);
          if (used + len > budget) break;
          used += len;
          kept.unshift(others[j]);
        }
        if (kept.length === 0) {
          const plain: CorefSentence = { kind: 'plain', family, text: describeText(family, first, w.firstAdjectives[0]) };
          if (sentenceLength(plain) <= budget) kept.push(plain);
        }
        before = kept.map((s) => s.text);
      }
      const prompt = joinSentences(family, [...before, schemaPrompt(family, first, second, adjective)]);
      cases.push({ family, prompt, answer, distractor, adjective, afterOthers: afterOthers && before.length > 0 });
    }
  }
  return cases;
}

/**
 * The showcase prompts (README, tests, first screen): (animal, street) with "tired", "narrow" and
 * "wide", and (动物, 马路) with "累" and "窄". These pairs are always in training.
 */
export function canonicalPairs(): CorefCase[] {
  const make = (family: CorefFamily, first: string, second: string, adjective: string, toFirst: boolean): CorefCase => ({
    family,
    prompt: schemaPrompt(family, first, second, adjective),
    answer: toFirst ? first : second,
    distractor: toFirst ? second : first,
    adjective,
    afterOthers: false,
  });
  return [
    make('cross', 'animal', 'street', 'tired', true),
    make('cross', 'animal', 'street', 'narrow', false),
    make('cross', 'animal', 'street', 'wide', false),
    make('zh', '动物', '马路', '累', true),
    make('zh', '动物', '马路', '窄', false),
  ];
}
