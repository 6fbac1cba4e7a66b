// Head roles: what a head's attention pattern does, as a score from 0 to 1 (docs/head-roles.md).
//
// Each role is a pattern: for each query row i, the key columns the role says a head of that kind
// attends to (none where the role is undefined at i). A head's score for a role is the share of its
// attention that falls on those columns, averaged over the rows where the pattern is defined:
//   score = mean over defined rows i of Σ_{j ∈ targets(i)} A[i, j].
// A head that matches the pattern exactly scores 1; uniform attention over T keys scores 1/T for a
// one-column pattern. The roles are the ones interpretability work names (previous-, duplicate- and
// induction-token heads, e.g. TransformerLens's head_detector; the first token as a resting place);
// the score is the per-row mean of the attention on the pattern (for previous- and current-token heads
// the mean of one diagonal of the map).
//
// Query row 0 is left out of every role: under the causal mask it can only attend to itself, so it
// says nothing about the head.

import type { AttentionSite } from './config';
import { LINE_MARKS } from './poems';
import { SeededRandom } from './sampling';

export const HEAD_ROLES = ['previousToken', 'firstToken', 'currentToken', 'duplicateToken', 'induction', 'previousLine'] as const;
export type HeadRole = (typeof HEAD_ROLES)[number];

/** Where each role is measured: on the probe text, or on the seeded repeated random sequence. */
export const ROLE_PROBE: Readonly<Record<HeadRole, 'text' | 'repeat'>> = {
  previousToken: 'text',
  firstToken: 'text',
  currentToken: 'text',
  duplicateToken: 'repeat',
  induction: 'repeat',
  previousLine: 'text',
};

/** A score at or above this counts as the head's role in a badge (about 4× uniform on a 10-token probe). */
export const ROLE_BADGE_THRESHOLD = 0.4;

/** For each query row, the key columns the pattern puts attention on (empty: undefined there). */
export type RoleTargets = number[][];

/** Row i looks at i − 1. */
export function previousTokenTargets(T: number): RoleTargets {
  return Array.from({ length: T }, (_, i) => (i >= 1 ? [i - 1] : []));
}

/** Row i looks at position 0 (<bos> in the decoder-only model: a resting place). */
export function firstTokenTargets(T: number): RoleTargets {
  return Array.from({ length: T }, (_, i) => (i >= 1 ? [0] : []));
}

/** Row i looks at itself. */
export function currentTokenTargets(T: number): RoleTargets {
  return Array.from({ length: T }, (_, i) => (i >= 1 ? [i] : []));
}

/** Row i looks at the earlier positions holding the same token (undefined where there is none). */
export function duplicateTokenTargets(ids: readonly number[]): RoleTargets {
  return ids.map((id, i) => {
    const out: number[] = [];
    if (i === 0) return out;
    for (let j = 0; j < i; j++) if (ids[j] === id) out.push(j);
    return out;
  });
}

/**
 * Row i looks at the position just after an earlier occurrence of its own token (the token that came
 * next last time): {j : 1 ≤ j < i, ids[j − 1] = ids[i]}.
 */
export function inductionTargets(ids: readonly number[]): RoleTargets {
  return ids.map((id, i) => {
    const out: number[] = [];
    if (i === 0) return out;
    for (let j = 1; j < i; j++) if (ids[j - 1] === id) out.push(j);
    return out;
  });
}

/**
 * Verse: row i looks at the same place in the previous line — offset (length of the previous line,
 * with its punctuation mark) back. A line is a run of tokens ending with a line mark (，。？！；), the
 * mark included; tokens before the first line start (<bos>) and an unfinished last line are lines too,
 * so every position has a place. Undefined in the first line and past the previous line's length.
 */
export function previousLineTargets(tokens: readonly string[], marks: string = LINE_MARKS): RoleTargets {
  const starts: number[] = [];
  const lineOf: number[] = [];
  let start = tokens[0] === '<bos>' ? 1 : 0;
  for (let i = 0; i < tokens.length; i++) {
    if (i < start) {
      lineOf.push(-1);
      continue;
    }
    if (starts.length === 0 || starts[starts.length - 1] !== start) starts.push(start);
    lineOf.push(starts.length - 1);
    if (tokens[i].length === 1 && marks.includes(tokens[i])) start = i + 1;
  }
  const lengthOf = (k: number): number => (k + 1 < starts.length ? starts[k + 1] : tokens.length) - starts[k];
  return tokens.map((_, i) => {
    const k = lineOf[i];
    if (k < 1) return [];
    const place = i - starts[k];
    return place < lengthOf(k - 1) ? [starts[k - 1] + place] : [];
  });
}

/**
 * The role's score on one attention map: weights[offset + i·cols + j] is A[i, j] for `rows` query rows.
 * null where the pattern is defined on no row.
 */
export function roleScore(weights: ArrayLike<number>, rows: number, cols: number, targets: RoleTargets, offset = 0): number | null {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < rows && i < targets.length; i++) {
    const t = targets[i];
    if (t.length === 0) continue;
    let s = 0;
    for (const j of t) if (j < cols) s += weights[offset + i * cols + j];
    sum += s;
    n++;
  }
  return n > 0 ? sum / n : null;
}

/** Scores of every role for every head of one self-attention site: scores[role][layer][head] (null: undefined on the probe). */
export interface SiteRoles {
  site: AttentionSite;
  layers: number;
  heads: number;
  /** The probe text's tokens at this site (previous-, first-, current-token and previous-line roles). */
  textTokens: string[];
  /** The repeated random sequence's tokens at this site (duplicate-token and induction roles). */
  repeatTokens: string[];
  scores: Record<HeadRole, (number | null)[][]>;
}

/**
 * Head roles of a model, measured on a probe text and a seeded repeated random sequence: one entry per
 * self-attention site (cross-attention has no order of its own keys to match a role against).
 */
export interface HeadRoles {
  sites: SiteRoles[];
}

/** The roles of one site of a HeadRoles (null: not measured there). */
export function rolesOfSite(roles: HeadRoles | null | undefined, site: AttentionSite): SiteRoles | null {
  return roles?.sites.find((s) => s.site === site) ?? null;
}

/** One attention site's maps: weights[((layer·heads + head)·rows + i)·cols + j]. */
export interface SiteMaps {
  site: AttentionSite;
  layers: number;
  heads: number;
  rows: number;
  cols: number;
  weights: ArrayLike<number>;
}

/** The targets of every role on the two probes. */
export function roleTargets(textTokens: readonly string[], repeatIds: readonly number[]): Record<HeadRole, RoleTargets> {
  const T = textTokens.length;
  return {
    previousToken: previousTokenTargets(T),
    firstToken: firstTokenTargets(T),
    currentToken: currentTokenTargets(T),
    duplicateToken: duplicateTokenTargets(repeatIds),
    induction: inductionTargets(repeatIds),
    previousLine: previousLineTargets(textTokens),
  };
}

/**
 * Scores of every role for one site, given its maps on the text probe (whose tokens are textTokens)
 * and on the repeat probe (ids repeatIds, tokens repeatTokens).
 */
export function siteRoles(
  text: SiteMaps,
  repeat: SiteMaps,
  probe: { textTokens: string[]; repeatIds: readonly number[]; repeatTokens: string[] },
): SiteRoles {
  if (text.layers !== repeat.layers || text.heads !== repeat.heads) throw new Error('the two probes disagree on the heads');
  if (text.rows !== probe.textTokens.length || repeat.rows !== probe.repeatIds.length) throw new Error('the maps do not fit the probes');
  const targets = roleTargets(probe.textTokens, probe.repeatIds);
  const scores = {} as Record<HeadRole, (number | null)[][]>;
  for (const role of HEAD_ROLES) {
    const maps = ROLE_PROBE[role] === 'text' ? text : repeat;
    const cell = maps.rows * maps.cols;
    scores[role] = Array.from({ length: maps.layers }, (_, l) =>
      Array.from({ length: maps.heads }, (_, h) => roleScore(maps.weights, maps.rows, maps.cols, targets[role], (l * maps.heads + h) * cell)),
    );
  }
  return { site: text.site, layers: text.layers, heads: text.heads, textTokens: probe.textTokens, repeatTokens: probe.repeatTokens, scores };
}

/** The role a head plays most (its highest score at or above `threshold`), or null. */
export function dominantRole(site: SiteRoles, layer: number, head: number, threshold = ROLE_BADGE_THRESHOLD): { role: HeadRole; score: number } | null {
  let best: { role: HeadRole; score: number } | null = null;
  for (const role of HEAD_ROLES) {
    const s = site.scores[role][layer]?.[head];
    if (s === null || s === undefined || s < threshold) continue;
    if (!best || s > best.score) best = { role, score: s };
  }
  return best;
}

/** Length of the repeated half of the induction probe for a model reading `contextLength` tokens. */
export const REPEAT_PROBE_MAX_HALF = 20;
export const REPEAT_PROBE_SEED = 1;

/**
 * The induction probe: <bos> (id `bosId`, or none when null), then n random token ids from
 * [firstId, vocabSize) without repeats, then the same n again — seeded, so every measurement of a
 * model reads the same sequence. n = min(REPEAT_PROBE_MAX_HALF, ⌊(contextLength − 1) / 2⌋, vocabulary).
 */
export function repeatProbe(vocabSize: number, firstId: number, contextLength: number, bosId: number | null, seed = REPEAT_PROBE_SEED): number[] {
  const pool = Array.from({ length: Math.max(0, vocabSize - firstId) }, (_, k) => firstId + k);
  const room = contextLength - (bosId === null ? 0 : 1);
  const n = Math.max(0, Math.min(REPEAT_PROBE_MAX_HALF, Math.floor(room / 2), pool.length));
  const random = new SeededRandom(seed);
  // A partial Fisher–Yates shuffle: the first n of the pool, each drawn once.
  for (let k = 0; k < n; k++) {
    const r = k + Math.floor(random.next() * (pool.length - k));
    [pool[k], pool[r]] = [pool[r], pool[k]];
  }
  const half = pool.slice(0, n);
  return [...(bosId === null ? [] : [bosId]), ...half, ...half];
}
