// The main page's place in the URL, as Compare's state is (urlState.ts): one table of properties,
// each with its query key, default, parser and serialiser, so that a copied link restores the
// sentence, the selected token, the Attention panel's site, layer, head and stage, and the
// step-through's step and head, and the training-step walk-through's tab, step and chosen weight
// (the model is `?model=…`, models.ts; the panel is the #hash, useSectionNav.ts).
// Every index in the URL is 0-based, as inside the program (`tok=0` is the first token, `alayer=0`
// the first layer, `step=0` the first step); only what people read on screen counts from 1.
// Keys of other tables (Compare's `layer`, `head`, `stage`, …, `model`, `lang`) are left as they are;
// values at their default are left out, so the plain URL stays short. Pure functions; unit-tested.

import type { AttentionSite } from '../shared/config';
import type { Side } from './useSelection';
import { MAX_URL_TEXT, STAGES, type Stage } from './urlState';

export const SITES: readonly AttentionSite[] = ['decoder', 'encoder', 'decoder-self', 'cross'];

export interface PageUrlState {
  /** The main sentence as the learner wrote it; null = not written: the model's default sentence in the page's language (defaultSentences.ts). */
  text: string | null;
  /** The selected token's position (0-based) in its side; null = the last token. */
  token: number | null;
  /** The side of the selected token (a translation model's source, or the decoder's rows). */
  side: Side;
  /** The Attention panel's attention site; null = the model's first. */
  site: AttentionSite | null;
  /** The Attention panel's layer and head (0-based). */
  layer: number;
  head: number;
  /** The Attention panel's stage. */
  stage: Stage;
  /** The step-through's step (0-based index into the step list of the selected token's side). */
  step: number;
  /** The head the step-through shows in its per-head steps (0-based; on screen "head 1" is 0). */
  stepHead: number;
  /** Which walk-through the step-through section shows: one token forward, or one training step. */
  walk: Walk;
  /** The training-step walk-through's step (0-based index into its step list). */
  trainStep: number;
  /** The weight tensor whose Adam update the walk-through shows (a CONTRACT §2 name); null = the first attention query kernel. */
  trainWeight: string | null;
}

export const WALKS = ['forward', 'training'] as const;
export type Walk = (typeof WALKS)[number];

/** A CONTRACT §2 weight name as the URL may carry it (letters, digits, '_' and '/'). */
export function parseWeightName(raw: string): string | undefined {
  return /^[a-z][a-z0-9_]*(\/[a-z0-9_]+){0,5}$/.test(raw) && raw.length <= 80 ? raw : undefined;
}

export const DEFAULT_PAGE_STATE: PageUrlState = {
  text: null,
  token: null,
  side: 'target',
  site: null,
  layer: 0,
  head: 0,
  stage: 'weights',
  step: 0,
  stepHead: 0,
  walk: 'forward',
  trainStep: 0,
  trainWeight: null,
};

interface Prop<K extends keyof PageUrlState> {
  key: string;
  parse: (raw: string) => PageUrlState[K] | undefined;
  serialise: (value: PageUrlState[K]) => string;
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

function oneOf<T extends string>(values: readonly T[]): (raw: string) => T | undefined {
  return (raw) => (values as readonly string[]).includes(raw) ? (raw as T) : undefined;
}

/** The table: field ← query key. The keys differ from Compare's, which shares the query string. */
const PROPS: { [K in keyof PageUrlState]: Prop<K> } = {
  text: { key: 'text', parse: (r) => r.slice(0, MAX_URL_TEXT), serialise: (v) => v ?? '', keepEmpty: true },
  token: { key: 'tok', parse: intIn(0, 4095), serialise: (v) => (v === null ? '' : String(v)) },
  side: { key: 'side', parse: oneOf<Side>(['source', 'target']), serialise: (v) => v },
  site: { key: 'site', parse: oneOf(SITES), serialise: (v) => v ?? '' },
  layer: { key: 'alayer', parse: intIn(0, 63), serialise: String },
  head: { key: 'ahead', parse: intIn(0, 63), serialise: String },
  stage: { key: 'astage', parse: oneOf(STAGES), serialise: (v) => v },
  step: { key: 'step', parse: intIn(0, 4095), serialise: String },
  stepHead: { key: 'shead', parse: intIn(0, 63), serialise: String },
  walk: { key: 'walk', parse: oneOf(WALKS), serialise: (v) => v },
  trainStep: { key: 'tstep', parse: intIn(0, 4095), serialise: String },
  trainWeight: { key: 'tw', parse: parseWeightName, serialise: (v) => v ?? '' },
};

const FIELDS = Object.keys(PROPS) as (keyof PageUrlState)[];

/** The query keys this table owns. */
export const PAGE_URL_KEYS: readonly string[] = FIELDS.map((f) => PROPS[f].key);

/** The state a query string describes; unknown or malformed values fall back to the defaults. */
export function parsePageUrl(search: string): PageUrlState {
  const params = new URLSearchParams(search);
  const state: PageUrlState = { ...DEFAULT_PAGE_STATE };
  for (const field of FIELDS) {
    const prop = PROPS[field] as Prop<typeof field>;
    const raw = params.get(prop.key);
    if (raw === null) continue;
    const value = prop.parse(raw);
    if (value !== undefined) (state as unknown as Record<string, unknown>)[field] = value;
  }
  return state;
}

/**
 * The query string for `state`, keeping the keys of `base` this table does not own. Fields at their
 * default are left out. Returns "" or a string starting with "?".
 */
export function serialisePageUrl(state: PageUrlState, base = ''): string {
  const params = new URLSearchParams(base);
  for (const field of FIELDS) {
    const prop = PROPS[field] as Prop<typeof field>;
    params.delete(prop.key);
    const value = state[field];
    if (value === DEFAULT_PAGE_STATE[field]) continue;
    const s = prop.serialise(value as never);
    if (s !== '' || prop.keepEmpty) params.set(prop.key, s);
  }
  const out = params.toString();
  return out ? `?${out}` : '';
}

export function samePageState(a: PageUrlState, b: PageUrlState): boolean {
  return FIELDS.every((f) => a[f] === b[f]);
}
