// Why a token is unknown, and the nearest word the model knows (pure helpers of the Tokens panel).

import { editDistance as swapAwareDistance } from './words/words';

export type UnknownKind = 'number' | 'cjk' | 'word' | 'symbol';

const CJK_RE = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303F\uFF00-\uFFEF]/u;

/** What kind of piece an unknown token is: a number, a CJK character, a word or a symbol. */
export function unknownKind(token: string): UnknownKind {
  if (/^\p{Nd}/u.test(token)) return 'number';
  if (CJK_RE.test(token)) return 'cjk';
  if (/^\p{L}/u.test(token)) return 'word';
  return 'symbol';
}

/** Levenshtein distance, stopping early once it exceeds `limit`. */
export function editDistance(a: string, b: string, limit = Infinity): number {
  const x = Array.from(a);
  const y = Array.from(b);
  if (Math.abs(x.length - y.length) > limit) return limit + 1;
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= y.length; j++) {
      const v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
      cur.push(v);
      best = Math.min(best, v);
    }
    if (best > limit) return limit + 1;
    prev = cur;
  }
  return prev[y.length];
}

/**
 * The vocabulary word closest to `token` (at most 2 edits, and fewer than half its letters), or null.
 * A swap of two neighbouring letters counts as one edit, as under the sentence box (words/words.ts),
 * so both places name the same word ("tierd" → "tired", not "field").
 */
export function closestWord(token: string, vocab: readonly string[]): string | null {
  const len = Array.from(token).length;
  const limit = Math.min(2, Math.floor((len - 1) / 2));
  if (limit < 1) return null;
  let best: string | null = null;
  let bestD = limit + 1;
  for (const w of vocab) {
    if (w.startsWith('<') || !/^\p{L}/u.test(w)) continue;
    const dist = swapAwareDistance(token, w, bestD - 1 < 0 ? 0 : bestD);
    if (dist < bestD) {
      bestD = dist;
      best = w;
    }
  }
  return bestD <= limit ? best : null;
}
