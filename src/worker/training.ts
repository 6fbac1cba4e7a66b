// Training in the worker while the page stays live. The controller owns at most one TrainingSession
// and runs it step by step; every step is one job in the worker's request queue (so a trace, a pause
// or a learning-rate change sent by the page runs between two steps, never during one), and between
// steps the loop yields to the event loop (a MessageChannel task, not setTimeout's ≥ 4 ms clamp) so
// that incoming messages are queued. Progress goes out at most 10 times a second with transferred
// buffers; the model revision is bumped at most every REVISION_EVERY_MS so the page re-traces its
// sentence while training without ever waiting on it.

import * as tf from '@tensorflow/tfjs';
import { decodeCheckpoint, encodeCheckpoint } from '../model/checkpoint';
import type { BackendInfo, BackendName, EventMessage, Events, InjectedFault } from '../shared/protocol';
import {
  DEFAULT_TRAIN_SETTINGS,
  copySnapshot,
  corpusModel,
  snapshotBuffers,
  validateTrainSettings,
  type AutosaveSummary,
  type BuiltinCorpusId,
  type BareLoopResult,
  type Divergence,
  type TrainHistory,
  type TrainPhase,
  type TrainSettings,
  type TrainState,
  type TrainStats,
  type StorageProblem,
} from '../shared/training';
import { Rng } from '../data/rng';
import { DEFAULT_TRAIN_OPTIONS, Trainer, type OptimizerState, type TrainOptions } from '../train/trainer';
import { autosaveSummary, clearAllStoredData, loadAutosave, saveAutosave } from './autosave';
import { storageProblemOf } from './storage';
import { bytesPosted } from './meter';
import type { ModelHost } from './modelHost';
import { BackendLostError, backendContextLost, loseWebglContext, raceContextLoss } from './contextLoss';
import { HistoryStore } from './trainingHistory';
import { SlowdownMeter } from './slowdown';
import { TrainingSession, presetModelConfig, targetTokens } from './trainingSession';
import { openCorpus, prepareCorpus } from './trainingCorpora';
import { modelKindOf } from './modelKinds';
import { presetInitOptions, type ModelConfig } from '../shared/config';
import type { WeightMap } from '../model/weights';

/** Progress reports at most this often (4 per second: the counter looks live, the page stays idle between). */
export const PROGRESS_EVERY_MS = 250;
/**
 * The model revision (which makes every panel of the page trace and redraw) is bumped at most every
 * REVISION_MIN_MS while training, and less often when what followed the previous bump cost training
 * more than 1/REVISION_BUDGET_FACTOR of the time since (so the panels cost training ≤ ~2.5 %): the
 * page's requests served by this worker, and the time steps took beyond the usual while the page and
 * the view worker redrew (SlowdownMeter). At least every REVISION_MAX_MS all the same.
 */
export const REVISION_MIN_MS = 2000;
export const REVISION_MAX_MS = 10_000;
export const REVISION_BUDGET_FACTOR = 40;
/**
 * The heads grid gets a live snapshot of the probe at most every LIVE_SNAPSHOT_MS, and at most
 * 1/LIVE_SNAPSHOT_BUDGET_FACTOR of the time (a trace is slow on software WebGL).
 */
export const LIVE_SNAPSHOT_MS = 1000;
export const LIVE_SNAPSHOT_BUDGET_FACTOR = 60;
/**
 * Validation loss and the corpus's held-out figures once in every EVAL_EVERY_STEPS steps (at the first
 * step of each block of 50 at which) the previous evaluation took at most 1/EVAL_BUDGET_FACTOR of the
 * time since: at ~14 steps/s an evaluation every 50 steps would take ~3 % of the worker's time. A
 * corpus whose evaluation costs more may set its own factor (TrainingCorpus.evaluationBudgetFactor).
 */
export const EVAL_EVERY_STEPS = 50;
export const EVAL_BUDGET_FACTOR = 60;
/**
 * A good copy (weights + optimizer state, checked finite) every GOOD_EVERY_STEPS steps, but at most
 * 1/GOOD_BUDGET_FACTOR of the time: reading ~90 tensors back is slow on WebGL.
 */
export const GOOD_EVERY_STEPS = 25;
export const GOOD_BUDGET_FACTOR = 100;
export const AUTOSAVE_EVERY_MS = 8000;
/** Snapshots record at most this many probe tokens. */
export const SNAPSHOT_MAX_TOKENS = 24;
export const DEFAULT_PROBE = "the animal didn't cross the street because it was too tired . it refers to the";

export interface ControllerDeps {
  host: ModelHost;
  /** Posts an event to the page (transferring `transfer`). */
  post: (message: EventMessage, transfer: Transferable[]) => void;
  /** Runs `job` in the worker's request queue; resolves when it has run. */
  enqueue: (job: () => Promise<void>) => Promise<void>;
  /**
   * The backend in use stopped working (WebGL context lost): initialise the next one (WASM, else CPU).
   * Without it a lost backend pauses training with an error.
   */
  fallBack?: (lost: BackendName, why: string) => Promise<BackendInfo>;
}

/** A macrotask boundary without the nested-timer clamp of setTimeout. */
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof MessageChannel === 'undefined') {
      setTimeout(resolve, 0);
      return;
    }
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      ch.port1.close();
      resolve();
    };
    ch.port2.postMessage(null);
  });
}

export class TrainingError extends Error {}

/** Settings as sent with every state: the user's text stays in the worker (it may be a megabyte). */
function publicSettings(s: TrainSettings): TrainSettings {
  return s.corpus.kind === 'text' ? { ...s, corpus: { kind: 'text', text: '', name: s.corpus.name } } : s;
}

export class TrainingController {
  private readonly deps: ControllerDeps;
  private session: TrainingSession | null = null;
  private history = new HistoryStore();
  private phase: TrainPhase = 'idle';
  private divergence: Divergence | null = null;
  /** Bumped whenever a loop must stop (pause, reset, model swapped). */
  private generation = 0;
  private probe = DEFAULT_PROBE;
  private pendingPoints: number[] = [];
  private lastProgressAt = 0;
  private lastRevisionAt = 0;
  private lastLiveSnapshotAt = 0;
  private lastGoodAt = 0;
  private lastGoodMs = 0;
  private lastEvalStep = 0;
  private lastEvalAt = 0;
  private lastEvalMs = 0;
  private lastSnapshotMs = 0;
  /** Worker time spent between training steps (page requests) since the last revision bump. */
  private otherMsSinceBump = 0;
  /** Step time beyond the usual since the last revision bump. */
  private readonly slowdown = new SlowdownMeter();
  private lastStepEnd = 0;
  private lastAutosaveAt = 0;
  private autosavedStep: number | null = null;
  private autosaveError: string | null = null;
  private autosaveProblem: StorageProblem | null = null;
  private savePending = false;
  private saveChain: Promise<void> = Promise.resolve();
  private error: string | null = null;
  private runId = 0;
  private livePanels = true;
  // Rates over a sliding window and totals for the benchmark.
  private window: { t: number; steps: number; tokens: number }[] = [];
  private totals = { steps: 0, tokens: 0, runningMs: 0 };
  private overhead = { steps: 0, snapshots: 0, evals: 0, goodCopies: 0, pageRequests: 0 };
  private runningSince = 0;
  private lastLearningRate = 0;
  private recovery: Promise<void> | null = null;
  /** The run in progress started from the weights of the model in use at this step (null: from scratch). */
  private fromModelStep: number | null = null;

  constructor(deps: ControllerDeps) {
    this.deps = deps;
    deps.host.onSwap = (model) => {
      if (this.session && this.session.model !== model) this.endSession();
    };
  }

  // ---------------------------------------------------------------- requests (run inside the queue)

  state(): TrainState {
    const s = this.session;
    return {
      runId: this.runId,
      phase: this.phase,
      step: s?.step ?? 0,
      settings: s ? publicSettings(s.settings) : null,
      divergence: this.divergence,
      corpusId: s?.corpus.id ?? '',
      textStats: s?.textStats ?? null,
      baselines: s?.corpus.baselines?.(s.model.config.contextLength) ?? null,
      fromModelStep: this.fromModelStep,
      autosavedStep: this.autosavedStep,
      autosaveError: this.autosaveError,
      autosaveProblem: this.autosaveProblem,
      error: this.error,
      livePanels: this.livePanels,
    };
  }

  async start(settings: TrainSettings): Promise<TrainState> {
    await this.ensureSession(settings);
    if (this.phase !== 'running') {
      this.divergence = null;
      this.error = null;
      this.lastStepEnd = 0;
      this.otherMsSinceBump = 0;
      this.slowdown.clear();
      this.setPhase('running');
      const gen = ++this.generation;
      void this.loop(gen);
    }
    return this.state();
  }

  async pause(): Promise<TrainState> {
    if (this.phase === 'running') {
      this.generation++;
      this.setPhase('paused');
      await this.checkpointNow(true);
    }
    return this.state();
  }

  async stepOnce(settings: TrainSettings): Promise<TrainState> {
    if (this.phase === 'running') {
      this.generation++;
      this.setPhase('paused');
    }
    await this.ensureSession(settings);
    this.divergence = null;
    if (this.phase === 'idle' || this.phase === 'diverged') this.setPhase('paused');
    await this.runStep(this.generation, true);
    this.flushProgress(true);
    return this.state();
  }

  async reset(settings: TrainSettings): Promise<TrainState> {
    this.generation++;
    await this.newSession(settings);
    this.setPhase('paused');
    return this.state();
  }

  configure(request: { learningRate?: number; batchSize?: number; targetSteps?: number; livePanels?: boolean }): TrainState {
    const { livePanels, ...change } = request;
    if (typeof livePanels === 'boolean') this.livePanels = livePanels;
    const s = this.session;
    if (Object.keys(change).length === 0) {
      this.emitState();
      return this.state();
    }
    if (!s) throw new TrainingError('there is no training run to change');
    const next = { ...s.settings, ...change };
    const problem = validateTrainSettings(next);
    if (problem) throw new TrainingError(problem);
    s.configure(change);
    this.emitState();
    return this.state();
  }

  setProbe(text: string): void {
    if (typeof text !== 'string') throw new TrainingError('the probe must be text');
    this.probe = text.slice(0, 2000);
  }

  /**
   * The training run that trains the model in use, for a traced training step (backwardTrace): the
   * options of its next step and its optimizer state (a copy). Null when no run trains the model in use.
   */
  async runInProgress(): Promise<{ options: TrainOptions; optimizer: OptimizerState } | null> {
    const s = this.session;
    if (!s || this.deps.host.model !== s.model) return null;
    return { options: s.trainOptions, optimizer: await s.exportOptimizer() };
  }

  historyCopy(): TrainHistory {
    return this.history.export();
  }

  stats(): TrainStats {
    const m = tf.memory();
    const running = this.phase === 'running' ? performance.now() - this.runningSince : 0;
    return {
      numTensors: m.numTensors,
      numBytes: m.numBytes,
      bytesPosted: bytesPosted(),
      steps: this.totals.steps,
      tokens: this.totals.tokens,
      runningMs: this.totals.runningMs + running,
      overheadMs: { ...this.overhead },
      heapBytes: (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? null,
    };
  }

  async autosaveInfo(): Promise<AutosaveSummary | null> {
    try {
      return await autosaveSummary();
    } catch {
      return null;
    }
  }

  /** Continues the autosaved run (paused) at its saved step. */
  async resume(): Promise<TrainState> {
    const record = await loadAutosave();
    if (!record) throw new TrainingError('nothing is autosaved in this browser');
    const problem = validateTrainSettings(record.settings);
    if (problem) throw new TrainingError(`the autosave cannot be used: ${problem}`);
    const ckpt = decodeCheckpoint(record.modelJson, record.weightsBin);
    await this.prepare(record.settings);
    this.generation++;
    const session = TrainingSession.restore(record.settings, ckpt.config, ckpt.weights, record.optimizer);
    await this.install(session, HistoryStore.from(record.history, record.snapshotEvery));
    this.autosavedStep = record.step;
    this.setPhase('paused');
    return this.state();
  }

  async clearStored(): Promise<void> {
    await clearAllStoredData();
    this.autosavedStep = null;
    this.emitState();
  }

  /**
   * Tests: 'nan-weight' writes a NaN into the first weight of the model being trained (the guard must
   * catch it); 'webgl-context-lost' loses the WebGL context (the next step must notice and move to
   * another backend); 'worker-throw' throws an uncaught exception in the worker (the page must notice).
   */
  injectFault(fault: InjectedFault): void {
    if (fault === 'webgl-context-lost') {
      if (!loseWebglContext()) throw new TrainingError(`the backend in use is ${tf.getBackend()}, not WebGL: no context to lose`);
      return;
    }
    if (fault === 'worker-throw') {
      setTimeout(() => {
        throw new Error('injected fault: an uncaught exception in the worker');
      }, 0);
      return;
    }
    const s = this.session;
    if (!s || fault !== 'nan-weight') throw new TrainingError('there is no training run to inject a fault into');
    const v = s.model.variables()[0].variable;
    tf.tidy(() => v.assign(tf.fill(v.shape, Number.NaN)));
  }

  /**
   * A request found the WebGL context lost: move to another backend before the next request (once;
   * a training step that finds it lost does the same by itself).
   */
  backendLostOutsideStep(): void {
    void this.deps.enqueue(() => this.recoverBackend('webgl')).catch(() => {});
  }

  /**
   * Benchmark: a plain loop (batch, step, repeat) on a fresh model of `preset` trained on the built-in
   * `corpus` (default builtin:coref), no events, no evaluation.
   */
  async bareLoop(preset: TrainSettings['preset'], batchSize: number, seconds: number, corpusId?: BuiltinCorpusId): Promise<BareLoopResult> {
    const numTensorsBefore = tf.memory().numTensors;
    const settings: TrainSettings = { ...DEFAULT_TRAIN_SETTINGS, preset, batchSize, corpus: { kind: 'builtin', id: corpusId } };
    const problem = validateTrainSettings(settings);
    if (problem) throw new TrainingError(problem);
    await this.prepare(settings);
    const corpus = openCorpus(settings);
    const config = presetModelConfig(preset, corpus.tokenizer.size);
    const model = modelKindOf(config).init(config, 1, presetInitOptions(preset));
    const trainer = new Trainer(model, { ...DEFAULT_TRAIN_OPTIONS });
    const rng = new Rng(7);
    let steps = 0;
    let tokens = 0;
    const t0 = performance.now();
    try {
      while (performance.now() - t0 < seconds * 1000) {
        const batch = corpus.trainBatch(rng, batchSize, config.contextLength);
        await trainer.trainStep(batch);
        tokens += targetTokens(batch);
        steps++;
      }
    } finally {
      trainer.dispose();
      model.dispose();
    }
    const elapsed = (performance.now() - t0) / 1000;
    return { steps, tokens, seconds: elapsed, tokensPerSecond: tokens / elapsed, numTensorsBefore, numTensorsAfter: tf.memory().numTensors };
  }

  // ---------------------------------------------------------------- the loop

  private async loop(gen: number): Promise<void> {
    while (this.phase === 'running' && this.generation === gen) {
      try {
        await this.deps.enqueue(() => this.runStep(gen, false));
      } catch (e) {
        // The step failed (e.g. the backend lost its context): paused, with the reason shown.
        this.error = e instanceof Error ? e.message : String(e);
        if (this.generation === gen) this.generation++;
        if (this.phase === 'running') this.setPhase('paused');
        else this.emitState();
        return;
      }
      await nextTask();
    }
  }

  /** One step and its bookkeeping. Runs inside the queue. */
  private async runStep(gen: number, single: boolean): Promise<void> {
    try {
      // A step on a lost WebGL context may never finish: it is raced against the loss.
      await raceContextLoss(() => this.stepAndRecord(gen, single));
    } catch (e) {
      if (!(e instanceof BackendLostError) || !this.deps.fallBack) throw e;
      await this.recoverBackend(e.backend);
    } finally {
      this.lastStepEnd = performance.now();
    }
  }

  private async stepAndRecord(gen: number, single: boolean): Promise<void> {
    const s = this.session;
    if (!s || this.generation !== gen || (!single && this.phase !== 'running')) return;
    const begin = performance.now();
    if (!single && this.lastStepEnd > 0) {
      const gap = Math.max(0, begin - this.lastStepEnd);
      this.otherMsSinceBump += gap;
      this.overhead.pageRequests += gap;
    }
    let outcome;
    try {
      outcome = await s.trainOnce();
    } catch (e) {
      // A lost context is dealt with by runStep (the run goes on elsewhere), not by pausing.
      if (this.session === s && !(e instanceof BackendLostError) && !backendContextLost()) {
        this.generation++;
        this.setPhase('paused');
      }
      throw e;
    }
    // Numbers computed on a context lost meanwhile are not recorded.
    if (backendContextLost()) throw new BackendLostError('webgl');
    if (this.session !== s) return;
    if (outcome.kind === 'diverged') {
      this.diverged(outcome.divergence);
      return;
    }
    const { step, loss, tokens, learningRate } = outcome;
    const stepMs = performance.now() - begin;
    this.overhead.steps += stepMs;
    this.slowdown.add(stepMs);
    this.lastLearningRate = learningRate;
    this.totals.steps++;
    this.totals.tokens += tokens;
    const now = performance.now();
    this.window.push({ t: now, steps: 1, tokens });
    while (this.window.length > 2 && now - this.window[0].t > 3000) this.window.shift();
    const point = this.history.addLoss(step, loss);
    if (point) this.pendingPoints.push(point[0], point[1]);

    const sinceBump = now - this.lastRevisionAt;
    const cost = this.otherMsSinceBump + this.slowdown.extraMs;
    const wait = Math.min(REVISION_MAX_MS, Math.max(REVISION_MIN_MS, REVISION_BUDGET_FACTOR * cost));
    const bump = single || (this.livePanels && sinceBump >= wait);
    this.deps.host.trained(step, bump);
    if (bump) {
      this.lastRevisionAt = now;
      this.otherMsSinceBump = 0;
      this.slowdown.reset();
      this.post('model', this.deps.host.info());
    }
    const t1 = performance.now();
    if (this.history.wantsSnapshot(step)) await this.takeSnapshot(s, false);
    else if (now - this.lastLiveSnapshotAt >= Math.max(LIVE_SNAPSHOT_MS, LIVE_SNAPSHOT_BUDGET_FACTOR * this.lastSnapshotMs)) {
      await this.takeSnapshot(s, true);
    }
    if (this.session !== s) return;
    const t2 = performance.now();
    this.overhead.snapshots += t2 - t1;
    const lastEval = step < this.lastEvalStep ? 0 : this.lastEvalStep; // the run was reset or replaced
    if (
      Math.floor(step / EVAL_EVERY_STEPS) > Math.floor(lastEval / EVAL_EVERY_STEPS) &&
      t2 - this.lastEvalAt >= (s.corpus.evaluationBudgetFactor ?? EVAL_BUDGET_FACTOR) * this.lastEvalMs
    ) {
      const e = await s.evaluate();
      this.history.addEval(e);
      this.post('trainEval', e);
      this.lastEvalStep = step;
      this.lastEvalAt = performance.now();
      this.lastEvalMs = this.lastEvalAt - t2;
    }
    const t3 = performance.now();
    this.overhead.evals += t3 - t2;
    if (step % GOOD_EVERY_STEPS === 0 && now - this.lastGoodAt >= GOOD_BUDGET_FACTOR * this.lastGoodMs) {
      const g0 = performance.now();
      const d = await s.keepGood();
      if (this.session !== s) return;
      this.lastGoodAt = performance.now();
      this.lastGoodMs = this.lastGoodAt - g0;
      if (d) {
        this.diverged(d);
        return;
      }
      if (now - this.lastAutosaveAt >= AUTOSAVE_EVERY_MS) void this.autosave();
    }
    this.overhead.goodCopies += performance.now() - t3;
    if (!single && step >= s.settings.targetSteps) {
      this.generation++;
      this.setPhase('paused');
      this.flushProgress(true);
      await this.checkpointNow(true);
      return;
    }
    this.flushProgress(false);
  }

  private async takeSnapshot(s: TrainingSession, live: boolean): Promise<void> {
    const t0 = performance.now();
    const snap = await s.snapshot(this.probe, SNAPSHOT_MAX_TOKENS);
    this.lastLiveSnapshotAt = performance.now();
    this.lastSnapshotMs = this.lastLiveSnapshotAt - t0;
    if (live) {
      this.post('trainSnapshot', { ...snap, live: true }, snapshotBuffers(snap));
      return;
    }
    this.history.addSnapshot(snap);
    const copy = copySnapshot(snap);
    this.post('trainSnapshot', copy, snapshotBuffers(copy));
  }

  private diverged(d: Divergence): void {
    this.generation++;
    this.divergence = d;
    this.deps.host.trained(d.restoredStep, true);
    this.post('model', this.deps.host.info());
    this.setPhase('diverged');
  }

  // ---------------------------------------------------------------- a lost backend

  /**
   * The WebGL context was lost: initialise the next backend and rebuild there what was on the GPU.
   * A training run continues from its last good copy (weights and optimizer state, kept in worker
   * memory, checked finite) with its history, settings and phase; a model not being trained is
   * rebuilt from its own weights. The page is told which backend runs now and from which step.
   */
  private recoverBackend(lost: BackendName): Promise<void> {
    // Several requests may notice the same loss: one recovery, the others wait for it.
    this.recovery ??= this.moveToNextBackend(lost).finally(() => {
      this.recovery = null;
    });
    return this.recovery;
  }

  private async moveToNextBackend(lost: BackendName): Promise<void> {
    if (!backendContextLost()) return; // already moved
    if (!this.deps.fallBack) throw new TrainingError('the WebGL context was lost');
    const s = this.session;
    const good = s?.lastGood() ?? null;
    const lostAtStep = s ? s.step : null;
    const info = await this.deps.fallBack(lost, 'the WebGL context was lost');
    let resumedStep: number | null = null;
    if (s && good) {
      const next = TrainingSession.restore(s.settings, s.model.config, good.weights, good.optimizer);
      this.session = next;
      try {
        s.dispose(); // optimizer state on the lost backend
      } catch {
        // Nothing to free on a dead context.
      }
      this.pendingPoints = [];
      this.window = [];
      this.lastStepEnd = 0;
      this.lastGoodAt = 0;
      this.lastGoodMs = 0;
      this.showSession(next);
      await next.keepGood();
      resumedStep = next.step;
    } else if (s) {
      this.endSession();
      this.post('model', this.deps.host.rebuild());
    } else if (this.deps.host.ready) {
      this.post('model', this.deps.host.rebuild());
    }
    this.post('backendSwitch', { info, from: lost, why: 'context-lost', lostAtStep, resumedStep });
    this.emitState();
    this.flushProgress(true);
  }

  // ---------------------------------------------------------------- sessions

  /**
   * The run in progress goes on, unless the model in use is another one or the settings now choose a
   * corpus of the other model kind (the learner picked the translation corpus, say): then a new run.
   */
  private async ensureSession(settings: TrainSettings): Promise<void> {
    const s = this.session;
    // A corpus with a model of its own (唐诗, English: their preset and vocabulary) starts a run of its own.
    const sameKind = s !== null && settings?.corpus !== undefined && corpusModel(settings.corpus) === corpusModel(s.settings.corpus);
    if (s && this.deps.host.model === s.model && sameKind) return;
    await this.newSession(settings);
  }

  private async newSession(settings: TrainSettings): Promise<void> {
    const problem = validateTrainSettings(settings);
    if (problem) throw new TrainingError(problem);
    await this.prepare(settings);
    let session: TrainingSession;
    let fromStep: number | null = null;
    try {
      const start = settings.fromModel ? await this.modelToContinue(settings) : null;
      session = start ? TrainingSession.fromWeights(settings, start.config, start.weights) : TrainingSession.fresh(settings);
      fromStep = start?.step ?? null;
    } catch (e) {
      throw new TrainingError(e instanceof Error ? e.message : String(e));
    }
    await this.install(session, new HistoryStore());
    // Told with the next state (start, step and reset each emit one): an extra one here would reach
    // the page while the run is still 'idle' and make it adopt the run without its history.
    this.fromModelStep = fromStep;
  }

  /** Fetches the corpus files a run of `settings` needs (real-text corpora), as a TrainingError on failure. */
  private async prepare(settings: TrainSettings): Promise<void> {
    try {
      await prepareCorpus(settings);
    } catch (e) {
      throw new TrainingError(e instanceof Error ? e.message : String(e));
    }
  }

  /**
   * The model in use as the start of a run of `settings` ("continue training the shipped model"):
   * it must be a decoder-only model of the preset over the corpus's own vocabulary.
   */
  private async modelToContinue(settings: TrainSettings): Promise<{ config: ModelConfig; weights: WeightMap; step: number } | null> {
    const model = this.deps.host.decoderModel;
    const tokenizer = this.deps.host.tokenizer;
    if (!model || !tokenizer) throw new TrainingError('there is no decoder-only model in use to continue from');
    const corpus = openCorpus(settings);
    const vocab = corpus.tokenizer.vocab;
    const same = tokenizer.kind === corpus.tokenizer.kind && tokenizer.vocab.length === vocab.length && tokenizer.vocab.every((w, i) => w === vocab[i]);
    if (!same) throw new TrainingError(`the model in use was not made for ${corpus.id} (another vocabulary): train it from scratch`);
    const want = presetModelConfig(settings.preset, vocab.length);
    const keys = Object.keys(want) as (keyof ModelConfig)[];
    if (!keys.every((k) => want[k] === model.config[k])) throw new TrainingError(`the model in use is not of the ${settings.preset} preset: train it from scratch`);
    return { config: { ...model.config }, weights: await model.readWeights(), step: this.deps.host.info().step };
  }

  private async install(session: TrainingSession, history: HistoryStore): Promise<void> {
    const old = this.session;
    this.session = session;
    this.fromModelStep = null;
    this.runId++;
    this.history = history;
    this.divergence = null;
    this.pendingPoints = [];
    this.window = [];
    old?.dispose();
    this.showSession(session);
    await session.keepGood();
    // A fresh run's first snapshot: the heads before any training.
    if (session.step === 0) await this.takeSnapshot(session, false);
  }

  /** Makes the session's model the one the worker's requests use, and tells the page. */
  private showSession(session: TrainingSession): void {
    const info = this.deps.host.installTraining(session.model, session.tokenizer, {
      step: session.step,
      seed: session.settings.seed,
      corpus: session.corpus.id,
    });
    this.post('model', info);
  }

  /** The model in use was replaced by something else (shipped, imported, loaded): the run ends. */
  private endSession(): void {
    this.generation++;
    this.session?.dispose();
    this.session = null;
    this.divergence = null;
    this.runId++;
    this.setPhase('idle');
  }

  // ---------------------------------------------------------------- events and saving

  private setPhase(phase: TrainPhase): void {
    if (phase === 'running' && this.phase !== 'running') this.runningSince = performance.now();
    // Leaving 'running': the whole page catches up with the model as it is now.
    if (phase !== 'running' && this.phase === 'running' && this.session && this.deps.host.model === this.session.model) {
      this.deps.host.trained(this.session.step, true);
      this.lastRevisionAt = performance.now();
      this.post('model', this.deps.host.info());
    }
    if (phase !== 'running' && this.phase === 'running') this.totals.runningMs += performance.now() - this.runningSince;
    if (phase === 'running') this.window = [];
    this.phase = phase;
    // The last steps' progress goes first: the page never shows the new phase beside an old step count.
    this.flushProgress(true);
    this.emitState();
  }

  private emitState(): void {
    this.post('trainState', this.state());
  }

  private flushProgress(force: boolean): void {
    const now = performance.now();
    if (!force && now - this.lastProgressAt < PROGRESS_EVERY_MS) return;
    const s = this.session;
    if (!s) return;
    this.lastProgressAt = now;
    const points = new Float32Array(this.pendingPoints);
    this.pendingPoints = [];
    let stepsPerSecond = 0;
    let tokensPerSecond = 0;
    if (this.window.length >= 2) {
      const span = (this.window[this.window.length - 1].t - this.window[0].t) / 1000;
      const inner = this.window.slice(1);
      if (span > 0) {
        stepsPerSecond = inner.length / span;
        tokensPerSecond = inner.reduce((n, w) => n + w.tokens, 0) / span;
      }
    }
    const target = s.settings.targetSteps;
    const remaining = target - s.step;
    this.post(
      'trainProgress',
      {
        phase: this.phase,
        step: s.step,
        targetSteps: target,
        points,
        learningRate: this.lastLearningRate || s.settings.learningRate,
        stepsPerSecond,
        tokensPerSecond,
        etaSeconds: remaining > 0 && stepsPerSecond > 0 && this.phase === 'running' ? remaining / stepsPerSecond : null,
      },
      [points.buffer],
    );
  }

  /** Take a good copy now and autosave it (used on pause and at the target step). */
  private async checkpointNow(save: boolean): Promise<void> {
    const s = this.session;
    if (!s) return;
    if (s.goodStep !== s.step) {
      const d = await s.keepGood();
      if (d) {
        this.diverged(d);
        return;
      }
    }
    if (save) await this.autosave();
  }

  /**
   * Saves the latest good copy. Saves never overlap: one asked for while another is being written
   * runs after it (with the newest good copy then), so a pause always ends with its own step saved.
   */
  private autosave(): Promise<void> {
    if (this.savePending) return this.saveChain;
    this.savePending = true;
    this.saveChain = this.saveChain.then(() => {
      this.savePending = false;
      return this.writeAutosave();
    });
    return this.saveChain;
  }

  private async writeAutosave(): Promise<void> {
    const s = this.session;
    const good = s?.lastGood();
    if (!s || !good) return;
    this.lastAutosaveAt = performance.now();
    try {
      const { modelJson, weightsBin } = encodeCheckpoint({
        config: { ...s.model.config },
        tokenizer: s.tokenizer.toJSON(),
        training: { step: good.step, seed: s.settings.seed, corpus: s.corpus.id },
        weights: good.weights,
      });
      const bytes = new Uint8Array(weightsBin.byteLength);
      bytes.set(weightsBin);
      await saveAutosave({
        settings: s.settings,
        corpusId: s.corpus.id,
        step: good.step,
        savedAt: new Date().toISOString(),
        modelJson,
        weightsBin: bytes.buffer,
        optimizer: good.optimizer,
        history: this.history.export(),
        snapshotEvery: this.history.snapshotEvery,
      });
      if (this.session === s) {
        this.autosavedStep = good.step;
        this.autosaveError = null;
        this.autosaveProblem = null;
      }
    } catch (e) {
      this.autosaveError = e instanceof Error ? e.message : String(e);
      this.autosaveProblem = storageProblemOf(e);
    }
    this.emitState();
  }

  private post<E extends keyof Events>(event: E, data: Events[E], transfer: Transferable[] = []): void {
    this.deps.post({ kind: 'event', event, data } as EventMessage, transfer);
  }
}
