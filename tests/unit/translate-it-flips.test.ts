// The encoder "it" flips the training view measures at every evaluation (encoderItFlips: one batched
// encoder pass per source length) agree with the analysis of the command line (encoderItStudy: a full
// trace per sentence) — on the shipped French checkpoint and on a randomly initialised Chinese-corpus
// model — and the training evaluation of a translation corpus reports them for every encoder head.

import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../../src/cli/backend';
import { DEFAULT_TRANSLATE_FR_CHECKPOINT_DIR, readCheckpointDir } from '../../src/cli/io';
import { Tokenizer } from '../../src/data/tokenizer';
import { TRANSLATE_CORPUS_ID } from '../../src/data/translate';
import { TRANSLATE_FR_CORPUS_ID } from '../../src/data/translateFr';
import { TRANSLATION_CORPORA } from '../../src/data/translationCorpora';
import { EncoderDecoder } from '../../src/model/encoderDecoder';
import { encoderDecoderPresetConfig } from '../../src/shared/config';
import { encoderItFlips, encoderItStudy } from '../../src/train/translateAnalysis';
import { CORPUS_MODELS, DEFAULT_TRAIN_SETTINGS, type TrainSettings } from '../../src/shared/training';
import { openCorpus, translateEvalCases } from '../../src/worker/trainingCorpora';

beforeAll(async () => {
  await initNodeBackend();
});

async function expectSameFlips(model: EncoderDecoder, tokenizer: Tokenizer, corpusId: string, lengths: number): Promise<void> {
  const corpus = TRANSLATION_CORPORA[corpusId].create(3);
  const cases = translateEvalCases(corpus.validationCases());
  expect(cases.length).toBeGreaterThan(30);
  // The Chinese corpus' two families have sources of different lengths: the batching by length is exercised.
  expect(new Set(cases.map((c) => tokenizer.encode(c.source, { bos: false }).ids.length)).size).toBe(lengths);
  const batched = await encoderItFlips(model, tokenizer, cases);
  const traced = (await encoderItStudy(model, tokenizer, cases)).heads;
  expect(batched.map((h) => [h.layer, h.head])).toEqual(traced.map((h) => [h.layer, h.head]));
  batched.forEach((h, k) => {
    expect(h.relativeFlip).toBeCloseTo(traced[k].relativeFlip, 5);
    expect(h.absoluteFlip).toBeCloseTo(traced[k].absoluteFlip, 5);
    expect(h.referentFirst.first).toBeCloseTo(traced[k].referentFirst.first, 5);
    expect(h.referentSecond.second).toBeCloseTo(traced[k].referentSecond.second, 5);
    expect(h.adjective ?? Number.NaN).toBeCloseTo(traced[k].adjective ?? Number.NaN, 5);
  });
}

describe('the encoder "it" flips measured while training', () => {
  it('batched by source length, they equal the per-sentence traces (shipped French model)', async () => {
    const checkpoint = await readCheckpointDir(DEFAULT_TRANSLATE_FR_CHECKPOINT_DIR);
    const model = EncoderDecoder.create(checkpoint.config, checkpoint.weights);
    await expectSameFlips(model, new Tokenizer(checkpoint.tokenizer.vocab), TRANSLATE_FR_CORPUS_ID, 1);
    model.dispose();
  });

  it('batched by source length, they equal the per-sentence traces (random Chinese-corpus model)', async () => {
    const corpus = TRANSLATION_CORPORA[TRANSLATE_CORPUS_ID].create(3);
    const model = EncoderDecoder.init(encoderDecoderPresetConfig('translate', corpus.tokenizer.size), 11);
    await expectSameFlips(model, corpus.tokenizer, TRANSLATE_CORPUS_ID, 2);
    model.dispose();
  });

  it('the training evaluation of the French corpus reports every encoder head, on the cases it translates', async () => {
    const settings: TrainSettings = { ...DEFAULT_TRAIN_SETTINGS, ...CORPUS_MODELS[TRANSLATE_FR_CORPUS_ID].defaults, seed: 4, corpus: { kind: 'builtin', id: TRANSLATE_FR_CORPUS_ID } };
    const plugin = openCorpus(settings);
    const config = encoderDecoderPresetConfig('translate-fr', plugin.tokenizer.size);
    const model = EncoderDecoder.init(config, 2);
    const figures = await plugin.evaluate(model);
    expect(figures.translation).not.toBeNull();
    const it = figures.itHeads;
    expect(it?.cases).toBe(figures.translation?.cases);
    expect(it?.heads.map((h) => `${h.layer}.${h.head}`)).toEqual(
      Array.from({ length: (config.nEncoderLayers ?? 0) * config.nHeads }, (_, k) => `${Math.floor(k / config.nHeads)}.${k % config.nHeads}`),
    );
    const cases = translateEvalCases(TRANSLATION_CORPORA[TRANSLATE_FR_CORPUS_ID].create(4).validationCases());
    const study = (await encoderItStudy(model, plugin.tokenizer, cases)).heads;
    it?.heads.forEach((h, k) => {
      expect(h.relative).toBeCloseTo(study[k].relativeFlip, 5);
      expect(h.absolute).toBeCloseTo(study[k].absoluteFlip, 5);
    });
    model.dispose();
  });
});
