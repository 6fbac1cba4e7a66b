// Hostile training text (the hardening issue, item 7): empty, binary (PNG bytes, NUL bytes), 50 MB,
// mixed scripts. The page refuses a too-big file by its size before reading it, refuses binary data,
// removes control characters and lone surrogates, and keeps every script, emoji and mark as it is;
// what is left trains (createTextCorpus) or is refused with a reason.

import { describe, expect, it } from 'vitest';
import { createTextCorpus } from '../../src/data/textCorpus';
import {
  MAX_CORPUS_FILE_BYTES,
  cleanCorpusText,
  corpusFileText,
  corpusFileTooBig,
  isEmptyText,
  looksBinary,
} from '../../src/shared/corpusText';
import { TRAIN_LIMITS } from '../../src/shared/training';

const PNG = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01,
  0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00, 0x00, 0x0a, 0x49, 0x44, 0x41,
]);
const decode = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);
const MIXED =
  'The cat sat. 猫坐在垫子上。 Le chat était là. 🐱👩‍👩‍👧 family! مرحبا بالعالم שלום עולם Ελληνικά é vs e\u0301 z\u0351\u0352 12 345 ';

describe('corpus files: size before reading, binary refused', () => {
  it('a 50 MB file is refused by its size alone', () => {
    const v = corpusFileTooBig(50 * 1024 * 1024);
    expect(v).toEqual({ kind: 'too-big', bytes: 52_428_800, limit: MAX_CORPUS_FILE_BYTES });
    expect(corpusFileTooBig(MAX_CORPUS_FILE_BYTES)).toBeNull();
    expect(MAX_CORPUS_FILE_BYTES).toBe(TRAIN_LIMITS.textChars * 4);
  });

  it('PNG bytes, NUL bytes and random bytes are binary; text with a few undecodable bytes is not', () => {
    expect(corpusFileText(decode(PNG))).toEqual({ kind: 'binary' });
    expect(looksBinary('hello\u0000world')).toBe(true);
    const noise = new Uint8Array(4096);
    for (let i = 0; i < noise.length; i++) noise[i] = 0x80 + ((i * 37) % 0x7f) + 1; // no NUL, mostly invalid UTF-8
    expect(looksBinary(decode(noise))).toBe(true);
    // A Latin-1 file read as UTF-8: one U+FFFD in a long text is still text.
    const latin1 = decode(new Uint8Array([...new TextEncoder().encode('a long sentence about a caf'), 0xe9, ...new TextEncoder().encode(' and more words '.repeat(10))]));
    expect(latin1).toContain('\ufffd');
    expect(corpusFileText(latin1).kind).toBe('ok');
    expect(looksBinary(MIXED)).toBe(false);
    expect(looksBinary('')).toBe(false);
  });
});

describe('cleaning pasted or read text', () => {
  it('removes control characters and lone surrogates, keeps tab/newlines and every script', () => {
    const dirty = `a\u0000b\u0007c\td\ne\r\nf\u001b[31mg\u007f\u0085h\ud800i\udc00j\ud83d\ude00k\uffff`;
    const { text, removed } = cleanCorpusText(dirty);
    expect(text).toBe('abc\td\ne\r\nf[31mgh' + 'ij\ud83d\ude00k');
    expect(removed).toBe(8);
    // Nothing to clean: the very same string comes back.
    const same = cleanCorpusText(MIXED);
    expect(same).toEqual({ text: MIXED, removed: 0 });
    // A lone high surrogate at the very end (a cut through a pair).
    expect(cleanCorpusText('ok \ud83d')).toEqual({ text: 'ok ', removed: 1 });
  });

  it('empty and whitespace-only text is empty; a single symbol is not', () => {
    for (const t of ['', '   ', '\n\t\r\n', '\u200b\u200b', '\u00a0\u3000']) expect(isEmptyText(t), JSON.stringify(t)).toBe(true);
    for (const t of ['a', '猫', '🐱', '.', '٣']) expect(isEmptyText(t), t).toBe(false);
    // The worker refuses it too, with a reason.
    expect(() => createTextCorpus(cleanCorpusText('\u0000\u0001  \u0002').text)).toThrow(/The text is empty/);
  });

  it('mixed scripts (Latin, CJK, emoji with ZWJ, RTL, combining marks) train as they are', () => {
    const text = cleanCorpusText(MIXED.repeat(4)).text;
    const corpus = createTextCorpus(text, { name: 'mixed.txt' });
    const vocab = corpus.vocab;
    for (const piece of ['cat', '猫', 'مرحبا', 'שלום', 'ελληνικά']) expect(vocab, piece).toContain(piece);
    expect(vocab.some((v) => v.includes('🐱'))).toBe(true);
    expect(corpus.stats.tokens).toBeGreaterThan(40);
    expect(corpus.id).toBe('text:mixed.txt');
  });

  it('a megabyte of text is cleaned quickly', () => {
    const big = ('word \u0007 '.repeat(100_000) + MIXED).slice(0, TRAIN_LIMITS.textChars);
    const t0 = performance.now();
    const { removed } = cleanCorpusText(big);
    expect(removed).toBeGreaterThan(99_000);
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});
