import { describe, expect, it } from 'vitest';
import { rowSequence } from '../../src/data/batching';
import {
  COREF_CORPUS_ID,
  canonicalPairs,
  corefValidationCases,
  corefVocabulary,
  createCorefCorpus,
  heldOutPairs,
  type CorefFamily,
} from '../../src/data/coref';
import { Rng } from '../../src/data/rng';
import { BOS_ID, PAD_ID, splitText } from '../../src/data/tokenizer';

// The word lists of CONTRACT §4, written out independently of the generator.
const LISTS = {
  cross: {
    first: ['animal', 'dog', 'cat', 'horse', 'cow', 'fox', 'sheep', 'child', 'boy', 'girl', 'man', 'woman'],
    second: ['street', 'road', 'river', 'bridge', 'path', 'field', 'tunnel', 'square'],
    adjFirst: ['tired', 'scared', 'weak', 'old', 'slow', 'sleepy', 'lazy', 'hungry'],
    adjSecond: ['narrow', 'wide', 'busy', 'crowded', 'dark', 'icy', 'steep', 'long'],
  },
  fit: {
    first: ['trophy', 'ball', 'book', 'cake', 'lamp', 'toy'],
    second: ['suitcase', 'bag', 'box', 'drawer', 'basket', 'car'],
    adjFirst: ['big', 'large', 'tall', 'long'],
    adjSecond: ['small', 'tiny', 'full', 'narrow'],
  },
  zh: {
    first: ['动物', '小狗', '小猫', '马', '牛', '狐狸', '孩子', '老人'],
    second: ['马路', '街道', '小河', '桥', '隧道'],
    adjFirst: ['累', '困', '老', '饿'],
    adjSecond: ['窄', '宽', '挤', '滑'],
  },
} as const;
const FAMILIES: CorefFamily[] = ['cross', 'fit', 'zh'];

interface Parsed {
  kind: 'schema' | 'describe' | 'relate';
  family: CorefFamily;
  first?: string;
  second?: string;
  noun?: string;
  adjective: string;
  referent?: string;
}

const alt = (words: readonly string[]): string => `(${[...words].sort((a, b) => b.length - a.length).join('|')})`;
const L = {
  cross: { f: alt(LISTS.cross.first), s: alt(LISTS.cross.second), a: alt([...LISTS.cross.adjFirst, ...LISTS.cross.adjSecond]) },
  fit: { f: alt(LISTS.fit.first), s: alt(LISTS.fit.second), a: alt([...LISTS.fit.adjFirst, ...LISTS.fit.adjSecond]) },
  zh: { f: alt(LISTS.zh.first), s: alt(LISTS.zh.second), a: alt([...LISTS.zh.adjFirst, ...LISTS.zh.adjSecond]) },
};
const ANY_EN_NOUN = alt([...LISTS.cross.first, ...LISTS.cross.second, ...LISTS.fit.first, ...LISTS.fit.second]);
const ANY_EN_ADJ = alt([...LISTS.cross.adjFirst, ...LISTS.cross.adjSecond, ...LISTS.fit.adjFirst, ...LISTS.fit.adjSecond]);
const ZH_NOUN = alt([...LISTS.zh.first, ...LISTS.zh.second]);

const PATTERNS: { re: RegExp; make: (m: RegExpExecArray) => Parsed }[] = [
  {
    re: new RegExp(`the ${L.cross.f} didn't cross the ${L.cross.s} because it was too ${L.cross.a} \\. it refers to the ${ANY_EN_NOUN} \\.( |$)`, 'y'),
    make: (m) => ({ kind: 'schema', family: 'cross', first: m[1], second: m[2], adjective: m[3], referent: m[4] }),
  },
  {
    re: new RegExp(`the ${L.fit.f} didn't fit in the ${L.fit.s} because it was too ${L.fit.a} \\. it refers to the ${ANY_EN_NOUN} \\.( |$)`, 'y'),
    make: (m) => ({ kind: 'schema', family: 'fit', first: m[1], second: m[2], adjective: m[3], referent: m[4] }),
  },
  {
    re: new RegExp(`the ${L.cross.f} crossed the ${L.cross.s} \\.( |$)`, 'y'),
    make: (m) => ({ kind: 'relate', family: 'cross', first: m[1], second: m[2], adjective: '' }),
  },
  {
    re: new RegExp(`the ${L.fit.f} was in the ${L.fit.s} \\.( |$)`, 'y'),
    make: (m) => ({ kind: 'relate', family: 'fit', first: m[1], second: m[2], adjective: '' }),
  },
  {
    re: new RegExp(`the ${ANY_EN_NOUN} was ${ANY_EN_ADJ} \\.( |$)`, 'y'),
    make: (m) => ({ kind: 'describe', family: LISTS.fit.first.includes(m[1] as never) || LISTS.fit.second.includes(m[1] as never) ? 'fit' : 'cross', noun: m[1], adjective: m[2] }),
  },
  {
    re: new RegExp(`${L.zh.f}没有过${L.zh.s}，因为它太${L.zh.a}了。它指的是${ZH_NOUN}。`, 'y'),
    make: (m) => ({ kind: 'schema', family: 'zh', first: m[1], second: m[2], adjective: m[3], referent: m[4] }),
  },
  {
    re: new RegExp(`${L.zh.f}过了${L.zh.s}。`, 'y'),
    make: (m) => ({ kind: 'relate', family: 'zh', first: m[1], second: m[2], adjective: '' }),
  },
  {
    re: new RegExp(`${ZH_NOUN}很${L.zh.a}。`, 'y'),
    make: (m) => ({ kind: 'describe', family: 'zh', noun: m[1], adjective: m[2] }),
  },
];

/** Parses a whole document text into sentences; throws if any part does not match a template. */
function parseDocument(text: string): Parsed[] {
  const out: Parsed[] = [];
  let pos = 0;
  while (pos < text.length) {
    let matched = false;
    for (const { re, make } of PATTERNS) {
      re.lastIndex = pos;
      const m = re.exec(text);
      if (m) {
        out.push(make(m));
        pos = re.lastIndex;
        matched = true;
        break;
      }
    }
    if (!matched) throw new Error(`unparsable at ${pos}: ${JSON.stringify(text.slice(pos, pos + 80))}`);
  }
  return out;
}

/** Checks a parsed sentence against the lists: the referent matches the adjective's class. */
function checkSentence(s: Parsed): void {
  const lists = LISTS[s.family];
  if (s.kind === 'schema') {
    const toFirst = (lists.adjFirst as readonly string[]).includes(s.adjective);
    const toSecond = (lists.adjSecond as readonly string[]).includes(s.adjective);
    expect(toFirst !== toSecond, `adjective ${s.adjective} in exactly one class of ${s.family}`).toBe(true);
    expect(s.referent).toBe(toFirst ? s.first : s.second);
  } else if (s.kind === 'describe') {
    const isFirst = (lists.first as readonly string[]).includes(s.noun as string);
    const isSecond = (lists.second as readonly string[]).includes(s.noun as string);
    const adjs: readonly string[] = isFirst ? lists.adjFirst : lists.adjSecond;
    expect(isFirst || isSecond).toBe(true);
    expect(adjs.includes(s.adjective), `${s.noun} was ${s.adjective}`).toBe(true);
  }
}

const key = (f: string, s: string): string => `${f}|${s}`;

describe('coref vocabulary', () => {
  it('is fixed, sorted after the specials, and covers every CONTRACT word', () => {
    const vocab = corefVocabulary();
    expect(vocab.slice(0, 3)).toEqual(['<pad>', '<unk>', '<bos>']);
    expect(new Set(vocab).size).toBe(vocab.length);
    const rest = vocab.slice(3);
    expect(rest).toEqual([...rest].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(corefVocabulary()).toEqual(vocab);
    for (const family of FAMILIES) {
      const l = LISTS[family];
      for (const w of [...l.first, ...l.second, ...l.adjFirst, ...l.adjSecond]) {
        for (const piece of splitText(w)) expect(vocab).toContain(piece);
      }
    }
    for (const w of ['the', "didn't", 'cross', 'fit', 'in', 'because', 'it', 'was', 'too', '.', 'refers', 'to', '，', '。', '它', '指', '的', '是']) {
      expect(vocab).toContain(w);
    }
    expect(createCorefCorpus(5).vocab).toEqual(vocab);
    expect(createCorefCorpus(5).id).toBe(COREF_CORPUS_ID);
  });
});

describe('coref held-out split', () => {
  it('depends only on the seed, never holds out the showcase pairs, and leaves every noun in training', () => {
    expect(heldOutPairs(3)).toEqual(heldOutPairs(3));
    expect(createCorefCorpus(3).heldOut).toEqual(heldOutPairs(3));
    expect(JSON.stringify(heldOutPairs(3))).not.toBe(JSON.stringify(heldOutPairs(4)));
    for (let seed = 0; seed < 60; seed++) {
      const held = heldOutPairs(seed);
      for (const family of FAMILIES) {
        const pairs = held[family];
        expect(pairs.length).toBeGreaterThan(0);
        const keys = new Set(pairs.map(([f, s]) => key(f, s)));
        expect(keys.size).toBe(pairs.length);
        expect(keys.has(key('animal', 'street'))).toBe(false);
        expect(keys.has(key('动物', '马路'))).toBe(false);
        const l = LISTS[family];
        for (const [f, s] of pairs) {
          expect(l.first as readonly string[]).toContain(f);
          expect(l.second as readonly string[]).toContain(s);
        }
        // Every noun keeps at least one training pair.
        for (const f of l.first) expect(l.second.some((s) => !keys.has(key(f, s)))).toBe(true);
        for (const s of l.second) expect(l.first.some((f) => !keys.has(key(f, s)))).toBe(true);
      }
    }
  });
});

describe('coref training data', () => {
  const corpus = createCorefCorpus(11);
  const held = new Set(FAMILIES.flatMap((f) => corpus.heldOut[f].map(([a, b]) => key(a, b))));

  it('packs documents into next-token batches padded to contextLength', () => {
    const batch = corpus.trainBatch(new Rng(1), 16, 64);
    expect(batch.batch).toBe(16);
    expect(batch.length).toBe(64);
    expect(batch.inputs.length).toBe(16 * 64);
    expect(batch.targets.length).toBe(16 * 64);
    for (let b = 0; b < 16; b++) {
      const row = (a: Int32Array): number[] => Array.from(a.subarray(b * 64, (b + 1) * 64));
      const inputs = row(batch.inputs);
      const targets = row(batch.targets);
      expect(inputs[0]).toBe(BOS_ID);
      const n = targets.indexOf(PAD_ID) === -1 ? 64 : targets.indexOf(PAD_ID);
      expect(n).toBeGreaterThan(5);
      for (let t = 0; t < 64; t++) {
        if (t < n) {
          expect(targets[t]).not.toBe(PAD_ID);
          if (t > 0) expect(inputs[t]).toBe(targets[t - 1]); // targets are the inputs shifted by one
        } else {
          expect(inputs[t]).toBe(PAD_ID);
          expect(targets[t]).toBe(PAD_ID);
        }
      }
      // The referent after "it refers to the" / "它指的是" is a trained target.
      const tok = corpus.tokenizer;
      const id = (w: string): number => tok.idOf(w) as number;
      const decoded = tok.decode(rowSequence(batch, b));
      const sentences = parseDocument(decoded);
      const schemas = sentences.filter((s) => s.kind === 'schema');
      let answers = 0;
      for (let t = 3; t < n; t++) {
        const en = inputs[t] === id('the') && inputs[t - 1] === id('to') && inputs[t - 2] === id('refers');
        const zh = inputs[t] === id('是') && inputs[t - 1] === id('的') && inputs[t - 2] === id('指');
        if (en || zh) {
          expect(targets[t]).toBe(id(splitText(schemas[answers].referent as string)[0]));
          answers++;
        }
      }
      expect(answers).toBe(schemas.length);
    }
  });

  it('5,000 documents: valid sentences, no held-out pair, every word used, schema after others', () => {
    const rng = new Rng(2024);
    const seen = new Set<string>();
    let sentences = 0;
    let plain = 0;
    let endSchema = 0;
    let schemaAfterOthers = 0;
    let zhDocs = 0;
    const pairsSeen = new Set<string>();
    const docs = 5000;
    for (let i = 0; i < docs; i++) {
      const batch = corpus.trainBatch(rng, 1, 64);
      const seq = rowSequence(batch, 0);
      expect(seq.length).toBeLessThanOrEqual(64);
      const text = corpus.tokenizer.decode(seq);
      const parsed = parseDocument(text);
      expect(parsed.length).toBeGreaterThanOrEqual(1);
      expect(parsed.length).toBeLessThanOrEqual(4);
      if (parsed[0].family === 'zh') zhDocs++;
      expect(new Set(parsed.map((s) => s.family === 'zh')).size).toBe(1); // one language per document
      parsed.forEach((s, j) => {
        checkSentence(s);
        sentences++;
        if (s.kind !== 'schema') plain++;
        else if (j > 0) schemaAfterOthers++;
        for (const w of [s.first, s.second, s.noun, s.adjective]) if (w) seen.add(w);
        if (s.first && s.second) {
          expect(held.has(key(s.first, s.second)), `held-out pair ${s.first}/${s.second} in training`).toBe(false);
          pairsSeen.add(key(s.first, s.second));
        }
      });
      if (parsed[parsed.length - 1].kind === 'schema') endSchema++;
    }
    for (const family of FAMILIES) {
      const l = LISTS[family];
      for (const w of [...l.first, ...l.second, ...l.adjFirst, ...l.adjSecond]) expect(seen.has(w), w).toBe(true);
    }
    expect(pairsSeen.has(key('animal', 'street'))).toBe(true);
    expect(pairsSeen.has(key('动物', '马路'))).toBe(true);
    expect(plain / sentences).toBeGreaterThan(0.08);
    expect(plain / sentences).toBeLessThan(0.22);
    expect(endSchema / docs).toBeGreaterThan(0.8);
    expect(schemaAfterOthers / docs).toBeGreaterThan(0.3);
    expect(zhDocs / docs).toBeGreaterThan(0.2);
    expect(zhDocs / docs).toBeLessThan(0.45);
  });

  it('is deterministic given the seed and the rng', () => {
    const a = createCorefCorpus(11).trainBatch(new Rng(5), 8, 64);
    const b = createCorefCorpus(11).trainBatch(new Rng(5), 8, 64);
    expect(Array.from(a.inputs)).toEqual(Array.from(b.inputs));
    expect(Array.from(a.targets)).toEqual(Array.from(b.targets));
    const c = createCorefCorpus(11).trainBatch(new Rng(6), 8, 64);
    expect(Array.from(c.inputs)).not.toEqual(Array.from(a.inputs));
  });

  it('packed rows hold whole documents back to back, with no padding and no <bos> target', () => {
    const length = 64;
    const packed = corpus.trainBatch(new Rng(21), 8, length, true);
    // The same draws, document by document: the packed rows are exactly their concatenation.
    const rng = new Rng(21);
    const padded = corpus.trainBatch(new Rng(1), 8, length);
    let boundaries = 0;
    for (let b = 0; b < 8; b++) {
      const stream: number[] = [];
      while (stream.length < length + 1) stream.push(...corpus.sampleDocument(rng, length).ids);
      const inputs = Array.from(packed.inputs.subarray(b * length, (b + 1) * length));
      const targets = Array.from(packed.targets.subarray(b * length, (b + 1) * length));
      expect(inputs).toEqual(stream.slice(0, length));
      expect(inputs[0]).toBe(BOS_ID);
      for (let t = 0; t < length; t++) {
        const next = stream[t + 1];
        // The target of a document's last token would be the next document's <bos>: not learned.
        expect(targets[t]).toBe(next === BOS_ID ? PAD_ID : next);
        if (next === BOS_ID) boundaries++;
      }
    }
    expect(boundaries).toBeGreaterThan(8); // several documents per row
    const count = (a: Int32Array): number => a.filter((x) => x !== PAD_ID).length;
    // Packing trains on many more targets per batch than padding the same rows.
    expect(count(packed.targets)).toBeGreaterThan(8 * length - boundaries - 1);
    expect(count(packed.targets)).toBeGreaterThan(1.3 * count(padded.targets));
  });

  it('handles a short context by keeping the last sentence and cutting it', () => {
    const batch = corpus.trainBatch(new Rng(9), 4, 8);
    expect(batch.length).toBe(8);
    for (let b = 0; b < 4; b++) {
      expect(batch.inputs[b * 8]).toBe(BOS_ID);
      for (let t = 0; t < 8; t++) expect(batch.targets[b * 8 + t]).not.toBe(PAD_ID);
    }
  });
});

describe('coref validation', () => {
  const corpus = createCorefCorpus(11);
  const heldKeys = (family: CorefFamily): Set<string> => new Set(corpus.heldOut[family].map(([a, b]) => key(a, b)));

  it('validation batches are fixed and use only held-out pairs', () => {
    const batches = corpus.validationBatches(32, 64);
    expect(batches).toEqual(corpus.validationBatches(32, 64));
    expect(batches.length).toBeGreaterThan(0);
    const allHeld = new Set(FAMILIES.flatMap((f) => [...heldKeys(f)]));
    let schemas = 0;
    for (const batch of batches) {
      expect(batch.length).toBe(64);
      for (let b = 0; b < batch.batch; b++) {
        const seq = rowSequence(batch, b);
        expect(seq[0]).toBe(BOS_ID);
        expect(seq.length).toBeLessThanOrEqual(64);
        for (const s of parseDocument(corpus.tokenizer.decode(seq))) {
          checkSentence(s);
          if (s.kind === 'schema') schemas++;
          if (s.first && s.second) expect(allHeld.has(key(s.first, s.second))).toBe(true);
        }
      }
    }
    expect(schemas).toBeGreaterThan(200);
  });

  it('cases: held-out pairs only, correct answers, both directions, about half after others', () => {
    const cases = corefValidationCases(11);
    expect(cases).toEqual(corefValidationCases(11));
    expect(cases.length).toBe(300);
    for (const family of FAMILIES) {
      const fam = cases.filter((c) => c.family === family);
      expect(fam.length).toBe(100);
      const held = heldKeys(family);
      const l = LISTS[family];
      let toFirst = 0;
      let after = 0;
      for (const c of fam) {
        const enc = corpus.tokenizer.encode(c.prompt + (family === 'zh' ? `${c.answer}。` : ` ${c.answer} .`));
        expect(enc.unknown).toEqual([]);
        expect(enc.ids.length).toBeLessThanOrEqual(64);
        const parsed = parseDocument(corpus.tokenizer.decode(enc.ids));
        const last = parsed[parsed.length - 1];
        expect(last.kind).toBe('schema');
        expect(last.adjective).toBe(c.adjective);
        checkSentence(last);
        expect(held.has(key(last.first as string, last.second as string))).toBe(true);
        expect([last.first, last.second].sort()).toEqual([c.answer, c.distractor].sort());
        if ((l.first as readonly string[]).includes(c.answer)) toFirst++;
        expect(c.afterOthers).toBe(parsed.length > 1);
        if (c.afterOthers) {
          after++;
          expect(parsed.length).toBeLessThanOrEqual(4);
          for (const s of parsed.slice(0, -1)) checkSentence(s);
        }
        expect(c.prompt.endsWith(family === 'zh' ? '它指的是' : 'it refers to the')).toBe(true);
      }
      expect(toFirst).toBe(50);
      expect(after).toBe(50);
    }
    expect(corefValidationCases(11, { perFamily: 8 }).length).toBe(24);
  });

  it('canonical pairs are the showcase prompts and tokenise without unknowns', () => {
    const pairs = canonicalPairs();
    expect(pairs.map((p) => [p.prompt, p.answer, p.distractor])).toEqual([
      ["the animal didn't cross the street because it was too tired . it refers to the", 'animal', 'street'],
      ["the animal didn't cross the street because it was too narrow . it refers to the", 'street', 'animal'],
      ["the animal didn't cross the street because it was too wide . it refers to the", 'street', 'animal'],
      ['动物没有过马路，因为它太累了。它指的是', '动物', '马路'],
      ['动物没有过马路，因为它太窄了。它指的是', '马路', '动物'],
    ]);
    const tok = createCorefCorpus(0).tokenizer;
    for (const p of pairs) {
      expect(tok.encode(p.prompt).unknown).toEqual([]);
      expect(tok.encode(p.answer, { bos: false }).unknown).toEqual([]);
      expect(p.afterOthers).toBe(false);
    }
  });
});
