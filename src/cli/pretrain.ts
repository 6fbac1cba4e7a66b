// `npm run pretrain [-- --corpus C --steps N --seed S --out DIR]`: trains a shipped checkpoint from
// scratch with a fixed seed, prints progress and an evaluation every 100 steps to stderr, writes the
// checkpoint and prints a final report (one JSON document) on stdout.
// - builtin:coref (the default): preset tiny → public/models/coref/ (coreference accuracy);
// - builtin:translate: the encoder–decoder preset "translate" → public/models/translate/
//   (exact-translation and referent accuracy on the held-out noun pairs, the canonical sentences);
// - builtin:tang, builtin:english: presets tang / english → public/models/tang/, public/models/english/
//   (validation perplexity beside the unigram and bigram baselines, samples, regular line lengths).

import * as tf from '@tensorflow/tfjs';
import { canonicalPairs, corefValidationCases, createCorefCorpus, COREF_CORPUS_ID, type CorefCase } from '../data/coref';
import type { Tokenizer } from '../data/tokenizer';
import { TRANSLATE_CORPUS_ID } from '../data/translate';
import { TRANSLATE_FR_CORPUS_ID } from '../data/translateFr';
import { TRANSLATION_CORPORA, type TranslationCorpusSpec } from '../data/translationCorpora';
import type { Transformer } from '../model/transformer';
import type { EncoderDecoder } from '../model/encoderDecoder';
import { DEFAULT_PRESET, type EncoderDecoderPresetName, type PresetName } from '../shared/config';
import { DOCUMENT_CORPUS_IDS, isDocumentCorpusId, type DocumentCorpusId } from '../data/documentCorpus';
import { evaluateText } from '../train/textEval';
import { join } from 'node:path';
import { matRow } from '../shared/trace';
import { evaluateCoref, type CorefReport } from '../train/corefEval';
import { evaluateTranslate, type TranslateReport } from '../train/translateEval';
import { DEFAULT_BATCH_SIZE, DEFAULT_SEED, Options, runEntry, UsageError } from './args';
import { initNodeBackend } from './backend';
import { DEFAULT_CHECKPOINT_DIR, DEFAULT_TRANSLATE_CHECKPOINT_DIR, DEFAULT_TRANSLATE_FR_CHECKPOINT_DIR, readDocumentCorpus, REPO_ROOT, writeCheckpointDir } from './io';
import { checkpointOf, runTraining } from './trainLoop';

export const PRETRAIN_STEPS = 1500;
/** The shipped checkpoint's peak learning rate (lower and longer than the app's in-browser default). */
export const PRETRAIN_LEARNING_RATE = 3e-3;
/**
 * How the shipped coreference checkpoint is trained beyond preset, steps and learning rate
 * (docs/coref-model.md): the token embeddings' initial standard deviation (src/model/init.ts), a tied
 * output layer (logits = x·Eᵀ) and decoupled weight decay (src/train/adam.ts).
 */
export const PRETRAIN_COREF_TRAINING: { tokenEmbeddingStd: number; embeddingScale: number; tiedOutput: boolean; weightDecay: number } = {
  tokenEmbeddingStd: 0.1,
  embeddingScale: 1,
  tiedOutput: false,
  weightDecay: 0,
};
/** Steps between the coreference evaluations printed while training. */
const EVAL_EVERY = 100;
/** Cases per family in those intermediate evaluations (the final one uses the full validation set). */
const EVAL_SUBSET_PER_FAMILY = 24;

/** The shipped translation checkpoint: encoder–decoder preset, steps, batch (peak learning rate: the app's default). */
export const TRANSLATE_PRETRAIN_PRESET: EncoderDecoderPresetName = 'translate';
export const TRANSLATE_PRETRAIN_STEPS = 400;
export const TRANSLATE_PRETRAIN_BATCH = 32;
/** Where `npm run pretrain -- --corpus ID` writes each translation corpus's checkpoint (its recipe: TranslationCorpusSpec.pretrain). */
const TRANSLATE_PRETRAIN_OUT: Readonly<Record<string, string>> = {
  [TRANSLATE_CORPUS_ID]: DEFAULT_TRANSLATE_CHECKPOINT_DIR,
  [TRANSLATE_FR_CORPUS_ID]: DEFAULT_TRANSLATE_FR_CHECKPOINT_DIR,
};

const FR = TRANSLATION_CORPORA[TRANSLATE_FR_CORPUS_ID].pretrain;

const USAGE = `usage: npm run pretrain [-- --corpus ${COREF_CORPUS_ID}|${TRANSLATE_CORPUS_ID}|${TRANSLATE_FR_CORPUS_ID}|builtin:tang|builtin:english --steps N --seed S --out DIR --batch B]
Trains a shipped checkpoint from scratch.
${COREF_CORPUS_ID} (the default): preset ${DEFAULT_PRESET}; defaults --steps ${PRETRAIN_STEPS} --seed ${DEFAULT_SEED} --batch ${DEFAULT_BATCH_SIZE} --out public/models/coref;
  other embedding recipes (docs/coref-model.md): --embedding-std X --embedding-scale S --tied --weight-decay λ
${TRANSLATE_CORPUS_ID}: encoder–decoder preset ${TRANSLATE_PRETRAIN_PRESET}; defaults --steps ${TRANSLATE_PRETRAIN_STEPS} --seed ${DEFAULT_SEED} --batch ${TRANSLATE_PRETRAIN_BATCH} --out public/models/translate
${TRANSLATE_FR_CORPUS_ID}: encoder–decoder preset translate-fr; defaults --steps ${FR.steps} --seed ${FR.seed} --batch ${FR.batch} --out public/models/translate-fr
builtin:tang, builtin:english: the preset of the same name; --out public/models/tang (english)`;

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

function summarise(r: CorefReport): string {
  const f = r.byFamily;
  return (
    `coref accuracy ${pct(r.accuracy)} (cross ${pct(f.cross.accuracy)}, fit ${pct(f.fit.accuracy)}, ` +
    `zh ${pct(f.zh.accuracy)}, after other sentences ${pct(r.afterOthers.accuracy)}), mean p(answer) ${r.meanPAnswer.toFixed(3)}`
  );
}

/** The most likely next token after each canonical prompt, with the answer/distractor probabilities. */
async function canonicalReport(model: Transformer, tokenizer: Tokenizer, cases: CorefCase[]): Promise<unknown[]> {
  const scored = await evaluateCoref(model, tokenizer, cases);
  const out: unknown[] = [];
  for (let i = 0; i < cases.length; i++) {
    const c = cases[i];
    const ids = tokenizer.encode(c.prompt).ids;
    const trace = await model.trace(ids.slice(-model.config.contextLength));
    const probs = matRow(trace.probs, trace.probs.rows - 1);
    let best = 0;
    for (let id = 1; id < probs.length; id++) if (probs[id] > probs[best]) best = id;
    out.push({
      family: c.family,
      prompt: c.prompt,
      answer: c.answer,
      distractor: c.distractor,
      top: { token: tokenizer.vocab[best], prob: probs[best] },
      pAnswer: scored.cases[i].pAnswer,
      pDistractor: scored.cases[i].pDistractor,
      correct: scored.cases[i].correct,
    });
  }
  return out;
}

tf.enableProdMode();

async function pretrainCoref(opts: Options): Promise<unknown> {
  const steps = opts.int('steps', { min: 0, max: 1_000_000, fallback: PRETRAIN_STEPS });
  const seed = opts.int('seed', { min: 0, max: 2 ** 31 - 1, fallback: DEFAULT_SEED });
  const batchSize = opts.int('batch', { min: 1, max: 1024, fallback: DEFAULT_BATCH_SIZE });
  const out = opts.string('out') ?? DEFAULT_CHECKPOINT_DIR;
  // Trials of other embedding recipes (docs/coref-model.md); the defaults reproduce the shipped checkpoint.
  const recipe = {
    tokenEmbeddingStd: opts.has('embedding-std') ? opts.number('embedding-std', { min: 0, max: 100 }) : PRETRAIN_COREF_TRAINING.tokenEmbeddingStd,
    embeddingScale: opts.has('embedding-scale') ? opts.number('embedding-scale', { min: 1e-3, max: 1e3 }) : PRETRAIN_COREF_TRAINING.embeddingScale,
    tiedOutput: opts.flag('tied') || PRETRAIN_COREF_TRAINING.tiedOutput,
    weightDecay: opts.has('weight-decay') ? opts.number('weight-decay', { min: 0, max: 100 }) : PRETRAIN_COREF_TRAINING.weightDecay,
  };

  const backend = await initNodeBackend();
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  log(`backend: ${backend}`);
  const corpus = createCorefCorpus(seed);
  const tokenizer = corpus.tokenizer;
  const subset = corefValidationCases(seed, { perFamily: EVAL_SUBSET_PER_FAMILY });

  const run = await runTraining({
    corpus,
    corpusName: COREF_CORPUS_ID,
    preset: DEFAULT_PRESET,
    steps,
    seed,
    batchSize,
    learningRate: PRETRAIN_LEARNING_RATE,
    ...recipe,
    // The readable layers, so that the shipped checkpoint is reproduced byte for byte.
    readable: true,
    evalEvery: EVAL_EVERY,
    onEval: async (step, model) => {
      if (step === steps) return; // the final evaluation below uses the full validation set
      log(`step ${step}: ${summarise(await evaluateCoref(model as Transformer, tokenizer, subset))} on ${subset.length} held-out cases`);
    },
    log,
  });
  try {
    const model = run.model as Transformer;
    const cases = corefValidationCases(seed, { contextLength: model.config.contextLength });
    const { cases: _details, ...coref } = await evaluateCoref(model, tokenizer, cases);
    log(`final: ${summarise({ ...coref, cases: [] })} on ${coref.n} held-out cases`);
    const canonical = await canonicalReport(model, tokenizer, canonicalPairs());
    const training = {
      step: run.steps,
      seed,
      corpus: COREF_CORPUS_ID,
      preset: DEFAULT_PRESET,
      batch: batchSize,
      // Recorded when they differ from the defaults (a checkpoint trained with the defaults is unchanged).
      ...(recipe.tokenEmbeddingStd !== 1 ? { tokenEmbeddingStd: recipe.tokenEmbeddingStd } : {}),
      ...(recipe.weightDecay !== 0 ? { weightDecay: recipe.weightDecay } : {}),
      loss: run.loss,
      valLoss: run.valLoss,
      corefAccuracy: coref.accuracy,
      corefByFamily: {
        cross: coref.byFamily.cross.accuracy,
        fit: coref.byFamily.fit.accuracy,
        zh: coref.byFamily.zh.accuracy,
      },
      corefAfterOthers: coref.afterOthers.accuracy,
    };
    await writeCheckpointDir(out, await checkpointOf(model, corpus.vocab, training, corpus.tokenizerKind));
    log(`wrote ${out}`);
    return {
      steps: run.steps,
      seconds: run.seconds,
      loss: run.loss,
      valLoss: run.valLoss,
      tokensPerSecond: run.tokensPerSecond,
      preset: DEFAULT_PRESET,
      parameters: run.parameters,
      seed,
      batch: batchSize,
      backend,
      out,
      coref,
      canonical,
    };
  } finally {
    run.model.dispose();
  }
}

function translateSummary(r: Omit<TranslateReport, 'cases'>): string {
  // Per family only where the corpus has more than one (builtin:translate-fr has "cross" alone).
  const families = Object.entries(r.byFamily).filter(([, s]) => s.n > 0);
  const per = (key: 'exact' | 'referent'): string => (families.length > 1 ? ` (${families.map(([f, s]) => `${f} ${pct(s[key])}`).join(', ')})` : '');
  return `exact ${pct(r.exact)}${per('exact')}, referent ${pct(r.referent)}${per('referent')}, forced referent ${pct(r.forcedReferent)}`;
}

async function pretrainTranslate(opts: Options, spec: TranslationCorpusSpec): Promise<unknown> {
  const defaults = { ...spec.pretrain, preset: spec.preset, out: TRANSLATE_PRETRAIN_OUT[spec.id] };
  const steps = opts.int('steps', { min: 0, max: 1_000_000, fallback: defaults.steps });
  const seed = opts.int('seed', { min: 0, max: 2 ** 31 - 1, fallback: defaults.seed });
  const batchSize = opts.int('batch', { min: 1, max: 1024, fallback: defaults.batch });
  const out = opts.string('out') ?? defaults.out;
  const preset = defaults.preset;

  const backend = await initNodeBackend();
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  log(`backend: ${backend}`);
  const corpus = spec.create(seed);
  const tokenizer = corpus.tokenizer;
  const cases = spec.cases(seed, 'heldOut');

  const run = await runTraining({
    corpus,
    corpusName: spec.id,
    preset,
    steps,
    seed,
    batchSize,
    learningRate: defaults.learningRate,
    // The readable layers, so that the shipped checkpoint is reproduced byte for byte.
    readable: true,
    evalEvery: EVAL_EVERY,
    onEval: async (step, model) => {
      if (step === steps) return;
      const { cases: _details, ...r } = await evaluateTranslate(model as EncoderDecoder, tokenizer, cases);
      log(`step ${step}: ${translateSummary(r)} on ${r.n} held-out cases`);
    },
    log,
  });
  try {
    const model = run.model as EncoderDecoder;
    const { cases: _details, ...translation } = await evaluateTranslate(model, tokenizer, cases);
    log(`final: ${translateSummary(translation)} on ${translation.n} held-out cases`);
    const canonical = (await evaluateTranslate(model, tokenizer, spec.canonical())).cases.map((c) => ({
      source: c.source,
      reference: c.reference,
      output: c.output,
      exact: c.exact,
    }));
    const training = {
      step: run.steps,
      seed,
      corpus: spec.id,
      preset,
      batch: batchSize,
      learningRate: defaults.learningRate,
      loss: run.loss,
      valLoss: run.valLoss,
      exactAccuracy: translation.exact,
      referentAccuracy: translation.referent,
      byFamily: Object.fromEntries(
        Object.entries(translation.byFamily)
          .filter(([, s]) => s.n > 0)
          .map(([f, s]) => [f, { exact: s.exact, referent: s.referent }]),
      ),
    };
    await writeCheckpointDir(out, await checkpointOf(model, corpus.vocab, training, corpus.tokenizerKind));
    log(`wrote ${out}`);
    return {
      steps: run.steps,
      seconds: run.seconds,
      loss: run.loss,
      valLoss: run.valLoss,
      tokensPerSecond: run.tokensPerSecond,
      preset,
      parameters: run.parameters,
      seed,
      batch: batchSize,
      backend,
      out,
      translation,
      canonical,
    };
  } finally {
    run.model.dispose();
  }
}

/**
 * The shipped real-text checkpoints (CONTRACT §7): preset (named after the corpus), steps, batch and
 * peak learning rate; rows packed with whole documents as in the browser.
 */
export const TEXT_PRETRAIN: Record<DocumentCorpusId, { preset: PresetName; steps: number; batch: number; learningRate: number; shippedTextOps: boolean }> = {
  // The preset's token embeddings start ~ N(0, 0.1²) (PRESET_TOKEN_EMBEDDING_STD), as in the browser.
  'builtin:tang': { preset: 'tang', steps: 2400, batch: 32, learningRate: 3e-3, shippedTextOps: false },
  // The fused path as it was when this checkpoint was made (one-hot token rows, a log-softmax loss),
  // so that this command still makes it; the browser trains with the faster ops.
  'builtin:english': { preset: 'english', steps: 3500, batch: 16, learningRate: 3e-3, shippedTextOps: true },
};
/** Samples in the final report: 100 poems of 64 characters (or 8 English texts) at temperature 0.8, seed 1. */
export const TEXT_SAMPLE_TEMPERATURE = 0.8;

async function pretrainText(opts: Options, id: DocumentCorpusId): Promise<unknown> {
  const plan = TEXT_PRETRAIN[id];
  const steps = opts.int('steps', { min: 0, max: 1_000_000, fallback: plan.steps });
  const seed = opts.int('seed', { min: 0, max: 2 ** 31 - 1, fallback: DEFAULT_SEED });
  const batchSize = opts.int('batch', { min: 1, max: 1024, fallback: plan.batch });
  const out = opts.string('out') ?? join(REPO_ROOT, 'public', 'models', id.slice('builtin:'.length));

  const backend = await initNodeBackend();
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  log(`backend: ${backend}`);
  const corpus = await readDocumentCorpus(id);
  const run = await runTraining({
    corpus,
    corpusName: id,
    preset: plan.preset,
    steps,
    seed,
    batchSize,
    learningRate: plan.learningRate,
    pack: true,
    shippedTextOps: plan.shippedTextOps,
    log,
  });
  try {
    const model = run.model as Transformer;
    const poems = id === 'builtin:tang';
    const report = await evaluateText(model, corpus, {
      samples: poems ? 100 : 8,
      tokens: poems ? 64 : 48,
      temperature: TEXT_SAMPLE_TEMPERATURE,
      seed: 1,
    });
    log(
      `validation perplexity ${report.perplexity.toFixed(1)} (unigram ${report.baselines.unigram.perplexity.toFixed(1)}, ` +
        `bigram ${report.baselines.bigram.perplexity.toFixed(1)})` +
        (report.regularLines ? `; regular lines ${pct(report.regularLines.share ?? 0)} of ${report.regularLines.lines}` : ''),
    );
    const training = {
      step: run.steps,
      seed,
      corpus: id,
      preset: plan.preset,
      batch: batchSize,
      learningRate: plan.learningRate,
      loss: run.loss,
      valLoss: report.valLoss,
      perplexity: report.perplexity,
      baselines: { unigram: report.baselines.unigram.perplexity, bigram: report.baselines.bigram.perplexity },
    };
    await writeCheckpointDir(out, await checkpointOf(model, corpus.vocab, training, corpus.tokenizerKind));
    log(`wrote ${out}`);
    return {
      steps: run.steps,
      seconds: run.seconds,
      loss: run.loss,
      tokensPerSecond: run.tokensPerSecond,
      preset: plan.preset,
      parameters: run.parameters,
      seed,
      batch: batchSize,
      backend,
      out,
      ...report,
    };
  } finally {
    run.model.dispose();
  }
}

runEntry(USAGE, async (argv) => {
  const opts = Options.parse(argv, { values: ['corpus', 'steps', 'seed', 'out', 'batch', 'embedding-std', 'embedding-scale', 'weight-decay'], flags: ['tied'] });
  const corpus = opts.string('corpus') ?? COREF_CORPUS_ID;
  if (corpus === COREF_CORPUS_ID) return pretrainCoref(opts);
  if (Object.hasOwn(TRANSLATION_CORPORA, corpus)) return pretrainTranslate(opts, TRANSLATION_CORPORA[corpus]);
  if (isDocumentCorpusId(corpus)) return pretrainText(opts, corpus);
  const known = [COREF_CORPUS_ID, TRANSLATE_CORPUS_ID, TRANSLATE_FR_CORPUS_ID, ...DOCUMENT_CORPUS_IDS].join(', ');
  throw new UsageError(`pretrain knows ${known}, not ${JSON.stringify(corpus)}`);
});
