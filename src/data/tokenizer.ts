// Word-level tokenizer for English-like text and one token per character for Chinese/Japanese text.
//
// Splitting rules (splitText), applied in one left-to-right pass over the code points (linear time):
// - Whitespace, control characters and U+200B (zero-width space) separate pieces and are dropped.
//   Other invisible format characters (ZWJ, RTL/LTR marks, BOM, soft hyphen: Unicode "Cf") are dropped
//   without separating anything.
// - Every CJK character is its own piece: Han characters, kana, bopomofo, CJK punctuation such as
//   "，" "。" "、" and the full-width forms block.
// - A word is a run of letters (any script except the CJK ones above) with their combining marks; an
//   apostrophe (' or ’) between two letters stays inside the word, so "didn't" and "it's" are one piece
//   (’ is written as '). Words are lower-cased.
// - A number is a run of digits; "." or "," between two digits stays inside it ("3.14", "1,000").
//   Letters and digits next to each other form separate pieces ("10km" → "10", "km").
// - Anything else (punctuation, symbols, emoji, …) is a piece of one code point plus the combining
//   marks that follow it (so "❤️" with its variation selector stays one piece).
//
// Decoding rule: pieces are joined with a single space, except that no space is put next to a CJK
// piece. So "the dog , too ." and "动物没有过马路，因为它太累了。" come back as written, and for every
// text x whose pieces are all in the vocabulary, splitText(decode(encode(x).ids)) equals splitText(x).

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

// Character classes of the scanner.
const SPACE = 0;
const IGNORE = 1;
const CJK = 2;
const LETTER = 3;
const DIGIT = 4;
const MARK = 5;
const APOSTROPHE = 6;
const OTHER = 7;
type CharClass = typeof SPACE | typeof IGNORE | typeof CJK | typeof LETTER | typeof DIGIT | typeof MARK | typeof APOSTROPHE | typeof OTHER;

const SPACE_RE = /^[\s\p{Cc}\p{Zs}\p{Zl}\p{Zp}\u200B]$/u;
const FORMAT_RE = /^\p{Cf}$/u;
const CJK_RE =
  /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Bopomofo}\u2E80-\u2FDF\u3000-\u33FF\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFFEF]$/u;
const LETTER_RE = /^\p{L}$/u;
const DIGIT_RE = /^\p{Nd}$/u;
const MARK_RE = /^\p{M}$/u;

const classCache = new Map<number, CharClass>();
const CLASS_CACHE_LIMIT = 1 << 16;

function classifyNonAscii(cp: number, ch: string): CharClass {
  if (SPACE_RE.test(ch)) return SPACE;
  if (FORMAT_RE.test(ch)) return IGNORE;
  if (CJK_RE.test(ch)) return CJK;
  if (LETTER_RE.test(ch)) return LETTER;
  if (DIGIT_RE.test(ch)) return DIGIT;
  if (MARK_RE.test(ch)) return MARK;
  if (cp === 0x2019) return APOSTROPHE;
  return OTHER;
}

function classify(cp: number, ch: string): CharClass {
  if (cp < 0x80) {
    if ((cp >= 0x61 && cp <= 0x7a) || (cp >= 0x41 && cp <= 0x5a)) return LETTER;
    if (cp >= 0x30 && cp <= 0x39) return DIGIT;
    if (cp <= 0x20 || cp === 0x7f) return SPACE;
    if (cp === 0x27) return APOSTROPHE;
    return OTHER;
  }
  let c = classCache.get(cp);
  if (c === undefined) {
    c = classifyNonAscii(cp, ch);
    if (classCache.size < CLASS_CACHE_LIMIT) classCache.set(cp, c);
  }
  return c;
}

function charAt(text: string, i: number): { cp: number; ch: string } {
  const cp = text.codePointAt(i) as number;
  return { cp, ch: cp > 0xffff ? text.slice(i, i + 2) : text[i] };
}

/** Class of the code point starting at index i, or SPACE past the end. */
function classAt(text: string, i: number): CharClass {
  if (i >= text.length) return SPACE;
  const { cp, ch } = charAt(text, i);
  return classify(cp, ch);
}

/** True when the piece is (starts with) a CJK character: decode puts no space next to it. */
export function isCjkPiece(piece: string): boolean {
  if (piece.length === 0) return false;
  const { cp, ch } = charAt(piece, 0);
  return classify(cp, ch) === CJK;
}

type PieceKind = 'none' | 'word' | 'number' | 'symbol';

/** Splits text into pieces (see the rules at the top of this file). Never throws; linear time. */
export function splitText(text: string): string[] {
  const pieces: string[] = [];
  let cur = '';
  let kind: PieceKind = 'none';
  const flush = (): void => {
    if (kind !== 'none') pieces.push(kind === 'word' ? cur.toLowerCase() : cur);
    cur = '';
    kind = 'none';
  };
  let i = 0;
  while (i < text.length) {
    const { cp, ch } = charAt(text, i);
    const next = i + ch.length;
    const c = classify(cp, ch);
    switch (c) {
      case SPACE:
        flush();
        break;
      case IGNORE:
        break;
      case CJK:
        flush();
        pieces.push(ch);
        break;
      case LETTER:
        if (kind !== 'word') {
          flush();
          kind = 'word';
        }
        cur += ch;
        break;
      case DIGIT:
        if (kind !== 'number') {
          flush();
          kind = 'number';
        }
        cur += ch;
        break;
      case MARK:
        if (kind === 'word' || kind === 'symbol') {
          cur += ch;
        } else {
          flush();
          kind = 'symbol';
          cur = ch;
        }
        break;
      case APOSTROPHE:
        if (kind === 'word' && classAt(text, next) === LETTER) {
          cur += "'";
        } else {
          flush();
          kind = 'symbol';
          cur = ch;
        }
        break;
      default:
        if (kind === 'number' && (ch === '.' || ch === ',') && classAt(text, next) === DIGIT) {
          cur += ch;
        } else {
          flush();
          kind = 'symbol';
          cur = ch;
        }
    }
    i = next;
  }
  flush();
  return pieces;
}

/** Joins pieces by the decoding rule: one space between pieces, none next to a CJK piece. */
export function joinPieces(pieces: readonly string[]): string {
  let out = '';
  let prevCjk = true;
  for (const piece of pieces) {
    const cjk = isCjkPiece(piece);
    if (out.length > 0 && !prevCjk && !cjk) out += ' ';
    out += piece;
    prevCjk = cjk;
  }
  return out;
}

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

/** Characters of text, one per code point, whitespace and invisible format characters dropped. */
export function splitChars(text: string): string[] {
  const out: string[] = [];
  for (const ch of text) {
    const c = classify(ch.codePointAt(0) as number, ch);
    if (c !== SPACE && c !== IGNORE) out.push(ch);
  }
  return out;
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
