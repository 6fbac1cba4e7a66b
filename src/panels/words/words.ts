// Words the model knows (pure, unit-tested): which pieces of a sentence the tokenizer would map to
// <unk>, and which known words to offer instead —
//  - by spelling: the optimal-string-alignment edit distance (insert, delete, substitute, or swap two
//    neighbouring letters, each one edit), so "tierd" is one edit from "tired";
//  - by meaning: the known words whose token embeddings point the same way as the best spelling
//    match's (cosine), kept only when clearly above chance: for random directions in d dimensions the
//    cosine has a standard deviation of about 1/√d, so a word must reach 3/√d to be offered. A
//    small model trained on a few sentence templates often has none; the page says so.
// An unknown word has no embedding of its own, so "by meaning" starts from its spelling match.

import type { Mat } from '../../shared/trace';
import { isCjkPiece, splitSpans, type PieceSpan } from '../../shared/textPieces';

/** Special tokens (<pad>, <unk>, <bos>, <eos>): never typed, never offered. */
export function isSpecialToken(token: string): boolean {
  return /^<[a-z]+>$/.test(token);
}

/** What kind of piece a token is; suggestions are drawn from the same kind. */
export type PieceKind = 'word' | 'cjk' | 'number' | 'symbol' | 'special';

export function pieceKind(token: string): PieceKind {
  if (isSpecialToken(token)) return 'special';
  if (isCjkPiece(token)) return 'cjk';
  if (/^\p{L}/u.test(token)) return 'word';
  if (/^\p{Nd}/u.test(token)) return 'number';
  return 'symbol';
}

/**
 * Optimal-string-alignment distance between a and b (by code points): the fewest insertions,
 * deletions, substitutions and swaps of two neighbouring characters that turn a into b (no substring
 * is edited twice). Returns limit + 1 as soon as the distance is known to exceed `limit`.
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  const x = Array.from(a);
  const y = Array.from(b);
  const n = x.length;
  const m = y.length;
  if (Math.abs(n - m) > limit) return limit + 1;
  // Three rows of the dynamic-programming table: i - 2, i - 1, i.
  let prev2 = new Array<number>(m + 1).fill(0);
  let prev = Array.from({ length: m + 1 }, (_, j) => j);
  let prevBest = 0;
  for (let i = 1; i <= n; i++) {
    const cur = new Array<number>(m + 1);
    cur[0] = i;
    let rowBest = i;
    for (let j = 1; j <= m; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
      cur[j] = v;
      if (v < rowBest) rowBest = v;
    }
    // Values never fall along a path, and a path meets every row except where a swap (cost 1) jumps
    // from row i - 1 to row i + 1: the distance is at least min(this row's best, the last row's best + 1).
    if (Math.min(rowBest, prevBest + 1) > limit) return limit + 1;
    prevBest = rowBest;
    prev2 = prev;
    prev = cur;
  }
  return prev[m] > limit ? limit + 1 : prev[m];
}

/** How many edits a piece of `length` characters may be from a suggestion: 1 up to 4 letters, 2 up to 8, then 3. */
export function maxEdits(length: number): number {
  if (length <= 1) return 0;
  if (length <= 4) return 1;
  if (length <= 8) return 2;
  return 3;
}

export interface SpellingSuggestion {
  word: string;
  distance: number;
}

/**
 * Known words of the same kind within maxEdits(piece) edits of `piece`, closest first (ties: the
 * closer length, then vocabulary order), at most `max`. Chinese characters get none: every character
 * is one edit from every other, so spelling says nothing about them.
 */
export function spellingSuggestions(piece: string, vocab: readonly string[], max = 4): SpellingSuggestion[] {
  const kind = pieceKind(piece);
  if (kind !== 'word') return [];
  const length = Array.from(piece).length;
  const limit = maxEdits(length);
  if (limit === 0) return [];
  const found: (SpellingSuggestion & { order: number; lengthGap: number })[] = [];
  vocab.forEach((word, order) => {
    if (word === piece || pieceKind(word) !== 'word') return;
    const distance = editDistance(piece, word, limit);
    if (distance <= limit) found.push({ word, distance, order, lengthGap: Math.abs(Array.from(word).length - length) });
  });
  found.sort((p, q) => p.distance - q.distance || p.lengthGap - q.lengthGap || p.order - q.order);
  return found.slice(0, max).map(({ word, distance }) => ({ word, distance }));
}

/** The cosine a neighbour by meaning must exceed: 3 standard deviations of chance, 3/√d. */
export function meaningThreshold(dModel: number): number {
  return 3 / Math.sqrt(dModel);
}

export interface MeaningNeighbour {
  word: string;
  cosine: number;
}

export interface MeaningResult {
  /** The known word the neighbours are near. */
  of: string;
  /** The embedding width d and the cosine a neighbour must exceed, 3/√d. */
  dModel: number;
  threshold: number;
  /** Words above the threshold, nearest first (empty: none qualifies). */
  neighbours: MeaningNeighbour[];
}

/**
 * The known words whose embedding rows (of `matrix`, [vocab, dModel], row = id) have a cosine with
 * `word`'s row above meaningThreshold(dModel), nearest first, at most `max`; specials and the word
 * itself are left out. Null when `word` is not in the vocabulary or the matrix does not match it.
 */
export function meaningNeighbours(word: string, vocab: readonly string[], matrix: Mat, max = 4): MeaningResult | null {
  const id = vocab.indexOf(word);
  if (id < 0 || matrix.rows !== vocab.length || matrix.cols < 1) return null;
  const d = matrix.cols;
  const row = (r: number): Float32Array => matrix.data.subarray(r * d, (r + 1) * d);
  const norm = (v: Float32Array): number => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
  const a = row(id);
  const na = norm(a);
  const threshold = meaningThreshold(d);
  const neighbours: MeaningNeighbour[] = [];
  if (na > 0) {
    for (let r = 0; r < vocab.length; r++) {
      if (r === id || isSpecialToken(vocab[r])) continue;
      const b = row(r);
      const nb = norm(b);
      if (nb === 0) continue;
      let dot = 0;
      for (let k = 0; k < d; k++) dot += a[k] * b[k];
      const cosine = dot / (na * nb);
      if (cosine > threshold) neighbours.push({ word: vocab[r], cosine });
    }
  }
  neighbours.sort((p, q) => q.cosine - p.cosine);
  return { of: word, dModel: d, threshold, neighbours: neighbours.slice(0, max) };
}

export interface UnknownWord {
  /** The piece as the tokenizer sees it (words lower-cased). */
  piece: string;
  kind: PieceKind;
  /** Where it occurs in the text, in order. */
  spans: PieceSpan[];
}

/** The distinct pieces of `text` the vocabulary lacks, in order of first occurrence, with every place they occur. */
export function unknownWords(text: string, vocab: readonly string[]): UnknownWord[] {
  const known = new Set(vocab);
  const byPiece = new Map<string, UnknownWord>();
  for (const span of splitSpans(text)) {
    if (known.has(span.piece)) continue;
    let entry = byPiece.get(span.piece);
    if (!entry) {
      entry = { piece: span.piece, kind: pieceKind(span.piece), spans: [] };
      byPiece.set(span.piece, entry);
    }
    entry.spans.push(span);
  }
  return [...byPiece.values()];
}

/** `text` with every span replaced by `replacement` (spans in order, not overlapping). */
export function replaceSpans(text: string, spans: readonly PieceSpan[], replacement: string): string {
  let out = '';
  let at = 0;
  for (const s of spans) {
    out += text.slice(at, s.start) + replacement;
    at = s.end;
  }
  return out + text.slice(at);
}

export interface WordHelp {
  word: UnknownWord;
  spelling: SpellingSuggestion[];
  /** Null when there is no embedding table or no spelling match to start from. */
  meaning: MeaningResult | null;
}

/** Everything the page shows for the unknown words of `text`. `matrix`: the token embeddings, when the page has them. */
export function wordHelp(text: string, vocab: readonly string[], matrix: Mat | null): WordHelp[] {
  if (vocab.length === 0) return [];
  return unknownWords(text, vocab).map((word) => {
    const spelling = spellingSuggestions(word.piece, vocab);
    const meaning = matrix && spelling.length > 0 ? meaningNeighbours(spelling[0].word, vocab, matrix) : null;
    return { word, spelling, meaning };
  });
}

/** The vocabulary a learner can browse, in groups: words A–Z, Chinese characters, other (punctuation, "。" too), specials. */
export interface VocabGroups {
  words: string[];
  cjk: string[];
  other: string[];
  specials: string[];
}

export function vocabGroups(vocab: readonly string[]): VocabGroups {
  const g: VocabGroups = { words: [], cjk: [], other: [], specials: [] };
  for (const w of vocab) {
    const k = pieceKind(w);
    if (k === 'special') g.specials.push(w);
    else if (k === 'word') g.words.push(w);
    else if (k === 'cjk' && /\p{L}/u.test(w)) g.cjk.push(w);
    else g.other.push(w);
  }
  g.words.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return g;
}

/** The entries of `list` containing `query` (case-insensitive, trimmed); all of them for an empty query. */
export function filterVocab(list: readonly string[], query: string): string[] {
  const q = query.trim().toLowerCase();
  return q === '' ? [...list] : list.filter((w) => w.toLowerCase().includes(q));
}
