// translateEval / translateAnalysis on a randomly initialised encoder–decoder: the batched greedy
// decoder against translate(), teacher-forced scores against the trace's probabilities, the noun
// weights and flips against a direct reading of the trace, and the read-outs' controls.

import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../../src/cli/backend';
import { BOS_ID, splitText } from '../../src/data/tokenizer';
import { canonicalTranslations, createTranslateCorpus, makeCase, translateCases, type TranslateCase } from '../../src/data/translate';
import { EncoderDecoder, translate } from '../../src/model/encoderDecoder';
import { encoderDecoderPresetConfig, type SiteHeadRef } from '../../src/shared/config';
import { matGet, type EncoderDecoderTrace } from '../../src/shared/trace';
import {
  allHeads,
  encoderVectors,
  nounWeightsByHead,
  readoutByLayer,
  rowShifts,
  sampleCases,
  traceCase,
} from '../../src/train/translateAnalysis';
import { evaluateTranslate, greedyTranslateBatch, referentSlot, scoreContinuations } from '../../src/train/translateEval';

const corpus = createTranslateCorpus(42);
const tokenizer = corpus.tokenizer;
let model: EncoderDecoder;

beforeAll(async () => {
  await initNodeBackend();
  model = EncoderDecoder.init(encoderDecoderPresetConfig('translate', tokenizer.size), 3);
});

const ids = (text: string): number[] => tokenizer.encode(text, { bos: false }).ids;

describe('translation evaluation', () => {
  it('decodes a batch as translate() decodes each source alone (with padding and knock-outs)', async () => {
    const sources = [
      ...canonicalTranslations().map((c) => ids(c.source)),
      ids('the dog was tired .'),
      ids('the ball was in the box .'),
    ];
    for (const knockout of [[], [{ site: 'cross', layer: 1, head: 2 }, { site: 'encoder', layer: 0, head: 0 }]] as SiteHeadRef[][]) {
      const batch = await greedyTranslateBatch(model, sources, { maxTokens: 6, knockout });
      for (let i = 0; i < sources.length; i++) expect(batch[i]).toEqual(await translate(model, sources[i], { maxTokens: 6, knockout }));
    }
  });

  it('scores a continuation as the trace of the whole sequence does', async () => {
    const c = canonicalTranslations()[1];
    const source = ids(c.source);
    const target = ids(c.target);
    const prefix = target.slice(0, c.referentIndex);
    const [right, wrong] = await scoreContinuations(model, [
      { source, prefix, candidate: ids(c.referentZh) },
      { source, prefix, candidate: ids(c.distractorZh) },
    ]);
    const logP = async (candidate: number[]): Promise<number> => {
      const trace = await model.trace(source, [BOS_ID, ...prefix, ...candidate]);
      let sum = 0;
      candidate.forEach((id, j) => (sum += Math.log(matGet(trace.probs, prefix.length + j, id))));
      return sum;
    };
    expect(right).toBeCloseTo(await logP(ids(c.referentZh)), 4);
    expect(wrong).toBeCloseTo(await logP(ids(c.distractorZh)), 4);
  });

  it('reads the referent slot', () => {
    expect(referentSlot('动物没有过马路，因为马路太窄了。')).toBe('马路');
    expect(referentSlot('奖杯放不进箱子，因为奖杯太大了。')).toBe('奖杯');
    expect(referentSlot('动物没有过马路，因为太累了。')).toBe('');
    expect(referentSlot('动物没有过马路，因为动物累了。')).toBeNull();
    expect(referentSlot('动物过了马路。')).toBeNull();
  });

  it('reports what it decoded: exact, slot and forced choice agree with the outputs', async () => {
    const cases = translateCases(42).slice(0, 20);
    const r = await evaluateTranslate(model, tokenizer, cases);
    expect(r.n).toBe(20);
    expect(r.byFamily.cross.n + r.byFamily.fit.n).toBe(20);
    expect(r.byRole.first.n + r.byRole.second.n).toBe(20);
    const outputs = await greedyTranslateBatch(model, cases.map((c) => ids(c.source)), { maxTokens: 19 });
    r.cases.forEach((k, i) => {
      expect(k.output).toBe(tokenizer.decode(outputs[i]));
      expect(k.exact).toBe(k.output === k.reference);
      expect(k.referentCorrect).toBe(referentSlot(k.output) === k.referentSlot);
      expect(k.forcedCorrect).toBe(k.logPReferent > k.logPDistractor);
    });
    expect(r.exact).toBe(r.cases.filter((k) => k.exact).length / 20);
    expect(r.forcedReferent).toBe(r.cases.filter((k) => k.forcedCorrect).length / 20);
  });
});

describe('translation analysis', () => {
  it('reads the noun weights and flips from the rows that matter', async () => {
    const [tired, narrow] = canonicalTranslations();
    const traced = [
      { trace: await traceCase(model, tokenizer, tired), c: tired },
      { trace: await traceCase(model, tokenizer, narrow), c: narrow },
    ];
    const heads = allHeads(model);
    expect(heads).toHaveLength(3 * 2 * 4);
    const got = nounWeightsByHead(traced, heads);
    // Direct reading: source tokens and decoder inputs located by searching the texts.
    const src = splitText(tired.source);
    const [animal, street, it] = [src.indexOf('animal'), src.indexOf('street'), src.indexOf('it')];
    const dec = ['<bos>', ...splitText(tired.target)];
    const because = dec.indexOf('为'); // the decoder row whose next token is the referent
    const w = (t: EncoderDecoderTrace, ref: SiteHeadRef): { a: number; b: number } => {
      if (ref.site === 'encoder') {
        const m = t.encoder.layers[ref.layer].weights[ref.head];
        return { a: matGet(m, it, animal), b: matGet(m, it, street) };
      }
      if (ref.site === 'cross') {
        const m = t.decoder.layers[ref.layer].cross.weights[ref.head];
        return { a: matGet(m, because, animal), b: matGet(m, because, street) };
      }
      const m = t.decoder.layers[ref.layer].self.weights[ref.head];
      // 动物 at decoder inputs 1, 2; 马路 at 6, 7.
      return { a: matGet(m, because, 1) + matGet(m, because, 2), b: matGet(m, because, 6) + matGet(m, because, 7) };
    };
    expect(dec.slice(6, 8)).toEqual(['马', '路']);
    got.forEach((g, i) => {
      const f = w(traced[0].trace, heads[i]);
      const s = w(traced[1].trace, heads[i]);
      expect(g.referentFirst.first).toBeCloseTo(f.a, 6);
      expect(g.referentSecond.second).toBeCloseTo(s.b, 6);
      expect(g.right).toBeCloseTo((f.a + s.b) / 2, 6);
      expect(g.other).toBeCloseTo((f.b + s.a) / 2, 6);
      expect(g.absoluteFlip).toBeCloseTo((f.a - s.a + s.b - f.b) / 2, 6);
      expect(g.relativeFlip).toBeCloseTo(f.a / (f.a + f.b) - s.a / (s.a + s.b), 6);
      const ref = heads[i];
      if (ref.site === 'decoder-self') expect(g.adjective).toBeNull();
      else {
        const adj = src.length - 2; // "… too ADJ ."
        const row = ref.site === 'encoder' ? it : because;
        const m = (t: EncoderDecoderTrace): number =>
          matGet(ref.site === 'encoder' ? t.encoder.layers[ref.layer].weights[ref.head] : t.decoder.layers[ref.layer].cross.weights[ref.head], row, adj);
        expect(g.adjective).toBeCloseTo((m(traced[0].trace) + m(traced[1].trace)) / 2, 6);
      }
    });
    // The first decoder layer's self-attention reads only the (identical) decoder inputs: its rows
    // cannot move between tired and narrow; the encoder's "it" row looks both ways and does.
    const shifts = rowShifts(traced[0], traced[1], heads);
    for (const s of shifts) {
      if (s.site === 'decoder-self' && s.layer === 0) expect(s.l1).toBe(0);
      if (s.site === 'encoder') expect(s.l1).toBeGreaterThan(0);
    }
    expect(shifts.map((s) => s.l1)).toEqual([...shifts.map((s) => s.l1)].sort((a, b) => b - a));
  });

  it('read-outs: "it" before any layer knows nothing, the adjective tells everything', async () => {
    const vectors = async (cases: TranslateCase[]) => {
      const out = [];
      for (const c of cases) out.push({ vectors: encoderVectors(await model.trace(ids(c.source), [BOS_ID]), c), c });
      return out;
    };
    const train = await vectors(sampleCases(translateCases(42, 'train'), 160, 1));
    const heldOut = await vectors(translateCases(42));
    const layers = readoutByLayer(train, heldOut);
    expect(layers.map((l) => l.layer)).toEqual([0, 1, 2]);
    // At depth 0 "it" is the same vector in every sentence of a family, whose cases are balanced.
    expect(layers[0].heldOut.it).toBe(0.5);
    expect(layers[0].heldOut.adjective).toBeGreaterThan(0.95);
    // Before any layer, "it" cannot tell which word the referent is (two vectors for 32 nouns).
    expect(layers[0].identity.it).toBeLessThan(0.15);
  });

  it('samples cases deterministically', () => {
    const all = translateCases(1, 'train');
    expect(sampleCases(all, 50, 3)).toEqual(sampleCases(all, 50, 3));
    expect(sampleCases(all, 50, 3)).not.toEqual(sampleCases(all, 50, 4));
    expect(sampleCases(all, 5000, 3)).toEqual(all);
    expect(makeCase('fit', 'ball', 'box', 'full').referent).toBe('box');
  });
});
