// The sentences the translation Compare starts from (the pairs of the translation corpus: the
// decoder-only Compare's presets without the Chinese one, which this model cannot read) and the source
// text the model is given: the sentence with its final " ." (every sentence it learned ends so).

export interface TranslatePreset {
  id: 'tired-narrow' | 'tired-wide' | 'fit-big-small';
  a: string;
  b: string;
}

export const TRANSLATE_PRESETS: readonly TranslatePreset[] = [
  { id: 'tired-narrow', a: "the animal didn't cross the street because it was too tired", b: "the animal didn't cross the street because it was too narrow" },
  { id: 'tired-wide', a: "the animal didn't cross the street because it was too tired", b: "the animal didn't cross the street because it was too wide" },
  { id: 'fit-big-small', a: "the trophy didn't fit in the suitcase because it was too big", b: "the trophy didn't fit in the suitcase because it was too small" },
];

/** What is added after the sentence. */
export const SOURCE_END = ' .';

/** The text the model translates: the sentence without its final stops, then " ."; null when empty. */
export function translationSource(sentence: string): string | null {
  const s = sentence.trim().replace(/[\s.。]+$/u, '');
  return s === '' ? null : `${s}${SOURCE_END}`;
}
