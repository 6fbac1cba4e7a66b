// The command line (CONTRACT §3): `npm run cli -- <command> [options]`. Progress goes to stderr, the
// result is one JSON document on stdout, a failure exits non-zero with one line on stderr.

import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { canonicalPairs, corefValidationCases, createCorefCorpus, COREF_CORPUS_ID } from '../data/coref';
import { TRANSLATE_CORPUS_ID } from '../data/translate';
import { TRANSLATE_FR_CORPUS_ID } from '../data/translateFr';
import { translationCorpus, TRANSLATION_CORPORA, TRANSLATION_CORPUS_IDS, type TranslationCorpusSpec } from '../data/translationCorpora';
import { IT_HEAD_ABSOLUTE_FLIP, IT_HEAD_RELATIVE_FLIP } from '../shared/itHead';
import type { EncoderItStudy } from '../train/translateAnalysis';
import { headCode } from '../shared/numbering';
import { createRepeatCorpus, REPEAT_CORPUS_ID } from '../data/repeat';
import { createTextCorpus, MAX_CORPUS_CHARS } from '../data/textCorpus';
import { DOCUMENT_CORPUS_IDS, isDocumentCorpusId } from '../data/documentCorpus';
import { ngramBaselines } from '../data/ngram';
import { BOS_ID, Tokenizer, UNK_ID } from '../data/tokenizer';
import { isPairCorpus, type AnyCorpus } from '../data/types';
import type { Checkpoint } from '../model/checkpoint';
import type { EncoderDecoder } from '../model/encoderDecoder';
import type { Transformer } from '../model/transformer';
import {
  DEFAULT_PRESET,
  ENCODER_DECODER_PRESET_NAMES,
  isEncoderDecoder,
  PRESET_NAMES,
  PRESETS,
  type EncoderDecoderPresetName,
  type PresetName,
} from '../shared/config';
import { gradientTraceToJSON, weightGradientsToJSON } from '../shared/backward';
import type { HeadRoles } from '../shared/headRoles';
import { CORPUS_MODELS, type BuiltinCorpusId } from '../shared/training';
import { encoderDecoderTraceToJSON, matToJSON, traceToJSON, type ForwardTrace, type Mat } from '../shared/trace';
import { embeddingStats } from '../train/embeddingStats';
import { initWeights } from '../model/init';
import { DEFAULT_BATCH_SIZE, DEFAULT_SEED, Options, UsageError, runEntry } from './args';
import { DEFAULT_CHECKPOINT_DIR, DEFAULT_TRANSLATE_CHECKPOINT_DIR, DEFAULT_TRANSLATE_FR_CHECKPOINT_DIR, readCheckpointDir, readDocumentCorpus, writeCheckpointDir } from './io';

/**
 * TF.js and everything built on it, loaded only once the arguments and the checkpoint have been
 * checked: a mistake is reported in a fraction of a second, and alone on stderr.
 */
async function loadRuntime() {
  const [tf, backend, transformer, encoderDecoder, trainLoop, corefEval, sampling, analysis, translateEval, translateAnalysis, headRoles, backward, translateEvalFast] =
    await Promise.all([
      import('@tensorflow/tfjs'),
      import('./backend'),
      import('../model/transformer'),
      import('../model/encoderDecoder'),
      import('./trainLoop'),
      import('../train/corefEval'),
      import('../train/sampling'),
      import('../train/corefAnalysis'),
      import('../train/translateEval'),
      import('../train/translateAnalysis'),
      import('../train/headRoles'),
      import('../train/backward'),
      import('../train/translateEvalFast'),
    ]);
  // TF.js's own console warnings would mix with the progress lines.
  tf.enableProdMode();
  return {
    initNodeBackend: backend.initNodeBackend,
    Transformer: transformer.Transformer,
    runTraining: trainLoop.runTraining,
    checkpointOf: trainLoop.checkpointOf,
    evaluateCoref: corefEval.evaluateCoref,
    generate: sampling.generate,
    compareAttention: analysis.compareAttention,
    knockoutStudy: analysis.knockoutStudy,
    meanAnswerAttention: analysis.meanAnswerAttention,
    EncoderDecoder: encoderDecoder.EncoderDecoder,
    translate: encoderDecoder.translate,
    evaluateTranslate: translateEval.evaluateTranslate,
    analyzeTranslation: translateAnalysis.analyzeTranslation,
    encoderItStudy: translateAnalysis.encoderItStudy,
    translateAccuracy: translateEvalFast.translateAccuracy,
    measureHeadRoles: headRoles.measureHeadRoles,
    defaultRoleProbes: headRoles.DEFAULT_ROLE_PROBES,
    backwardTrace: backward.backwardTrace,
  };
}
type Runtime = Awaited<ReturnType<typeof loadRuntime>>;

const USAGE = `usage: npm run cli -- <command> [options]

commands:
  train --corpus builtin:coref|builtin:translate|builtin:translate-fr|builtin:tang|builtin:english|builtin:repeat|FILE --steps N --out DIR [--seed S] [--preset NAME] [--batch B] [--lr X] [--pack]
        [--weight-decay λ] [--embedding-std X] [--embedding-scale S] [--tied]
        train a fresh model (--steps 0 writes the initialised model) and write a checkpoint folder;
        --pack fills each row with whole documents one after another, as the app does;
        presets ${PRESET_NAMES.join('|')} (decoder-only), ${ENCODER_DECODER_PRESET_NAMES.join('|')} (encoder–decoder, ${TRANSLATION_CORPUS_IDS.join(', ')})
  baselines --corpus builtin:tang|builtin:english [--context N] [--sequences N]
        unigram and bigram validation loss and perplexity on the split the model is measured on
  probe --text "…" [--checkpoint DIR] [--trace] [--backward]
        tokens, the top 10 next tokens, attention weights (and with --trace every intermediate);
        --backward: the sentence as one training example: loss (mean −log p of each next token,
        <bos> predicting the first word), losses per position, backward (∂loss/∂ every intermediate,
        --trace's names with a grad_ prefix) and weightGradients (every weight's gradient, before clipping)
  generate --text "…" [--tokens N] [--temperature X] [--top-k K] [--top-p P] [--seed S] [--checkpoint DIR]
        continue the text
  head-roles [--checkpoint DIR] [--text "…"]
        role scores of every self-attention head (previous-, first-, current-, duplicate-token,
        induction, previous line): the text roles on --text (default: a fixed text for the
        checkpoint's corpus), duplicate-token and induction on a seeded repeated random sequence
  embeddings [--checkpoint DIR] [--accuracy] [--since-init]
        how the token embeddings group the coreference corpus's word categories: nearest-neighbour
        purity (k = 3, cosine) and its chance level, the share of the variance on the two PCA axes and the purity on that map,
        each categorised word's 3 nearest tokens; --accuracy adds held-out coreference accuracy;
        --since-init the same figures for what training added to the seeded initial embeddings
  eval-coref [--checkpoint DIR] [--attention] [--per-family N] [--seed S] [--cases]
        coreference accuracy on held-out cases, per family and after other sentences
  analyze-coref [--checkpoint DIR] [--per-family N] [--seed S]
        where the model resolves "it": attention shift per head between the canonical tired/narrow
        sentences, validation accuracy with heads knocked out, attention from the answer position
  translate --text "…" [--checkpoint DIR] [--trace] [--max-tokens N]
        English → Chinese (or French) with the encoder–decoder (greedy), its encoder, decoder and cross-attention
  eval-translate [--checkpoint DIR] [--seed S] [--cases]
        exact-translation and referent accuracy on the held-out noun pairs of the checkpoint's corpus
        (${TRANSLATION_CORPUS_IDS.join(', ')}; for French the referent is the pronoun qu'il / qu'elle)
  analyze-translate [--checkpoint DIR] [--seed S]
        where the translation model resolves "it": noun weights and flips per head, knock-outs,
        linear read-outs per encoder layer; \`encoderIt\` lists every encoder head's "it" row on the two
        nouns for both referent kinds (absolute and relative flip) over the held-out cases
  analyze-translate --seeds A,B,… [--corpus ${TRANSLATE_FR_CORPUS_ID}] [--steps N] [--batch B] [--lr X]
        trains one model per seed (as npm run pretrain does, not written) and says for each whether
        an encoder head's "it" row has a relative flip ≥ ${IT_HEAD_RELATIVE_FLIP} (the figures of docs/translate-fr.md)

--checkpoint defaults to the shipped checkpoint (public/models/coref; for translate, eval-translate
and analyze-translate public/models/translate, or public/models/translate-fr with --corpus ${TRANSLATE_FR_CORPUS_ID}).
The result is one JSON document on stdout; progress goes to stderr. In it, \`layer\` and \`head\` are
indices from 0 (layer 0, head 0 is the app's "layer 1, head 1"), as in every [layer][head] array; the
knock-out labels name heads as the app does, from 1 ("L1 H1"); a read-out's \`layer\` counts the
encoder layers passed (0 = embedding + positions).`;

function progress(line: string): void {
  process.stderr.write(`${line}\n`);
}

async function startBackend(): Promise<{ rt: Runtime; backend: string }> {
  const rt = await loadRuntime();
  const backend = await rt.initNodeBackend();
  progress(`backend: ${backend}`);
  return { rt, backend };
}

/** Reads --checkpoint (or the shipped one) before any TF.js work, so a bad folder fails fast and alone. */
async function loadCheckpoint(opts: Options, defaultDir = DEFAULT_CHECKPOINT_DIR): Promise<{ dir: string; checkpoint: Checkpoint }> {
  const given = opts.string('checkpoint');
  const dir = given ?? defaultDir;
  if (given === undefined) {
    const exists = await stat(dir).then(
      () => true,
      () => false,
    );
    if (!exists) {
      const pretrain =
        defaultDir === DEFAULT_TRANSLATE_CHECKPOINT_DIR
          ? `npm run pretrain -- --corpus ${TRANSLATE_CORPUS_ID}`
          : defaultDir === DEFAULT_TRANSLATE_FR_CHECKPOINT_DIR
            ? `npm run pretrain -- --corpus ${TRANSLATE_FR_CORPUS_ID}`
            : 'npm run pretrain';
      throw new Error(`the default checkpoint ${dir} does not exist yet: run \`${pretrain}\` to create it, or pass --checkpoint DIR`);
    }
  }
  return { dir, checkpoint: await readCheckpointDir(dir) };
}

function describeCheckpoint(dir: string, c: Checkpoint): string {
  const t = c.training;
  return `checkpoint ${dir}: step ${t.step}, corpus ${t.corpus}, seed ${t.seed}, vocabulary ${c.config.vocabSize}`;
}

async function loadModel(
  opts: Options,
): Promise<{ rt: Runtime; checkpoint: Checkpoint; model: Transformer; tokenizer: Tokenizer }> {
  const { dir, checkpoint } = await loadCheckpoint(opts);
  if (isEncoderDecoder(checkpoint.config)) {
    throw new Error(`checkpoint ${dir} is an encoder–decoder (translation) model: use translate, eval-translate or analyze-translate`);
  }
  const { rt } = await startBackend();
  progress(describeCheckpoint(dir, checkpoint));
  const tokenizer = new Tokenizer(checkpoint.tokenizer.vocab, checkpoint.tokenizer.kind);
  const model = rt.Transformer.create(checkpoint.config, checkpoint.weights);
  return { rt, checkpoint, model, tokenizer };
}

/** An encoder–decoder checkpoint (default: the shipped translation model) and its tokenizer. */
async function loadTranslationModel(
  opts: Options,
): Promise<{ rt: Runtime; checkpoint: Checkpoint; model: EncoderDecoder; tokenizer: Tokenizer }> {
  // --corpus builtin:translate-fr (where the command takes it) picks that corpus's shipped checkpoint.
  const french = opts.has('corpus') && opts.string('corpus') === TRANSLATE_FR_CORPUS_ID;
  const { dir, checkpoint } = await loadCheckpoint(opts, french ? DEFAULT_TRANSLATE_FR_CHECKPOINT_DIR : DEFAULT_TRANSLATE_CHECKPOINT_DIR);
  if (!isEncoderDecoder(checkpoint.config)) {
    throw new Error(`checkpoint ${dir} is a decoder-only model, not an encoder–decoder: translation needs one (e.g. ${DEFAULT_TRANSLATE_CHECKPOINT_DIR})`);
  }
  const { rt } = await startBackend();
  progress(describeCheckpoint(dir, checkpoint));
  const tokenizer = new Tokenizer(checkpoint.tokenizer.vocab, checkpoint.tokenizer.kind);
  const model = rt.EncoderDecoder.create(checkpoint.config, checkpoint.weights);
  return { rt, checkpoint, model, tokenizer };
}

// --------------------------------------------------------------------------------------------------

async function loadCorpus(spec: string, seed: number): Promise<{ corpus: AnyCorpus; name: string }> {
  if (spec === COREF_CORPUS_ID) return { corpus: createCorefCorpus(seed), name: COREF_CORPUS_ID };
  const translation = translationCorpus(spec);
  if (translation) return { corpus: translation.create(seed), name: translation.id };
  if (spec === REPEAT_CORPUS_ID) return { corpus: createRepeatCorpus(seed), name: REPEAT_CORPUS_ID };
  if (isDocumentCorpusId(spec)) return { corpus: await readDocumentCorpus(spec), name: spec };
  if (spec.startsWith('builtin:')) {
    const known = [COREF_CORPUS_ID, ...TRANSLATION_CORPUS_IDS, ...DOCUMENT_CORPUS_IDS, REPEAT_CORPUS_ID].join(', ');
    throw new UsageError(`unknown built-in corpus ${JSON.stringify(spec)} (there are ${known})`);
  }
  let size: number;
  try {
    const s = await stat(spec);
    if (!s.isFile()) throw new Error('not a file');
    size = s.size;
  } catch {
    throw new Error(`cannot read corpus file ${spec}: no such file`);
  }
  // UTF-8 takes at least one byte per character: refuse what cannot fit before reading it.
  if (size > MAX_CORPUS_CHARS * 4) throw new Error(`corpus file ${spec} is too large (${size} bytes)`);
  const text = await readFile(spec, 'utf8');
  return { corpus: createTextCorpus(text, { name: basename(spec) }), name: spec };
}

async function train(opts: Options): Promise<unknown> {
  const corpusSpec = opts.string('corpus') ?? COREF_CORPUS_ID;
  const steps = opts.int('steps', { min: 0, max: 1_000_000 });
  const out = opts.requireString('out');
  const seed = opts.int('seed', { min: 0, max: 2 ** 31 - 1, fallback: DEFAULT_SEED });
  const batchSize = opts.int('batch', { min: 1, max: 1024, fallback: DEFAULT_BATCH_SIZE });
  const learningRate = opts.has('lr') ? opts.number('lr', { min: 1e-7, max: 1 }) : undefined;
  const weightDecay = opts.has('weight-decay') ? opts.number('weight-decay', { min: 0, max: 100 }) : undefined;
  const tokenEmbeddingStd = opts.has('embedding-std') ? opts.number('embedding-std', { min: 0, max: 100 }) : undefined;
  const tiedOutput = opts.flag('tied') ? true : undefined;
  const embeddingScale = opts.has('embedding-scale') ? opts.number('embedding-scale', { min: 1e-3, max: 1e3 }) : undefined;

  const { corpus, name } = await loadCorpus(corpusSpec, seed);
  // A pair corpus trains the encoder–decoder, whose presets are listed apart.
  // The corpus's own preset (CORPUS_MODELS, what the app's Training controls start from), else the default.
  const builtin = Object.hasOwn(CORPUS_MODELS, name) ? CORPUS_MODELS[name as BuiltinCorpusId] : null;
  // Any encoder–decoder preset trains any pair corpus (e.g. the French model's shape on builtin:translate).
  const presetNames: readonly string[] = isPairCorpus(corpus) ? ENCODER_DECODER_PRESET_NAMES : PRESET_NAMES;
  const presetName = opts.string('preset') ?? builtin?.defaults.preset ?? (isPairCorpus(corpus) ? ENCODER_DECODER_PRESET_NAMES[0] : DEFAULT_PRESET);
  if (!presetNames.includes(presetName)) {
    throw new UsageError(`unknown preset ${JSON.stringify(presetName)} for ${name} (choose ${presetNames.join(', ')})`);
  }
  const preset = presetName as PresetName | EncoderDecoderPresetName;
  const { rt, backend } = await startBackend();
  // --pack: rows filled with whole documents one after another, as the app trains (padded rows otherwise).
  const pack = opts.flag('pack');
  const run = await rt.runTraining({ corpus, corpusName: name, preset, steps, seed, batchSize, learningRate, pack, weightDecay, tokenEmbeddingStd, tiedOutput, embeddingScale, log: progress });
  try {
    const training = {
      step: run.steps,
      seed,
      corpus: name,
      preset,
      batch: batchSize,
      ...(learningRate !== undefined ? { learningRate } : {}),
      ...(pack ? { packed: true } : {}),
      ...(weightDecay !== undefined ? { weightDecay } : {}),
      // The initial scale actually used (the option, else the preset's), for `embeddings --since-init`.
      ...(run.tokenEmbeddingStd !== undefined ? { tokenEmbeddingStd: run.tokenEmbeddingStd } : {}),
      loss: run.loss,
      valLoss: run.valLoss,
    };
    await writeCheckpointDir(out, await rt.checkpointOf(run.model, corpus.vocab, training, corpus.tokenizerKind));
    progress(`wrote ${out}`);
    return {
      steps: run.steps,
      loss: run.loss,
      valLoss: run.valLoss,
      seconds: run.seconds,
      tokensPerSecond: run.tokensPerSecond,
      preset,
      parameters: run.parameters,
      vocabSize: run.config.vocabSize,
      backend,
      seed,
      corpus: name,
      batch: batchSize,
      out,
    };
  } finally {
    run.model.dispose();
  }
}

// --------------------------------------------------------------------------------------------------

function topNext(probs: Float32Array, vocab: readonly string[], k: number): { token: string; prob: number }[] {
  const order = Array.from(probs.keys()).sort((a, b) => probs[b] - probs[a] || a - b);
  return order.slice(0, k).map((id) => ({ token: vocab[id], prob: probs[id] }));
}

function attentionOf(trace: ForwardTrace): number[][][][] {
  // [layer][head][T][T]; weights are finite (0 above the diagonal), so no nulls.
  return trace.layers.map((layer) => layer.weights.map((w) => matToJSON(w) as number[][]));
}

async function probe(opts: Options): Promise<unknown> {
  const text = opts.requireString('text');
  const withTrace = opts.flag('trace');
  const withBackward = opts.flag('backward');
  const { rt, model, tokenizer } = await loadModel(opts);
  try {
    const encoded = tokenizer.encode(text);
    const T = encoded.ids.length;
    if (T > model.config.contextLength) {
      throw new Error(`the text is ${T} tokens long (with <bos>); this model reads at most ${model.config.contextLength}`);
    }
    const trace = await model.trace(encoded.ids);
    const probs = trace.probs.data.subarray((T - 1) * trace.probs.cols, T * trace.probs.cols);
    const result: Record<string, unknown> = {
      tokens: encoded.tokens,
      ids: encoded.ids,
      unknown: encoded.unknown,
      next: topNext(probs, tokenizer.vocab, 10),
      attention: attentionOf(trace),
    };
    if (withTrace) result.trace = traceToJSON(trace);
    if (withBackward) {
      // The training step's gradients (src/train/backward.ts); its Adam update goes to a copy and is not printed.
      const step = await rt.backwardTrace(model, encoded.ids);
      result.loss = step.loss;
      result.losses = step.losses;
      result.backward = gradientTraceToJSON(step.grad, model.config);
      result.weightGradients = weightGradientsToJSON(step.weights);
    }
    return result;
  } finally {
    model.dispose();
  }
}

async function generateCommand(opts: Options): Promise<unknown> {
  const text = opts.requireString('text');
  const n = opts.int('tokens', { min: 0, max: 10_000, fallback: 20 });
  const temperature = opts.number('temperature', { min: 0, max: 100, fallback: 1 });
  const topK = opts.int('top-k', { min: 0, fallback: 0 });
  const topP = opts.number('top-p', { min: 0, max: 1, fallback: 1 });
  if (opts.has('top-p') && topP === 0) throw new UsageError('option --top-p must be greater than 0');
  const seed = opts.int('seed', { min: 0, max: 2 ** 31 - 1, fallback: DEFAULT_SEED });
  const { rt, model, tokenizer } = await loadModel(opts);
  try {
    return await rt.generate(model, tokenizer, text, n, { temperature, topK, topP }, seed);
  } finally {
    model.dispose();
  }
}

/**
 * `head-roles`: {text, repeat, roles: {role: [layer][head]}, sites: {site: {…}}}. `roles` is the
 * decoder's self-attention (the decoder-only model's one site); `sites` has every self-attention site
 * (the encoder–decoder: encoder and decoder-self). A role undefined on the probe is null.
 */
async function headRolesCommand(opts: Options): Promise<unknown> {
  const { dir, checkpoint } = await loadCheckpoint(opts);
  const { rt } = await startBackend();
  progress(describeCheckpoint(dir, checkpoint));
  const tokenizer = new Tokenizer(checkpoint.tokenizer.vocab, checkpoint.tokenizer.kind);
  const text = opts.string('text') ?? rt.defaultRoleProbes[checkpoint.training.corpus] ?? rt.defaultRoleProbes[COREF_CORPUS_ID];
  if (isEncoderDecoder(checkpoint.config)) {
    const model = rt.EncoderDecoder.create(checkpoint.config, checkpoint.weights);
    try {
      const source = tokenizer.encode(text, { bos: false }).ids.slice(0, model.config.contextLength);
      if (source.length === 0) throw new Error('there is no text to measure the roles on');
      const written = await rt.translate(model, source, { maxTokens: model.config.contextLength - 1 });
      return rolesJSON(text, await rt.measureHeadRoles(model, tokenizer, text, written));
    } finally {
      model.dispose();
    }
  }
  const model = rt.Transformer.create(checkpoint.config, checkpoint.weights);
  try {
    return rolesJSON(text, await rt.measureHeadRoles(model, tokenizer, text));
  } finally {
    model.dispose();
  }
}

function rolesJSON(text: string, roles: HeadRoles): Record<string, unknown> {
  const sites: Record<string, unknown> = {};
  for (const s of roles.sites) sites[s.site] = { textTokens: s.textTokens, repeatTokens: s.repeatTokens, roles: s.scores };
  const main = roles.sites.find((s) => s.site === 'decoder' || s.site === 'decoder-self') ?? roles.sites[0];
  return { text, textTokens: main.textTokens, repeatTokens: main.repeatTokens, roles: main.scores, sites };
}

/**
 * `embeddings`: {checkpoint, corpus, purity: {k, value, chance, words, byCategory}, pca: {top2Share,
 * shares, rows, mapPurity}, neighbours: {word: [{token, similarity}]}, accuracy?} (src/train/embeddingStats.ts).
 */
async function embeddingsCommand(opts: Options): Promise<unknown> {
  const withAccuracy = opts.flag('accuracy');
  const { dir, checkpoint } = await loadCheckpoint(opts);
  const matrix = checkpoint.weights.get('embedding/token');
  if (!matrix) throw new Error(`checkpoint ${dir} has no embedding/token weight`);
  const stats = embeddingStats({ rows: checkpoint.config.vocabSize, cols: checkpoint.config.dModel, data: matrix }, checkpoint.tokenizer.vocab);
  progress(`purity (k = ${stats.purity.k}) ${stats.purity.value.toFixed(3)} (chance ${stats.purity.chance.toFixed(3)}), PCA top-2 share ${stats.pca.top2Share.toFixed(3)}, purity on that 2-D map ${stats.pca.mapPurity.toFixed(3)}`);
  const result: Record<string, unknown> = { checkpoint: dir, corpus: checkpoint.training.corpus, step: checkpoint.training.step, ...stats };
  if (opts.flag('since-init')) {
    // What training added: E minus the seeded initial E of training.seed (src/model/init.ts), for a
    // checkpoint trained from scratch (npm run pretrain, cli train, the app's Train).
    const std = typeof checkpoint.training.tokenEmbeddingStd === 'number' ? checkpoint.training.tokenEmbeddingStd : 1;
    const init = initWeights(checkpoint.config, checkpoint.training.seed, { tokenEmbeddingStd: std }).get('embedding/token') as Float32Array;
    const learned = matrix.map((x, i) => x - init[i]);
    const rms = (a: Float32Array): number => Math.sqrt(a.reduce((sum, x) => sum + x * x, 0) / Math.max(1, a.length));
    const { neighbours: _n, ...since } = embeddingStats({ rows: checkpoint.config.vocabSize, cols: checkpoint.config.dModel, data: learned }, checkpoint.tokenizer.vocab);
    result.sinceInit = { initStd: std, rmsInit: rms(init), rmsLearned: rms(learned), ...since };
  }
  if (withAccuracy) {
    const { rt, model, tokenizer } = await loadModel(opts);
    try {
      const cases = corefValidationCases(checkpoint.training.seed, { contextLength: model.config.contextLength });
      const { cases: _details, ...report } = await rt.evaluateCoref(model, tokenizer, cases);
      progress(`held-out coreference accuracy ${(100 * report.accuracy).toFixed(1)}% of ${report.n}`);
      result.accuracy = report.accuracy;
      result.accuracyByFamily = { cross: report.byFamily.cross.accuracy, fit: report.byFamily.fit.accuracy, zh: report.byFamily.zh.accuracy };
    } finally {
      model.dispose();
    }
  }
  return result;
}

// --------------------------------------------------------------------------------------------------

/** Mean attention, per layer and head, from the last prompt position to the answer and the distractor. */
async function evalCoref(opts: Options): Promise<unknown> {
  const attention = opts.flag('attention');
  const withCases = opts.flag('cases');
  const perFamily = opts.has('per-family') ? opts.int('per-family', { min: 1, max: 10_000 }) : undefined;
  const { rt, checkpoint, model, tokenizer } = await loadModel(opts);
  try {
    // The held-out pairs depend on the corpus seed: by default use the one the checkpoint was trained with.
    const seed = opts.int('seed', { min: 0, max: 2 ** 31 - 1, fallback: checkpoint.training.seed });
    const cases = corefValidationCases(seed, { perFamily, contextLength: model.config.contextLength });
    progress(`evaluating ${cases.length} coreference cases (seed ${seed})`);
    const report = await rt.evaluateCoref(model, tokenizer, cases, { attention });
    const { cases: details, ...summary } = report;
    const result: Record<string, unknown> = { seed, ...summary };
    if (attention) result.attentionByHead = rt.meanAnswerAttention(report);
    if (withCases) result.cases = details;
    return result;
  } finally {
    model.dispose();
  }
}

async function analyzeCoref(opts: Options): Promise<unknown> {
  const perFamily = opts.has('per-family') ? opts.int('per-family', { min: 1, max: 10_000 }) : undefined;
  const { rt, checkpoint, model, tokenizer } = await loadModel(opts);
  try {
    const seed = opts.int('seed', { min: 0, max: 2 ** 31 - 1, fallback: checkpoint.training.seed });
    const cases = corefValidationCases(seed, { perFamily, contextLength: model.config.contextLength });
    const pairs = canonicalPairs();
    const en = pairs.filter((c) => c.family !== 'zh');
    const zh = pairs.filter((c) => c.family === 'zh');
    progress('comparing attention of the canonical pairs');
    const comparisons = {
      english: await rt.compareAttention(model, tokenizer, en[0].prompt, en[1].prompt),
      chinese: await rt.compareAttention(model, tokenizer, zh[0].prompt, zh[1].prompt),
    };
    progress(`knocking out heads on ${cases.length} held-out cases`);
    const knockout = await rt.knockoutStudy(model, tokenizer, cases);
    const withAttention = await rt.evaluateCoref(model, tokenizer, cases, { attention: true });
    return {
      seed,
      cases: cases.length,
      comparisons: Object.fromEntries(
        Object.entries(comparisons).map(([k, c]) => [k, { ...c, pair: [c.tokensA.join(' '), c.tokensB.join(' ')] }]),
      ),
      knockout,
      answerAttention: rt.meanAnswerAttention(withAttention),
    };
  } finally {
    model.dispose();
  }
}

// --------------------------------------------------------------------------------------------------

/** CONTRACT §5: the greedy translation and every attention map (and with --trace every intermediate). */
async function translateCommand(opts: Options): Promise<unknown> {
  const text = opts.requireString('text');
  const withTrace = opts.flag('trace');
  const requested = opts.has('max-tokens') ? opts.int('max-tokens', { min: 0, max: 10_000 }) : undefined;
  const { rt, model, tokenizer } = await loadTranslationModel(opts);
  try {
    const n = model.config.contextLength;
    const encoded = tokenizer.encode(text, { bos: false });
    if (encoded.ids.length === 0) throw new Error('the text has no tokens to translate');
    if (encoded.ids.length > n) throw new Error(`the text is ${encoded.ids.length} tokens long; this model reads at most ${n}`);
    // The decoder reads <bos> + the target: at most contextLength − 1 target tokens can be traced.
    const maxTokens = Math.min(requested ?? n - 1, n - 1);
    const target = await rt.translate(model, encoded.ids, { maxTokens });
    const trace = await model.trace(encoded.ids, [BOS_ID, ...target]);
    const maps = (ws: { weights: Mat[] }[]): number[][][][] => ws.map((a) => a.weights.map((w) => matToJSON(w) as number[][]));
    const result: Record<string, unknown> = {
      source: encoded.tokens,
      target: target.map((id) => tokenizer.vocab[id]),
      unknown: encoded.unknown,
      encoderAttention: maps(trace.encoder.layers),
      selfAttention: maps(trace.decoder.layers.map((l) => l.self)),
      crossAttention: maps(trace.decoder.layers.map((l) => l.cross)),
    };
    if (withTrace) result.trace = encoderDecoderTraceToJSON(trace);
    return result;
  } finally {
    model.dispose();
  }
}

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

/** The translation corpus a checkpoint was trained on (builtin:translate when it names none of them). */
function corpusOfCheckpoint(checkpoint: Checkpoint): TranslationCorpusSpec {
  return translationCorpus(checkpoint.training.corpus) ?? TRANSLATION_CORPORA[TRANSLATE_CORPUS_ID];
}

async function evalTranslate(opts: Options): Promise<unknown> {
  const withCases = opts.flag('cases');
  const { rt, checkpoint, model, tokenizer } = await loadTranslationModel(opts);
  try {
    const spec = corpusOfCheckpoint(checkpoint);
    // The held-out pairs depend on the corpus seed: by default use the one the checkpoint was trained with.
    const seed = opts.int('seed', { min: 0, max: 2 ** 31 - 1, fallback: checkpoint.training.seed });
    const cases = spec.cases(seed, 'heldOut');
    progress(`translating ${cases.length} held-out cases of ${spec.id} (seed ${seed})`);
    const { cases: details, ...summary } = await rt.evaluateTranslate(model, tokenizer, cases);
    progress(`exact ${pct(summary.exact)}, referent ${pct(summary.referent)}, forced referent ${pct(summary.forcedReferent)}`);
    const canonical = await rt.evaluateTranslate(model, tokenizer, spec.canonical());
    const result: Record<string, unknown> = {
      corpus: spec.id,
      seed,
      ...summary,
      canonical: canonical.cases.map((c) => ({ source: c.source, reference: c.reference, output: c.output, exact: c.exact })),
    };
    if (withCases) result.cases = details;
    return result;
  } finally {
    model.dispose();
  }
}

/** One line per encoder head: its "it" row on the two nouns for both referent kinds, and the flips. */
function printEncoderIt(study: EncoderItStudy, names: { first: string; second: string }): void {
  const f = (x: number): string => x.toFixed(3);
  progress(`encoder "it" rows over ${study.cases} held-out cases (${study.distinct} whose pronoun differs):`);
  progress(`  head    it→first it→second (referent = ${names.first})   it→first it→second (referent = ${names.second})   absolute  relative`);
  for (const h of study.heads) {
    progress(
      `  ${headCode(h.layer, h.head).padEnd(7)} ${f(h.referentFirst.first).padStart(8)} ${f(h.referentFirst.second).padStart(9)}${' '.repeat(22)}${f(h.referentSecond.first).padStart(8)} ${f(h.referentSecond.second).padStart(9)}${' '.repeat(23)}${f(h.absoluteFlip).padStart(8)} ${f(h.relativeFlip).padStart(9)}`,
    );
  }
  const b = study.best;
  progress(
    `best: ${headCode(b.layer, b.head)} relative flip ${f(b.relativeFlip)}, absolute flip ${f(b.absoluteFlip)}: ` +
      (study.hasItHead ? `an "it" head (relative flip ≥ ${IT_HEAD_RELATIVE_FLIP})` : `no "it" head (relative flip < ${IT_HEAD_RELATIVE_FLIP})`),
  );
}

const bestOf = (heads: readonly EncoderItStudy['heads'][number][]) => {
  const b = heads.reduce((x, h) => (h.relativeFlip > x.relativeFlip ? h : x));
  return { layer: b.layer, head: b.head, label: headCode(b.layer, b.head), relativeFlip: b.relativeFlip, absoluteFlip: b.absoluteFlip };
};

const encoderItSummary = (study: EncoderItStudy) => ({
  cases: study.cases,
  distinctCases: study.distinct,
  /** The same over the cases whose pronoun depends on the referent (the nouns' genders differ). */
  bestDistinct: study.headsDistinct ? bestOf(study.headsDistinct) : null,
  best: { layer: study.best.layer, head: study.best.head, label: headCode(study.best.layer, study.best.head), relativeFlip: study.best.relativeFlip, absoluteFlip: study.best.absoluteFlip },
  hasItHead: study.hasItHead,
  hasShippableHead: study.hasItHead && study.best.absoluteFlip >= IT_HEAD_ABSOLUTE_FLIP,
  heads: study.heads,
  headsDistinct: study.headsDistinct,
});

async function analyzeTranslate(opts: Options): Promise<unknown> {
  if (opts.has('seeds')) return analyzeTranslateSeeds(opts);
  const { rt, checkpoint, model, tokenizer } = await loadTranslationModel(opts);
  try {
    const spec = corpusOfCheckpoint(checkpoint);
    const seed = opts.int('seed', { min: 0, max: 2 ** 31 - 1, fallback: checkpoint.training.seed });
    const started = performance.now();
    const log = (line: string): void => progress(`${((performance.now() - started) / 1000).toFixed(1)} s: ${line}`);
    const heldOut = spec.cases(seed, 'heldOut');
    log('encoder "it" rows');
    const encoderIt = await rt.encoderItStudy(model, tokenizer, heldOut);
    printEncoderIt(encoderIt, { first: 'first noun (tired …)', second: 'second noun (narrow …)' });
    const analysis = await rt.analyzeTranslation(model, tokenizer, heldOut, spec.cases(seed, 'train'), log, { canonical: spec.canonicalPairs() });
    log('done');
    return { corpus: spec.id, seed, encoderIt: encoderItSummary(encoderIt), ...analysis };
  } finally {
    model.dispose();
  }
}

/**
 * `analyze-translate --seeds A,B,…`: trains one model per seed as `npm run pretrain` trains the shipped
 * one (same preset, steps, batch, learning rate; nothing written) and measures each: accuracy on the
 * held-out pairs, the first evaluation (every 100 steps) with > 95 % exact translations, and the
 * encoder "it" study.
 */
async function analyzeTranslateSeeds(opts: Options): Promise<unknown> {
  const spec = translationCorpus(opts.string('corpus') ?? TRANSLATE_FR_CORPUS_ID);
  if (!spec) throw new UsageError(`--corpus must be one of ${TRANSLATION_CORPUS_IDS.join(', ')}`);
  const seeds = (opts.string('seeds') ?? '').split(',').map((x) => Number(x.trim()));
  if (seeds.length === 0 || seeds.some((s) => !Number.isInteger(s) || s < 0 || s > 2 ** 31 - 1)) throw new UsageError('--seeds must be a list of integers like 1,2,3');
  const steps = opts.int('steps', { min: 1, max: 1_000_000, fallback: spec.pretrain.steps });
  const batchSize = opts.int('batch', { min: 1, max: 1024, fallback: spec.pretrain.batch });
  const learningRate = opts.has('lr') ? opts.number('lr', { min: 1e-7, max: 1 }) : spec.pretrain.learningRate;
  const { rt } = await startBackend();
  const runs: unknown[] = [];
  for (const seed of seeds) {
    const corpus = spec.create(seed);
    const heldOut = spec.cases(seed, 'heldOut');
    let stepsTo95: number | null = null;
    const run = await rt.runTraining({
      corpus,
      corpusName: spec.id,
      preset: spec.preset,
      steps,
      seed,
      batchSize,
      learningRate,
      readable: true,
      evalEvery: 100,
      onEval: async (step, m) => {
        if (stepsTo95 !== null) return;
        const acc = await rt.translateAccuracy(m as EncoderDecoder, corpus.tokenizer, heldOut);
        if (acc.exact > 0.95) stepsTo95 = step;
      },
      logEvery: 100,
      log: progress,
    });
    try {
      const model = run.model as EncoderDecoder;
      const { cases: _c, ...report } = await rt.evaluateTranslate(model, corpus.tokenizer, heldOut);
      const study = await rt.encoderItStudy(model, corpus.tokenizer, heldOut);
      progress(`seed ${seed}: exact ${pct(report.exact)}, referent ${pct(report.referent)}, > 95 % exact at step ${stepsTo95 ?? 'never'}`);
      printEncoderIt(study, { first: 'first noun', second: 'second noun' });
      const { heads: _h, headsDistinct: _d, ...summary } = encoderItSummary(study);
      runs.push({ seed, steps: run.steps, seconds: run.seconds, exact: report.exact, referent: report.referent, forcedReferent: report.forcedReferent, stepsTo95, ...summary });
    } finally {
      run.model.dispose();
    }
  }
  const withHead = runs.filter((r) => (r as { hasItHead: boolean }).hasItHead).length;
  progress(`${withHead} of ${seeds.length} seeds grew an encoder "it" head (relative flip ≥ ${IT_HEAD_RELATIVE_FLIP})`);
  return { corpus: spec.id, steps, batch: batchSize, learningRate, threshold: { relativeFlip: IT_HEAD_RELATIVE_FLIP, absoluteFlip: IT_HEAD_ABSOLUTE_FLIP }, withItHead: withHead, runs };
}

// --------------------------------------------------------------------------------------------------

/** `baselines --corpus builtin:tang|builtin:english [--context N]`: unigram and bigram validation loss. */
async function baselines(opts: Options): Promise<unknown> {
  const id = opts.requireString('corpus');
  if (!isDocumentCorpusId(id)) throw new UsageError(`baselines are for ${DOCUMENT_CORPUS_IDS.join(' and ')}, not ${JSON.stringify(id)}`);
  const corpus = await readDocumentCorpus(id);
  const contextLength = opts.int('context', { min: 1, max: 512, fallback: PRESETS[id === 'builtin:tang' ? 'tang' : 'english'].contextLength });
  // --sequences N: only the first N validation windows (the browser's training view measures 128).
  const all = corpus.validationSequences(contextLength);
  const sequences = opts.int('sequences', { min: 1, max: 1_000_000, fallback: all.length });
  const b = ngramBaselines(corpus.train, all.slice(0, sequences), corpus.vocab.length);
  return {
    corpus: id,
    contextLength,
    sequences: Math.min(sequences, all.length),
    vocabSize: corpus.vocab.length,
    trainDocuments: corpus.train.length,
    validationDocuments: corpus.validation.length,
    validationTokens: b.tokens,
    unknownShare: unknownShare(corpus.validation),
    unigram: b.unigram,
    bigram: b.bigram,
  };
}

function unknownShare(docs: readonly Int32Array[]): number {
  let n = 0;
  let unk = 0;
  for (const d of docs) for (const id of d) {
      n++;
      if (id === UNK_ID) unk++;
    }
  return n > 0 ? unk / n : 0;
}

// --------------------------------------------------------------------------------------------------

const COMMANDS: Record<string, { options: { values: string[]; flags?: string[] }; run: (o: Options) => Promise<unknown> }> = {
  train: { options: { values: ['corpus', 'steps', 'seed', 'out', 'preset', 'batch', 'lr', 'weight-decay', 'embedding-std', 'embedding-scale'], flags: ['pack', 'tied'] }, run: train },
  probe: { options: { values: ['text', 'checkpoint'], flags: ['trace', 'backward'] }, run: probe },
  generate: {
    options: { values: ['text', 'tokens', 'temperature', 'top-k', 'top-p', 'seed', 'checkpoint'] },
    run: generateCommand,
  },
  'eval-coref': {
    options: { values: ['checkpoint', 'per-family', 'seed'], flags: ['attention', 'cases'] },
    run: evalCoref,
  },
  'head-roles': { options: { values: ['checkpoint', 'text'] }, run: headRolesCommand },
  embeddings: { options: { values: ['checkpoint'], flags: ['accuracy', 'since-init'] }, run: embeddingsCommand },
  'analyze-coref': { options: { values: ['checkpoint', 'per-family', 'seed'] }, run: analyzeCoref },
  translate: { options: { values: ['text', 'checkpoint', 'max-tokens'], flags: ['trace'] }, run: translateCommand },
  'eval-translate': { options: { values: ['checkpoint', 'seed', 'corpus'], flags: ['cases'] }, run: evalTranslate },
  'analyze-translate': { options: { values: ['checkpoint', 'seed', 'seeds', 'corpus', 'steps', 'batch', 'lr'] }, run: analyzeTranslate },
  baselines: { options: { values: ['corpus', 'context', 'sequences'] }, run: baselines },
};

runEntry(USAGE, async (argv) => {
  const [command, ...rest] = argv;
  if (command === undefined) throw new UsageError('no command given');
  const entry = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!entry) throw new UsageError(`unknown command ${JSON.stringify(command)}`);
  return entry.run(Options.parse(rest, entry.options));
});
