// The shipped checkpoint (public/models/coref) has learned the coreference it is shipped for, and the
// causal mask makes "it" blind to the adjective that follows it.

import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../../src/cli/backend';
import { DEFAULT_CHECKPOINT_DIR, readCheckpointDir } from '../../src/cli/io';
import { canonicalPairs, corefValidationCases, COREF_FAMILIES } from '../../src/data/coref';
import { Tokenizer } from '../../src/data/tokenizer';
import { Transformer } from '../../src/model/transformer';
import { matRow } from '../../src/shared/trace';
import { compareAttention, knockoutStudy } from '../../src/train/corefAnalysis';
import { evaluateCoref } from '../../src/train/corefEval';

let model: Transformer;
let tokenizer: Tokenizer;
let seed: number;

beforeAll(async () => {
  await initNodeBackend();
  const checkpoint = await readCheckpointDir(DEFAULT_CHECKPOINT_DIR);
  model = Transformer.create(checkpoint.config, checkpoint.weights);
  tokenizer = new Tokenizer(checkpoint.tokenizer.vocab);
  seed = checkpoint.training.seed;
});

/** Greedy continuation of `prompt` by `n` tokens, with the product of the chosen probabilities. */
async function greedy(prompt: string, n: number): Promise<{ tokens: string[]; prob: number }> {
  const ids = tokenizer.encode(prompt).ids;
  const tokens: string[] = [];
  let prob = 1;
  for (let k = 0; k < n; k++) {
    const trace = await model.trace(ids);
    const row = matRow(trace.probs, trace.probs.rows - 1);
    let best = 0;
    for (let i = 1; i < row.length; i++) if (row[i] > row[best]) best = i;
    tokens.push(tokenizer.vocab[best]);
    prob *= row[best];
    ids.push(best);
  }
  return { tokens, prob };
}

describe('shipped coreference checkpoint', () => {
  it('resolves ≥ 97% of held-out cases in every family and after other sentences', async () => {
    const report = await evaluateCoref(model, tokenizer, corefValidationCases(seed, { contextLength: model.config.contextLength }));
    expect(report.n).toBeGreaterThanOrEqual(300);
    for (const family of COREF_FAMILIES) {
      expect(report.byFamily[family].n).toBeGreaterThanOrEqual(100);
      expect(report.byFamily[family].accuracy, family).toBeGreaterThanOrEqual(0.97);
    }
    expect(report.afterOthers.n).toBeGreaterThanOrEqual(100);
    expect(report.afterOthers.accuracy).toBeGreaterThanOrEqual(0.97);
  });

  it('answers the canonical pairs with probability ≥ 0.9', async () => {
    const en = 'the animal didn\'t cross the street because it was too';
    expect(await greedy(`${en} tired . it refers to the`, 1)).toMatchObject({ tokens: ['animal'] });
    for (const adjective of ['tired', 'narrow', 'wide']) {
      const { tokens, prob } = await greedy(`${en} ${adjective} . it refers to the`, 1);
      expect(tokens[0], adjective).toBe(adjective === 'tired' ? 'animal' : 'street');
      expect(prob, adjective).toBeGreaterThanOrEqual(0.9);
    }
    const tiredZh = await greedy('动物没有过马路，因为它太累了。它指的是', 2);
    expect(tiredZh.tokens.join('')).toBe('动物');
    expect(tiredZh.prob).toBeGreaterThanOrEqual(0.9);
    const narrowZh = await greedy('动物没有过马路，因为它太窄了。它指的是', 2);
    expect(narrowZh.tokens.join('')).toBe('马路');
    expect(narrowZh.prob).toBeGreaterThanOrEqual(0.9);
    // The same prompts as the data layer's showcase list.
    expect(canonicalPairs().map((c) => c.answer)).toEqual(['animal', 'street', 'street', '动物', '马路']);
  });

  it('causal mask: the row of "it" (and every row before the adjective) is identical for tired and narrow', async () => {
    const a = tokenizer.encode("the animal didn't cross the street because it was too tired . it refers to the");
    const b = tokenizer.encode("the animal didn't cross the street because it was too narrow . it refers to the");
    const itPos = a.tokens.indexOf('it');
    const adjPos = a.tokens.indexOf('tired');
    expect(itPos).toBeGreaterThan(0);
    expect(adjPos).toBeGreaterThan(itPos);
    const [ta, tb] = [await model.trace(a.ids), await model.trace(b.ids)];
    let maxBefore = 0;
    let maxAfter = 0;
    ta.layers.forEach((layer, l) =>
      layer.weights.forEach((wa, h) => {
        const wb = tb.layers[l].weights[h];
        for (let i = 0; i < a.ids.length; i++) {
          const ra = matRow(wa, i);
          const rb = matRow(wb, i);
          for (let j = 0; j < ra.length; j++) {
            const d = Math.abs(ra[j] - rb[j]);
            if (i < adjPos) maxBefore = Math.max(maxBefore, d);
            else maxAfter = Math.max(maxAfter, d);
          }
        }
      }),
    );
    expect(maxBefore).toBeLessThanOrEqual(1e-6); // "it" (position itPos < adjPos) cannot see the adjective
    expect(maxAfter).toBeGreaterThan(0.05); // from the adjective on, the two sentences part ways
  });

  it('analysis: shifts lie at or after the first differing token; some head is needed, all heads are', async () => {
    const cmp = await compareAttention(
      model,
      tokenizer,
      "the animal didn't cross the street because it was too tired . it refers to the",
      "the animal didn't cross the street because it was too narrow . it refers to the",
    );
    expect(cmp.tokensA[cmp.firstDiff]).toBe('tired');
    expect(cmp.maxDiffBefore).toBeLessThanOrEqual(1e-6);
    for (const s of cmp.shifts) expect(s.maxAt).toBeGreaterThanOrEqual(cmp.firstDiff);
    const study = await knockoutStudy(model, tokenizer, corefValidationCases(seed, { perFamily: 40 }));
    expect(study.baseline.accuracy).toBeGreaterThanOrEqual(0.97);
    const worstSingle = Math.min(...study.singleHeads.map((r) => r.accuracy));
    expect(worstSingle).toBeLessThan(study.baseline.accuracy - 0.05);
    expect(study.allHeads.accuracy).toBeLessThan(0.75); // without attention the nouns cannot be told apart
  });
});
