// The sentences a box holds until the learner writes their own: per model, per box (the main sentence,
// Compare's A and B) and per page language. Each box keeps what the learner wrote, or null: "not
// written, show the default". So switching the language swaps a default for the other language's,
// and never touches a sentence the learner wrote (or picked from a preset). The URL keeps only written
// sentences (null is left out).
//
// The coreference model was trained on Chinese Winograd sentences as well (its vocabulary has every
// character of these), so the Chinese page opens on them. The translation model reads English and
// writes Chinese: its source sentences stay English on the Chinese page too. The 唐诗 and English
// models write one language whatever the page's; their Compare boxes are the coreference ones (the
// Compare view needs the coreference model and offers to load it).

import type { Lang } from './i18n';

export type SentenceBox = 'main' | 'a' | 'b';

/** The model kinds with sentences of their own (the ids of MODEL_CHOICES). */
export type SentenceModel = 'coref' | 'translate' | 'translate-fr' | 'tang' | 'english';

const EN_MAIN = "the animal didn't cross the street because it was too tired . it refers to the";
const EN_A = "the animal didn't cross the street because it was too tired";
const EN_B = "the animal didn't cross the street because it was too narrow";
const TEXT_EN = 'the old house at the end of the street was empty for many years .';

export const DEFAULT_SENTENCES: Readonly<Record<SentenceModel, Readonly<Record<SentenceBox, Readonly<Record<Lang, string>>>>>> = {
  coref: {
    main: { en: EN_MAIN, 'zh-CN': '动物没有过马路，因为它太累了。它指的是' },
    a: { en: EN_A, 'zh-CN': '动物没有过马路，因为它太累了' },
    b: { en: EN_B, 'zh-CN': '动物没有过马路，因为它太窄了' },
  },
  translate: {
    main: { en: "the animal didn't cross the street because it was too tired .", 'zh-CN': "the animal didn't cross the street because it was too tired ." },
    a: { en: EN_A, 'zh-CN': EN_A },
    b: { en: EN_B, 'zh-CN': EN_B },
  },
  // English → French: the same English sentences.
  'translate-fr': {
    main: { en: "the animal didn't cross the street because it was too tired .", 'zh-CN': "the animal didn't cross the street because it was too tired ." },
    a: { en: EN_A, 'zh-CN': EN_A },
    b: { en: EN_B, 'zh-CN': EN_B },
  },
  tang: {
    // The first two lines of 王之涣《登鹳雀楼》.
    main: { en: '白日依山尽，黄河入海流。', 'zh-CN': '白日依山尽，黄河入海流。' },
    a: { en: EN_A, 'zh-CN': '动物没有过马路，因为它太累了' },
    b: { en: EN_B, 'zh-CN': '动物没有过马路，因为它太窄了' },
  },
  english: {
    main: { en: TEXT_EN, 'zh-CN': TEXT_EN },
    a: { en: EN_A, 'zh-CN': '动物没有过马路，因为它太累了' },
    b: { en: EN_B, 'zh-CN': '动物没有过马路，因为它太窄了' },
  },
};

function sentenceModel(model: string): SentenceModel {
  return Object.hasOwn(DEFAULT_SENTENCES, model) ? (model as SentenceModel) : 'coref';
}

/** The default sentence of a box for a model (an unknown model id counts as the coreference one) and language. */
export function defaultSentence(model: string, box: SentenceBox, lang: Lang): string {
  return DEFAULT_SENTENCES[sentenceModel(model)][box][lang];
}

/** What a box shows: the learner's sentence, or (null) the default of the page's language. */
export function shownSentence(written: string | null, model: string, box: SentenceBox, lang: Lang): string {
  return written ?? defaultSentence(model, box, lang);
}
