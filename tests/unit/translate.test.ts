import { describe, expect, it } from 'vitest';
import { heldOutPairs } from '../../src/data/coref';
import { Rng } from '../../src/data/rng';
import { BOS_ID, EOS_ID, PAD_ID, UNK_ID, splitText } from '../../src/data/tokenizer';
import {
  TRANSLATE_CORPUS_ID,
  canonicalTranslations,
  createTranslateCorpus,
  translateCases,
  translateHeldOutPairs,
  translateVocabulary,
} from '../../src/data/translate';
import { isPairCorpus, type PairBatch } from '../../src/data/types';

// CONTRACT §4 word lists and §6 translations, written out independently of the generator.
const WORDS = {
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
} as const;
type Family = keyof typeof WORDS;
const ZH: Record<string, string> = Object.fromEntries(
  (
    'animal 动物, dog 狗, cat 猫, horse 马, cow 牛, fox 狐狸, sheep 羊, child 孩子, boy 男孩, girl 女孩, ' +
    'man 男人, woman 女人; street 马路, road 公路, river 河, bridge 桥, path 小路, field 田野, tunnel 隧道, ' +
    'square 广场; tired 累, scared 害怕, weak 虚弱, old 老, slow 慢, sleepy 困, lazy 懒, hungry 饿; narrow 窄, ' +
    'wide 宽, busy 忙, crowded 挤, dark 黑, icy 滑, steep 陡, long 长; trophy 奖杯, ball 球, book 书, cake 蛋糕, ' +
    'lamp 灯, toy 玩具; suitcase 箱子, bag 包, box 盒子, drawer 抽屉, basket 篮子, car 车; big 大, large 大, ' +
    'tall 高, small 小, tiny 小, full 满'
  )
    .split(/[,;] /)
    .map((entry) => entry.split(' ') as [string, string]),
);

/** The translation the test expects for an English sentence, or null when it is no known template. */
function expectedTranslation(source: string): { kind: string; family: Family; first?: string; second?: string; target: string } | null {
  let m = /^the (\w+) didn't (cross|fit in) the (\w+) because it was too (\w+) \.$/.exec(source);
  if (m) {
    const family: Family = m[2] === 'cross' ? 'cross' : 'fit';
    const [, first, , second, adj] = m;
    const w = WORDS[family];
    if (!(w.first as readonly string[]).includes(first) || !(w.second as readonly string[]).includes(second)) return null;
    const toFirst = (w.adjFirst as readonly string[]).includes(adj);
    if (!toFirst && !(w.adjSecond as readonly string[]).includes(adj)) return null;
    const verb = family === 'cross' ? '没有过' : '放不进';
    const target = `${ZH[first]}${verb}${ZH[second]}，因为${ZH[toFirst ? first : second]}太${ZH[adj]}了。`;
    return { kind: 'schema', family, first, second, target };
  }
  m = /^the (\w+) crossed the (\w+) \.$/.exec(source);
  if (m) return { kind: 'relate', family: 'cross', first: m[1], second: m[2], target: `${ZH[m[1]]}过了${ZH[m[2]]}。` };
  m = /^the (\w+) was in the (\w+) \.$/.exec(source);
  if (m) return { kind: 'relate', family: 'fit', first: m[1], second: m[2], target: `${ZH[m[1]]}在${ZH[m[2]]}里。` };
  m = /^the (\w+) was (\w+) \.$/.exec(source);
  if (m && ZH[m[1]] && ZH[m[2]]) {
    const family: Family = Object.keys(WORDS).find((f) => {
      const w = WORDS[f as Family];
      return ([...w.first, ...w.second] as string[]).includes(m![1]);
    }) as Family;
    return { kind: 'describe', family, target: `${ZH[m[1]]}很${ZH[m[2]]}。` };
  }
  return null;
}

/** The source and target texts of every row of a batch, read back through the vocabulary. */
function rows(batch: PairBatch, vocab: readonly string[]): { source: string; target: string; inputs: number[]; targets: number[]; sources: number[] }[] {
  const out = [];
  for (let b = 0; b < batch.batch; b++) {
    const sources = Array.from(batch.sources.subarray(b * batch.sourceLength, (b + 1) * batch.sourceLength));
    const inputs = Array.from(batch.inputs.subarray(b * batch.length, (b + 1) * batch.length));
    const targets = Array.from(batch.targets.subarray(b * batch.length, (b + 1) * batch.length));
    const src = sources.filter((id) => id !== PAD_ID).map((id) => vocab[id]);
    const eos = targets.indexOf(EOS_ID);
    const tgt = targets.slice(0, eos).map((id) => vocab[id]);
    out.push({ source: src.join(' '), target: tgt.join(''), inputs, targets, sources });
  }
  return out;
}

describe('builtin:translate (CONTRACT §6)', () => {
  it('translates the canonical sentences exactly as §6 writes them', () => {
    const got = canonicalTranslations().map((c) => [c.source, c.target]);
    expect(got).toEqual([
      ["the animal didn't cross the street because it was too tired .", '动物没有过马路，因为动物太累了。'],
      ["the animal didn't cross the street because it was too narrow .", '动物没有过马路，因为马路太窄了。'],
      ["the animal didn't cross the street because it was too wide .", '动物没有过马路，因为马路太宽了。'],
      ["the trophy didn't fit in the suitcase because it was too big .", '奖杯放不进箱子，因为奖杯太大了。'],
      ["the trophy didn't fit in the suitcase because it was too small .", '奖杯放不进箱子，因为箱子太小了。'],
    ]);
    const tired = canonicalTranslations()[0];
    expect(tired).toMatchObject({ referent: 'animal', referentZh: '动物', distractor: 'street', distractorZh: '马路', referentRole: 'first' });
    expect(tired.sourcePositions).toEqual({ first: 1, second: 5, it: 7, adjective: 10 });
    // Decoder row 10 reads "<bos> 动物没有过马路，因为" and writes the referent's first character.
    expect(splitText(tired.target)[tired.referentIndex]).toBe('动');
    expect(splitText(tired.target).slice(0, tired.referentIndex).join('')).toBe('动物没有过马路，因为');
    const small = canonicalTranslations()[4];
    expect(small.sourcePositions).toEqual({ first: 1, second: 6, it: 8, adjective: 11 });
    expect(splitText(small.target)[small.referentIndex]).toBe('箱');
  });

  it('is a pair corpus with the <pad>, <unk>, <bos>, <eos> vocabulary', () => {
    const c = createTranslateCorpus(42);
    expect(c.id).toBe(TRANSLATE_CORPUS_ID);
    expect(isPairCorpus(c)).toBe(true);
    expect(c.vocab.slice(0, 4)).toEqual(['<pad>', '<unk>', '<bos>', '<eos>']);
    const rest = c.vocab.slice(4);
    expect([...rest].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(rest);
    expect(new Set(c.vocab).size).toBe(c.vocab.length);
    expect(translateVocabulary()).toEqual(c.vocab);
  });

  it('has exactly the tokens of every sentence the templates can make', () => {
    const tokens = new Set<string>();
    const add = (text: string): void => splitText(text).forEach((p) => tokens.add(p));
    for (const family of ['cross', 'fit'] as const) {
      const w = WORDS[family];
      for (const f of w.first) {
        for (const s of w.second) {
          for (const a of [...w.adjFirst, ...w.adjSecond]) {
            const src = `the ${f} didn't ${family === 'cross' ? 'cross' : 'fit in'} the ${s} because it was too ${a} .`;
            add(src);
            add(expectedTranslation(src)!.target);
          }
          const relate = family === 'cross' ? `the ${f} crossed the ${s} .` : `the ${f} was in the ${s} .`;
          add(relate);
          add(expectedTranslation(relate)!.target);
        }
      }
      for (const n of [...w.first, ...w.second]) for (const a of [...w.adjFirst, ...w.adjSecond]) add(`the ${n} was ${a} . ${ZH[n]}很${ZH[a]}。`);
    }
    expect(new Set(translateVocabulary().slice(4))).toEqual(tokens);
    expect(tokens.has("didn't")).toBe(true);
    expect(tokens.has('，')).toBe(true);
  });

  it('draws only training pairs of the templates, translated as §6 says, deterministically', () => {
    const c = createTranslateCorpus(42);
    const held = new Set([...c.heldOut.cross, ...c.heldOut.fit].map(([f, s]) => `${f}|${s}`));
    const a = c.trainBatch(new Rng(5), 64, 64);
    const b = c.trainBatch(new Rng(5), 64, 64);
    expect(a).toEqual(b);
    expect(c.trainBatch(new Rng(6), 64, 64)).not.toEqual(a);
    const kinds = new Map<string, number>();
    const rng = new Rng(11);
    const seenPairs = new Set<string>();
    for (let i = 0; i < 40; i++) {
      const batch = c.trainBatch(rng, 32, 64);
      expect(batch.sourceLength).toBe(13);
      expect(batch.length).toBe(18);
      for (const r of rows(batch, c.vocab)) {
        const e = expectedTranslation(r.source);
        expect(e, r.source).not.toBeNull();
        expect(r.target).toBe(e!.target);
        kinds.set(e!.kind, (kinds.get(e!.kind) ?? 0) + 1);
        if (e!.first) {
          const key = `${e!.first}|${e!.second}`;
          expect(held.has(key), key).toBe(false);
          seenPairs.add(key);
        }
        // Decoder inputs are <bos> + target, targets are target + <eos>; no <bos> on the source side.
        const t = r.targets.indexOf(EOS_ID);
        expect(r.inputs[0]).toBe(BOS_ID);
        expect(r.inputs.slice(1, t + 1)).toEqual(r.targets.slice(0, t));
        expect(r.inputs.slice(t + 1).every((id) => id === PAD_ID)).toBe(true);
        expect(r.targets.slice(t + 1).every((id) => id === PAD_ID)).toBe(true);
        expect(r.sources).not.toContain(BOS_ID);
        expect([...r.sources, ...r.inputs]).not.toContain(UNK_ID);
      }
    }
    expect(kinds.get('schema')! / 1280).toBeGreaterThan(0.7);
    expect(kinds.get('relate')).toBeGreaterThan(50);
    expect(kinds.get('describe')).toBeGreaterThan(50);
    expect(seenPairs.has('animal|street')).toBe(true);
    expect(seenPairs.has('trophy|suitcase')).toBe(true);
  });

  it('holds out noun pairs (the showcase pairs never), as builtin:coref does for its cross family', () => {
    for (const seed of [0, 1, 2, 3, 42, 99, 1234]) {
      const h = translateHeldOutPairs(seed);
      expect(h).toEqual(translateHeldOutPairs(seed));
      expect(h.cross).toEqual(heldOutPairs(seed).cross);
      expect(h.cross).toHaveLength(12);
      expect(h.fit).toHaveLength(6);
      for (const family of ['cross', 'fit'] as const) {
        const firsts = h[family].map(([f]) => f);
        expect(new Set(firsts).size).toBe(firsts.length);
        for (const [f, s] of h[family]) {
          expect(WORDS[family].first).toContain(f);
          expect(WORDS[family].second).toContain(s);
        }
      }
      expect(h.cross.some(([f, s]) => f === 'animal' && s === 'street')).toBe(false);
      expect(h.fit.some(([f, s]) => f === 'trophy' && s === 'suitcase')).toBe(false);
    }
    expect(translateHeldOutPairs(1)).not.toEqual(translateHeldOutPairs(2));
  });

  it('validates on every held-out case, and only on those', () => {
    const c = createTranslateCorpus(7);
    const cases = c.validationCases();
    expect(cases).toHaveLength(12 * 16 + 6 * 8);
    expect(cases).toEqual(translateCases(7, 'heldOut'));
    const held = new Set([...c.heldOut.cross, ...c.heldOut.fit].map(([f, s]) => `${f}|${s}`));
    for (const k of cases) {
      expect(held.has(`${k.first}|${k.second}`)).toBe(true);
      const e = expectedTranslation(k.source)!;
      expect(k.target).toBe(e.target);
      const pieces = splitText(k.source);
      expect(pieces[k.sourcePositions.first]).toBe(k.first);
      expect(pieces[k.sourcePositions.second]).toBe(k.second);
      expect(pieces[k.sourcePositions.it]).toBe('it');
      expect(pieces[k.sourcePositions.adjective]).toBe(k.adjective);
      const chars = splitText(k.target);
      expect(chars.slice(k.referentIndex - 2, k.referentIndex).join('')).toBe('因为');
      expect(chars.slice(k.referentIndex, k.referentIndex + k.referentZh.length).join('')).toBe(k.referentZh);
      expect(k.referent).toBe(k.referentRole === 'first' ? k.first : k.second);
    }
    const batches = c.validationBatches(32, 64);
    expect(batches.map((b) => b.batch)).toEqual([32, 32, 32, 32, 32, 32, 32, 16]);
    expect(c.validationBatches(32, 64)).toEqual(batches);
    const texts = batches.flatMap((b) => rows(b, c.vocab));
    expect(texts.map((r) => r.target)).toEqual(cases.map((k) => k.target));
    expect(texts.map((r) => r.source)).toEqual(cases.map((k) => k.source));
    // Training cases are the complement: every other pair × adjective.
    const train = translateCases(7, 'train');
    expect(train).toHaveLength((96 - 12) * 16 + (36 - 6) * 8);
    expect(train.some((k) => held.has(`${k.first}|${k.second}`))).toBe(false);
  });

  it('cuts batches to a short context', () => {
    const c = createTranslateCorpus(1);
    const b = c.trainBatch(new Rng(1), 4, 8);
    expect([b.sourceLength, b.length]).toEqual([8, 8]);
    expect(b.sources).toHaveLength(32);
    expect(b.targets).toHaveLength(32);
  });
});
