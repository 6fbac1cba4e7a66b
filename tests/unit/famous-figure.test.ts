// The famous figure's numbers (src/panels/compare/translate/famous.ts) on traces of a French
// encoder–decoder: the head is the one whose "it" row moves most weight onto the meant noun, else the
// first of the view's encoder ranking (or the one picked), its row
// of "it" is the trace's, the nouns' weights are those the training code's analysis reads from the
// corpus' own positions, and the French pronoun and adjective are found; the Compare view's slot and
// nouns of a French translation agree with the corpus.

import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../../src/cli/backend';
import { splitText } from '../../src/data/tokenizer';
import { canonicalFrTranslations, createTranslateFrCorpus, makeFrCase, type TranslateFrCase } from '../../src/data/translateFr';
import { EncoderDecoder } from '../../src/model/encoderDecoder';
import { encoderDecoderPresetConfig } from '../../src/shared/config';
import type { EncoderDecoderTrace } from '../../src/shared/trace';
import { caseNounWeights, traceCase } from '../../src/train/translateAnalysis';
import { findReferentSlot, rankRowShifts, translationNouns, type TranslationSide } from '../../src/panels/compare/translate/analysis';
import { famousHead, famousSide, frenchMarks, nounSwapHead, pairFlip } from '../../src/panels/compare/translate/famous';

describe('French translations in the Compare view', () => {
  it('the slot is the pronoun after "parce", as the corpus says', () => {
    for (const c of [...canonicalFrTranslations(), makeFrCase('cow', 'bridge', 'tired'), makeFrCase('dog', 'field', 'icy')]) {
      const target = splitText(c.target);
      expect(findReferentSlot(target)).toEqual({ row: c.referentIndex, slot: [c.pronoun] });
      const nouns = translationNouns(target);
      expect(nouns?.firstCols).toEqual(c.targetNouns.first.map((j) => j + 1));
      expect(nouns?.secondCols).toEqual(c.targetNouns.second.map((j) => j + 1));
    }
    expect(translationNouns(splitText("l'animal n'a pas traversé la rue parce qu'il était trop fatigué ."))).toMatchObject({ first: "l'animal", second: 'rue' });
  });

  it('marks the pronoun, its gender and the agreeing adjective', () => {
    expect(frenchMarks(splitText("l'animal n'a pas traversé la rue parce qu'il était trop fatigué ."))).toEqual({ pronoun: 7, gender: 'm', adjective: 10 });
    expect(frenchMarks(splitText("l'animal n'a pas traversé la rue parce qu'elle était trop étroite ."))).toEqual({ pronoun: 7, gender: 'f', adjective: 10 });
    expect(frenchMarks(splitText('le chien a dormi .'))).toEqual({ pronoun: -1, gender: null, adjective: -1 });
  });
});

describe('the famous figure on traces of a translate-fr model', () => {
  const corpus = createTranslateFrCorpus(42);
  let traced: { trace: EncoderDecoderTrace; c: TranslateFrCase }[];

  beforeAll(async () => {
    await initNodeBackend();
    // The preset's shape with 4 heads per layer (the shipped preset has 1), so that the ranking and the
    // picking among heads of one layer are exercised.
    const model = EncoderDecoder.init({ ...encoderDecoderPresetConfig('translate-fr', corpus.tokenizer.size), nHeads: 4 }, 5);
    const [tired, narrow] = canonicalFrTranslations();
    traced = [
      { trace: await traceCase(model, corpus.tokenizer, tired), c: tired },
      { trace: await traceCase(model, corpus.tokenizer, narrow), c: narrow },
    ];
  });

  const side = (x: { trace: EncoderDecoderTrace; c: TranslateFrCase }): TranslationSide => ({ source: splitText(x.c.source), target: splitText(x.c.target), trace: x.trace });

  it('draws the first of the encoder ranking, or the encoder head picked', () => {
    const [a, b] = traced.map(side);
    const rows = rankRowShifts(a, b, ['encoder']);
    expect(rows).toHaveLength(16);
    const top = famousHead(rows, { site: 'cross', layer: 0, head: 0 });
    expect(top).toMatchObject({ layer: rows[0].layer, head: rows[0].head, how: 'ranking', rank: 0, of: 16, l1: rows[0].l1 });
    const picked = famousHead(rows, { site: 'encoder', layer: rows[5].layer, head: rows[5].head });
    expect(picked).toMatchObject({ layer: rows[5].layer, head: rows[5].head, how: 'chosen', rank: 5 });
    expect(famousHead(rows, { site: 'encoder', layer: rows[0].layer, head: rows[0].head })).toMatchObject({ how: 'ranking', rank: 0 });
    expect(famousHead([], null)).toBeNull();
  });

  it('by default draws the head whose "it" row moves most weight onto the noun "it" means (the pair flip)', () => {
    const [a, b] = traced.map(side);
    const rows = rankRowShifts(a, b, ['encoder']);
    const roles = { a: traced[0].c.referentRole, b: traced[1].c.referentRole };
    expect(roles).toEqual({ a: 'first', b: 'second' });
    // The flip of every head from the training code's own noun weights: ½·[(a_A − a_B) + (b_B − b_A)].
    const flips = rows.map((r) => {
      const wa = caseNounWeights(traced[0].trace, traced[0].c, { site: 'encoder', layer: r.layer, head: r.head });
      const wb = caseNounWeights(traced[1].trace, traced[1].c, { site: 'encoder', layer: r.layer, head: r.head });
      return ((wa.first - wb.first) + (wb.second - wa.second)) / 2;
    });
    rows.forEach((r, k) => expect(pairFlip(r, roles)).toBeCloseTo(flips[k], 6));
    // Swapping the roles turns every flip's sign.
    rows.forEach((r, k) => expect(pairFlip(r, { a: 'second', b: 'first' })).toBeCloseTo(-flips[k], 6));
    const best = Math.max(...flips);
    const drawn = famousHead(rows, { site: 'cross', layer: 0, head: 0 }, roles);
    if (best > 0) {
      const k = flips.indexOf(best);
      expect(drawn).toMatchObject({ layer: rows[k].layer, head: rows[k].head, how: 'flip', rank: k });
      expect(drawn?.flip).toBeCloseTo(best, 6);
      // Picking it is the same as not picking; picking the ranking's first (when it differs) is a choice.
      expect(famousHead(rows, { site: 'encoder', layer: rows[k].layer, head: rows[k].head }, roles)).toMatchObject({ how: 'flip' });
      if (k !== 0) expect(famousHead(rows, { site: 'encoder', layer: rows[0].layer, head: rows[0].head }, roles)).toMatchObject({ how: 'chosen', rank: 0 });
    } else {
      expect(drawn).toMatchObject({ how: 'ranking', rank: 0 });
    }
    // The same referent in both (or unknown referents): no flip, the ranking's first.
    expect(famousHead(rows, null, { a: 'first', b: 'first' })).toMatchObject({ how: 'ranking', rank: 0, flip: null });
  });

  it('names the head whose split between the two nouns moves most', () => {
    const [a, b] = traced.map(side);
    const rows = rankRowShifts(a, b, ['encoder']);
    const swap = nounSwapHead(rows);
    expect(swap).not.toBeNull();
    const share = (w: { first: number; second: number }): number => w.first / (w.first + w.second);
    const moves = rows.map((r) => Math.abs(share(r.nounsA as { first: number; second: number }) - share(r.nounsB as { first: number; second: number })));
    const best = rows[moves.indexOf(Math.max(...moves))];
    expect(swap).toMatchObject({ layer: best.layer, head: best.head });
    expect(nounSwapHead([])).toBeNull();
  });

  it('its row of "it" is the trace’s, and its noun weights are the analysis module’s', () => {
    for (const t of traced) {
      for (const ref of [{ layer: 0, head: 1 }, { layer: 3, head: 2 }]) {
        const s = famousSide(side(t), ref);
        expect(s).not.toBeNull();
        if (!s) continue;
        const w = t.trace.encoder.layers[ref.layer].weights[ref.head];
        const it = t.c.sourcePositions.it;
        expect(Array.from(s.weights)).toEqual(Array.from(w.data.slice(it * w.cols, (it + 1) * w.cols)));
        expect(s.weights.reduce((x, y) => x + y, 0)).toBeCloseTo(1, 5);
        const ref2 = caseNounWeights(t.trace, t.c, { site: 'encoder', ...ref });
        expect(s.nouns?.first).toBeCloseTo(ref2.first, 7);
        expect(s.nouns?.second).toBeCloseTo(ref2.second, 7);
      }
    }
  });
});
