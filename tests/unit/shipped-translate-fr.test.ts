// The shipped English→French checkpoint (public/models/translate-fr, `npm run pretrain -- --corpus
// builtin:translate-fr`): the held-out noun pairs translated exactly ≥ 97 %, the pronoun (qu'il /
// qu'elle) right ≥ 99 %, the canonical sentences exactly as CONTRACT §6b writes them, and the
// encoder's "it" head the README states: relative flip ≥ 0.25 over the held-out cases. The target of
// absolute flip ≥ 0.3 was not reached by any seed tried (docs/translate-fr.md): the test holds the
// shipped head to the 0.15 it has (≥ 0.1) and checks that it is below the target, so that the README's
// "short of the target" cannot go stale unnoticed.

import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../../src/cli/backend';
import { DEFAULT_TRANSLATE_FR_CHECKPOINT_DIR, readCheckpointDir } from '../../src/cli/io';
import { Tokenizer } from '../../src/data/tokenizer';
import { TRANSLATE_FR_CORPUS_ID, translateFrCases, translateFrVocabulary } from '../../src/data/translateFr';
import { TRANSLATION_CORPORA } from '../../src/data/translationCorpora';
import { EncoderDecoder, translate } from '../../src/model/encoderDecoder';
import { IT_HEAD_ABSOLUTE_FLIP, IT_HEAD_RELATIVE_FLIP } from '../../src/shared/itHead';

/** The shipped head's absolute flip is 0.150 (docs/translate-fr.md); it must not fall below this. */
const SHIPPED_ABSOLUTE_FLIP_FLOOR = 0.1;
import { encoderItStudy } from '../../src/train/translateAnalysis';
import { evaluateTranslate } from '../../src/train/translateEval';

let model: EncoderDecoder;
let tokenizer: Tokenizer;
let seed: number;

beforeAll(async () => {
  await initNodeBackend();
  const checkpoint = await readCheckpointDir(DEFAULT_TRANSLATE_FR_CHECKPOINT_DIR);
  expect(checkpoint.config.architecture).toBe('encoder-decoder');
  expect(checkpoint.config).toMatchObject({ nEncoderLayers: 4, nLayers: 1, nHeads: 4, dModel: 64 });
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

  it('has an encoder head whose row for "it" follows the referent (relative flip ≥ 0.25), L4 H3 as documented', async () => {
    const study = await encoderItStudy(model, tokenizer, translateFrCases(seed, 'heldOut'));
    expect(study.heads).toHaveLength(16);
    expect(study.hasItHead).toBe(true);
    expect(study.best.relativeFlip).toBeGreaterThanOrEqual(IT_HEAD_RELATIVE_FLIP);
    expect({ layer: study.best.layer, head: study.best.head }).toEqual({ layer: 3, head: 2 });
    expect(study.best.relativeFlip).toBeCloseTo(0.641, 2);
    expect(study.best.absoluteFlip).toBeCloseTo(0.15, 2);
    expect(study.best.absoluteFlip).toBeGreaterThanOrEqual(SHIPPED_ABSOLUTE_FLIP_FLOOR);
    // Short of the target (README, docs/translate-fr.md say so).
    expect(study.best.absoluteFlip).toBeLessThan(IT_HEAD_ABSOLUTE_FLIP);
  }, 120_000);
});
