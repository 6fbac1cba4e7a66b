// Words the model knows (src/panels/words/words.ts) and the default sentences of each page language
// (src/app/defaultSentences.ts, src/app/urlState.ts, src/app/pageUrl.ts): edit distances against
// independent definitions, suggestions for known typos in the shipped vocabularies, neighbours by
// meaning against a float64 recomputation from the shipped weights, and the default-swap rules.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { editDistance, filterVocab, maxEdits, meaningNeighbours, meaningThreshold, replaceSpans, spellingSuggestions, unknownWords, vocabGroups, wordHelp } from '../../src/panels/words/words';
import { closestWord, editDistance as levenshtein } from '../../src/panels/tokenInfo';
import { splitSpans } from '../../src/shared/textPieces';
import { Tokenizer } from '../../src/data/tokenizer';
import { DEFAULT_SENTENCES, defaultSentence, shownSentence } from '../../src/app/defaultSentences';
import { compareSentences, DEFAULT_URL_STATE, parseUrlState, serialiseUrlState } from '../../src/app/urlState';
import { DEFAULT_PAGE_STATE, parsePageUrl, serialisePageUrl } from '../../src/app/pageUrl';
import { withClause } from '../../src/panels/compare/schema';
import { translationSource } from '../../src/panels/compare/translate/sentences';
import type { Mat } from '../../src/shared/trace';

interface Shipped {
  vocab: string[];
  embedding: Mat;
}

/** A shipped checkpoint's vocabulary and token-embedding matrix, read straight from its files. */
function shipped(name: 'coref' | 'translate'): Shipped {
  const dir = new URL(`../../public/models/${name}/`, import.meta.url);
  const json = JSON.parse(readFileSync(new URL('model.json', dir), 'utf8')) as {
    tokenizer: { vocab: string[] };
    weightsManifest: { weights: { name: string; shape: number[] }[] }[];
  };
  const bin = readFileSync(new URL('weights.bin', dir));
  let offset = 0;
  for (const w of json.weightsManifest[0].weights) {
    const n = w.shape.reduce((a, b) => a * b, 1);
    if (w.name === 'embedding/token') {
      const data = new Float32Array(bin.buffer.slice(bin.byteOffset + offset * 4, bin.byteOffset + (offset + n) * 4));
      return { vocab: json.tokenizer.vocab, embedding: { rows: w.shape[0], cols: w.shape[1], data } };
    }
    offset += n;
  }
  throw new Error('no embedding/token');
}

const COREF = shipped('coref');
const TRANSLATE = shipped('translate');

/** Unrestricted Damerau–Levenshtein distance by breadth-first search over single edits (tiny alphabets only). */
function bfsDistance(a: string, b: string, alphabet: string): number {
  if (a === b) return 0;
  const seen = new Set([a]);
  let frontier = [a];
  for (let d = 1; d < 12; d++) {
    const next: string[] = [];
    for (const s of frontier) {
      const out: string[] = [];
      for (let i = 0; i <= s.length; i++) for (const c of alphabet) out.push(s.slice(0, i) + c + s.slice(i));
      for (let i = 0; i < s.length; i++) {
        out.push(s.slice(0, i) + s.slice(i + 1));
        for (const c of alphabet) out.push(s.slice(0, i) + c + s.slice(i + 1));
        if (i + 1 < s.length) out.push(s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2));
      }
      for (const o of out) {
        if (o === b) return d;
        if (!seen.has(o) && o.length <= Math.max(a.length, b.length) + 1) {
          seen.add(o);
          next.push(o);
        }
      }
    }
    frontier = next;
  }
  return Infinity;
}

/** A seeded generator of short strings over "abc". */
function randomStrings(count: number, seed: number): string[] {
  let x = seed;
  const rnd = (): number => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
  return Array.from({ length: count }, () => Array.from({ length: Math.floor(rnd() * 5) }, () => 'abc'[Math.floor(rnd() * 3)]).join(''));
}

describe('edit distance with transposition (optimal string alignment)', () => {
  it('gives the textbook values', () => {
    expect(editDistance('tierd', 'tired')).toBe(1); // one swap (Levenshtein: 2)
    expect(levenshtein('tierd', 'tired')).toBe(2);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('abc', 'abc')).toBe(0);
    expect(editDistance('ca', 'abc')).toBe(3); // OSA edits no substring twice (unrestricted: 2)
    expect(editDistance('narow', 'narrow')).toBe(1);
    expect(editDistance('anmial', 'animal')).toBe(1);
    expect(editDistance('累了', '了累')).toBe(1); // code points, not UTF-16 units
  });

  it('lies between the unrestricted distance and Levenshtein, and the limit only cuts it', () => {
    const xs = randomStrings(40, 7);
    const ys = randomStrings(40, 11);
    for (let i = 0; i < xs.length; i++) {
      const a = xs[i];
      const b = ys[i];
      const d = editDistance(a, b);
      expect(d).toBe(editDistance(b, a));
      expect(d).toBeLessThanOrEqual(levenshtein(a, b));
      expect(d).toBeGreaterThanOrEqual(bfsDistance(a, b, 'abc'));
      for (const limit of [0, 1, 2]) expect(editDistance(a, b, limit)).toBe(Math.min(d, limit + 1));
    }
    // A swap of neighbours is one edit, where Levenshtein counts two.
    expect(editDistance('ab', 'ba')).toBe(1);
    expect(levenshtein('ab', 'ba')).toBe(2);
  });
});

describe('suggestions by spelling', () => {
  it('finds the intended word for common typos in the shipped vocabularies', () => {
    const cases: [string, string][] = [
      ['tierd', 'tired'],
      ['narow', 'narrow'],
      ['stret', 'street'],
      ['anmial', 'animal'],
      ['trophey', 'trophy'],
      ['suitcsae', 'suitcase'],
      ['becuase', 'because'],
    ];
    for (const { vocab } of [COREF, TRANSLATE]) {
      for (const [typo, word] of cases) {
        const s = spellingSuggestions(typo, vocab);
        expect(s[0]?.word, typo).toBe(word);
        expect(s[0].distance).toBe(editDistance(typo, word));
        // Every suggestion is within the allowed number of edits, closest first, and known.
        for (const x of s) {
          expect(x.distance).toBeLessThanOrEqual(maxEdits(typo.length));
          expect(vocab).toContain(x.word);
        }
        expect(s.map((x) => x.distance)).toEqual([...s.map((x) => x.distance)].sort((p, q) => p - q));
      }
    }
  });

  it('the Tokens panel names the same nearest word ("tierd" is one swap from "tired", two edits from "field")', () => {
    expect(levenshtein('tierd', 'field')).toBe(2);
    expect(closestWord('tierd', COREF.vocab)).toBe('tired');
    expect(closestWord('stret', COREF.vocab)).toBe(spellingSuggestions('stret', COREF.vocab)[0].word);
  });

  it('offers nothing far away, nothing for a Chinese character, never a special token', () => {
    expect(spellingSuggestions('xylophonequark', COREF.vocab)).toEqual([]);
    expect(spellingSuggestions('猪', COREF.vocab)).toEqual([]);
    expect(spellingSuggestions('unk', COREF.vocab).some((x) => x.word.startsWith('<'))).toBe(false);
    // A word of 2 letters may be 1 edit off: "it" ← "iz".
    expect(spellingSuggestions('iz', COREF.vocab).map((x) => x.word)).toContain('it');
  });
});

describe('neighbours by meaning', () => {
  it('match a float64 recomputation of the cosines of the shipped embeddings, above 3/√d only', () => {
    const { vocab, embedding } = COREF;
    const d = embedding.cols;
    expect(meaningThreshold(d)).toBeCloseTo(3 / 8, 12);
    const row = (r: number): number[] => Array.from(embedding.data.slice(r * d, (r + 1) * d));
    const cos = (a: number[], b: number[]): number =>
      a.reduce((s, x, k) => s + x * b[k], 0) / Math.sqrt(a.reduce((s, x) => s + x * x, 0) * b.reduce((s, x) => s + x * x, 0));
    let seenSome = 0;
    for (const word of ['tired', 'narrow', 'street', 'animal', '累', 'wide']) {
      const id = vocab.indexOf(word);
      const expected = vocab
        .map((w, r) => ({ word: w, cosine: cos(row(id), row(r)) }))
        .filter((x, r) => r !== id && !/^<[a-z]+>$/.test(x.word) && x.cosine > 3 / Math.sqrt(d))
        .sort((p, q) => q.cosine - p.cosine)
        .slice(0, 4);
      const got = meaningNeighbours(word, vocab, embedding);
      expect(got?.of).toBe(word);
      expect(got?.neighbours.map((x) => x.word)).toEqual(expected.map((x) => x.word));
      got?.neighbours.forEach((x, i) => expect(x.cosine).toBeCloseTo(expected[i].cosine, 5));
      seenSome += expected.length;
    }
    // A small model's embeddings are mostly not clearly related: the page says so when none qualify.
    expect(seenSome).toBeLessThan(6 * 4);
  });

  it('finds planted neighbours and nothing at chance', () => {
    const vocab = ['<pad>', '<unk>', '<bos>', 'cat', 'dog', 'car'];
    const d = 16;
    const data = new Float32Array(vocab.length * d);
    const set = (r: number, v: number[]): void => v.forEach((x, k) => (data[r * d + k] = x));
    set(3, [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    set(4, [0.9, Math.sqrt(1 - 0.81), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]); // cosine 0.9 with cat
    set(5, [0.5, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]); // cosine 0.447 < 3/4
    set(1, [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]); // <unk> is never offered
    const matrix: Mat = { rows: vocab.length, cols: d, data };
    const r = meaningNeighbours('cat', vocab, matrix);
    expect(r?.threshold).toBe(0.75);
    expect(r?.neighbours.map((x) => x.word)).toEqual(['dog']);
    expect(r?.neighbours[0].cosine).toBeCloseTo(0.9, 6);
    expect(meaningNeighbours('car', vocab, matrix)?.neighbours).toEqual([]);
    expect(meaningNeighbours('cow', vocab, matrix)).toBeNull();
    // wordHelp starts "by meaning" from the best spelling match of the unknown word.
    const help = wordHelp('the cst sat', [...vocab, 'the', 'sat'], { rows: 8, cols: d, data: new Float32Array([...data, ...new Float32Array(2 * d)]) });
    expect(help.map((h) => h.word.piece)).toEqual(['cst']);
    expect(help[0].spelling[0].word).toBe('cat');
    expect(help[0].meaning?.neighbours.map((x) => x.word)).toEqual(['dog']);
  });
});

describe('unknown words in a sentence, and replacing them', () => {
  it('marks every place of an unknown piece and a replacement removes it', () => {
    const tok = new Tokenizer(COREF.vocab);
    const text = "The Anmial didn't cross the stret because it was too tierd . the ANMIAL";
    const unknown = unknownWords(text, COREF.vocab);
    // The same pieces the tokenizer maps to <unk>.
    const enc = tok.encode(text, { bos: false });
    expect(unknown.map((u) => u.piece)).toEqual([...new Set(enc.unknown.map((i) => enc.tokens[i]))]);
    expect(unknown[0].spans.map((s) => text.slice(s.start, s.end))).toEqual(['Anmial', 'ANMIAL']);
    // One click at a time, as on the page: the places are read again from the edited text.
    let fixed = text;
    for (let u = unknownWords(fixed, COREF.vocab)[0]; u; u = unknownWords(fixed, COREF.vocab)[0]) {
      fixed = replaceSpans(fixed, u.spans, spellingSuggestions(u.piece, COREF.vocab)[0].word);
    }
    expect(fixed).toBe("The animal didn't cross the street because it was too tired . the animal");
    expect(tok.encode(fixed).unknown).toEqual([]);
    expect(unknownWords(fixed, COREF.vocab)).toEqual([]);
  });

  it('spans cover exactly the text of each piece, also for Chinese, numbers and emoji', () => {
    const text = '  Don’t 3.14km 动物,❤️ soft\u00ADhyphen ';
    for (const s of splitSpans(text)) {
      const raw = text.slice(s.start, s.end).replace(/\u00AD/g, '').replace('’', "'");
      expect(/\p{L}/u.test(raw) ? raw.toLowerCase() : raw).toBe(s.piece);
    }
    expect(splitSpans(text).map((s) => s.piece)).toEqual(["don't", '3.14', 'km', '动', '物', ',', '❤️', 'softhyphen']);
  });

  it('groups the vocabulary for browsing and filters it', () => {
    const g = vocabGroups(COREF.vocab);
    expect(g.specials).toEqual(['<pad>', '<unk>', '<bos>']);
    expect(g.words.length + g.cjk.length + g.other.length + g.specials.length).toBe(COREF.vocab.length);
    expect(g.cjk).toContain('累');
    expect(g.other).toEqual(['.', '。', '，']);
    expect(g.words).toEqual([...g.words].sort());
    expect(filterVocab(g.words, ' TI ')).toEqual(g.words.filter((w) => w.includes('ti')));
    expect(filterVocab(g.cjk, '累')).toEqual(['累']);
  });
});

describe('default sentences per page language', () => {
  it('the Chinese defaults of the coreference model tokenize without <unk>; the translation model keeps English', () => {
    const tok = new Tokenizer(COREF.vocab);
    const zh = DEFAULT_SENTENCES.coref;
    expect(zh.main['zh-CN']).toBe('动物没有过马路，因为它太累了。它指的是');
    for (const text of [zh.main['zh-CN'], withClause(zh.a['zh-CN']), withClause(zh.b['zh-CN']), zh.main.en, withClause(zh.a.en)]) {
      expect(tok.encode(text).unknown, text).toEqual([]);
    }
    const ttok = new Tokenizer(TRANSLATE.vocab);
    for (const box of ['main', 'a', 'b'] as const) {
      const s = DEFAULT_SENTENCES.translate[box];
      expect(s['zh-CN']).toBe(s.en);
      expect(/[\u3400-\u9fff]/.test(s.en)).toBe(false);
      expect(ttok.encode(translationSource(s.en) ?? '').unknown).toEqual([]);
    }
  });

  it('a language switch swaps a default, never a written sentence', () => {
    expect(shownSentence(null, 'coref', 'main', 'zh-CN')).toBe('动物没有过马路，因为它太累了。它指的是');
    expect(shownSentence(null, 'coref', 'main', 'en')).toBe(DEFAULT_SENTENCES.coref.main.en);
    expect(shownSentence('the dog was tired', 'coref', 'main', 'zh-CN')).toBe('the dog was tired');
    // Written text that happens to equal a default is still the learner's.
    expect(shownSentence(DEFAULT_SENTENCES.coref.main.en, 'coref', 'main', 'zh-CN')).toBe(DEFAULT_SENTENCES.coref.main.en);
    expect(shownSentence('', 'coref', 'a', 'zh-CN')).toBe('');
    expect(defaultSentence('translate', 'main', 'zh-CN')).toBe(DEFAULT_SENTENCES.translate.main.en);
    expect(defaultSentence('some-other-model', 'b', 'zh-CN')).toBe('动物没有过马路，因为它太窄了');
    // Compare: per box.
    expect(compareSentences({ a: null, b: 'mine' }, 'coref', 'zh-CN')).toEqual({ a: '动物没有过马路，因为它太累了', b: 'mine' });
    expect(compareSentences({ a: null, b: null }, 'coref', 'en')).toEqual({ a: DEFAULT_SENTENCES.coref.a.en, b: DEFAULT_SENTENCES.coref.b.en });
    expect(compareSentences({ a: null, b: null }, 'translate', 'zh-CN')).toEqual({ a: DEFAULT_SENTENCES.translate.a.en, b: DEFAULT_SENTENCES.translate.b.en });
  });

  it('the URL keeps written sentences (even empty ones) and leaves defaults out', () => {
    expect(DEFAULT_URL_STATE.a).toBeNull();
    expect(serialiseUrlState({ ...DEFAULT_URL_STATE, lang: 'zh-CN' })).toBe('?lang=zh-CN');
    const written = serialiseUrlState({ ...DEFAULT_URL_STATE, a: DEFAULT_SENTENCES.coref.a.en, b: '' });
    const p = new URLSearchParams(written);
    expect(p.get('a')).toBe(DEFAULT_SENTENCES.coref.a.en);
    expect(p.get('b')).toBe('');
    expect(parseUrlState(written)).toEqual({ ...DEFAULT_URL_STATE, a: DEFAULT_SENTENCES.coref.a.en, b: '' });
    expect(parseUrlState('?view=compare').a).toBeNull();
    // The main sentence: the same rule.
    expect(serialisePageUrl(DEFAULT_PAGE_STATE)).toBe('');
    expect(parsePageUrl(serialisePageUrl({ ...DEFAULT_PAGE_STATE, text: '' })).text).toBe('');
    expect(parsePageUrl(serialisePageUrl({ ...DEFAULT_PAGE_STATE, text: '小狗没有过桥' })).text).toBe('小狗没有过桥');
    expect(parsePageUrl('?tok=1').text).toBeNull();
  });
});
