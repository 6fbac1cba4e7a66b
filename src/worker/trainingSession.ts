// One training run, independent of the worker's messaging (so Node can run the same code in the
// unit tests): the model being trained, its Trainer, the corpus, a divergence guard that keeps the
// last good weights, validation (loss + coreference accuracy), history snapshots of a probe sentence.
// Batches are drawn from an Rng seeded by (seed, step), so a resumed run sees the batches it would
// have seen without the interruption.

import * as tf from '@tensorflow/tfjs-core';
import { COREF_CORPUS_ID, corefValidationCases, createCorefCorpus, type CorefCase } from '../data/coref';
import { Rng } from '../data/rng';
import { createTextCorpus } from '../data/textCorpus';
import { PAD_ID, type Tokenizer } from '../data/tokenizer';
import type { Corpus, TokenBatch } from '../data/types';
import { Transformer } from '../model/transformer';
import type { WeightMap } from '../model/weights';
import { presetConfig, type ModelConfig } from '../shared/config';
import { DEFAULT_TRAIN_SETTINGS, type Divergence, type TrainEval, type TrainSettings, type TrainSnapshot } from '../shared/training';
import { evaluateCoref } from '../train/corefEval';
import { DEFAULT_TRAIN_OPTIONS, Trainer, type OptimizerState } from '../train/trainer';
import { BackendLostError, backendContextLost } from './contextLoss';

/** Coreference validation cases per family measured while training (3 families → 24 cases, one batch). */
export const EVAL_CASES_PER_FAMILY = 8;
/**
 * A loss above this counts as blown up: three times the loss of guessing uniformly over the
 * vocabulary (ln V, what a fresh model scores), and never below 10. Healthy training stays under ln V.
 */
export function explodedLoss(vocabSize: number): number {
  return Math.max(10, 3 * Math.log(vocabSize));
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

export interface SessionParts {
  model: Transformer;
  tokenizer: Tokenizer;
  corpus: Corpus;
  textStats: { tokens: number; vocabSize: number; unknownTokens: number } | null;
}

/** Builds the corpus named by the settings (throws an Error with a clear message for unusable text). */
export function buildCorpus(settings: TrainSettings): Omit<SessionParts, 'model'> {
  if (settings.corpus.kind === 'builtin') {
    const corpus = createCorefCorpus(settings.seed);
    return { corpus, tokenizer: corpus.tokenizer, textStats: null };
  }
  const corpus = createTextCorpus(settings.corpus.text, { name: settings.corpus.name || 'pasted' });
  const { tokens, vocabSize, unknownTokens } = corpus.stats;
  return { corpus, tokenizer: corpus.tokenizer, textStats: { tokens, vocabSize, unknownTokens } };
}

/** The config a run of these settings trains (the preset over the corpus's vocabulary). */
export function sessionConfig(settings: TrainSettings, vocabSize: number): ModelConfig {
  return presetConfig(settings.preset, vocabSize);
}

/** The Rng of the batch of update number `step` (0-based). */
/**
 * The browser trains on packed rows: each row of the batch filled with whole documents one after the
 * other (data/batching.ts packDocuments) rather than one document and padding. About 40 % of a padded
 * coreference batch was padding; packed, every position but the documents' boundaries is a target,
 * for the same cost per step. (The CLI's pretraining keeps padded rows, so the shipped checkpoint is
 * reproduced exactly.)
 */
export const PACK_DOCUMENTS = true;

export function batchRng(seed: number, step: number): Rng {
  return new Rng((Math.imul(seed + 1, 0x9e3779b1) ^ Math.imul(step + 1, 0x85ebca6b)) >>> 0);
}

export function targetTokens(batch: TokenBatch): number {
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

export class TrainingSession {
  readonly model: Transformer;
  readonly tokenizer: Tokenizer;
  readonly corpus: Corpus;
  readonly textStats: SessionParts['textStats'];
  private readonly trainer: Trainer;
  private settingsValue: TrainSettings;
  private good: GoodState | null = null;
  /**
   * The latest good copy whose weights also gave a sane loss on the next step (an update that blew
   * the weights up leaves them finite, so the copy taken right after it is not trusted until then).
   */
  private confirmed: GoodState | null = null;
  private evalCases: CorefCase[] | null = null;
  private valBatches: TokenBatch[] | null = null;
  private lastLoss = Number.NaN;

  private constructor(parts: SessionParts, settings: TrainSettings) {
    this.model = parts.model;
    this.tokenizer = parts.tokenizer;
    this.corpus = parts.corpus;
    this.textStats = parts.textStats;
    this.settingsValue = { ...settings };
    this.trainer = new Trainer(parts.model, {
      ...DEFAULT_TRAIN_OPTIONS,
      learningRate: settings.learningRate,
      totalSteps: Math.max(settings.targetSteps, DEFAULT_TRAIN_OPTIONS.warmupSteps + 1),
    });
  }

  /** A fresh model of `settings` (seeded initialisation) at step 0. */
  static fresh(settings: TrainSettings, config?: ModelConfig): TrainingSession {
    const parts = buildCorpus(settings);
    const model = Transformer.init(config ?? sessionConfig(settings, parts.corpus.vocab.length), settings.seed);
    return new TrainingSession({ ...parts, model }, settings);
  }

  /** A run continued from saved weights and optimizer state (throws, disposing what it built, on any mismatch). */
  static restore(settings: TrainSettings, config: ModelConfig, weights: WeightMap, optimizer: OptimizerState): TrainingSession {
    const parts = buildCorpus(settings);
    if (parts.corpus.vocab.length !== config.vocabSize) {
      throw new Error(`the saved model has ${config.vocabSize} tokens but the corpus has ${parts.corpus.vocab.length}`);
    }
    const model = Transformer.create(config, weights);
    const session = new TrainingSession({ ...parts, model }, settings);
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

  get settings(): TrainSettings {
    return { ...this.settingsValue };
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
    const batch = this.corpus.trainBatch(
      batchRng(s.seed, this.trainer.step),
      s.batchSize,
      this.model.config.contextLength,
      PACK_DOCUMENTS,
    );
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

  /** Validation loss on the first EVAL_SEQUENCES validation sequences and, for builtin:coref, accuracy on held-out cases. */
  async evaluate(): Promise<TrainEval> {
    const contextLength = this.model.config.contextLength;
    if (!this.valBatches) {
      const all = this.corpus.validationBatches(32, contextLength);
      this.valBatches = all.slice(0, Math.ceil(EVAL_SEQUENCES / 32));
    }
    const valLoss = this.valBatches.length > 0 ? await this.trainer.evaluate(this.valBatches) : Number.NaN;
    let corefAccuracy: number | null = null;
    let corefCases = 0;
    if (this.corpus.id === COREF_CORPUS_ID) {
      this.evalCases ??= corefValidationCases(this.settingsValue.seed, { perFamily: EVAL_CASES_PER_FAMILY, contextLength });
      const report = await evaluateCoref(this.model, this.tokenizer, this.evalCases);
      corefAccuracy = report.accuracy;
      corefCases = report.n;
    }
    return { step: this.step, valLoss, corefAccuracy, corefCases };
  }

  /** Attention of every head and the token embeddings for `text` (cropped to `maxTokens`). */
  async snapshot(text: string, maxTokens: number): Promise<TrainSnapshot> {
    const c = this.model.config;
    const encoded = this.tokenizer.encode(text);
    const n = Math.max(1, Math.min(encoded.ids.length, c.contextLength, maxTokens));
    const ids = encoded.ids.slice(0, n);
    const tokens = encoded.tokens.slice(0, n);
    const trace = await this.model.trace(ids);
    const t = ids.length;
    const attention = new Float32Array(c.nLayers * c.nHeads * t * t);
    let offset = 0;
    for (const layer of trace.layers) {
      for (const w of layer.weights) {
        attention.set(w.data, offset);
        offset += t * t;
      }
    }
    const embeddings = new Float32Array(trace.embedding.data);
    return { step: this.step, loss: this.lastLoss, tokens, nLayers: c.nLayers, nHeads: c.nHeads, attention, embeddings, dModel: c.dModel };
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
