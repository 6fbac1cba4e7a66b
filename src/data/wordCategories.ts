// The word categories of the coreference corpus (CONTRACT §4), against which the embedding matrix of
// a model trained on it is measured (nearest-neighbour purity, src/shared/neighbours.ts): seven
// categories of the English families' words, each word in exactly one.
//   animate      animal, dog, … woman            (cross: ANIMATE)
//   place        street, road, … square          (cross: PLACE)
//   animateAdj   tired, scared, … hungry         (cross: adjectives that make "it" the animate noun)
//   placeAdj     narrow, wide, … long            (cross: adjectives that make "it" the place)
//   object       trophy, ball, … toy             (fit: OBJECT)
//   container    suitcase, bag, … car            (fit: CONTAINER)
//   size         big, large, tall, small, tiny, full (fit: the adjectives not already a place adjective)
// "long" and "narrow" are adjectives of both families; they count as place adjectives (their first
// list), so no word is in two categories. The Chinese family is left out: most of its nouns are two
// tokens (one per character), so they have no single embedding row.

import { COREF_CORPUS_ID, COREF_WORDS } from './coref';
import { TRANSLATE_CORPUS_ID } from './translate';

export const WORD_CATEGORY_IDS = ['animate', 'place', 'animateAdj', 'placeAdj', 'object', 'container', 'size'] as const;
export type WordCategoryId = (typeof WORD_CATEGORY_IDS)[number];

export interface WordCategory {
  id: WordCategoryId;
  words: readonly string[];
}

/** The seven categories in the order of WORD_CATEGORY_IDS, each word in one only. */
export function corefWordCategories(): WordCategory[] {
  const { cross, fit } = COREF_WORDS;
  const lists: Record<WordCategoryId, readonly string[]> = {
    animate: cross.first,
    place: cross.second,
    animateAdj: cross.firstAdjectives,
    placeAdj: cross.secondAdjectives,
    object: fit.first,
    container: fit.second,
    size: [...fit.firstAdjectives, ...fit.secondAdjectives],
  };
  const seen = new Set<string>();
  return WORD_CATEGORY_IDS.map((id) => {
    const words = lists[id].filter((w) => !seen.has(w));
    for (const w of words) seen.add(w);
    return { id, words };
  });
}

/** The corpora whose vocabulary holds these words as single tokens (the translation corpus reuses the English lists). */
export function hasWordCategories(corpus: string): boolean {
  return corpus === COREF_CORPUS_ID || corpus === TRANSLATE_CORPUS_ID;
}

/**
 * The categories as rows of an embedding matrix (token ids of `vocab`); a word the vocabulary lacks is
 * left out.
 */
export function categoryRows(vocab: readonly string[], categories: readonly WordCategory[] = corefWordCategories()): { id: WordCategoryId; words: string[]; rows: number[] }[] {
  const index = new Map<string, number>();
  vocab.forEach((w, i) => {
    if (!index.has(w)) index.set(w, i);
  });
  return categories.map((c) => {
    const words = c.words.filter((w) => index.has(w));
    return { id: c.id, words, rows: words.map((w) => index.get(w) as number) };
  });
}
