// The real-text corpora (CONTRACT §7): the tokenizer kinds they use, the pure building functions of
// `npm run corpora`, the committed files it made, their corpus plugin and the n-gram baselines.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  brownDocument,
  buildEnglish,
  buildTang,
  learnSubwords,
  lineLength,
  poemLines,
  tangDocument,
} from '../../src/data/corpusBuild';
import { createDocumentCorpus, documentWindows, type DocumentCorpusId } from '../../src/data/documentCorpus';
import { fitNgrams, ngramBaselines } from '../../src/data/ngram';
import { BOS_ID, PAD_ID, splitSubwords, Tokenizer, UNK_ID } from '../../src/data/tokenizer';
import { fetchPackage, simplifier } from '../../src/cli/corpusPackages';

const ROOT = join(__dirname, '../..');
const CACHE = join(ROOT, 'node_modules/.cache/corpora');

function committed(id: DocumentCorpusId): { meta: unknown; text: string } {
  const name = id.slice('builtin:'.length);
  return {
    meta: JSON.parse(readFileSync(join(ROOT, 'public/corpora', `${name}.json`), 'utf8')),
    text: readFileSync(join(ROOT, 'public/corpora', `${name}.txt`), 'utf8'),
  };
}

describe('tokenizer kinds', () => {
  it('"char" makes one token per character, drops whitespace and joins back without spaces', () => {
    const tok = new Tokenizer(['<pad>', '<unk>', '<bos>', '白', '日', '，', '。', 'a'], 'char');
    const e = tok.encode('白日 ，a\n日。山');
    expect(e.tokens).toEqual(['<bos>', '白', '日', '，', 'a', '日', '。', '山']);
    expect(e.ids).toEqual([BOS_ID, 3, 4, 5, 7, 4, 6, UNK_ID]);
    expect(e.unknown).toEqual([7]);
    expect(tok.decode(e.ids.slice(0, 7))).toBe('白日，a日。');
    expect(tok.toJSON().kind).toBe('char');
  });

  it('"subword" cuts each word greedily into the longest entries and glues "##" pieces back', () => {
    const vocab = ['<pad>', '<unk>', '<bos>', 'learn', 'le', '##ing', '##i', '##n', '##g', 'the', '.', 'l', '##e', '##a', '##r'];
    const tok = new Tokenizer(vocab, 'subword');
    const e = tok.encode('The learning lean.');
    expect(e.tokens).toEqual(['<bos>', 'the', 'learn', '##ing', 'le', '##a', '##n', '.']);
    expect(tok.decode(e.ids)).toBe('the learning lean .');
    // A word with a character no entry has is one <unk>.
    const u = tok.encode('lex');
    expect(u.tokens).toEqual(['<bos>', 'lex']);
    expect(u.ids).toEqual([BOS_ID, UNK_ID]);
    expect(splitSubwords('leg', (t) => vocab.includes(t))).toEqual(['le', '##g']);
  });
});

describe('building builtin:tang', () => {
  const quatrain = ['白日依山盡，黃河入海流。', '欲窮千里目，更上一層樓。'];
  const identity = (s: string): string => s;

  it('splits a poem into its lines with their punctuation marks', () => {
    expect(poemLines('白日依山尽，黄河入海流。欲穷千里目，更上一层楼。')).toEqual(['白日依山尽，', '黄河入海流。', '欲穷千里目，', '更上一层楼。']);
    expect(poemLines('白日依山尽，黄河入海流')).toBeNull(); // the last line has no mark
    expect(poemLines('白日 依山尽。')).toBeNull();
    expect(lineLength('春眠不觉晓，')).toBe(5);
  });

  it('keeps five- and seven-character quatrains and regulated verse, and nothing else', () => {
    expect(tangDocument(quatrain, identity)).toBe('白日依山盡，黃河入海流。欲窮千里目，更上一層樓。');
    const seven = ['朝辭白帝彩雲間，千里江陵一日還。', '兩岸猿聲啼不住，輕舟已過萬重山。'];
    expect(tangDocument(seven, identity)).not.toBeNull();
    expect(tangDocument([...quatrain, ...quatrain], identity)).not.toBeNull(); // eight lines
    expect(tangDocument([...quatrain, quatrain[0]], identity)).toBeNull(); // six lines
    expect(tangDocument(['白日依山盡，黃河入海流。', '朝辭白帝彩雲間，千里江陵一日還。'], identity)).toBeNull(); // mixed
    expect(tangDocument(['白日依山盡，黃河入海（一作流）流。', '欲窮千里目，更上一層樓。'], identity)).toBe(
      '白日依山盡，黃河入海流。欲窮千里目，更上一層樓。',
    ); // a note in brackets is removed
    expect(tangDocument(['白日依山□，黃河入海流。', '欲窮千里目，更上一層樓。'], identity)).toBeNull();
  });

  it('converts traditional characters to simplified ones with the pinned opencc-js (聞→闻, 鳴→鸣, 歸→归)', async () => {
    fetchPackage('opencc-js', CACHE);
    const toSimplified = await simplifier(CACHE);
    expect(toSimplified('聞鳴歸')).toBe('闻鸣归');
    expect(tangDocument(quatrain, toSimplified)).toBe('白日依山尽，黄河入海流。欲穷千里目，更上一层楼。');
  }, 120_000);

  it('is deterministic, drops duplicates and holds out the last poems', () => {
    const files = [
      [{ paragraphs: quatrain }, { paragraphs: ['春眠不覺曉，處處聞啼鳥。', '夜來風雨聲，花落知多少。'] }, { paragraphs: quatrain }],
      [{ paragraphs: ['床前明月光，疑是地上霜。', '舉頭望明月，低頭思故鄉。'] }, { paragraphs: ['not a poem'] }],
    ];
    const a = buildTang(files, identity, { poems: 10, validation: 1, minCount: 1, seed: 7 });
    const b = buildTang(files, identity, { poems: 10, validation: 1, minCount: 1, seed: 7 });
    expect(a).toEqual(b);
    expect(a.candidates).toBe(3);
    expect(a.documents).toHaveLength(3);
    expect(new Set(a.documents).size).toBe(3);
    expect(a.validationDocuments).toBe(1);
    expect(a.vocab.slice(0, 3)).toEqual(['<pad>', '<unk>', '<bos>']);
    // The most frequent character of the two training poems comes first.
    const counts = new Map<string, number>();
    for (const d of a.documents.slice(0, 2)) for (const ch of d) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    const top = Math.max(...counts.values());
    expect(counts.get(a.vocab[3])).toBe(top);
  });
});

describe('building builtin:english', () => {
  it('strips the Brown tags, lower-cases and turns the Brown quote marks into "', () => {
    expect(brownDocument("\n\n\tThe/at Fulton/np-tl jury/nn said/vbd ``/`` no/at ''/'' ./.\n")).toBe('the fulton jury said " no " .');
    expect(brownDocument('1/2/cd')).toBe('1/2');
  });

  it('learns byte-pair merges: the first merge is the most frequent adjacent pair', () => {
    const docs = ['low lower lowest low low newer newest wide'];
    const vocab = learnSubwords(docs, 1000);
    // Independent count of adjacent character pairs, word by word.
    const pairs = new Map<string, number>();
    // (written as the merged entry: "##" when it does not start the word)
    for (const w of docs[0].split(' ')) {
      for (let i = 0; i + 1 < w.length; i++) {
        const entry = (i === 0 ? '' : '##') + w.slice(i, i + 2);
        pairs.set(entry, (pairs.get(entry) ?? 0) + 1);
      }
    }
    const best = [...pairs.entries()].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))[0][0];
    const chars = new Set<string>();
    for (const w of docs[0].split(' ')) Array.from(w).forEach((c, i) => chars.add(i === 0 ? c : '##' + c));
    expect(vocab.length).toBeGreaterThan(3 + chars.size);
    expect(vocab[3 + chars.size]).toBe(best); // "##ow" (5 times; "lo" too, but "##ow" sorts first)
    expect(best).toBe('##ow');
    expect(vocab).toContain('low');
    expect(learnSubwords(docs, 1000)).toEqual(vocab);
  });

  it('is deterministic and holds out documents from the middle of each run', () => {
    const files = Array.from({ length: 12 }, (_, i) => ({ name: `c${String.fromCharCode(97 + (i % 3))}0${i}`, text: `Word${i}/nn and/cc more/ap text/nn ./.` }));
    const a = buildEnglish(files, { documents: 6, validation: 2, vocabSize: 60 });
    expect(buildEnglish([...files].reverse(), { documents: 6, validation: 2, vocabSize: 60 })).toEqual(a);
    expect(a.documents).toHaveLength(6);
    expect(a.validationDocuments).toBe(2);
    expect(a.tokenizerKind).toBe('subword');
  });
});

describe('the committed corpora (public/corpora, made by npm run corpora)', () => {
  it('builtin:tang: simplified characters, only five- or seven-character quatrains and regulated verse', () => {
    const { meta, text } = committed('builtin:tang');
    const corpus = createDocumentCorpus('builtin:tang', meta, text);
    const docs = text.trimEnd().split('\n');
    for (const doc of docs) {
      const lines = poemLines(doc);
      expect(lines).not.toBeNull();
      expect([4, 8]).toContain(lines!.length);
      expect([5, 7]).toContain(lineLength(lines![0]));
      expect(lines!.every((l) => lineLength(l) === lineLength(lines![0]))).toBe(true);
    }
    expect(text).not.toMatch(/[聞鳴歸國風雲]/);
    expect(text).toMatch(/闻/);
    expect(text).toMatch(/鸣/);
    expect(text).toMatch(/归/);
    expect(corpus.tokenizer.kind).toBe('char');
    // Vocabulary coverage of the held-out poems.
    let n = 0;
    let unk = 0;
    for (const d of corpus.validation) for (const id of d) {
      n++;
      if (id === UNK_ID) unk++;
    }
    expect(corpus.validation.length).toBe(800);
    expect(1 - unk / n).toBeGreaterThan(0.99);
  });

  it('builtin:english: ≥ 95 % of held-out tokens are not <unk>, and text decodes back', () => {
    const { meta, text } = committed('builtin:english');
    const corpus = createDocumentCorpus('builtin:english', meta, text);
    let n = 0;
    let unk = 0;
    for (const d of corpus.validation) for (const id of d) {
      n++;
      if (id === UNK_ID) unk++;
    }
    expect(n).toBeGreaterThan(10_000);
    expect(1 - unk / n).toBeGreaterThanOrEqual(0.95);
    const sentence = "the cat didn't jump over the fence because it was too high .";
    const e = corpus.tokenizer.encode(sentence);
    expect(e.unknown).toEqual([]);
    expect(corpus.tokenizer.decode(e.ids)).toBe(sentence);
  });
});

describe('the document corpus plugin and the n-gram baselines', () => {
  const meta = { id: 'builtin:tang', documents: 3, validationDocuments: 1, tokenizer: { kind: 'char', vocab: ['<pad>', '<unk>', '<bos>', '白', '日', '，', '。'] } };
  const text = '白日，日白。\n白白，日日。\n日白，白日。\n';

  it('windows cover every validation token once, each after <bos>', () => {
    const doc = Int32Array.from([3, 4, 5, 6, 3, 4, 5]);
    expect(documentWindows(doc, 3)).toEqual([[BOS_ID, 3, 4, 5], [BOS_ID, 6, 3, 4], [BOS_ID, 5]]);
    const corpus = createDocumentCorpus('builtin:tang', meta, text);
    expect(corpus.train).toHaveLength(2);
    expect(corpus.validationSequences(64)).toEqual([[BOS_ID, 4, 3, 5, 3, 4, 6]]);
    const [batch] = corpus.validationBatches(4, 8);
    expect(Array.from(batch.targets)).toEqual([4, 3, 5, 3, 4, 6, PAD_ID, PAD_ID]);
    expect(() => createDocumentCorpus('builtin:tang', { ...meta, documents: 4 }, text)).toThrow(/3 documents/);
  });

  it('the bigram model is a distribution over the predicted tokens, and the losses match a direct count', () => {
    const corpus = createDocumentCorpus('builtin:tang', meta, text);
    const V = meta.tokenizer.vocab.length;
    const m = fitNgrams(corpus.train, V);
    for (const u of [BOS_ID, 3, 4, 5, 6, UNK_ID]) {
      let s = 0;
      for (let w = 0; w < V; w++) s += m.bigram(u, w);
      expect(s).toBeCloseTo(1, 12);
    }
    // Training tokens: 白日，日白。白白，日日。 → counts 白 4, 日 4, ， 2, 。 2 (12 tokens), <unk> 0.
    const pUni = (c: number): number => (c + 1) / (12 + (V - 2));
    expect(m.unigram(3)).toBeCloseTo(pUni(4), 12);
    expect(m.unigram(UNK_ID)).toBeCloseTo(pUni(0), 12);
    // After 白: 日, 。, 白, ， → count 4, 4 distinct followers; P(日|白) = (1 + 4·P(日)) / (4 + 4).
    expect(m.bigram(3, 4)).toBeCloseTo((1 + 4 * pUni(4)) / 8, 12);
    const b = ngramBaselines(corpus.train, corpus.validationSequences(64), V);
    const seq = [BOS_ID, 4, 3, 5, 3, 4, 6];
    let lu = 0;
    let lb = 0;
    for (let t = 1; t < seq.length; t++) {
      lu -= Math.log(m.unigram(seq[t]));
      lb -= Math.log(m.bigram(seq[t - 1], seq[t]));
    }
    expect(b.tokens).toBe(6);
    expect(b.unigram.loss).toBeCloseTo(lu / 6, 12);
    expect(b.bigram.loss).toBeCloseTo(lb / 6, 12);
    expect(b.bigram.perplexity).toBeCloseTo(Math.exp(lb / 6), 10);
  });
});
