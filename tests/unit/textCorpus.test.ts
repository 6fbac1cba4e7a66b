import { describe, expect, it } from 'vitest';
import { chunk, rowSequence, sequencesToBatch } from '../../src/data/batching';
import { Rng } from '../../src/data/rng';
import { MAX_CORPUS_CHARS, MIN_CORPUS_TOKENS, createTextCorpus } from '../../src/data/textCorpus';
import { BOS_ID, PAD_ID, UNK_ID, splitText } from '../../src/data/tokenizer';

// 40 distinct words w0..w39, each once: easy to locate windows in the stream.
const NUMBERED = Array.from({ length: 40 }, (_, i) => `w${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`).join(' ');

describe('batching helpers', () => {
  it('shifts targets by one and pads', () => {
    const b = sequencesToBatch([[2, 5, 6, 7], [2, 9]], 4);
    expect(b.batch).toBe(2);
    expect(b.length).toBe(4);
    expect(Array.from(b.inputs)).toEqual([2, 5, 6, 0, 2, 0, 0, 0]);
    expect(Array.from(b.targets)).toEqual([5, 6, 7, 0, 9, 0, 0, 0]);
    expect(rowSequence(b, 0)).toEqual([2, 5, 6, 7]);
    expect(rowSequence(b, 1)).toEqual([2, 9]);
    const cut = sequencesToBatch([[2, 3, 4, 5, 6, 7]], 3);
    expect(Array.from(cut.inputs)).toEqual([2, 3, 4]);
    expect(Array.from(cut.targets)).toEqual([3, 4, 5]);
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(() => sequencesToBatch([[2, 3]], 0)).toThrow();
  });
});

describe('createTextCorpus', () => {
  it('rejects empty, too short and too long text with a clear message', () => {
    expect(() => createTextCorpus('')).toThrow(/empty/);
    expect(() => createTextCorpus('  \n\t ')).toThrow(/empty/);
    expect(() => createTextCorpus('just a few words here')).toThrow(new RegExp(`too short.*${MIN_CORPUS_TOKENS}`));
    expect(() => createTextCorpus('a '.repeat(MAX_CORPUS_CHARS / 2 + 1))).toThrow(/too long.*2,000,000/);
    expect(() => createTextCorpus(NUMBERED, { maxVocab: 2 })).toThrow(/maxVocab/);
    expect(() => createTextCorpus(NUMBERED, { valFraction: 0.9 })).toThrow(/valFraction/);
  });

  it('caps the vocabulary, mapping rare words to <unk>', () => {
    const text = 'the cat sat . '.repeat(20) + 'the dog ran . '.repeat(5) + 'zebra';
    const corpus = createTextCorpus(text, { maxVocab: 7 });
    expect(corpus.vocab).toEqual(['<pad>', '<unk>', '<bos>', 'the', '.', 'cat', 'sat']);
    expect(corpus.stats.tokens).toBe(splitText(text).length);
    expect(corpus.stats.unknownTokens).toBe(5 * 2 + 1);
    expect(corpus.id).toBe('text:pasted');
    expect(createTextCorpus(text, { name: 'a.txt' }).id).toBe('text:a.txt');
  });

  it('draws random <bos>-led windows of the training part only', () => {
    const corpus = createTextCorpus(NUMBERED, { valFraction: 0.25 }); // 30 train, 10 validation tokens
    expect(corpus.stats.trainTokens).toBe(30);
    expect(corpus.stats.validationTokens).toBe(10);
    const trainIds = corpus.tokenizer.encode(NUMBERED, { bos: false }).ids.slice(0, 30);
    const batch = corpus.trainBatch(new Rng(1), 64, 8);
    expect(batch.length).toBe(8);
    const starts = new Set<number>();
    for (let b = 0; b < 64; b++) {
      const seq = rowSequence(batch, b);
      expect(seq[0]).toBe(BOS_ID);
      expect(seq.length).toBe(9); // <bos> + 8 tokens: 8 (input, target) pairs
      const start = trainIds.indexOf(seq[1]);
      expect(start).toBeGreaterThanOrEqual(0);
      expect(seq.slice(1)).toEqual(trainIds.slice(start, start + 8));
      starts.add(start);
    }
    expect(starts.size).toBeGreaterThan(10);
    expect(Math.max(...starts)).toBeLessThanOrEqual(22);
    const again = corpus.trainBatch(new Rng(1), 64, 8);
    expect(Array.from(again.inputs)).toEqual(Array.from(batch.inputs));
  });

  it('pads when the training part is shorter than the context', () => {
    const corpus = createTextCorpus(NUMBERED, { valFraction: 0.25 });
    const batch = corpus.trainBatch(new Rng(2), 2, 64);
    expect(batch.length).toBe(64);
    expect(rowSequence(batch, 0).length).toBe(31);
    expect(batch.targets[30]).toBe(PAD_ID);
  });

  it('gives fixed, non-overlapping validation windows from the held-back tail', () => {
    const corpus = createTextCorpus(NUMBERED, { valFraction: 0.25 });
    const valIds = corpus.tokenizer.encode(NUMBERED, { bos: false }).ids.slice(30);
    const batches = corpus.validationBatches(2, 4);
    expect(batches).toEqual(corpus.validationBatches(2, 4));
    expect(batches.map((b) => b.batch)).toEqual([2]);
    expect(rowSequence(batches[0], 0)).toEqual([BOS_ID, ...valIds.slice(0, 4)]);
    expect(rowSequence(batches[0], 1)).toEqual([BOS_ID, ...valIds.slice(6, 10)]);
    expect(createTextCorpus(NUMBERED, { valFraction: 0 }).validationBatches(4, 8)).toEqual([]);
  });

  it('handles Chinese and hostile text', () => {
    const zh = '小狗没有过马路，因为它太累了。'.repeat(5);
    const corpus = createTextCorpus(zh + ' 🐱\u0000\uD800\u202E');
    expect(corpus.vocab).toContain('狗');
    expect(corpus.vocab).toContain('，');
    const batch = corpus.trainBatch(new Rng(3), 4, 16);
    for (const id of batch.inputs) expect(id).toBeLessThan(corpus.vocab.length);
    expect(corpus.tokenizer.encode('猫').ids).toEqual([BOS_ID, UNK_ID]);
  });

  it('accepts a text near the size cap quickly', () => {
    const text = 'the quick brown fox jumps over the lazy dog . '.repeat(40000); // 1.84M chars
    expect(text.length).toBeLessThanOrEqual(MAX_CORPUS_CHARS);
    const t0 = performance.now();
    const corpus = createTextCorpus(text);
    expect(corpus.stats.tokens).toBe(400000);
    expect(corpus.validationBatches(32, 64).reduce((n, b) => n + b.batch, 0)).toBe(256);
    expect(performance.now() - t0).toBeLessThan(8000);
  });
});
