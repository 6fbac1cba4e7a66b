// The i18n layer: every visible string goes through `t(key, vars)`. Keys are typed (a missing or
// misspelt key does not compile) and every language translates every key. The chosen language is
// kept in localStorage and mirrored to <html lang> and the document title.

import { createContext, createElement, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { en, type MessageKey } from './locales/en';
import { zhCN } from './locales/zh-CN';

export type { MessageKey } from './locales/en';

export const LANGS = ['en', 'zh-CN'] as const;
export type Lang = (typeof LANGS)[number];

/** The name of each language, written in that language (shown in the switch). */
export const LANG_NAMES: Record<Lang, string> = { en: 'English', 'zh-CN': '简体中文' };

const DICTIONARIES: Record<Lang, Record<MessageKey, string>> = { en, 'zh-CN': zhCN };

export type Vars = Record<string, string | number>;
export type Translate = (key: MessageKey, vars?: Vars) => string;

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value);
}

/** `{name}` placeholders replaced by vars; numbers formatted for the language. */
const numberFormats = new Map<Lang, Intl.NumberFormat>();

/** One formatter per language (making one costs more than translating a message). */
function numberFormat(lang: Lang): Intl.NumberFormat {
  let nf = numberFormats.get(lang);
  if (!nf) {
    nf = new Intl.NumberFormat(lang);
    numberFormats.set(lang, nf);
  }
  return nf;
}

export function translate(lang: Lang, key: MessageKey, vars?: Vars): string {
  const text = DICTIONARIES[lang][key];
  if (!vars) return text;
  const nf = numberFormat(lang);
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = vars[name];
    if (v === undefined) return whole;
    return typeof v === 'number' ? nf.format(v) : v;
  });
}

const STORAGE_KEY = 'lang';

function initialLang(): Lang {
  const fromUrl = new URLSearchParams(window.location.search).get('lang');
  if (isLang(fromUrl)) return fromUrl;
  try {
    const saved = window.localStorage.getItem(STORAGE_KEY);
    if (isLang(saved)) return saved;
  } catch {
    // Storage may be blocked; fall through to the browser's language.
  }
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

interface I18n {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: Translate;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }): ReactNode {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const setLang = useCallback((next: Lang) => {
    setLangState(next);
    try {
      window.localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Not remembered across visits when storage is blocked; the switch still works.
    }
  }, []);
  const t = useCallback<Translate>((key, vars) => translate(lang, key, vars), [lang]);
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = translate(lang, 'app.title');
  }, [lang]);
  const value = useMemo(() => ({ lang, setLang, t }), [lang, setLang, t]);
  return createElement(I18nContext.Provider, { value }, children);
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n must be used inside <I18nProvider>');
  return ctx;
}

/**
 * Inside it, `t` reads a key as `variants[key]` where there is one: texts that depend on more than
 * the page language (e.g. which language a translation model writes), chosen once by the parent
 * instead of in every component below it.
 */
export function I18nVariants({ variants, children }: { variants: Partial<Record<MessageKey, MessageKey>>; children: ReactNode }): ReactNode {
  const outer = useI18n();
  const value = useMemo<I18n>(() => ({ ...outer, t: (key, vars) => outer.t(variants[key] ?? key, vars) }), [outer, variants]);
  return createElement(I18nContext.Provider, { value }, children);
}
