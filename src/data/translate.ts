// The built-in translation corpus `builtin:translate` (CONTRACT §6): English sentences of the two
// English families of builtin:coref, each paired with the Chinese a careful translator writes, where
// the pronoun is replaced by the noun it refers to:
//   the animal didn't cross the street because it was too tired .  →  动物没有过马路，因为动物太累了。
//   the animal didn't cross the street because it was too narrow . →  动物没有过马路，因为马路太窄了。
//   the trophy didn't fit in the suitcase because it was too big .  →  奖杯放不进箱子，因为奖杯太大了。
// Plain sentences without a pronoun are mixed in (the first is CONTRACT §6's; the others are this
// corpus's own additions):
//   the dog crossed the road .  →  狗过了公路。        (cross: "relate")
//   the ball was in the box .   →  球在盒子里。        (fit: "relate")
//   the dog was tired .         →  狗很累。            (either family: "describe")
// The source is English pieces of the tokenizer (words, "didn't" whole, "." separate; no <bos>), the
// target Chinese characters, one token each, punctuation kept. A seeded split holds out noun pairs
// (e.g. (cat, bridge)) that no training pair ever uses, drawn exactly as builtin:coref draws its own;
// the showcase pairs (animal, street) and (trophy, suitcase) are always in training. Validation
// batches and validation cases use only the held-out pairs.

import type { IdPair } from './batching';
import { pairCorpusParts } from './pairCorpus';
import { COREF_WORDS, drawHeldOutPairs, heldOutRng, HELD_OUT_COUNT, pairKey, type FamilyWords, type NounPair } from './coref';
import { Rng } from './rng';
import { EOS, SPECIAL_TOKENS, Tokenizer, splitText } from './tokenizer';
import type { PairCorpus } from './types';
import type { TranslateFamily, TranslationCase } from './translationCase';

export type { TranslateFamily } from './translationCase';

export const TRANSLATE_CORPUS_ID = 'builtin:translate';
export const TRANSLATE_FAMILIES: readonly TranslateFamily[] = ['cross', 'fit'];

/** The English word lists: those of builtin:coref's English families (CONTRACT §4). */
export const TRANSLATE_WORDS: Readonly<Record<TranslateFamily, FamilyWords>> = {
  cross: COREF_WORDS.cross,
  fit: COREF_WORDS.fit,
};

/** The word translations of CONTRACT §6 (one token per character). */
export const CHINESE: Readonly<Record<string, string>> = {
  animal: '动物', dog: '狗', cat: '猫', horse: '马', cow: '牛', fox: '狐狸', sheep: '羊', child: '孩子',
  boy: '男孩', girl: '女孩', man: '男人', woman: '女人',
  street: '马路', road: '公路', river: '河', bridge: '桥', path: '小路', field: '田野', tunnel: '隧道', square: '广场',
  tired: '累', scared: '害怕', weak: '虚弱', old: '老', slow: '慢', sleepy: '困', lazy: '懒', hungry: '饿',
  narrow: '窄', wide: '宽', busy: '忙', crowded: '挤', dark: '黑', icy: '滑', steep: '陡', long: '长',
  trophy: '奖杯', ball: '球', book: '书', cake: '蛋糕', lamp: '灯', toy: '玩具',
  suitcase: '箱子', bag: '包', box: '盒子', drawer: '抽屉', basket: '篮子', car: '车',
  big: '大', large: '大', tall: '高', small: '小', tiny: '小', full: '满',
};

/** The showcase pairs (README, tests, first screen): never held out. */
export const TRANSLATE_SHOWCASE_PAIRS: Readonly<Record<TranslateFamily, NounPair>> = {
  cross: ['animal', 'street'],
  fit: ['trophy', 'suitcase'],
};

/** Share of training pairs that are schema sentences; the rest are plain (half relate, half describe). */
const SCHEMA_SHARE = 0.8;

export function chineseOf(word: string): string {
  const zh = Object.hasOwn(CHINESE, word) ? CHINESE[word] : undefined;
  if (zh === undefined) throw new Error(`no Chinese translation for "${word}"`);
  return zh;
}

// ---------------------------------------------------------------------------------------------------
// Templates.

/** The schema sentence with "it": `the A didn't cross the P because it was too ADJ .` */
export function schemaSource(family: TranslateFamily, first: string, second: string, adjective: string): string {
  return family === 'cross'
    ? `the ${first} didn't cross the ${second} because it was too ${adjective} .`
    : `the ${first} didn't fit in the ${second} because it was too ${adjective} .`;
}

/** The part of the Chinese translation before the referent: `A没有过P，因为` / `O放不进C，因为`. */
function schemaTargetPrefix(family: TranslateFamily, first: string, second: string): string {
  const [a, b] = [chineseOf(first), chineseOf(second)];
  return family === 'cross' ? `${a}没有过${b}，因为` : `${a}放不进${b}，因为`;
}

/** `A没有过P，因为R太Z了。` / `O放不进C，因为R太Z了。` (R = the referent's Chinese, Z = the adjective's). */
export function schemaTarget(family: TranslateFamily, first: string, second: string, adjective: string, referent: string): string {
  return `${schemaTargetPrefix(family, first, second)}${chineseOf(referent)}太${chineseOf(adjective)}了。`;
}

function relateSource(family: TranslateFamily, first: string, second: string): string {
  return family === 'cross' ? `the ${first} crossed the ${second} .` : `the ${first} was in the ${second} .`;
}

function relateTarget(family: TranslateFamily, first: string, second: string): string {
  const [a, b] = [chineseOf(first), chineseOf(second)];
  return family === 'cross' ? `${a}过了${b}。` : `${a}在${b}里。`;
}

function describeSource(noun: string, adjective: string): string {
  return `the ${noun} was ${adjective} .`;
}

function describeTarget(noun: string, adjective: string): string {
  return `${chineseOf(noun)}很${chineseOf(adjective)}。`;
}

// ---------------------------------------------------------------------------------------------------
// Vocabulary.

let cachedVocabulary: string[] | null = null;

/**
 * The fixed vocabulary: <pad>, <unk>, <bos>, <eos>, then every English piece and every Chinese
 * character the generator can produce, sorted by code unit.
 */
export function translateVocabulary(): string[] {
  if (cachedVocabulary === null) {
    const tokens = new Set<string>();
    const add = (text: string): void => {
      for (const piece of splitText(text)) tokens.add(piece);
    };
    for (const family of TRANSLATE_FAMILIES) {
      const w = TRANSLATE_WORDS[family];
      const [a, b] = [w.first[0], w.second[0]];
      for (const word of [...w.first, ...w.second, ...w.firstAdjectives, ...w.secondAdjectives]) {
        add(word);
        add(chineseOf(word));
      }
      add(schemaSource(family, a, b, w.firstAdjectives[0]));
      add(schemaTarget(family, a, b, w.firstAdjectives[0], a));
      add(relateSource(family, a, b));
      add(relateTarget(family, a, b));
      add(describeSource(a, w.firstAdjectives[0]));
      add(describeTarget(a, w.firstAdjectives[0]));
    }
    const sorted = [...tokens].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
    cachedVocabulary = [...SPECIAL_TOKENS, EOS, ...sorted];
  }
  return [...cachedVocabulary];
}

// ---------------------------------------------------------------------------------------------------
// The held-out split.

export type TranslateHeldOut = Readonly<Record<TranslateFamily, readonly NounPair[]>>;

/**
 * The noun pairs held out for validation, a function of the seed only, drawn as builtin:coref draws
 * its own (same generator, same counts, families in the same order): the "cross" pairs are the ones
 * builtin:coref holds out for the same seed. Each first noun is held out with at most one second noun;
 * the showcase pairs stay in training.
 */
export function translateHeldOutPairs(seed: number): TranslateHeldOut {
  const rng = heldOutRng(seed);
  const out = {} as Record<TranslateFamily, NounPair[]>;
  for (const family of TRANSLATE_FAMILIES) {
    out[family] = drawHeldOutPairs(rng, {
      words: TRANSLATE_WORDS[family],
      count: HELD_OUT_COUNT[family],
      showcase: TRANSLATE_SHOWCASE_PAIRS[family],
    });
  }
  return out;
}

/** The noun pairs of a family that training uses: every (first, second) pair not held out. */
export function translateTrainPairs(heldOut: TranslateHeldOut, family: TranslateFamily): NounPair[] {
  const w = TRANSLATE_WORDS[family];
  const held = new Set(heldOut[family].map(([f, s]) => pairKey(f, s)));
  const pairs: NounPair[] = [];
  for (const f of w.first) for (const s of w.second) if (!held.has(pairKey(f, s))) pairs.push([f, s]);
  return pairs;
}

// ---------------------------------------------------------------------------------------------------
// Sentence pairs and evaluation cases.

export type TranslateKind = 'schema' | 'relate' | 'describe';

/** One English sentence and its Chinese translation. */
export interface TranslatePair {
  kind: TranslateKind;
  family: TranslateFamily;
  source: string;
  target: string;
}

/**
 * One schema sentence as the evaluation reads it. Source positions count the English pieces from 0
 * (there is no <bos> on the source side); target positions count the Chinese characters from 0, and
 * target token i is what decoder row i writes (row i reads <bos> + the first i target tokens).
 */
export interface TranslateCase extends TranslationCase {
  /** The Chinese of the two nouns, the adjective, the referent and the other noun. */
  firstZh: string;
  secondZh: string;
  adjectiveZh: string;
  referentZh: string;
  distractorZh: string;
}

/** The slot of "it" in a Chinese translation: the characters between 因为 and the next 太. */
export const CHINESE_SLOT = { open: ['因', '为'], close: '太' } as const;

export function makeCase(family: TranslateFamily, first: string, second: string, adjective: string): TranslateCase {
  const w = TRANSLATE_WORDS[family];
  const toFirst = w.firstAdjectives.includes(adjective);
  if (!toFirst && !w.secondAdjectives.includes(adjective)) throw new Error(`"${adjective}" is not an adjective of the ${family} family`);
  if (!w.first.includes(first) || !w.second.includes(second)) throw new Error(`(${first}, ${second}) is not a ${family} noun pair`);
  const referent = toFirst ? first : second;
  const distractor = toFirst ? second : first;
  const source = schemaSource(family, first, second, adjective);
  const pieces = splitText(source);
  const firstAt = pieces.indexOf(first);
  const secondAt = pieces.indexOf(second, firstAt + 1);
  const itAt = pieces.indexOf('it');
  const adjectiveAt = pieces.lastIndexOf(adjective);
  // Both templates start "A" + 3 characters (没有过 / 放不进) + "B".
  const span = (from: number, n: number): number[] => Array.from({ length: n }, (_, k) => from + k);
  const [firstZh, secondZh] = [chineseOf(first), chineseOf(second)];
  return {
    family,
    source,
    target: schemaTarget(family, first, second, adjective, referent),
    first,
    second,
    firstZh: chineseOf(first),
    secondZh: chineseOf(second),
    adjective,
    adjectiveZh: chineseOf(adjective),
    referentRole: toFirst ? 'first' : 'second',
    referent,
    referentZh: chineseOf(referent),
    distractor,
    distractorZh: chineseOf(distractor),
    sourcePositions: { first: firstAt, second: secondAt, it: itAt, adjective: adjectiveAt },
    referentIndex: splitText(schemaTargetPrefix(family, first, second)).length,
    slot: { ...CHINESE_SLOT, referent: chineseOf(referent), distractor: chineseOf(distractor) },
    targetNouns: { first: span(0, firstZh.length), second: span(firstZh.length + 3, secondZh.length) },
  };
}

/**
 * Every schema case of one split, in a fixed order: per family, per noun pair (list order), every
 * adjective (those that select the first noun, then those that select the second). "heldOut" gives the
 * validation cases (12 × 16 cross + 6 × 8 fit = 240 for every seed); "train" the cases whose pairs
 * training uses.
 */
export function translateCases(seed: number, split: 'heldOut' | 'train' = 'heldOut'): TranslateCase[] {
  const heldOut = translateHeldOutPairs(seed);
  const cases: TranslateCase[] = [];
  for (const family of TRANSLATE_FAMILIES) {
    const w = TRANSLATE_WORDS[family];
    const pairs = split === 'heldOut' ? heldOut[family] : translateTrainPairs(heldOut, family);
    for (const [first, second] of pairs) {
      for (const adjective of [...w.firstAdjectives, ...w.secondAdjectives]) cases.push(makeCase(family, first, second, adjective));
    }
  }
  return cases;
}

/**
 * The showcase sentences (README, tests, first screen): (animal, street) with "tired", "narrow" and
 * "wide", and (trophy, suitcase) with "big" and "small". These pairs are always in training.
 */
export function canonicalTranslations(): TranslateCase[] {
  return [
    makeCase('cross', 'animal', 'street', 'tired'),
    makeCase('cross', 'animal', 'street', 'narrow'),
    makeCase('cross', 'animal', 'street', 'wide'),
    makeCase('fit', 'trophy', 'suitcase', 'big'),
    makeCase('fit', 'trophy', 'suitcase', 'small'),
  ];
}

// ---------------------------------------------------------------------------------------------------
// The corpus.

export interface TranslateCorpus extends PairCorpus {
  tokenizer: Tokenizer;
  seed: number;
  heldOut: TranslateHeldOut;
  /** One training pair drawn with rng (what trainBatch encodes, one per row). */
  samplePair(rng: Rng): TranslatePair;
  /** Source ids (no <bos>) and target ids (no <bos>/<eos>) of a pair; throws on a piece outside the vocabulary. */
  encodePair(pair: { source: string; target: string }): IdPair;
  /** The validation cases: every held-out schema case (translateCases(seed, 'heldOut')). */
  validationCases(): TranslateCase[];
}

/** Longest source (in pieces) and target (in characters) the generator can produce. */
function longestLengths(): { source: number; target: number } {
  let source = 0;
  let target = 0;
  for (const family of TRANSLATE_FAMILIES) {
    const w = TRANSLATE_WORDS[family];
    const longest = (words: readonly string[], measure: (x: string) => number): string =>
      words.reduce((best, x) => (measure(x) > measure(best) ? x : best));
    const zhLen = (x: string): number => chineseOf(x).length;
    const adjectives = [...w.firstAdjectives, ...w.secondAdjectives];
    // Every English word is one piece: source length is fixed by the template.
    source = Math.max(source, splitText(schemaSource(family, w.first[0], w.second[0], adjectives[0])).length);
    const [a, b, z] = [longest(w.first, zhLen), longest(w.second, zhLen), longest(adjectives, zhLen)];
    const r = zhLen(a) >= zhLen(b) ? a : b;
    target = Math.max(target, splitText(schemaTarget(family, a, b, z, r)).length);
  }
  return { source, target };
}

/** Source pieces and target characters (without <eos>) of the longest pair. */
export const TRANSLATE_MAX_LENGTHS: Readonly<{ source: number; target: number }> = Object.freeze(longestLengths());

/** Batch shapes for a context length: the longest pair, cut to contextLength (decoder: <bos>/<eos> + target). */
export function translateBatchShape(contextLength: number): { sourceLength: number; length: number } {
  return {
    sourceLength: Math.min(contextLength, TRANSLATE_MAX_LENGTHS.source),
    length: Math.min(contextLength, TRANSLATE_MAX_LENGTHS.target + 1),
  };
}

export function createTranslateCorpus(seed: number): TranslateCorpus {
  const tokenizer = new Tokenizer(translateVocabulary());
  const heldOut = translateHeldOutPairs(seed);
  const trainPairs: Record<TranslateFamily, NounPair[]> = {
    cross: translateTrainPairs(heldOut, 'cross'),
    fit: translateTrainPairs(heldOut, 'fit'),
  };

  const samplePair = (rng: Rng): TranslatePair => {
    const family: TranslateFamily = rng.next() < 0.5 ? 'cross' : 'fit';
    const w = TRANSLATE_WORDS[family];
    const u = rng.next();
    if (u < SCHEMA_SHARE) {
      const [first, second] = rng.pick(trainPairs[family]);
      const toFirst = rng.next() < 0.5;
      const adjective = rng.pick(toFirst ? w.firstAdjectives : w.secondAdjectives);
      return {
        kind: 'schema',
        family,
        source: schemaSource(family, first, second, adjective),
        target: schemaTarget(family, first, second, adjective, toFirst ? first : second),
      };
    }
    if (u < (1 + SCHEMA_SHARE) / 2) {
      const [first, second] = rng.pick(trainPairs[family]);
      return { kind: 'relate', family, source: relateSource(family, first, second), target: relateTarget(family, first, second) };
    }
    const useFirst = rng.next() < 0.5;
    const noun = rng.pick(useFirst ? w.first : w.second);
    const adjective = rng.pick(useFirst ? w.firstAdjectives : w.secondAdjectives);
    return { kind: 'describe', family, source: describeSource(noun, adjective), target: describeTarget(noun, adjective) };
  };

  const validationCases = (): TranslateCase[] => translateCases(seed, 'heldOut');

  return {
    id: TRANSLATE_CORPUS_ID,
    kind: 'pairs',
    vocab: tokenizer.vocab,
    tokenizer,
    seed,
    heldOut,
    samplePair,
    validationCases,
    ...pairCorpusParts({ id: TRANSLATE_CORPUS_ID, tokenizer, samplePair, validationCases, batchShape: translateBatchShape }),
  };
}
