// Word-level tokenizer for English-like text and one token per character for Chinese/Japanese text.
// The splitting and decoding rules (splitText, joinPieces) are in src/shared/textPieces.ts, where the
// page can use them too (to mark the words a model does not know as the learner types).

import { joinPieces, splitChars, splitText } from '../shared/textPieces';

export { isCjkPiece, joinPieces, splitChars, splitSpans, splitText, type PieceSpan } from '../shared/textPieces';

export const PAD = '<pad>';
export const UNK = '<unk>';
export const BOS = '<bos>';
export const PAD_ID = 0;
export const UNK_ID = 1;
export const BOS_ID = 2;
export const SPECIAL_TOKENS: readonly string[] = [PAD, UNK, BOS];
/** End of a target sentence: every encoder–decoder vocabulary has it, as token 3 (CONTRACT §5). */
export const EOS = '<eos>';
export const EOS_ID = 3;

export interface Encoded {
  /** The pieces (lower-cased as splitText gives them), with "<bos>" first when bos is on. */
  tokens: string[];
  ids: number[];
  /** Indices into tokens/ids whose id is UNK_ID. */
  unknown: number[];
}

/**
 * How text becomes tokens (CONTRACT §2, §7):
 * - "word": one token per piece of splitText (the built-in synthetic corpora, a user's text);
 * - "char": one token per character, whitespace dropped (builtin:tang);
 * - "subword": each piece of splitText cut greedily into the longest vocabulary entries from its start;
 *   a piece that continues a word is written with the prefix "##" ("learning" → "learn", "##ing").
 *   A word is <unk> only where one of its characters is in no entry (builtin:english).
 */
export type TokenizerKind = 'word' | 'char' | 'subword';
export const TOKENIZER_KINDS: readonly TokenizerKind[] = ['word', 'char', 'subword'];
/** Prefix of a subword that continues the word before it. */
export const CONTINUATION = '##';

export interface TokenizerJSON {
  kind: TokenizerKind;
  vocab: string[];
}

/**
 * The subwords of one piece by greedy longest match against `has` (CONTINUATION marks every subword
 * but the first). Returns null when some character is in no entry (the piece is then one <unk>).
 */
export function splitSubwords(piece: string, has: (token: string) => boolean): string[] | null {
  const chars = Array.from(piece);
  const out: string[] = [];
  let start = 0;
  while (start < chars.length) {
    let end = chars.length;
    let found: string | null = null;
    while (end > start) {
      const body = chars.slice(start, end).join('');
      const candidate = start === 0 ? body : CONTINUATION + body;
      if (has(candidate)) {
        found = candidate;
        break;
      }
      end--;
    }
    if (found === null) return null;
    out.push(found);
    start = end;
  }
  return out;
}

/** Joins subword tokens: a "##" token is glued to the one before it; words by joinPieces. */
export function joinSubwords(tokens: readonly string[]): string {
  const words: string[] = [];
  for (const t of tokens) {
    if (t.startsWith(CONTINUATION) && t.length > CONTINUATION.length && words.length > 0) {
      words[words.length - 1] += t.slice(CONTINUATION.length);
    } else {
      words.push(t);
    }
  }
  return joinPieces(words);
}

export class Tokenizer {
  readonly vocab: string[];
  readonly kind: TokenizerKind;
  private readonly index: Map<string, number>;

  /** vocab[0..2] must be <pad>, <unk>, <bos>; entries must be distinct non-empty strings. */
  constructor(vocab: readonly string[], kind: TokenizerKind = 'word') {
    if (!TOKENIZER_KINDS.includes(kind)) throw new Error(`unknown tokenizer kind ${JSON.stringify(kind)}`);
    this.kind = kind;
    if (!Array.isArray(vocab)) throw new Error('tokenizer vocabulary must be an array of strings');
    if (vocab.length < 3 || vocab[0] !== PAD || vocab[1] !== UNK || vocab[2] !== BOS) {
      throw new Error(`tokenizer vocabulary must start with "${PAD}", "${UNK}", "${BOS}"`);
    }
    const index = new Map<string, number>();
    vocab.forEach((token, id) => {
      if (typeof token !== 'string' || token.length === 0) {
        throw new Error(`tokenizer vocabulary entry ${id} is not a non-empty string`);
      }
      if (index.has(token)) throw new Error(`tokenizer vocabulary has "${token}" twice (ids ${index.get(token)} and ${id})`);
      index.set(token, id);
    });
    this.vocab = [...vocab];
    this.index = index;
  }

  get size(): number {
    return this.vocab.length;
  }

  idOf(token: string): number | undefined {
    return this.index.get(token);
  }

  encode(text: string, opts: { bos?: boolean } = {}): Encoded {
    const bos = opts.bos ?? true;
    const tokens: string[] = bos ? [BOS] : [];
    const ids: number[] = bos ? [BOS_ID] : [];
    const unknown: number[] = [];
    const push = (piece: string): void => {
      const id = this.index.get(piece);
      if (id === undefined) unknown.push(ids.length);
      tokens.push(piece);
      ids.push(id ?? UNK_ID);
    };
    if (this.kind === 'char') {
      for (const ch of splitChars(text)) push(ch);
    } else if (this.kind === 'subword') {
      const has = (t: string): boolean => this.index.has(t);
      for (const piece of splitText(text)) {
        const parts = splitSubwords(piece, has);
        if (parts === null) push(piece);
        else for (const part of parts) push(part);
      }
    } else {
      for (const piece of splitText(text)) push(piece);
    }
    return { tokens, ids, unknown };
  }

  /**
   * Text of the ids by the decoding rule at the top of this file. <pad> and <bos> are left out; <unk>
   * is written as "<unk>". Throws a RangeError for an id outside the vocabulary.
   */
  decode(ids: readonly number[]): string {
    const pieces: string[] = [];
    for (const id of ids) {
      if (!Number.isInteger(id) || id < 0 || id >= this.vocab.length) {
        throw new RangeError(`token id ${id} is outside the vocabulary (size ${this.vocab.length})`);
      }
      if (id === PAD_ID || id === BOS_ID) continue;
      pieces.push(this.vocab[id]);
    }
    if (this.kind === 'char') return pieces.join('');
    if (this.kind === 'subword') return joinSubwords(pieces);
    return joinPieces(pieces);
  }

  toJSON(): TokenizerJSON {
    return { kind: this.kind, vocab: [...this.vocab] };
  }

  /**
   * Vocabulary of the pieces of `texts`: specials first, then by count (descending), ties by first
   * occurrence. maxVocab caps the total size including the 3 specials; minCount drops rarer pieces.
   */
  static fromTexts(texts: readonly string[], opts: { maxVocab?: number; minCount?: number } = {}): Tokenizer {
    const maxVocab = opts.maxVocab ?? Infinity;
    const minCount = opts.minCount ?? 1;
    if (!(maxVocab >= SPECIAL_TOKENS.length)) throw new Error(`maxVocab must be at least ${SPECIAL_TOKENS.length}`);
    const counts = new Map<string, number>();
    for (const text of texts) {
      for (const piece of splitText(text)) counts.set(piece, (counts.get(piece) ?? 0) + 1);
    }
    // Map iteration follows first insertion and Array.sort is stable: ties keep first-occurrence order.
    const ranked = [...counts.entries()].filter(([, n]) => n >= minCount).sort((a, b) => b[1] - a[1]);
    const vocab = [...SPECIAL_TOKENS];
    for (const [piece] of ranked) {
      if (vocab.length >= maxVocab) break;
      vocab.push(piece);
    }
    return new Tokenizer(vocab);
  }
}
