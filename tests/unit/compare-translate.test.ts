// The translation Compare's numbers (src/panels/compare/translate/analysis.ts): where the referent is
// written, the nouns and "it" found in the texts, row distances and difference maps against hand
// computations, and the per-head row shifts and noun weights against the analysis module of the
// training code (src/train/translateAnalysis.ts, written separately from the corpus' own positions),
// on traces of an encoder–decoder.

import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../../src/cli/backend';
import { splitText } from '../../src/data/tokenizer';
import { canonicalTranslations, createTranslateCorpus, type TranslateCase } from '../../src/data/translate';
import { EncoderDecoder } from '../../src/model/encoderDecoder';
import { encoderDecoderPresetConfig, type SiteHeadRef } from '../../src/shared/config';
import type { EncoderDecoderTrace, Mat } from '../../src/shared/trace';
import { allHeads, caseNounWeights, rowShifts, traceCase } from '../../src/train/translateAnalysis';
import {
  decisionSummary,
  DECODER_SITES,
  differenceRect,
  findReferentSlot,
  rankRowShifts,
  rowL1,
  sourcePositions,
  translationNouns,
  type RowShift,
  type TranslationSide,
} from '../../src/panels/compare/translate/analysis';
import { translationSource } from '../../src/panels/compare/translate/sentences';

const chars = (s: string): string[] => Array.from(s);

describe('where the translation writes the referent', () => {
  it('finds the row after 因为 and the slot up to 太', () => {
    expect(findReferentSlot(chars('动物没有过马路，因为动物太累了。'))).toEqual({ row: 10, slot: ['动', '物'] });
    expect(findReferentSlot(chars('马没有过桥，因为桥太窄了。'))).toEqual({ row: 8, slot: ['桥'] });
    expect(findReferentSlot(chars('狗过了公路。'))).toBeNull();
    expect(findReferentSlot(chars('因为'))).toBeNull();
  });

  it('agrees with the corpus: the slot row is the case’s referent index, the slot its referent', () => {
    for (const c of canonicalTranslations()) {
      const slot = findReferentSlot(splitText(c.target));
      expect(slot?.row).toBe(c.referentIndex);
      expect(slot?.slot.join('')).toBe(c.referentZh);
    }
  });

  it('reads the two nouns of the translation and their decoder columns', () => {
    expect(translationNouns(chars('动物没有过马路，因为动物太累了。'))).toEqual({ first: '动物', second: '马路', firstCols: [1, 2], secondCols: [6, 7] });
    expect(translationNouns(chars('奖杯放不进箱子，因为箱子太小了。'))?.second).toBe('箱子');
    expect(translationNouns(chars('狗很累。'))).toBeNull();
  });

  it('finds "it", the nouns and the adjective in the English pieces', () => {
    const c = canonicalTranslations()[3];
    expect(sourcePositions(splitText(c.source))).toEqual(c.sourcePositions);
    expect(sourcePositions(['hello'])).toEqual({ it: -1, first: -1, second: -1, adjective: -1 });
  });

  it('adds the final " ." the corpus sentences have', () => {
    expect(translationSource("the animal didn't cross the street because it was too tired")).toBe("the animal didn't cross the street because it was too tired .");
    expect(translationSource('  it was too tired .. ')).toBe('it was too tired .');
    expect(translationSource('   ')).toBeNull();
  });
});

describe('row distances', () => {
  it('L1 of two rows, a missing entry counting as 0', () => {
    expect(rowL1([0.5, 0.5], [0.5, 0.5])).toBe(0);
    expect(rowL1([1, 0], [0, 1])).toBe(2);
    expect(rowL1([0.2, 0.3, 0.5], [0.5, 0.5])).toBeCloseTo(0.3 + 0.2 + 0.5, 12);
  });

  it('B − A over the rows and columns both have', () => {
    const m = (rows: number[][]): Mat => ({ rows: rows.length, cols: rows[0].length, data: Float32Array.from(rows.flat()) });
    const d = differenceRect(m([[1, 2, 3], [4, 5, 6]]), m([[1, 1], [1, 1], [1, 1]]));
    expect([d.rows, d.cols]).toEqual([2, 2]);
    expect(Array.from(d.data)).toEqual([0, -1, -3, -4]);
  });
});

describe('per-head row shifts on traces of an encoder–decoder', () => {
  const corpus = createTranslateCorpus(42);
  const tokenizer = corpus.tokenizer;
  let model: EncoderDecoder;
  let traced: { trace: EncoderDecoderTrace; c: TranslateCase }[];

  beforeAll(async () => {
    await initNodeBackend();
    model = EncoderDecoder.init(encoderDecoderPresetConfig('translate', tokenizer.size), 9);
    const [tired, narrow] = canonicalTranslations();
    traced = [
      { trace: await traceCase(model, tokenizer, tired), c: tired },
      { trace: await traceCase(model, tokenizer, narrow), c: narrow },
    ];
  });

  const side = (x: { trace: EncoderDecoderTrace; c: TranslateCase }): TranslationSide => ({
    source: splitText(x.c.source),
    target: splitText(x.c.target),
    trace: x.trace,
  });

  it('L1 of every head equals the training code’s rowShifts; noun weights equal its caseNounWeights', () => {
    const [a, b] = traced;
    const heads = allHeads(model);
    const ref = rowShifts(a, b, heads);
    const key = (r: SiteHeadRef): string => `${r.site}.${r.layer}.${r.head}`;
    const refByKey = new Map(ref.map((r) => [key(r), r]));
    const got = [...rankRowShifts(side(a), side(b), DECODER_SITES), ...rankRowShifts(side(a), side(b), ['encoder'])];
    expect(got).toHaveLength(heads.length);
    for (const g of got) {
      const r = refByKey.get(key(g));
      expect(r, key(g)).toBeDefined();
      expect(g.l1).toBeCloseTo(r!.l1, 6);
      const wa = caseNounWeights(a.trace, a.c, g);
      const wb = caseNounWeights(b.trace, b.c, g);
      expect(g.nounsA!.first).toBeCloseTo(wa.first, 6);
      expect(g.nounsA!.second).toBeCloseTo(wa.second, 6);
      expect(g.nounsB!.first).toBeCloseTo(wb.first, 6);
      expect(g.nounsB!.second).toBeCloseTo(wb.second, 6);
    }
  });

  it('ranks largest first; the first decoder layer’s self-attention row is the same in A and B', () => {
    const [a, b] = traced;
    const rows = rankRowShifts(side(a), side(b), DECODER_SITES);
    expect(rows).toHaveLength(2 * 2 * 4);
    for (let i = 1; i < rows.length; i++) expect(rows[i - 1].l1).toBeGreaterThanOrEqual(rows[i].l1);
    // It reads only <bos> + the Chinese written so far, which A and B share up to the referent.
    for (const r of rows.filter((x) => x.site === 'decoder-self' && x.layer === 0)) expect(r.l1).toBeLessThan(1e-6);
    // Cross-attention reads the encoder, which sees the adjective: its rows differ.
    expect(Math.max(...rows.filter((x) => x.site === 'cross').map((x) => x.l1))).toBeGreaterThan(1e-3);
    // No referent row in a translation: nothing to rank.
    expect(rankRowShifts({ ...side(a), target: chars('狗很累。') }, side(b), DECODER_SITES)).toEqual([]);
  });
});

describe('the summary the paragraph states', () => {
  const row = (site: RowShift['site'], layer: number, head: number, l1: number, rowA: number[], rowB: number[], nA: [number, number], nB: [number, number]): RowShift => ({
    site,
    layer,
    head,
    l1,
    rowA: Float32Array.from(rowA),
    rowB: Float32Array.from(rowB),
    nounsA: { first: nA[0], second: nA[1] },
    nounsB: { first: nB[0], second: nB[1] },
  });
  const source = splitText("the animal didn't cross the street because it was too tired .");
  const sideOf = (): TranslationSide => ({ source, target: [], trace: null as unknown as EncoderDecoderTrace });

  it('picks the top movers, the head reading the adjective, and the head fetching each sentence’s noun', () => {
    const adj = source.indexOf('tired');
    const zeros = (): number[] => new Array(source.length).fill(0);
    const withAt = (j: number, v: number): number[] => {
      const r = zeros();
      r[j] = v;
      return r;
    };
    const decoder = [
      row('cross', 1, 2, 1.9, zeros(), zeros(), [0, 0], [0, 1]),
      row('cross', 1, 3, 1.8, zeros(), zeros(), [0.9, 0], [0, 0.8]),
      row('cross', 0, 0, 0.4, withAt(adj, 0.7), withAt(adj, 0.5), [0, 0], [0, 0]),
      row('decoder-self', 1, 0, 0.2, zeros(), zeros(), [1, 0], [0, 1]),
    ];
    const encoder = [row('encoder', 0, 1, 0.3, zeros(), zeros(), [0.1, 0.2], [0.1, 0.2])];
    const s = decisionSummary(sideOf(), sideOf(), encoder, decoder, { a: 'first', b: 'second' });
    expect(s.encoder).toMatchObject({ site: 'encoder', layer: 0, head: 1, value: 0.3 });
    expect(s.decoder).toMatchObject({ site: 'cross', layer: 1, head: 2, value: 1.9 });
    expect(s.adjective).toMatchObject({ site: 'cross', layer: 0, head: 0 });
    expect(s.adjective!.value).toBeCloseTo(0.6, 6);
    // The decoder's self-attention (1 and 1) is not cross-attention; cross L2 H4 fetches both nouns.
    expect(s.fetch).toMatchObject({ site: 'cross', layer: 1, head: 3, l1: 1.8 });
    expect(s.fetch!.weightA).toBeCloseTo(0.9, 6);
    expect(s.fetch!.weightB).toBeCloseTo(0.8, 6);
    expect(decisionSummary(sideOf(), sideOf(), encoder, decoder).fetch).toBeNull();
    expect(decisionSummary(sideOf(), sideOf(), [], []).encoder).toBeNull();
  });
});
