// The English→French corpus `builtin:translate-fr` (CONTRACT §6b), the language pair of the famous
// figure: French must write `il` or `elle` for "it" by the gender of the noun it refers to, and the
// adjective agrees, so the translation cannot be written without resolving "it":
//   the animal didn't cross the street because it was too tired .
//     → l'animal n'a pas traversé la rue parce qu'il était trop fatigué .
//   the animal didn't cross the street because it was too narrow .
//     → l'animal n'a pas traversé la rue parce qu'elle était trop étroite .
// The same shape as builtin:translate (src/data/translate.ts): one vocabulary for both sides, seeded
// training batches, held-out noun pairs drawn as builtin:coref draws its own (CONTRACT §4), the
// showcase pair (animal, street) always in training. Tokens: the word pieces of the tokenizer, which
// keep French elisions whole (`l'animal`, `n'a`, `qu'il`, `qu'elle`), punctuation separate, lower-cased.
//
// Training sentences (each drawn independently per row):
// - "it" (SHARE_IT = 60 %): the schema sentence above;
// - the explicit noun (the other 40 %): `… because the street was too narrow .` →
//   `… parce que la rue était trop étroite .` (the noun the adjective fits, as §6b writes it);
// - either of them with the lead-in `yesterday ,` → `hier ,` (SHARE_LEAD_IN = 30 % of the rows).
// No plain sentences: every training sentence is one of these. The evaluation reads the schema
// sentences with "it", without a lead-in, of the held-out pairs (12 pairs × 16 adjectives = 192 cases).

import type { IdPair } from './batching';
import { pairCorpusParts } from './pairCorpus';
import { drawHeldOutPairs, heldOutRng, pairKey, type FamilyWords, type NounPair } from './coref';
import { Rng } from './rng';
import { EOS, SPECIAL_TOKENS, Tokenizer, splitText } from './tokenizer';
import type { TranslationCase } from './translationCase';
import type { PairCorpus } from './types';

export const TRANSLATE_FR_CORPUS_ID = 'builtin:translate-fr';

export type Gender = 'm' | 'f';

/** The English words (CONTRACT §6b): the §4 "cross" family with three more feminine animals. */
export const TRANSLATE_FR_WORDS: FamilyWords = {
  first: ['animal', 'dog', 'cat', 'horse', 'cow', 'fox', 'sheep', 'child', 'boy', 'girl', 'man', 'woman', 'goat', 'hen', 'mouse'],
  second: ['street', 'road', 'river', 'bridge', 'path', 'field', 'tunnel', 'square'],
  firstAdjectives: ['tired', 'scared', 'weak', 'old', 'slow', 'sleepy', 'lazy', 'hungry'],
  secondAdjectives: ['narrow', 'wide', 'busy', 'crowded', 'dark', 'icy', 'steep', 'long'],
};

/** The French noun (without article) and its gender; `elided`: written with l' joined to it. */
export const FRENCH_NOUNS: Readonly<Record<string, { fr: string; gender: Gender; elided?: boolean }>> = {
  animal: { fr: 'animal', gender: 'm', elided: true },
  dog: { fr: 'chien', gender: 'm' },
  cat: { fr: 'chat', gender: 'm' },
  horse: { fr: 'cheval', gender: 'm' },
  cow: { fr: 'vache', gender: 'f' },
  fox: { fr: 'renard', gender: 'm' },
  sheep: { fr: 'mouton', gender: 'm' },
  child: { fr: 'enfant', gender: 'm', elided: true },
  boy: { fr: 'garçon', gender: 'm' },
  girl: { fr: 'fille', gender: 'f' },
  man: { fr: 'homme', gender: 'm', elided: true },
  woman: { fr: 'femme', gender: 'f' },
  goat: { fr: 'chèvre', gender: 'f' },
  hen: { fr: 'poule', gender: 'f' },
  mouse: { fr: 'souris', gender: 'f' },
  street: { fr: 'rue', gender: 'f' },
  road: { fr: 'route', gender: 'f' },
  river: { fr: 'rivière', gender: 'f' },
  bridge: { fr: 'pont', gender: 'm' },
  path: { fr: 'chemin', gender: 'm' },
  field: { fr: 'champ', gender: 'm' },
  tunnel: { fr: 'tunnel', gender: 'm' },
  square: { fr: 'place', gender: 'f' },
};

/** The adjectives' masculine and feminine forms (CONTRACT §6b). */
export const FRENCH_ADJECTIVES: Readonly<Record<string, { m: string; f: string }>> = {
  tired: { m: 'fatigué', f: 'fatiguée' },
  scared: { m: 'effrayé', f: 'effrayée' },
  weak: { m: 'faible', f: 'faible' },
  old: { m: 'vieux', f: 'vieille' },
  slow: { m: 'lent', f: 'lente' },
  sleepy: { m: 'endormi', f: 'endormie' },
  lazy: { m: 'paresseux', f: 'paresseuse' },
  hungry: { m: 'affamé', f: 'affamée' },
  narrow: { m: 'étroit', f: 'étroite' },
  wide: { m: 'large', f: 'large' },
  busy: { m: 'animé', f: 'animée' },
  crowded: { m: 'bondé', f: 'bondée' },
  dark: { m: 'sombre', f: 'sombre' },
  icy: { m: 'glacé', f: 'glacée' },
  steep: { m: 'raide', f: 'raide' },
  long: { m: 'long', f: 'longue' },
};

/** The showcase pair (README, tests, the famous figure): never held out. */
export const TRANSLATE_FR_SHOWCASE: NounPair = ['animal', 'street'];
/** Noun pairs held out (as builtin:coref's "cross" family). */
export const TRANSLATE_FR_HELD_OUT_COUNT = 12;

/** Share of training rows that use "it" (the rest name the noun), and of rows with the lead-in. */
const SHARE_IT = 0.6;
const SHARE_LEAD_IN = 0.3;

export const LEAD_IN_EN = 'yesterday ,';
export const LEAD_IN_FR = 'hier ,';

function nounOf(word: string): { fr: string; gender: Gender; elided?: boolean } {
  const n = Object.hasOwn(FRENCH_NOUNS, word) ? FRENCH_NOUNS[word] : undefined;
  if (n === undefined) throw new Error(`no French noun for "${word}"`);
  return n;
}

export function genderOf(word: string): Gender {
  return nounOf(word).gender;
}

/** The noun with its article: `l'animal`, `le chien`, `la rue`. */
export function withArticle(word: string): string {
  const n = nounOf(word);
  if (n.elided) return `l'${n.fr}`;
  return `${n.gender === 'm' ? 'le' : 'la'} ${n.fr}`;
}

/** The adjective agreeing with a gender. */
export function frenchAdjective(adjective: string, gender: Gender): string {
  const a = Object.hasOwn(FRENCH_ADJECTIVES, adjective) ? FRENCH_ADJECTIVES[adjective] : undefined;
  if (a === undefined) throw new Error(`no French adjective for "${adjective}"`);
  return a[gender];
}

/** The pronoun (with `parce que` elided into it) for a referent of this gender. */
export function frenchPronoun(gender: Gender): string {
  return gender === 'm' ? "qu'il" : "qu'elle";
}

// ---------------------------------------------------------------------------------------------------
// Templates.

/** `the A didn't cross the P because it was too ADJ .` (subject = "it") or `… because the R was too ADJ .`. */
export function frSource(first: string, second: string, adjective: string, opts: { explicit?: string; leadIn?: boolean } = {}): string {
  const subject = opts.explicit === undefined ? 'it' : `the ${opts.explicit}`;
  const body = `the ${first} didn't cross the ${second} because ${subject} was too ${adjective} .`;
  return opts.leadIn ? `${LEAD_IN_EN} ${body}` : body;
}

/** The French translation (CONTRACT §6b); `referent` is the noun "it" (or the explicit noun) means. */
export function frTarget(first: string, second: string, adjective: string, referent: string, opts: { explicit?: boolean; leadIn?: boolean } = {}): string {
  const g = genderOf(referent);
  const subject = opts.explicit ? `que ${withArticle(referent)}` : frenchPronoun(g);
  const body = `${withArticle(first)} n'a pas traversé ${withArticle(second)} parce ${subject} était trop ${frenchAdjective(adjective, g)} .`;
  return opts.leadIn ? `${LEAD_IN_FR} ${body}` : body;
}

// ---------------------------------------------------------------------------------------------------
// Vocabulary.

let cachedVocabulary: string[] | null = null;

/** <pad>, <unk>, <bos>, <eos>, then every English and French piece the generator can produce, sorted by code unit. */
export function translateFrVocabulary(): string[] {
  if (cachedVocabulary === null) {
    const tokens = new Set<string>();
    const add = (text: string): void => {
      for (const piece of splitText(text)) tokens.add(piece);
    };
    const w = TRANSLATE_FR_WORDS;
    for (const word of [...w.first, ...w.second]) {
      add(word);
      add(withArticle(word));
    }
    for (const adjective of [...w.firstAdjectives, ...w.secondAdjectives]) {
      add(adjective);
      add(frenchAdjective(adjective, 'm'));
      add(frenchAdjective(adjective, 'f'));
    }
    const [a, b, z] = [w.first[0], w.second[0], w.firstAdjectives[0]];
    add(frSource(a, b, z, { explicit: a, leadIn: true }));
    add(frSource(a, b, z, { leadIn: true }));
    add(frTarget(a, b, z, a, { explicit: true, leadIn: true }));
    add(frTarget(a, b, z, a));
    add(frTarget(a, b, w.secondAdjectives[0], b));
    const sorted = [...tokens].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
    cachedVocabulary = [...SPECIAL_TOKENS, EOS, ...sorted];
  }
  return [...cachedVocabulary];
}

// ---------------------------------------------------------------------------------------------------
// The held-out split.

/** The noun pairs held out for validation, a function of the seed only (drawn as builtin:coref's "cross" family). */
export function translateFrHeldOutPairs(seed: number): NounPair[] {
  return drawHeldOutPairs(heldOutRng(seed), { words: TRANSLATE_FR_WORDS, count: TRANSLATE_FR_HELD_OUT_COUNT, showcase: TRANSLATE_FR_SHOWCASE });
}

/** Every (first, second) pair not held out. */
export function translateFrTrainPairs(heldOut: readonly NounPair[]): NounPair[] {
  const held = new Set(heldOut.map(([f, s]) => pairKey(f, s)));
  const w = TRANSLATE_FR_WORDS;
  const pairs: NounPair[] = [];
  for (const f of w.first) for (const s of w.second) if (!held.has(pairKey(f, s))) pairs.push([f, s]);
  return pairs;
}

// ---------------------------------------------------------------------------------------------------
// Evaluation cases.

/** A schema case of this corpus: the fields every translation case has, and the genders. */
export interface TranslateFrCase extends TranslationCase {
  firstGender: Gender;
  secondGender: Gender;
  /** Whether the two nouns differ in gender (then the pronoun and the adjective tell which one "it" is). */
  gendersDiffer: boolean;
  /** The pronoun the reference writes (qu'il / qu'elle) and the adjective's French form. */
  pronoun: string;
  adjectiveFr: string;
}

/** The slot of "it" in a French translation: the piece between `parce` and `était` (qu'il / qu'elle). */
export const FRENCH_SLOT = { open: ['parce'], close: 'était' } as const;

export function makeFrCase(first: string, second: string, adjective: string): TranslateFrCase {
  const w = TRANSLATE_FR_WORDS;
  const toFirst = w.firstAdjectives.includes(adjective);
  if (!toFirst && !w.secondAdjectives.includes(adjective)) throw new Error(`"${adjective}" is not an adjective of ${TRANSLATE_FR_CORPUS_ID}`);
  if (!w.first.includes(first) || !w.second.includes(second)) throw new Error(`(${first}, ${second}) is not a noun pair of ${TRANSLATE_FR_CORPUS_ID}`);
  const referent = toFirst ? first : second;
  const distractor = toFirst ? second : first;
  const source = frSource(first, second, adjective);
  const target = frTarget(first, second, adjective, referent);
  const pieces = splitText(source);
  const out = splitText(target);
  const firstAt = pieces.indexOf(first);
  const secondAt = pieces.indexOf(second, firstAt + 1);
  const [g1, g2] = [genderOf(first), genderOf(second)];
  const pronoun = frenchPronoun(genderOf(referent));
  const lastPiece = (text: string): string => splitText(text).at(-1) as string;
  const firstTarget = out.indexOf(lastPiece(withArticle(first)));
  const secondTarget = out.indexOf(lastPiece(withArticle(second)), firstTarget + 1);
  return {
    family: 'cross',
    source,
    target,
    first,
    second,
    adjective,
    referentRole: toFirst ? 'first' : 'second',
    referent,
    distractor,
    sourcePositions: { first: firstAt, second: secondAt, it: pieces.indexOf('it'), adjective: pieces.lastIndexOf(adjective) },
    referentIndex: out.indexOf(pronoun),
    slot: { ...FRENCH_SLOT, referent: pronoun, distractor: frenchPronoun(genderOf(distractor)) },
    targetNouns: { first: [firstTarget], second: [secondTarget] },
    firstGender: g1,
    secondGender: g2,
    gendersDiffer: g1 !== g2,
    pronoun,
    adjectiveFr: frenchAdjective(adjective, genderOf(referent)),
  };
}

/**
 * Every schema case of one split, in a fixed order: per noun pair (list order), every adjective (those
 * that select the first noun, then the second). "heldOut": 12 pairs × 16 = 192 cases for every seed.
 */
export function translateFrCases(seed: number, split: 'heldOut' | 'train' = 'heldOut'): TranslateFrCase[] {
  const heldOut = translateFrHeldOutPairs(seed);
  const pairs = split === 'heldOut' ? heldOut : translateFrTrainPairs(heldOut);
  const w = TRANSLATE_FR_WORDS;
  const cases: TranslateFrCase[] = [];
  for (const [first, second] of pairs) for (const adjective of [...w.firstAdjectives, ...w.secondAdjectives]) cases.push(makeFrCase(first, second, adjective));
  return cases;
}

/** The canonical sentences (README, tests, the famous figure): (animal, street) with tired, narrow, wide. */
export function canonicalFrTranslations(): TranslateFrCase[] {
  return [makeFrCase('animal', 'street', 'tired'), makeFrCase('animal', 'street', 'narrow'), makeFrCase('animal', 'street', 'wide')];
}

// ---------------------------------------------------------------------------------------------------
// The corpus.

export type TranslateFrKind = 'it' | 'explicit';

export interface TranslateFrPair {
  kind: TranslateFrKind;
  leadIn: boolean;
  source: string;
  target: string;
}

export interface TranslateFrCorpus extends PairCorpus {
  tokenizer: Tokenizer;
  seed: number;
  heldOut: readonly NounPair[];
  samplePair(rng: Rng): TranslateFrPair;
  encodePair(pair: { source: string; target: string }): IdPair;
  validationCases(): TranslateFrCase[];
}

/** Longest source and target in pieces (the explicit-noun sentence with the lead-in). */
export const TRANSLATE_FR_MAX_LENGTHS: Readonly<{ source: number; target: number }> = Object.freeze({
  source: splitText(frSource('dog', 'street', 'tired', { explicit: 'street', leadIn: true })).length,
  target: splitText(frTarget('dog', 'street', 'narrow', 'street', { explicit: true, leadIn: true })).length,
});

export function translateFrBatchShape(contextLength: number): { sourceLength: number; length: number } {
  return {
    sourceLength: Math.min(contextLength, TRANSLATE_FR_MAX_LENGTHS.source),
    length: Math.min(contextLength, TRANSLATE_FR_MAX_LENGTHS.target + 1),
  };
}

export function createTranslateFrCorpus(seed: number): TranslateFrCorpus {
  const tokenizer = new Tokenizer(translateFrVocabulary());
  const heldOut = translateFrHeldOutPairs(seed);
  const trainPairs = translateFrTrainPairs(heldOut);
  const w = TRANSLATE_FR_WORDS;

  const samplePair = (rng: Rng): TranslateFrPair => {
    const [first, second] = rng.pick(trainPairs);
    const toFirst = rng.next() < 0.5;
    const adjective = rng.pick(toFirst ? w.firstAdjectives : w.secondAdjectives);
    const referent = toFirst ? first : second;
    const kind: TranslateFrKind = rng.next() < SHARE_IT ? 'it' : 'explicit';
    const leadIn = rng.next() < SHARE_LEAD_IN;
    const explicit = kind === 'explicit';
    return {
      kind,
      leadIn,
      source: frSource(first, second, adjective, { explicit: explicit ? referent : undefined, leadIn }),
      target: frTarget(first, second, adjective, referent, { explicit, leadIn }),
    };
  };

  const validationCases = (): TranslateFrCase[] => translateFrCases(seed, 'heldOut');

  return {
    id: TRANSLATE_FR_CORPUS_ID,
    kind: 'pairs',
    vocab: tokenizer.vocab,
    tokenizer,
    seed,
    heldOut,
    samplePair,
    validationCases,
    ...pairCorpusParts({ id: TRANSLATE_FR_CORPUS_ID, tokenizer, samplePair, validationCases, batchShape: translateFrBatchShape }),
  };
}
