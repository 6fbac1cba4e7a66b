// The user's training text before it reaches the worker (src/panels/TrainingControls.tsx): a file is
// checked by size before it is read, binary data (an image, a zip) is refused, and pasted or read
// text is cleaned of characters that can only be noise (control characters, lone UTF-16 surrogates).
// Letters of every script, emoji and their ZWJ sequences, right-to-left text and combining marks are
// kept as they are. Pure: unit-tested in Node.

import { TRAIN_LIMITS } from './training';

/** Largest text file read (bytes): the character limit at 4 UTF-8 bytes per character, at most. */
export const MAX_CORPUS_FILE_BYTES = TRAIN_LIMITS.textChars * 4;
/** How much of a file's text is looked at to tell text from binary data. */
const BINARY_SAMPLE_CHARS = 65_536;
/** Share of undecodable (U+FFFD) or control characters above which a file is taken for binary data. */
const BINARY_SHARE = 0.05;

export interface CleanedText {
  text: string;
  /** Characters removed (control characters and lone surrogates). */
  removed: number;
}

/** C0 controls but tab, LF, CR; DEL; C1 controls; the noncharacters U+FFFE, U+FFFF. */
function isNoise(c: number): boolean {
  return (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || (c >= 0x7f && c <= 0x9f) || c === 0xfffe || c === 0xffff;
}

/** Removes control characters and lone surrogates; everything else (any script, emoji, marks) stays. */
export function cleanCorpusText(raw: string): CleanedText {
  let out = '';
  let removed = 0;
  let from = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    let bad = isNoise(c);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = i + 1 < raw.length ? raw.charCodeAt(i + 1) : 0;
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++; // a valid pair
        continue;
      }
      bad = true;
    } else if (c >= 0xdc00 && c <= 0xdfff) bad = true;
    if (bad) {
      out += raw.slice(from, i);
      from = i + 1;
      removed++;
    }
  }
  return removed === 0 ? { text: raw, removed: 0 } : { text: out + raw.slice(from), removed };
}

/** Whether decoded file text is binary data: any NUL, or many undecodable / control characters. */
export function looksBinary(text: string): boolean {
  const n = Math.min(text.length, BINARY_SAMPLE_CHARS);
  let odd = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) return true;
    if (c === 0xfffd || isNoise(c)) odd++;
  }
  return n > 0 && odd / n > BINARY_SHARE;
}

/** Whether the text has nothing to learn from (no letter, digit, punctuation or symbol). */
export function isEmptyText(text: string): boolean {
  return !/[\p{L}\p{N}\p{P}\p{S}]/u.test(text);
}

export type CorpusFileVerdict =
  | { kind: 'ok'; text: string; removed: number }
  | { kind: 'too-big'; bytes: number; limit: number }
  | { kind: 'binary' };

/** A file's size, checked before anything is read (File.size). */
export function corpusFileTooBig(bytes: number): CorpusFileVerdict | null {
  return bytes > MAX_CORPUS_FILE_BYTES ? { kind: 'too-big', bytes, limit: MAX_CORPUS_FILE_BYTES } : null;
}

/** A file's decoded text: refused when binary, else cleaned. */
export function corpusFileText(decoded: string): CorpusFileVerdict {
  if (looksBinary(decoded)) return { kind: 'binary' };
  return { kind: 'ok', ...cleanCorpusText(decoded) };
}
