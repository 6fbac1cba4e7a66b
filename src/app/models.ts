// The models the page offers, one table entry each: where its shipped checkpoint lives, which corpus
// a random stand-in is built for when none ships, the sentence it opens with, and its name in the
// picker. The choice lives in the URL (`?model=translate`; the first entry, the default, is left
// out) and survives a reload; only the chosen model's checkpoint is downloaded.

import { useCallback, useEffect, useState } from 'react';
import type { MessageKey } from './i18n';
import { DEFAULT_SENTENCE } from './SentenceInput';
import { DEFAULT_SENTENCES } from './defaultSentences';

export interface ModelChoice {
  /** The URL value (`?model=…`). */
  id: string;
  /** The checkpoint folder, relative to the page. */
  folder: string;
  /** The corpus of the random model the worker uses when no checkpoint ships. */
  corpus: string;
  /** The picker's label. */
  name: MessageKey;
  /** The English default sentence (the page shows the one of its language: defaultSentences.ts). */
  sentence: string;
}

export const DEFAULT_COREF_SENTENCE = DEFAULT_SENTENCE;
export const DEFAULT_TRANSLATE_SENTENCE = DEFAULT_SENTENCES.translate.main.en;
export const DEFAULT_TANG_SENTENCE = DEFAULT_SENTENCES.tang.main.en;
export const DEFAULT_ENGLISH_SENTENCE = DEFAULT_SENTENCES.english.main.en;

export const MODEL_CHOICES: readonly ModelChoice[] = [
  { id: 'coref', folder: 'models/coref/', corpus: 'builtin:coref', name: 'picker.coref', sentence: DEFAULT_COREF_SENTENCE },
  { id: 'translate', folder: 'models/translate/', corpus: 'builtin:translate', name: 'picker.translate', sentence: DEFAULT_TRANSLATE_SENTENCE },
  { id: 'tang', folder: 'models/tang/', corpus: 'builtin:tang', name: 'picker.tang', sentence: DEFAULT_TANG_SENTENCE },
  { id: 'english', folder: 'models/english/', corpus: 'builtin:english', name: 'picker.english', sentence: DEFAULT_ENGLISH_SENTENCE },
  { id: 'translate-fr', folder: 'models/translate-fr/', corpus: 'builtin:translate-fr', name: 'picker.translateFr', sentence: DEFAULT_TRANSLATE_SENTENCE },
];

/** The corpora of the real-text models (CONTRACT §7): the Compare view does not apply to them. */
export const TEXT_MODEL_CORPORA: readonly string[] = ['builtin:tang', 'builtin:english'];

/** Whether a model trained on `corpus` (ModelInfo.corpus) writes real text (唐诗, English) rather than the coreference sentences. */
export function isTextModelCorpus(corpus: string): boolean {
  return TEXT_MODEL_CORPORA.includes(corpus);
}

export const DEFAULT_MODEL_CHOICE: ModelChoice = MODEL_CHOICES[0];

export const MODEL_URL_KEY = 'model';

/** The choice a query string names; an unknown or absent value is the default. */
export function parseModelChoice(search: string): ModelChoice {
  const id = new URLSearchParams(search).get(MODEL_URL_KEY);
  return MODEL_CHOICES.find((m) => m.id === id) ?? DEFAULT_MODEL_CHOICE;
}

/** The query string with the choice written in (the default is left out); other keys stay as they are. */
export function withModelChoice(search: string, choice: ModelChoice): string {
  const params = new URLSearchParams(search);
  if (choice.id === DEFAULT_MODEL_CHOICE.id) params.delete(MODEL_URL_KEY);
  else params.set(MODEL_URL_KEY, choice.id);
  const out = params.toString();
  return out ? `?${out}` : '';
}

/** The checkpoint folder of a choice as a URL (relative to the page, so the build works from any path). */
export function checkpointUrl(choice: ModelChoice): string {
  return new URL(choice.folder, document.baseURI).href;
}

/** The chosen model, kept in the URL: choosing pushes a history entry; back/forward restore it. */
export function useModelChoice(): [ModelChoice, (next: ModelChoice) => void] {
  const [choice, setChoice] = useState<ModelChoice>(() => parseModelChoice(window.location.search));
  useEffect(() => {
    const onPop = (): void => setChoice(parseModelChoice(window.location.search));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const choose = useCallback((next: ModelChoice) => {
    setChoice(next);
    const search = withModelChoice(window.location.search, next);
    if (search !== window.location.search) window.history.pushState(null, '', `${window.location.pathname}${search}${window.location.hash}`);
  }, []);
  return [choice, choose];
}
