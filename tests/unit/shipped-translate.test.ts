// The shipped translation checkpoint (public/models/translate, `npm run pretrain -- --corpus
// builtin:translate`) translates the held-out noun pairs of builtin:translate and the canonical
// sentences exactly as CONTRACT §6 writes them.

import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../../src/cli/backend';
import { DEFAULT_TRANSLATE_CHECKPOINT_DIR, readCheckpointDir } from '../../src/cli/io';
import { Tokenizer } from '../../src/data/tokenizer';
import { TRANSLATE_CORPUS_ID, translateCases, translateVocabulary } from '../../src/data/translate';
import { EncoderDecoder, translate } from '../../src/model/encoderDecoder';
import { evaluateTranslate, greedyTranslateBatch } from '../../src/train/translateEval';

let model: EncoderDecoder;
let tokenizer: Tokenizer;
let seed: number;

beforeAll(async () => {
  await initNodeBackend();
  const checkpoint = await readCheckpointDir(DEFAULT_TRANSLATE_CHECKPOINT_DIR);
  expect(checkpoint.config.architecture).toBe('encoder-decoder');
  expect(checkpoint.training.corpus).toBe(TRANSLATE_CORPUS_ID);
  expect(checkpoint.tokenizer.vocab).toEqual(translateVocabulary());
  model = EncoderDecoder.create(checkpoint.config, checkpoint.weights);
  tokenizer = new Tokenizer(checkpoint.tokenizer.vocab);
  seed = checkpoint.training.seed;
});

const ids = (text: string): number[] => tokenizer.encode(text, { bos: false }).ids;
const text = (out: number[]): string => out.map((id) => tokenizer.vocab[id]).join('');

describe('shipped translation checkpoint', () => {
  it('translates the canonical sentences exactly as CONTRACT §6 writes them', async () => {
    const expected: [string, string][] = [
      ["the animal didn't cross the street because it was too tired .", '动物没有过马路，因为动物太累了。'],
      ["the animal didn't cross the street because it was too narrow .", '动物没有过马路，因为马路太窄了。'],
      ["the animal didn't cross the street because it was too wide .", '动物没有过马路，因为马路太宽了。'],
      ["the trophy didn't fit in the suitcase because it was too big .", '奖杯放不进箱子，因为奖杯太大了。'],
      ["the trophy didn't fit in the suitcase because it was too small .", '奖杯放不进箱子，因为箱子太小了。'],
    ];
    for (const [source, target] of expected) expect(text(await translate(model, ids(source))), source).toBe(target);
  });

  it('held-out noun pairs: exact translation ≥ 97 %, referent ≥ 99 %, in each family', async () => {
    const cases = translateCases(seed, 'heldOut');
    const report = await evaluateTranslate(model, tokenizer, cases);
    expect(report.n).toBe(240);
    expect(report.exact).toBeGreaterThanOrEqual(0.97);
    expect(report.referent).toBeGreaterThanOrEqual(0.99);
    for (const family of ['cross', 'fit'] as const) {
      expect(report.byFamily[family].exact, family).toBeGreaterThanOrEqual(0.97);
      expect(report.byFamily[family].referent, family).toBeGreaterThanOrEqual(0.99);
    }
    // The evaluation's outputs are the step-by-step greedy translations (its shortcut for exact cases
    // changes nothing): decode every case and compare.
    const greedy = await greedyTranslateBatch(model, cases.map((c) => ids(c.source)), { maxTokens: 20 });
    report.cases.forEach((r, i) => expect(r.output, r.source).toBe(tokenizer.decode(greedy[i])));
    // Independently of the report: the greedy outputs against the references.
    const right = cases.filter((c, i) => text(greedy[i]) === c.target).length;
    expect(right / cases.length).toBeGreaterThanOrEqual(0.97);
  });

  it('is no copy of one translation: other sentences come out different and right', async () => {
    expect(text(await translate(model, ids('the dog crossed the road .')))).toBe('狗过了公路。');
    expect(text(await translate(model, ids('the ball was in the box .')))).toBe('球在盒子里。');
    expect(text(await translate(model, ids('the cat was hungry .')))).toBe('猫很饿。');
  });
});
