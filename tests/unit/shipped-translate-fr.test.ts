// The shipped English→French checkpoint (public/models/translate-fr, `npm run pretrain -- --corpus
// builtin:translate-fr`): the held-out noun pairs translated exactly ≥ 97 %, the pronoun (qu'il /
// qu'elle) right ≥ 99 %, the canonical sentences exactly as CONTRACT §6b writes them, and the
// encoder's "it" head the README states: relative flip ≥ 0.25 and absolute flip ≥ 0.3 over the
// held-out cases (L4 H1, 0.912 and 0.509: docs/translate-fr.md), and on the famous pair itself "it"
// looking at the animal when tired and at the street when narrow.

import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../../src/cli/backend';
import { DEFAULT_TRANSLATE_FR_CHECKPOINT_DIR, readCheckpointDir } from '../../src/cli/io';
import { Tokenizer } from '../../src/data/tokenizer';
import { canonicalFrTranslations, TRANSLATE_FR_CORPUS_ID, translateFrCases, translateFrVocabulary } from '../../src/data/translateFr';
import { TRANSLATION_CORPORA } from '../../src/data/translationCorpora';
import { EncoderDecoder, translate } from '../../src/model/encoderDecoder';
import { IT_HEAD_ABSOLUTE_FLIP, IT_HEAD_RELATIVE_FLIP } from '../../src/shared/itHead';

import { encoderItStudy } from '../../src/train/translateAnalysis';
import { evaluateTranslate } from '../../src/train/translateEval';

let model: EncoderDecoder;
let tokenizer: Tokenizer;
let seed: number;

beforeAll(async () => {
  await initNodeBackend();
  const checkpoint = await readCheckpointDir(DEFAULT_TRANSLATE_FR_CHECKPOINT_DIR);
  expect(checkpoint.config.architecture).toBe('encoder-decoder');
  expect(checkpoint.config).toMatchObject({ nEncoderLayers: 4, nLayers: 1, nHeads: 1, dModel: 64 });
  expect(checkpoint.training.corpus).toBe(TRANSLATE_FR_CORPUS_ID);
  expect(checkpoint.tokenizer.vocab).toEqual(translateFrVocabulary());
  model = EncoderDecoder.create(checkpoint.config, checkpoint.weights);
  tokenizer = new Tokenizer(checkpoint.tokenizer.vocab);
  seed = checkpoint.training.seed;
});

const ids = (text: string): number[] => tokenizer.encode(text, { bos: false }).ids;

describe('shipped English→French checkpoint', () => {
  it('was trained by the recipe of npm run pretrain (its seed is the one the recipe names)', () => {
    expect(seed).toBe(TRANSLATION_CORPORA[TRANSLATE_FR_CORPUS_ID].pretrain.seed);
  });

  it('translates the canonical sentences exactly as CONTRACT §6b writes them', async () => {
    const expected: [string, string][] = [
      ["the animal didn't cross the street because it was too tired .", "l'animal n'a pas traversé la rue parce qu'il était trop fatigué ."],
      ["the animal didn't cross the street because it was too narrow .", "l'animal n'a pas traversé la rue parce qu'elle était trop étroite ."],
      ["the animal didn't cross the street because it was too wide .", "l'animal n'a pas traversé la rue parce qu'elle était trop large ."],
    ];
    for (const [source, target] of expected) expect(tokenizer.decode(await translate(model, ids(source))), source).toBe(target);
  });

  it('held-out noun pairs: exact translation ≥ 97 %, pronoun il/elle right ≥ 99 %', async () => {
    const cases = translateFrCases(seed, 'heldOut');
    const report = await evaluateTranslate(model, tokenizer, cases);
    expect(report.n).toBe(192);
    expect(report.exact).toBeGreaterThanOrEqual(0.97);
    expect(report.referent).toBeGreaterThanOrEqual(0.99);
    // Independently of the report's slot rule: the pronoun each greedy output writes after "parce".
    const pronounRight = report.cases.filter((r, i) => r.output.split(' ').includes(cases[i].pronoun) && r.output.includes(`parce ${cases[i].pronoun} était`)).length;
    expect(pronounRight / cases.length).toBeGreaterThanOrEqual(0.99);
  });

  it('has an encoder "it" head: relative flip ≥ 0.25 and absolute flip ≥ 0.3, L4 H1 as documented', async () => {
    const study = await encoderItStudy(model, tokenizer, translateFrCases(seed, 'heldOut'));
    expect(study.heads).toHaveLength(4);
    expect(study.hasItHead).toBe(true);
    expect({ layer: study.best.layer, head: study.best.head }).toEqual({ layer: 3, head: 0 });
    expect(study.best.relativeFlip).toBeGreaterThanOrEqual(IT_HEAD_RELATIVE_FLIP);
    expect(study.best.absoluteFlip).toBeGreaterThanOrEqual(IT_HEAD_ABSOLUTE_FLIP);
    expect(study.best.relativeFlip).toBeCloseTo(0.912, 2);
    expect(study.best.absoluteFlip).toBeCloseTo(0.509, 2);
    // Its row from the definition: ½·[(a_F − a_S) + (b_S − b_F)] of the printed mean weights.
    const h = study.best;
    expect(h.absoluteFlip).toBeCloseTo((h.referentFirst.first - h.referentSecond.first + (h.referentSecond.second - h.referentFirst.second)) / 2, 9);
  }, 120_000);

  it('draws the famous picture on the canonical pair: "it" looks at the animal when tired, at the street when narrow', async () => {
    const [tired, narrow] = canonicalFrTranslations();
    const study = await encoderItStudy(model, tokenizer, [tired, narrow]);
    const h = study.heads.find((x) => x.layer === 3 && x.head === 0);
    expect(h).toBeDefined();
    if (!h) return;
    // tired (referent = the animal): animal ≫ street; narrow (referent = the street): street ≫ animal.
    expect(h.referentFirst.first).toBeGreaterThan(h.referentFirst.second + 0.1);
    expect(h.referentSecond.second).toBeGreaterThan(h.referentSecond.first + 0.5);
  }, 120_000);
});
