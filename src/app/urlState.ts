// The whole inspection state in the page URL (TensorFlow-Playground style): one table of properties,
// each with its query key, default, parser and serialiser. `parseUrlState` and `serialiseUrlState`
// are pure (unit-tested); `useUrlState` keeps React state and the URL in step: discrete changes
// (layer, head, query token, stage, knockout, a preset) push a history entry so back/forward walk
// through them, typing replaces the current entry. Keys this table does not know (e.g. `backend`)
// are left as they are. Values at their default are left out, so the plain URL stays short. The
// sentences are null until the learner writes one (or picks a preset): null shows the default of the
// model and page language (defaultSentences.ts) and is left out of the URL; a written sentence,
// even an empty one, is kept.

import { useCallback, useEffect, useRef, useState } from 'react';
import type { SiteHeadRef } from '../shared/config';
import type { HeadRef } from '../shared/protocol';
import { shownSentence, type SentenceModel } from './defaultSentences';
import { isLang, type Lang } from './i18n';

export const STAGES = ['scores', 'scaled', 'masked', 'weights'] as const;
export type Stage = (typeof STAGES)[number];

export const VIEWS = ['explore', 'compare'] as const;

/** The attention sites of a translation model (encoder–decoder) the Compare view can show. */
export const TRANSLATE_SITES = ['cross', 'decoder-self', 'encoder'] as const;
export type TranslateSite = (typeof TRANSLATE_SITES)[number];

/** A knocked-out head of a translation model: its site, layer and head (from 0). */
export type SiteKnockout = SiteHeadRef & { site: TranslateSite };
export type View = (typeof VIEWS)[number];

/** Longest sentence kept in the URL (characters); longer text is cut when read. */
export const MAX_URL_TEXT = 2000;

export interface UrlState {
  view: View;
  /** Sentence A of the comparison (without the appended resolution clause); null = not written, the default shows. */
  a: string | null;
  b: string | null;
  layer: number;
  head: number;
  /** The query token (position) whose rows are compared; null = the last one (the resolving position). */
  query: number | null;
  stage: Stage;
  /** null: the language was not chosen in the URL (the page's own choice stands). */
  lang: Lang | null;
  knockout: HeadRef[];
  /** Translation model: the attention site whose head the maps show (cross-attention by default). */
  site: TranslateSite;
  /** Translation model: knocked-out heads of any site. */
  siteKnockout: SiteKnockout[];
}

interface Prop<K extends keyof UrlState> {
  field: K;
  key: string;
  parse: (raw: string) => UrlState[K] | undefined;
  serialise: (value: UrlState[K]) => string;
  /** Written to the URL even when it serialises to "" (an emptied sentence stays empty on reload). */
  keepEmpty?: boolean;
}

function intIn(lo: number, hi: number): (raw: string) => number | undefined {
  return (raw) => {
    if (!/^\d{1,4}$/.test(raw)) return undefined;
    const n = Number(raw);
    return n >= lo && n <= hi ? n : undefined;
  };
}

function text(raw: string): string {
  return raw.slice(0, MAX_URL_TEXT);
}

/** "0.1,1.3" ↔ [{layer 0, head 1}, {layer 1, head 3}]; malformed entries are dropped, duplicates merged. */
export function parseKnockout(raw: string): HeadRef[] {
  const out: HeadRef[] = [];
  const seen = new Set<string>();
  for (const part of raw.split(',')) {
    const m = /^(\d{1,2})\.(\d{1,2})$/.exec(part.trim());
    if (!m) continue;
    const key = `${Number(m[1])}.${Number(m[2])}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ layer: Number(m[1]), head: Number(m[2]) });
  }
  return sortHeads(out);
}

export function sortHeads(heads: HeadRef[]): HeadRef[] {
  return heads.slice().sort((x, y) => x.layer - y.layer || x.head - y.head);
}

function serialiseKnockout(heads: HeadRef[]): string {
  return sortHeads(heads)
    .map((h) => `${h.layer}.${h.head}`)
    .join(',');
}

/** URL names of the sites in `tko`: enc1.2 = encoder layer 1 head 2 (from 0), self… = decoder self-attention, cross… */
const SITE_CODES: Record<TranslateSite, string> = { encoder: 'enc', 'decoder-self': 'self', cross: 'cross' };

export function sortSiteHeads(heads: SiteKnockout[]): SiteKnockout[] {
  const order = (s: TranslateSite): number => ['encoder', 'decoder-self', 'cross'].indexOf(s);
  return heads.slice().sort((x, y) => order(x.site) - order(y.site) || x.layer - y.layer || x.head - y.head);
}

/** "enc0.1,cross1.3" ↔ [{encoder, 0, 1}, {cross, 1, 3}]; malformed entries are dropped, duplicates merged. */
export function parseSiteKnockout(raw: string): SiteKnockout[] {
  const out: SiteKnockout[] = [];
  const seen = new Set<string>();
  for (const part of raw.split(',')) {
    const m = /^(enc|self|cross)(\d{1,2})\.(\d{1,2})$/.exec(part.trim());
    if (!m) continue;
    const site = (Object.keys(SITE_CODES) as TranslateSite[]).find((k) => SITE_CODES[k] === m[1]);
    if (!site) continue;
    const key = `${site}.${Number(m[2])}.${Number(m[3])}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ site, layer: Number(m[2]), head: Number(m[3]) });
  }
  return sortSiteHeads(out);
}

function serialiseSiteKnockout(heads: SiteKnockout[]): string {
  return sortSiteHeads(heads)
    .map((h) => `${SITE_CODES[h.site]}${h.layer}.${h.head}`)
    .join(',');
}

/** The table: field ← query key. */
const PROPS: { [K in keyof UrlState]: Prop<K> } = {
  view: { field: 'view', key: 'view', parse: (r) => ((VIEWS as readonly string[]).includes(r) ? (r as View) : undefined), serialise: (v) => v },
  a: { field: 'a', key: 'a', parse: text, serialise: (v) => v ?? '', keepEmpty: true },
  b: { field: 'b', key: 'b', parse: text, serialise: (v) => v ?? '', keepEmpty: true },
  layer: { field: 'layer', key: 'layer', parse: intIn(0, 63), serialise: String },
  head: { field: 'head', key: 'head', parse: intIn(0, 63), serialise: String },
  query: { field: 'query', key: 'q', parse: intIn(0, 4095), serialise: (v) => (v === null ? '' : String(v)) },
  stage: { field: 'stage', key: 'stage', parse: (r) => ((STAGES as readonly string[]).includes(r) ? (r as Stage) : undefined), serialise: (v) => v },
  lang: { field: 'lang', key: 'lang', parse: (r) => (isLang(r) ? r : undefined), serialise: (v) => v ?? '' },
  knockout: { field: 'knockout', key: 'ko', parse: parseKnockout, serialise: serialiseKnockout },
  site: { field: 'site', key: 'site', parse: (r) => ((TRANSLATE_SITES as readonly string[]).includes(r) ? (r as TranslateSite) : undefined), serialise: (v) => v },
  siteKnockout: { field: 'siteKnockout', key: 'tko', parse: parseSiteKnockout, serialise: serialiseSiteKnockout },
};

export const DEFAULT_URL_STATE: UrlState = {
  view: 'explore',
  a: null,
  b: null,
  layer: 1,
  head: 0,
  query: null,
  stage: 'weights',
  lang: null,
  knockout: [],
  site: 'cross',
  siteKnockout: [],
};

const FIELDS = Object.keys(PROPS) as (keyof UrlState)[];

/** The state a query string describes; unknown or malformed values fall back to the defaults. */
export function parseUrlState(search: string): UrlState {
  const params = new URLSearchParams(search);
  const state: UrlState = { ...DEFAULT_URL_STATE, knockout: [], siteKnockout: [] };
  for (const field of FIELDS) {
    const prop = PROPS[field] as Prop<typeof field>;
    const raw = params.get(prop.key);
    if (raw === null) continue;
    const value = prop.parse(raw);
    if (value !== undefined) (state as unknown as Record<string, unknown>)[field] = value;
  }
  return state;
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The query string for `state`, keeping the keys of `base` this table does not own. Fields at their
 * default are left out. Returns "" or a string starting with "?".
 */
export function serialiseUrlState(state: UrlState, base = ''): string {
  const params = new URLSearchParams(base);
  for (const field of FIELDS) {
    const prop = PROPS[field] as Prop<typeof field>;
    params.delete(prop.key);
    const value = state[field];
    if (sameValue(value, DEFAULT_URL_STATE[field])) continue;
    const s = prop.serialise(value as never);
    if (s !== '' || prop.keepEmpty) params.set(prop.key, s);
  }
  const out = params.toString();
  return out ? `?${out}` : '';
}

/** The two sentences Compare shows for a model in a page language: the written ones, else the defaults. */
export function compareSentences(state: Pick<UrlState, 'a' | 'b'>, model: SentenceModel, lang: Lang): { a: string; b: string } {
  return { a: shownSentence(state.a, model, 'a', lang), b: shownSentence(state.b, model, 'b', lang) };
}

export type UrlUpdate = Partial<UrlState> | ((prev: UrlState) => Partial<UrlState>);

export interface UrlStateApi {
  state: UrlState;
  /** Change fields; `history: 'push'` makes a back/forward step, 'replace' (typing) does not. */
  update: (change: UrlUpdate, history?: 'push' | 'replace') => void;
}

/** React state mirrored in the URL; back/forward restore it. */
export function useUrlState(): UrlStateApi {
  const [state, setState] = useState<UrlState>(() => parseUrlState(window.location.search));
  const stateRef = useRef(state);
  stateRef.current = state;

  useEffect(() => {
    const onPop = (): void => setState(parseUrlState(window.location.search));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  const update = useCallback((change: UrlUpdate, history: 'push' | 'replace' = 'push') => {
    const prev = stateRef.current;
    const next = { ...prev, ...(typeof change === 'function' ? change(prev) : change) };
    if (FIELDS.every((f) => sameValue(prev[f], next[f]))) return;
    stateRef.current = next;
    setState(next);
    const search = serialiseUrlState(next, window.location.search);
    const url = `${window.location.pathname}${search}${window.location.hash}`;
    if (history === 'push') window.history.pushState(null, '', url);
    else window.history.replaceState(null, '', url);
  }, []);

  return { state, update };
}
