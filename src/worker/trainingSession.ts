// One training run, independent of the worker's messaging (so Node can run the same code in the
// unit tests): the model being trained (either kind), its Trainer, the corpus (a plugin of
// trainingCorpora.ts, which decides the model kind, the batches and the held-out evaluation), a
// divergence guard that keeps the last good weights, validation (loss + the corpus's own figures),
// history snapshots of a probe sentence. Batches are drawn from an Rng seeded by (seed, step), so a
// resumed run sees the batches it would have seen without the interruption.

import * as tf from '@tensorflow/tfjs';
import { Rng } from '../data/rng';
import { PAD_ID, type Tokenizer } from '../data/tokenizer';
import type { WeightMap } from '../model/weights';
import {
  ENCODER_DECODER_PRESET_NAMES,
  encoderDecoderPresetConfig,
  PRESET_NAMES,
  presetConfig,
  presetInitOptions,
  type EncoderDecoderPresetName,
  type ModelConfig,
  type PresetName,
} from '../shared/config';
import { DEFAULT_TRAIN_SETTINGS, type Divergence, type TrainEval, type TrainPresetName, type TrainSettings, type TrainSnapshot } from '../shared/training';
import { DEFAULT_TRAIN_OPTIONS, Trainer, type OptimizerState, type TrainOptions } from '../train/trainer';
import { BackendLostError, backendContextLost } from './contextLoss';
import { modelKindOf, type ModelKind, type TrainableModel } from './modelKinds';
import { openCorpus, type TrainBatch, type TrainingCorpus } from './trainingCorpora';

export { PACK_DOCUMENTS, EVAL_CASES_PER_FAMILY } from './trainingCorpora';

/**
 * A loss above this counts as blown up: three times the loss of guessing uniformly over the
 * vocabulary (ln V, what a fresh model scores), and never below 10. Healthy training stays under ln V.
 */
export function explodedLoss(vocabSize: number): number {
  return Math.max(10, 3 * Math.log(vocabSize));
}

/** The trainer options of a run of `settings`: the app's defaults with its peak learning rate and length. */
export function trainOptionsOf(settings: Pick<TrainSettings, 'learningRate' | 'targetSteps'>): TrainOptions {
  return {
    ...DEFAULT_TRAIN_OPTIONS,
    learningRate: settings.learningRate,
    totalSteps: Math.max(settings.targetSteps, DEFAULT_TRAIN_OPTIONS.warmupSteps + 1),
  };
}

/** Validation sequences for the validation loss while training. */
export const EVAL_SEQUENCES = 32;

export interface GoodState {
  step: number;
  weights: WeightMap;
  optimizer: OptimizerState;
}

export type StepOutcome =
  | { kind: 'ok'; step: number; loss: number; tokens: number; learningRate: number }
  | { kind: 'diverged'; divergence: Divergence };

/** The config of a preset, of whichever model kind it is, over `vocabSize` tokens. */
export function presetModelConfig(preset: TrainPresetName, vocabSize: number): ModelConfig {
  if ((ENCODER_DECODER_PRESET_NAMES as readonly string[]).includes(preset)) {
    return encoderDecoderPresetConfig(preset as EncoderDecoderPresetName, vocabSize);
  }
  if ((PRESET_NAMES as readonly string[]).includes(preset)) return presetConfig(preset as PresetName, vocabSize);
  throw new Error(`unknown preset ${String(preset)}`);
}

/** The config a run of these settings trains (the preset over the corpus's vocabulary). */
export function sessionConfig(settings: TrainSettings, vocabSize: number): ModelConfig {
  return presetModelConfig(settings.preset, vocabSize);
}

/** The Rng of the batch of update number `step` (0-based). */
export function batchRng(seed: number, step: number): Rng {
  return new Rng((Math.imul(seed + 1, 0x9e3779b1) ^ Math.imul(step + 1, 0x85ebca6b)) >>> 0);
}

/** Target tokens (not padding) of a batch: what tokens/s counts. */
export function targetTokens(batch: TrainBatch): number {
  let n = 0;
  for (let i = 0; i < batch.targets.length; i++) if (batch.targets[i] !== PAD_ID) n++;
  return n;
}

function allFinite(map: WeightMap): boolean {
  for (const values of map.values()) {
    for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return false;
  }
  return true;
}

/** The model kind of `config`, which must be the one the corpus trains. */
function kindFor(corpus: TrainingCorpus, config: ModelConfig): ModelKind {
  const kind = modelKindOf(config);
  if (kind.architecture !== corpus.architecture) {
    throw new Error(`the corpus ${corpus.id} trains the ${corpus.architecture} model, but the model is ${kind.architecture}`);
  }
  return kind;
}

export class TrainingSession {
  readonly model: TrainableModel;
  readonly corpus: TrainingCorpus;
  private readonly kind: ModelKind;
  private readonly trainer: Trainer;
  private settingsValue: TrainSettings;
  private good: GoodState | null = null;
  /**
   * The latest good copy whose weights also gave a sane loss on the next step (an update that blew
   * the weights up leaves them finite, so the copy taken right after it is not trusted until then).
   */
  private confirmed: GoodState | null = null;
  private valBatches: TrainBatch[] | null = null;
  private lastLoss = Number.NaN;

  private constructor(corpus: TrainingCorpus, kind: ModelKind, model: TrainableModel, settings: TrainSettings) {
    this.model = model;
    this.corpus = corpus;
    this.kind = kind;
    this.settingsValue = { ...settings };
    this.trainer = new Trainer(model, trainOptionsOf(settings));
  }

  /** A fresh model of `settings` (seeded initialisation) at step 0. */
  static fresh(settings: TrainSettings, config?: ModelConfig): TrainingSession {
    const corpus = openCorpus(settings);
    const c = config ?? sessionConfig(settings, corpus.tokenizer.size);
    const kind = kindFor(corpus, c);
    return new TrainingSession(corpus, kind, kind.init(c, settings.seed, presetInitOptions(settings.preset)), settings);
  }

  /**
   * A run from step 0 that starts from given weights (the model in use, e.g. the shipped 唐诗 model)
   * with a fresh optimizer; the model is a new copy, owned like a fresh one.
   */
  static fromWeights(settings: TrainSettings, config: ModelConfig, weights: WeightMap): TrainingSession {
    const corpus = openCorpus(settings);
    if (corpus.tokenizer.size !== config.vocabSize) {
      throw new Error(`the model has ${config.vocabSize} tokens but the corpus has ${corpus.tokenizer.size}`);
    }
    const kind = kindFor(corpus, config);
    return new TrainingSession(corpus, kind, kind.create(config, weights), settings);
  }

  /** A run continued from saved weights and optimizer state (throws, disposing what it built, on any mismatch). */
  static restore(settings: TrainSettings, config: ModelConfig, weights: WeightMap, optimizer: OptimizerState): TrainingSession {
    const corpus = openCorpus(settings);
    if (corpus.tokenizer.size !== config.vocabSize) {
      throw new Error(`the saved model has ${config.vocabSize} tokens but the corpus has ${corpus.tokenizer.size}`);
    }
    const kind = kindFor(corpus, config);
    const model = kind.create(config, weights);
    const session = new TrainingSession(corpus, kind, model, settings);
    try {
      session.trainer.importState(optimizer);
    } catch (e) {
      session.dispose();
      model.dispose();
      throw e;
    }
    return session;
  }

  get step(): number {
    return this.trainer.step;
  }

  get tokenizer(): Tokenizer {
    return this.corpus.tokenizer;
  }

  get textStats(): TrainingCorpus['textStats'] {
    return this.corpus.textStats;
  }

  get settings(): TrainSettings {
    return { ...this.settingsValue };
  }

  /** The options its next step trains with (clipping, Adam's hyper-parameters, the schedule). */
  get trainOptions(): TrainOptions {
    return this.trainer.options;
  }

  get loss(): number {
    return this.lastLoss;
  }

  get goodStep(): number | null {
    return this.good?.step ?? null;
  }

  /** Learning rate, batch size and target steps take effect from the next step. */
  configure(change: { learningRate?: number; batchSize?: number; targetSteps?: number }): void {
    const next = { ...this.settingsValue, ...change };
    this.trainer.setOptions({
      learningRate: next.learningRate,
      totalSteps: Math.max(next.targetSteps, DEFAULT_TRAIN_OPTIONS.warmupSteps + 1),
    });
    this.settingsValue = next;
  }

  /** One update. A non-finite loss puts the last good weights back and reports the divergence. */
  async trainOnce(): Promise<StepOutcome> {
    const s = this.settingsValue;
    const batch = this.corpus.trainBatch(batchRng(s.seed, this.trainer.step), s.batchSize, this.model.config.contextLength);
    const before = this.trainer.step;
    const r = await this.trainer.trainStep(batch);
    if (!Number.isFinite(r.loss)) return { kind: 'diverged', divergence: this.rollBack(r.step, 'loss') };
    // A learning rate far too high does not always give NaN: Adam moves every weight by about the
    // learning rate per step, so the loss can climb to millions and stay finite. Caught here too.
    const limit = explodedLoss(this.model.config.vocabSize);
    if (r.loss > limit) return { kind: 'diverged', divergence: this.rollBack(r.step, 'exploded', r.loss, limit) };
    // The loss was measured on the weights of the latest good copy: that copy is confirmed good.
    if (this.good && this.good.step === before) this.confirmed = this.good;
    this.lastLoss = r.loss;
    return { kind: 'ok', step: r.step, loss: r.loss, tokens: targetTokens(batch), learningRate: r.learningRate };
  }

  /**
   * Copies the current weights and optimizer state as the "last good" ones. Returns a divergence
   * (after rolling back) when a weight is not finite.
   */
  async keepGood(): Promise<Divergence | null> {
    const weights = await this.readWeightsOnce();
    const optimizer = await this.trainer.exportState();
    // Read back from a lost WebGL context, these are zeros, not weights: never keep them as "good".
    if (backendContextLost()) throw new BackendLostError('webgl');
    if (!allFinite(weights) || !allFinite(optimizer.m) || !allFinite(optimizer.v)) return this.rollBack(this.step, 'weights');
    this.good = { step: optimizer.step, weights, optimizer };
    return null;
  }

  /** Every weight in one read-back (one GPU sync on WebGL instead of one per weight), by CONTRACT name. */
  private async readWeightsOnce(): Promise<WeightMap> {
    const named = this.model.variables();
    const flat = tf.tidy(() => tf.concat(named.map((n) => tf.reshape(n.variable, [-1])))); // [all parameters]
    let values: Float32Array;
    try {
      values = (await flat.data()) as Float32Array;
    } finally {
      flat.dispose();
    }
    const out: WeightMap = new Map();
    let offset = 0;
    for (const n of named) {
      out.set(n.name, values.slice(offset, offset + n.variable.size));
      offset += n.variable.size;
    }
    return out;
  }

  /** The last good state (weights known to be finite), for autosave. */
  lastGood(): GoodState | null {
    return this.good;
  }

  private rollBack(step: number, what: Divergence['what'], loss?: number, lossLimit?: number): Divergence {
    const lr = this.settingsValue.learningRate;
    const back = this.confirmed ?? this.good;
    const divergence: Divergence = {
      step,
      what,
      restoredStep: back?.step ?? 0,
      learningRate: lr,
      suggestedLearningRate: Number(Math.min(lr / 3, DEFAULT_TRAIN_SETTINGS.learningRate).toPrecision(2)),
      ...(loss !== undefined ? { loss, lossLimit } : {}),
    };
    if (back) {
      this.model.assignWeights(back.weights);
      this.trainer.importState(back.optimizer);
      this.good = back;
    }
    return divergence;
  }

  /** Validation loss on the first EVAL_SEQUENCES validation sequences, and the corpus's own held-out figures. */
  async evaluate(): Promise<TrainEval> {
    this.valBatches ??= this.corpus.validationBatches(this.model.config.contextLength, EVAL_SEQUENCES);
    const valLoss = this.valBatches.length > 0 ? await this.trainer.evaluate(this.valBatches) : Number.NaN;
    const figures = await this.corpus.evaluate(this.model);
    return { step: this.step, valLoss, ...figures };
  }

  /** Attention of every head at every site and the token embeddings for `text` (cropped to `maxTokens`). */
  async snapshot(text: string, maxTokens: number): Promise<TrainSnapshot> {
    const probe = this.corpus.probeText ? this.corpus.probeText(text) : text;
    const body = await this.kind.snapshot(this.model, this.corpus.tokenizer, probe, maxTokens);
    return { ...body, step: this.step, loss: this.lastLoss };
  }

  async exportOptimizer(): Promise<OptimizerState> {
    return this.trainer.exportState();
  }

  /** Releases the optimizer state. The model is owned by whoever installed it (the ModelHost in the worker). */
  dispose(): void {
    this.trainer.dispose();
  }
}

/** Tensors alive in the backend (what the leak test and the benchmark compare). */
export function liveTensors(): number {
  return tf.memory().numTensors;
}
