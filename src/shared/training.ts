// Types and limits of training in the worker, shared by the worker (src/worker/training*.ts) and the
// page (src/app/useTraining.ts, src/panels/Training*.tsx). The requests and events that carry them are
// listed in src/shared/protocol.ts. No TF.js here.

import type { PresetName } from './config';
import type { BackendName } from './protocol';

/** What the model learns from: the built-in coreference corpus, or the user's own text. */
export type CorpusChoice = { kind: 'builtin' } | { kind: 'text'; text: string; name: string };

/** The settings of a training run. Learning rate, batch size and target steps can change while it runs. */
export interface TrainSettings {
  preset: PresetName;
  seed: number;
  batchSize: number;
  /** Peak learning rate (warm-up, then cosine decay towards targetSteps). */
  learningRate: number;
  /** The progress bar's goal; training pauses when it is reached. */
  targetSteps: number;
  corpus: CorpusChoice;
}

/** Bounds the app accepts (so a user cannot exhaust memory or freeze the tab). */
export const TRAIN_LIMITS = {
  batchSize: [1, 64],
  learningRate: [1e-5, 1],
  targetSteps: [1, 100_000],
  seed: [0, 2_147_483_647],
  /** Largest user text, in characters. */
  textChars: 1_000_000,
} as const;

export const DEFAULT_TRAIN_SETTINGS: TrainSettings = {
  preset: 'tiny',
  seed: 1,
  batchSize: 16,
  learningRate: 3e-3,
  targetSteps: 600,
  corpus: { kind: 'builtin' },
};

/** Returns null when the settings are usable, else a reason naming the field (English, for errors). */
export function validateTrainSettings(s: TrainSettings): string | null {
  const inRange = (name: keyof typeof TRAIN_LIMITS, v: unknown, integer: boolean): string | null => {
    const [lo, hi] = TRAIN_LIMITS[name] as readonly [number, number];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < lo || v > hi || (integer && !Number.isInteger(v))) {
      return `${name} must be ${integer ? 'an integer ' : ''}from ${lo} to ${hi}, got ${String(v)}`;
    }
    return null;
  };
  if (!s || typeof s !== 'object') return 'settings are missing';
  if (s.preset !== 'nano' && s.preset !== 'tiny' && s.preset !== 'small') return `unknown preset ${String(s.preset)}`;
  const problem =
    inRange('batchSize', s.batchSize, true) ??
    inRange('learningRate', s.learningRate, false) ??
    inRange('targetSteps', s.targetSteps, true) ??
    inRange('seed', s.seed, true);
  if (problem) return problem;
  const c = s.corpus;
  if (!c || (c.kind !== 'builtin' && c.kind !== 'text')) return 'unknown corpus';
  if (c.kind === 'text') {
    if (typeof c.text !== 'string') return 'the corpus text is missing';
    if (c.text.length > TRAIN_LIMITS.textChars) return `the text has ${c.text.length} characters; the limit is ${TRAIN_LIMITS.textChars}`;
  }
  return null;
}

export type TrainPhase = 'idle' | 'running' | 'paused' | 'diverged';

/** Why training stopped by itself after a non-finite loss or weight. */
export interface Divergence {
  /** The step at which the problem was seen. */
  step: number;
  /** What went wrong: the loss or the weights were not finite, or the loss exploded past `lossLimit`. */
  what: 'loss' | 'weights' | 'exploded';
  /** The loss that was seen, and the limit it went past (for 'exploded'). */
  loss?: number;
  lossLimit?: number;
  /** The step whose weights were put back. */
  restoredStep: number;
  learningRate: number;
  /** A learning rate worth trying (a third of the one that diverged). */
  suggestedLearningRate: number;
}

/** Why the backend in use was chosen, so the page can say it in the user's language. */
export type BackendChoice =
  | { kind: 'requested' }
  | { kind: 'software-webgl'; renderer: string }
  | { kind: 'measured'; msPerStep: Partial<Record<BackendName, number>> }
  | { kind: 'first-working' };

/** Why autosaving does not work: the quota is full, storage is unavailable (e.g. private mode), or another failure. */
export type StorageProblem = 'quota' | 'unavailable' | 'failed';

/** The state of training in the worker, sent with every phase change and as the answer of each training request. */
export interface TrainState {
  /** Changes whenever a new run (fresh, reset or resumed) replaces the previous one. */
  runId: number;
  phase: TrainPhase;
  step: number;
  settings: TrainSettings | null;
  /** Set while phase is 'diverged'. */
  divergence: Divergence | null;
  /** The corpus actually used (e.g. "builtin:coref", "text:poems.txt"), empty when idle. */
  corpusId: string;
  /** Facts about a user text corpus (null for the built-in one). */
  textStats: { tokens: number; vocabSize: number; unknownTokens: number } | null;
  /** Step of the latest autosave in this browser, or null; `autosaveError` when saving is off. */
  autosavedStep: number | null;
  autosaveError: string | null;
  /** The kind of the autosave failure (null while saving works). */
  autosaveProblem: StorageProblem | null;
  /** A step that failed with an error (training paused), in English. */
  error: string | null;
  /** Whether every panel of the page follows the model while training (else only the training views, the rest on pause). */
  livePanels: boolean;
}

/** One throttled progress report (≤ 10 per second while running). */
export interface TrainProgress {
  phase: TrainPhase;
  step: number;
  targetSteps: number;
  /** New loss points since the last report: [step0, loss0, step1, loss1, …] (transferred). */
  points: Float32Array;
  learningRate: number;
  stepsPerSecond: number;
  /** Non-pad target tokens per second of wall-clock training time. */
  tokensPerSecond: number;
  /** Estimated seconds until targetSteps (null when unknown or reached). */
  etaSeconds: number | null;
}

/** Validation figures measured every few steps. */
export interface TrainEval {
  step: number;
  valLoss: number;
  /** Share of held-out coreference cases answered correctly (null for a user text corpus). */
  corefAccuracy: number | null;
  corefCases: number;
}

/** What the probe sentence looked like inside the model at one step (a history entry). */
export interface TrainSnapshot {
  /** A live view only (sent for the heads grid while training), not kept in the history. */
  live?: boolean;
  step: number;
  loss: number;
  tokens: string[];
  nLayers: number;
  nHeads: number;
  /** T = tokens.length; attention weights [layer][head][T][T] flattened in that order. */
  attention: Float32Array;
  /** Token embeddings of the probe tokens, [T][dModel] flattened. */
  embeddings: Float32Array;
  dModel: number;
}

/** Everything the page needs to redraw the training views (after a reload/resume). */
export interface TrainHistory {
  /** [step0, loss0, …] of all recorded training losses (downsampled when long). */
  points: Float32Array;
  evals: TrainEval[];
  snapshots: TrainSnapshot[];
}

/** What the page is told about an autosaved run before it offers to resume it. */
export interface AutosaveSummary {
  step: number;
  savedAt: string;
  settings: TrainSettings;
  corpusId: string;
}

/** Figures the benchmark reads from the worker. */
export interface TrainStats {
  numTensors: number;
  numBytes: number;
  /** Bytes the worker has posted to the page since it started (transferred buffers + an estimate of the rest). */
  bytesPosted: number;
  /** Steps and non-pad target tokens trained, and the wall-clock milliseconds spent running. */
  steps: number;
  tokens: number;
  runningMs: number;
  /** Worker milliseconds spent, while running, on each kind of work besides the training steps themselves. */
  overheadMs: { steps: number; snapshots: number; evals: number; goodCopies: number; pageRequests: number };
  /** The worker's JavaScript heap in use (Chromium's performance.memory), null where the browser does not say. */
  heapBytes: number | null;
}

export interface BareLoopResult {
  steps: number;
  tokens: number;
  seconds: number;
  tokensPerSecond: number;
  numTensorsBefore: number;
  numTensorsAfter: number;
}
