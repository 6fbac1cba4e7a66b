// The Node training loop shared by `npm run cli -- train` and `npm run pretrain`: build a model for a
// corpus, train it for a fixed number of steps with the app's Trainer, log progress, measure the
// validation loss and hand back a checkpoint. Deterministic for a given seed and backend.

import { Rng } from '../data/rng';
import { PAD_ID, type TokenizerKind } from '../data/tokenizer';
import { isPairCorpus, type AnyCorpus } from '../data/types';
import type { Checkpoint, TrainingInfo } from '../model/checkpoint';
import { EncoderDecoder } from '../model/encoderDecoder';
import { Transformer } from '../model/transformer';
import {
  ENCODER_DECODER_PRESET_NAMES,
  encoderDecoderPresetConfig,
  parameterCount,
  presetConfig,
  presetInitOptions,
  type EncoderDecoderPresetName,
  type ModelConfig,
  type PresetName,
} from '../shared/config';
import { DEFAULT_TRAIN_OPTIONS, Trainer, type TrainableModel, type TrainBatch } from '../train/trainer';


export interface TrainRunOptions {
  /** A token corpus trains the decoder-only model, a pair corpus (builtin:translate) the encoder–decoder. */
  corpus: AnyCorpus;
  /** Stored as training.corpus: "builtin:coref" or the file the user named. */
  corpusName: string;
  /** A decoder-only preset for a token corpus, an encoder–decoder preset for a pair corpus. */
  preset: PresetName | EncoderDecoderPresetName;
  steps: number;
  seed: number;
  batchSize: number;
  /** Peak learning rate; DEFAULT_TRAIN_OPTIONS.learningRate when absent. */
  learningRate?: number;
  /** Progress line every this many steps (and after the last one). */
  logEvery?: number;
  /** Call `onEval` every this many steps (0 = never) and after the last step. */
  evalEvery?: number;
  onEval?: (step: number, model: TrainableModel) => Promise<void>;
  log: (line: string) => void;
  /** Train through the readable layers (TrainerMode.readable): bitwise reproducible across versions. */
  readable?: boolean;
  /** The fused path with the ops the shipped real-text checkpoints were made with (TrainerMode.shippedTextOps). */
  shippedTextOps?: boolean;
  /** Fill token rows with whole documents one after another (Corpus.trainBatch's pack). */
  pack?: boolean;
  /** Decoder-only: the token-embedding initialisation's standard deviation (initWeights; default 1). */
  tokenEmbeddingStd?: number;
  /** Decoder-only: logits = x·Eᵀ (config.tiedOutput) instead of the preset's own output layer. */
  tiedOutput?: boolean;
  /** Decoder-only: X = embeddingScale·E[t] + P (config.embeddingScale, CONTRACT §1) instead of the preset's. */
  embeddingScale?: number;
  /** Decoupled weight decay λ (TrainOptions.weightDecay; default 0). */
  weightDecay?: number;
}

export interface TrainRunResult {
  model: TrainableModel;
  config: ModelConfig;
  steps: number;
  /** Training loss of the last step; at step 0 the loss on one training batch. */
  loss: number;
  /** Mean loss per target token on the corpus's validation batches. */
  valLoss: number;
  seconds: number;
  /** Non-pad target tokens trained on per second of training steps (0 when no step was taken). */
  tokensPerSecond: number;
  parameters: number;
  /** Decoder-only: the token embeddings' initial standard deviation when not initWeights' 1 (the option, else the preset's). */
  tokenEmbeddingStd?: number;
}

function targetTokens(batch: TrainBatch): number {
  let n = 0;
  for (let i = 0; i < batch.targets.length; i++) if (batch.targets[i] !== PAD_ID) n++;
  return n;
}

const fmt = (x: number, digits = 4): string => (Number.isFinite(x) ? x.toFixed(digits) : String(x));

/** The token embeddings' initial standard deviation: the option, else the preset's (presetInitOptions), else undefined (1). */
function initialEmbeddingStd(o: TrainRunOptions): number | undefined {
  return o.tokenEmbeddingStd ?? presetInitOptions(o.preset).tokenEmbeddingStd;
}

/** The model a corpus trains: the encoder–decoder for a pair corpus, else the decoder-only model. */
function freshModel(o: TrainRunOptions): { config: ModelConfig; model: TrainableModel } {
  const vocabSize = o.corpus.vocab.length;
  const seq2seq = (ENCODER_DECODER_PRESET_NAMES as readonly string[]).includes(o.preset);
  if (isPairCorpus(o.corpus) !== seq2seq) {
    throw new Error(`preset "${o.preset}" does not fit corpus ${o.corpusName} (${isPairCorpus(o.corpus) ? 'source/target pairs' : 'token sequences'})`);
  }
  if (seq2seq) {
    if (o.tokenEmbeddingStd !== undefined || o.tiedOutput !== undefined || o.embeddingScale !== undefined) {
      throw new Error('--embedding-std, --embedding-scale and --tied are options of the decoder-only model');
    }
    const config = encoderDecoderPresetConfig(o.preset as EncoderDecoderPresetName, vocabSize);
    return { config, model: EncoderDecoder.init(config, o.seed) };
  }
  const config = {
    ...presetConfig(o.preset as PresetName, vocabSize),
    ...(o.tiedOutput !== undefined ? { tiedOutput: o.tiedOutput } : {}),
    ...(o.embeddingScale !== undefined ? { embeddingScale: o.embeddingScale } : {}),
  };
  return { config, model: Transformer.init(config, o.seed, { tokenEmbeddingStd: initialEmbeddingStd(o) }) };
}

/** A training batch of either kind of corpus. */
function drawBatch(corpus: AnyCorpus, rng: Rng, batchSize: number, contextLength: number, pack = false): TrainBatch {
  return isPairCorpus(corpus) ? corpus.trainBatch(rng, batchSize, contextLength) : corpus.trainBatch(rng, batchSize, contextLength, pack);
}

/** Trains a fresh model of `preset` on `corpus`. The caller owns (and disposes) the returned model. */
export async function runTraining(o: TrainRunOptions): Promise<TrainRunResult> {
  const started = performance.now();
  const { config, model } = freshModel(o);
  const trainer = new Trainer(model, {
    ...DEFAULT_TRAIN_OPTIONS,
    totalSteps: Math.max(o.steps, 1),
    ...(o.learningRate !== undefined ? { learningRate: o.learningRate } : {}),
    ...(o.weightDecay !== undefined ? { weightDecay: o.weightDecay } : {}),
  }, { readable: o.readable, shippedTextOps: o.shippedTextOps });
  const rng = new Rng(o.seed).fork(); // batches; independent of the initialisation stream
  const logEvery = o.logEvery ?? 20;
  const evalEvery = o.evalEvery ?? 0;
  const parameters = parameterCount(config);
  o.log(
    `training ${o.preset} (${parameters} parameters, vocabulary ${config.vocabSize}) on ${o.corpusName}: ` +
      `${o.steps} steps, batch ${o.batchSize}, seed ${o.seed}, learning rate ${trainer.options.learningRate}` +
      (trainer.options.weightDecay > 0 ? `, weight decay ${trainer.options.weightDecay}` : '') +
      (initialEmbeddingStd(o) !== undefined ? `, token embeddings ~ N(0, ${initialEmbeddingStd(o)}²)` : '') +
      (config.embeddingScale !== 1 ? `, embedding scale ${config.embeddingScale}` : '') +
      (config.tiedOutput ? ', tied output' : ''),
  );

  try {
    let loss = Number.NaN;
    let stepSeconds = 0;
    let tokens = 0;
    let windowLoss = 0;
    let windowSteps = 0;
    for (let step = 1; step <= o.steps; step++) {
      const batch = drawBatch(o.corpus, rng, o.batchSize, config.contextLength, o.pack);
      const t0 = performance.now();
      const r = await trainer.trainStep(batch);
      stepSeconds += (performance.now() - t0) / 1000;
      tokens += targetTokens(batch);
      loss = r.loss;
      if (!Number.isFinite(r.loss)) {
        throw new Error(`training diverged at step ${step} (loss ${r.loss}); try a lower --lr`);
      }
      windowLoss += r.loss;
      windowSteps++;
      if (step % logEvery === 0 || step === o.steps) {
        o.log(
          `step ${step}/${o.steps}  loss ${fmt(windowLoss / windowSteps)}  lr ${r.learningRate.toExponential(2)}  ` +
            `grad norm ${fmt(r.gradNorm, 3)}  ${Math.round(tokens / Math.max(stepSeconds, 1e-9))} tokens/s`,
        );
        windowLoss = 0;
        windowSteps = 0;
      }
      if (o.onEval && evalEvery > 0 && step % evalEvery === 0 && step !== o.steps) await o.onEval(step, model);
    }
    if (o.steps === 0) {
      loss = await trainer.evaluate([drawBatch(o.corpus, rng, o.batchSize, config.contextLength, o.pack)]);
    }
    const valLoss = await trainer.evaluate(o.corpus.validationBatches(o.batchSize, config.contextLength));
    o.log(`validation loss ${fmt(valLoss)} after ${o.steps} steps`);
    if (o.onEval) await o.onEval(o.steps, model);
    return {
      model,
      config,
      steps: o.steps,
      loss,
      valLoss,
      seconds: (performance.now() - started) / 1000,
      tokensPerSecond: stepSeconds > 0 ? tokens / stepSeconds : 0,
      parameters,
      ...(initialEmbeddingStd(o) !== undefined ? { tokenEmbeddingStd: initialEmbeddingStd(o) } : {}),
    };
  } catch (e) {
    model.dispose();
    throw e;
  } finally {
    trainer.dispose();
  }
}

/** The checkpoint of a model's current weights. */
export async function checkpointOf(
  model: TrainableModel,
  vocab: readonly string[],
  training: TrainingInfo,
  kind: TokenizerKind = 'word',
): Promise<Checkpoint> {
  return {
    config: { ...model.config },
    tokenizer: { kind, vocab: [...vocab] },
    training,
    weights: await model.readWeights(),
  };
}
