// How text is cut into the pieces a word-level tokenizer looks up (shared by the tokenizer in src/data
// and the page, which marks the words a model does not know without importing src/data).
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

/** A piece and where it was read: text.slice(start, end) is what became the piece. */
export interface PieceSpan {
  piece: string;
  start: number;
  end: number;
}

/** Splits text into pieces (see the rules at the top of this file). Never throws; linear time. */
export function splitText(text: string): string[] {
  const pieces: string[] = [];
  scan(text, (piece) => pieces.push(piece));
  return pieces;
}

/** The pieces of splitText with their places in `text` (UTF-16 indices, end exclusive). */
export function splitSpans(text: string): PieceSpan[] {
  const pieces: PieceSpan[] = [];
  scan(text, (piece, start, end) => pieces.push({ piece, start, end }));
  return pieces;
}

/** The scanner: calls `emit` with each piece and its place, in order. */
function scan(text: string, emit: (piece: string, start: number, end: number) => void): void {
  let cur = '';
  let curStart = 0;
  let curEnd = 0;
  let kind = 'none' as PieceKind;
  const flush = (): void => {
    if (kind !== 'none') emit(kind === 'word' ? cur.toLowerCase() : cur, curStart, curEnd);
    cur = '';
    kind = 'none';
  };
  // Starts a piece of `k` at index i (after ending the one before).
  const begin = (k: PieceKind, i: number): void => {
    flush();
    kind = k;
    curStart = i;
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
        emit(ch, i, next);
        break;
      case LETTER:
        if (kind !== 'word') begin('word', i);
        cur += ch;
        curEnd = next;
        break;
      case DIGIT:
        if (kind !== 'number') begin('number', i);
        cur += ch;
        curEnd = next;
        break;
      case MARK:
        if (kind === 'word' || kind === 'symbol') {
          cur += ch;
        } else {
          begin('symbol', i);
          cur = ch;
        }
        curEnd = next;
        break;
      case APOSTROPHE:
        if (kind === 'word' && classAt(text, next) === LETTER) {
          cur += "'";
        } else {
          begin('symbol', i);
          cur = ch;
        }
        curEnd = next;
        break;
      default:
        if (kind === 'number' && (ch === '.' || ch === ',') && classAt(text, next) === DIGIT) {
          cur += ch;
        } else {
          begin('symbol', i);
          cur = ch;
        }
        curEnd = next;
    }
    i = next;
  }
  flush();
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

/** Characters of text, one per code point, whitespace and invisible format characters dropped. */
export function splitChars(text: string): string[] {
  const out: string[] = [];
  for (const ch of text) {
    const c = classify(ch.codePointAt(0) as number, ch);
    if (c !== SPACE && c !== IGNORE) out.push(ch);
  }
  return out;
}
