import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../../src/cli/backend';
import { createCorefCorpus, corefValidationCases, type CorefCase } from '../../src/data/coref';
import { Rng } from '../../src/data/rng';
import type { Tokenizer } from '../../src/data/tokenizer';
import { Transformer, type HeadRef } from '../../src/model/transformer';
import { presetConfig } from '../../src/shared/config';
import { matGet } from '../../src/shared/trace';
import { evaluateCoref } from '../../src/train/corefEval';
import { Trainer } from '../../src/train/trainer';

let model: Transformer;
let tokenizer: Tokenizer;

beforeAll(async () => {
  await initNodeBackend();
  const corpus = createCorefCorpus(1);
  tokenizer = corpus.tokenizer;
  model = Transformer.init(presetConfig('nano', tokenizer.size), 1);
  const trainer = new Trainer(model, { warmupSteps: 5 });
  const rng = new Rng(2);
  for (let i = 0; i < 15; i++) await trainer.trainStep(corpus.trainBatch(rng, 8, 32));
  trainer.dispose();
});

/** Independent sequence probability: product over the answer's tokens of trace.probs under teacher forcing. */
async function traceProbability(prompt: string, word: string, knockout?: readonly HeadRef[]): Promise<number> {
  const p = tokenizer.encode(prompt).ids;
  const w = tokenizer.encode(word, { bos: false }).ids;
  const trace = await model.trace([...p, ...w].slice(0, -1), { knockout });
  let prob = 1;
  w.forEach((id, j) => {
    prob *= matGet(trace.probs, p.length - 1 + j, id);
  });
  return prob;
}

describe('evaluateCoref', () => {
  it('scores the validation cases; counts add up; pAnswer is the product of trace probabilities', async () => {
    const cases = corefValidationCases(1, { perFamily: 12 }); // 36 cases → 72 sequences → 2 model calls
    const before = tf.memory().numTensors;
    const report = await evaluateCoref(model, tokenizer, cases);
    expect(tf.memory().numTensors).toBe(before);
    expect(report.n).toBe(36);
    expect(report.cases).toHaveLength(36);
    expect(report.byFamily.cross.n + report.byFamily.fit.n + report.byFamily.zh.n).toBe(36);
    expect(report.byFamily.zh.n).toBe(12);
    expect(report.afterOthers.n).toBe(cases.filter((c) => c.afterOthers).length);
    expect(report.afterOthers.n).toBeGreaterThan(0);
    const correct = report.cases.filter((r) => r.correct).length;
    expect(report.accuracy).toBeCloseTo(correct / 36, 12);
    const zhCorrect = report.cases.filter((r) => r.family === 'zh' && r.correct).length;
    expect(report.byFamily.zh.accuracy).toBeCloseTo(zhCorrect / 12, 12);
    expect(report.meanPAnswer).toBeCloseTo(report.cases.reduce((s, r) => s + r.pAnswer, 0) / 36, 12);
    for (const r of report.cases) {
      expect(r.correct).toBe(r.pAnswer > r.pDistractor);
      expect(r.pAnswer).toBeGreaterThan(0);
      expect(r.pAnswer).toBeLessThanOrEqual(1);
      expect(r.attention).toBeUndefined();
    }
    // One Chinese case with a two-character answer, one English case, one from the second batch.
    const zhIndex = report.cases.findIndex((r) => r.family === 'zh' && [...r.answer].length === 2);
    expect(zhIndex).toBeGreaterThanOrEqual(0);
    for (const i of [zhIndex, 0, 35]) {
      const r = report.cases[i];
      const pa = await traceProbability(r.prompt, r.answer);
      const pd = await traceProbability(r.prompt, r.distractor);
      expect(Math.abs(r.pAnswer - pa) / pa).toBeLessThan(1e-3);
      expect(Math.abs(r.pDistractor - pd) / pd).toBeLessThan(1e-3);
    }
  });

  it('reads attention at the nouns of the schema sentence and passes knockout to the model', async () => {
    // 小河 occurs before the schema sentence too; the schema sentence's own 小河 (index 11) must be used.
    const c: CorefCase = {
      family: 'zh',
      prompt: '小河很宽。小猫没有过小河，因为它太窄了。它指的是',
      answer: '小河',
      distractor: '小猫',
      adjective: '窄',
      afterOthers: true,
    };
    const ids = tokenizer.encode(c.prompt).ids;
    const tokens = tokenizer.encode(c.prompt).tokens;
    expect(tokenizer.encode(c.prompt).unknown).toEqual([]);
    expect(tokens.slice(11, 13).join('')).toBe('小河');
    expect(tokens.slice(6, 8).join('')).toBe('小猫');
    const [report] = [await evaluateCoref(model, tokenizer, [c], { attention: true })];
    const trace = await model.trace(ids);
    const last = ids.length - 1;
    const att = report.cases[0].attention!;
    expect(att).toHaveLength(2);
    for (let l = 0; l < 2; l++) {
      expect(att[l]).toHaveLength(4);
      for (let h = 0; h < 4; h++) {
        expect(att[l][h].answer).toBeCloseTo(matGet(trace.layers[l].weights[h], last, 11), 6);
        expect(att[l][h].distractor).toBeCloseTo(matGet(trace.layers[l].weights[h], last, 6), 6);
      }
    }
    expect(report.byFamily.zh.n).toBe(1);
    expect(report.byFamily.cross).toEqual({ n: 0, accuracy: 0 });

    const knockout: HeadRef[] = [
      { layer: 0, head: 0 },
      { layer: 0, head: 1 },
      { layer: 1, head: 2 },
    ];
    const ko = await evaluateCoref(model, tokenizer, [c], { attention: true, knockout });
    const pa = await traceProbability(c.prompt, c.answer, knockout);
    expect(Math.abs(ko.cases[0].pAnswer - pa) / pa).toBeLessThan(1e-3);
    expect(Math.abs(ko.cases[0].pAnswer - report.cases[0].pAnswer)).toBeGreaterThan(1e-6);
    const koTrace = await model.trace(ids, { knockout });
    expect(ko.cases[0].attention![1][0].answer).toBeCloseTo(matGet(koTrace.layers[1].weights[0], last, 11), 6);
  });
});
