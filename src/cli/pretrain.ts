// `npm run pretrain [-- --steps N --seed S --out DIR]`: trains the shipped checkpoint from scratch
// (preset tiny, builtin:coref, fixed seed), prints progress and a coreference evaluation every 100
// steps to stderr, writes public/models/coref/ and prints a final report (one JSON document) on stdout.

import * as tf from '@tensorflow/tfjs-core';
import { canonicalPairs, corefValidationCases, createCorefCorpus, COREF_CORPUS_ID, type CorefCase } from '../data/coref';
import type { Tokenizer } from '../data/tokenizer';
import type { Transformer } from '../model/transformer';
import { DEFAULT_PRESET } from '../shared/config';
import { matRow } from '../shared/trace';
import { evaluateCoref, type CorefReport } from '../train/corefEval';
import { DEFAULT_BATCH_SIZE, DEFAULT_SEED, Options, runEntry } from './args';
import { initNodeBackend } from './backend';
import { DEFAULT_CHECKPOINT_DIR, writeCheckpointDir } from './io';
import { checkpointOf, runTraining } from './trainLoop';

export const PRETRAIN_STEPS = 1500;
/** The shipped checkpoint's peak learning rate (lower and longer than the app's in-browser default). */
export const PRETRAIN_LEARNING_RATE = 3e-3;
/** Steps between the coreference evaluations printed while training. */
const EVAL_EVERY = 100;
/** Cases per family in those intermediate evaluations (the final one uses the full validation set). */
const EVAL_SUBSET_PER_FAMILY = 24;

const USAGE = `usage: npm run pretrain [-- --steps N --seed S --out DIR --batch B]
Trains the shipped checkpoint (preset ${DEFAULT_PRESET}, ${COREF_CORPUS_ID}) from scratch.
Defaults: --steps ${PRETRAIN_STEPS} --seed ${DEFAULT_SEED} --batch ${DEFAULT_BATCH_SIZE} --out public/models/coref`;

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

runEntry(USAGE, async (argv) => {
  const opts = Options.parse(argv, { values: ['steps', 'seed', 'out', 'batch'] });
  const steps = opts.int('steps', { min: 0, max: 1_000_000, fallback: PRETRAIN_STEPS });
  const seed = opts.int('seed', { min: 0, max: 2 ** 31 - 1, fallback: DEFAULT_SEED });
  const batchSize = opts.int('batch', { min: 1, max: 1024, fallback: DEFAULT_BATCH_SIZE });
  const out = opts.string('out') ?? DEFAULT_CHECKPOINT_DIR;

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
    // The readable layers, so that the shipped checkpoint is reproduced byte for byte.
    readable: true,
    evalEvery: EVAL_EVERY,
    onEval: async (step, model) => {
      if (step === steps) return; // the final evaluation below uses the full validation set
      log(`step ${step}: ${summarise(await evaluateCoref(model, tokenizer, subset))} on ${subset.length} held-out cases`);
    },
    log,
  });
  try {
    const model = run.model;
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
    await writeCheckpointDir(out, await checkpointOf(model, corpus.vocab, training));
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
});
