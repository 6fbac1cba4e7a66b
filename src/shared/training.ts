// Types and limits of training in the worker, shared by the worker (src/worker/training*.ts) and the
// page (src/app/useTraining.ts, src/panels/Training*.tsx). The requests and events that carry them are
// listed in src/shared/protocol.ts. No TF.js here.

import {
  ENCODER_DECODER_PRESETS,
  GENERAL_PRESET_NAMES,
  PRESETS,
  type Architecture,
  type AttentionSite,
  type EncoderDecoderPresetName,
  type ModelShape,
  type PresetName,
} from './config';
import type { BackendName } from './protocol';
import type { HeadRoles } from './headRoles';

/** The built-in corpora a run can learn from (CONTRACT §4, §6 and §7). */
export const BUILTIN_CORPUS_IDS = ['builtin:coref', 'builtin:translate', 'builtin:translate-fr', 'builtin:tang', 'builtin:english', 'builtin:repeat'] as const;
export type BuiltinCorpusId = (typeof BUILTIN_CORPUS_IDS)[number];
/** The English → French corpus (CONTRACT §6b), whose model the Compare view draws the famous figure for. */
export const TRANSLATE_FR_CORPUS_ID = 'builtin:translate-fr' satisfies BuiltinCorpusId;

/**
 * What the model learns from: a built-in corpus (`id` absent = "builtin:coref", as in settings saved
 * before there was a choice), or the user's own text.
 */
export type CorpusChoice = { kind: 'builtin'; id?: BuiltinCorpusId } | { kind: 'text'; text: string; name: string };

/** The built-in corpus a choice names ("builtin:coref" when it names none), or null for the user's text. */
export function builtinCorpusId(c: CorpusChoice): BuiltinCorpusId | null {
  return c.kind === 'builtin' ? (c.id ?? 'builtin:coref') : null;
}

/** A model size the Training controls offer: a decoder-only preset, or an encoder–decoder one. */
export type TrainPresetName = PresetName | EncoderDecoderPresetName;

/** The shape of a preset of either kind (null for a name that is neither). */
export function trainPresetShape(name: string): ModelShape | null {
  if (Object.hasOwn(PRESETS, name)) return PRESETS[name as PresetName];
  if (Object.hasOwn(ENCODER_DECODER_PRESETS, name)) return ENCODER_DECODER_PRESETS[name as EncoderDecoderPresetName];
  return null;
}

/**
 * What a corpus trains, as the page needs to know it (the worker's side of each corpus, with its
 * batches and its evaluation, is in src/worker/trainingCorpora.ts and names the same architecture):
 * the model kind, the model sizes that fit, and the settings a run starts from when it is chosen.
 */
export interface CorpusModel {
  architecture: Architecture;
  presets: readonly TrainPresetName[];
  defaults: Pick<TrainSettings, 'preset' | 'learningRate' | 'batchSize' | 'targetSteps'>;
  /**
   * Figures of its own evaluation that the training view shows in place of the coreference accuracy
   * (absent: none beyond the loss, or the coreference / translation / sample figures the view already
   * knows): 'repeat-halves' = TrainEval.repeat, the loss on each half of the induction task.
   */
  figures?: 'repeat-halves';
}

/**
 * builtin:repeat's run settings (measured in Node and in Chromium: docs/corpora.md, docs/benchmarks.md).
 */
export const REPEAT_LR = 3e-3;
export const REPEAT_BATCH = 16;
export const REPEAT_STEPS = 2000;

const DECODER_CORPUS: CorpusModel = {
  architecture: 'decoder',
  presets: GENERAL_PRESET_NAMES,
  defaults: { preset: 'tiny', learningRate: 3e-3, batchSize: 16, targetSteps: 600 },
};

export const CORPUS_MODELS: Readonly<Record<BuiltinCorpusId | 'text', CorpusModel>> = {
  'builtin:coref': DECODER_CORPUS,
  text: DECODER_CORPUS,
  // Real text (CONTRACT §7): the preset of the shipped checkpoint, so a run can also continue it.
  // Peak lr 3e-3 as the other decoder-only runs; rows of packed poems / running text. 唐诗: batch 8,
  // measured (Node, seed 1, docs/benchmarks.md): lines come with the number of updates more than
  // with the characters seen (batch 8: 68 % regular at step 1,000; batch 16: 54 % at step 700), and
  // a step of 8 rows costs about half of one of 16 (Chromium 0.46–0.53, Node 0.54); peak lr 1.5e-3 was no faster, 5e-3 and 1e-2 stayed on
  // the unigram plateau for 200+ steps.
  'builtin:tang': { architecture: 'decoder', presets: ['tang'], defaults: { preset: 'tang', learningRate: 3e-3, batchSize: 8, targetSteps: 2000 } },
  'builtin:english': { architecture: 'decoder', presets: ['english'], defaults: { preset: 'english', learningRate: 3e-3, batchSize: 16, targetSteps: 2000 } },
  // The induction task (CONTRACT §7, src/data/repeat.ts): its own 2-layer preset, sized so that an
  // induction head forms within a minute or two in the browser (docs/corpora.md).
  'builtin:repeat': { architecture: 'decoder', presets: ['repeat'], figures: 'repeat-halves', defaults: { preset: 'repeat', learningRate: REPEAT_LR, batchSize: REPEAT_BATCH, targetSteps: REPEAT_STEPS } },
  'builtin:translate': {
    architecture: 'encoder-decoder',
    presets: ['translate'],
    // Measured (Node, seed 1): held-out referent and exact accuracy 97.9 % of 48 sentences by step
    // 150 at peak lr 3e-3; at 1e-2 only 83 % by step 400.
    defaults: { preset: 'translate', learningRate: 3e-3, batchSize: 16, targetSteps: 300 },
  },
  // English → French (CONTRACT §6b): its own preset, a 4-layer encoder and a 1-layer decoder
  // (docs/translate-fr.md has the measurements).
  'builtin:translate-fr': {
    architecture: 'encoder-decoder',
    presets: ['translate-fr'],
    defaults: { preset: 'translate-fr', learningRate: 3e-3, batchSize: 32, targetSteps: 800 },
  },
};

export function corpusModel(c: CorpusChoice): CorpusModel {
  return CORPUS_MODELS[builtinCorpusId(c) ?? 'text'];
}

/** The settings of a training run. Learning rate, batch size and target steps can change while it runs. */
export interface TrainSettings {
  /** A preset of the corpus's model kind (CorpusModel.presets). */
  preset: TrainPresetName;
  seed: number;
  batchSize: number;
  /** Peak learning rate (warm-up, then cosine decay towards targetSteps). */
  learningRate: number;
  /** The progress bar's goal; training pauses when it is reached. */
  targetSteps: number;
  corpus: CorpusChoice;
  /**
   * Start from the weights of the model in use (e.g. the shipped 唐诗 model) instead of a fresh
   * initialisation, when it is a model of this corpus (same vocabulary and preset); a fresh
   * optimizer. Absent or false: from scratch.
   */
  fromModel?: boolean;
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
  const c = s.corpus;
  if (!c || (c.kind !== 'builtin' && c.kind !== 'text')) return 'unknown corpus';
  if (c.kind === 'builtin' && c.id !== undefined && !(BUILTIN_CORPUS_IDS as readonly string[]).includes(c.id)) {
    return `unknown corpus ${String(c.id)}`;
  }
  const fits = corpusModel(c).presets;
  if (!(fits as readonly string[]).includes(s.preset)) {
    return `the preset ${String(s.preset)} does not fit the corpus ${builtinCorpusId(c) ?? 'text'} (use ${fits.join(', ')})`;
  }
  const problem =
    inRange('batchSize', s.batchSize, true) ??
    inRange('learningRate', s.learningRate, false) ??
    inRange('targetSteps', s.targetSteps, true) ??
    inRange('seed', s.seed, true);
  if (problem) return problem;
  if (s.fromModel !== undefined && typeof s.fromModel !== 'boolean') return 'fromModel must be true or false';
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
  /** The run's corpus baselines (builtin:tang, builtin:english), null for others or before a run. */
  baselines?: TrainBaselines | null;
  /** The run started from the weights of a model of this corpus at this step (null: from scratch). */
  fromModelStep?: number | null;
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

/**
 * Translation of held-out pairs (builtin:translate): the greedy translation of each English sentence
 * of a fixed set of held-out schema cases, compared with the reference.
 */
export interface TranslationAccuracy {
  /** Held-out sentences translated. */
  cases: number;
  /** Share translated exactly as the reference, every character. */
  exact: number;
  /** Share whose translation writes the right noun where the reference writes the referent (因为 __ 太…). */
  referent: number;
}

/** Validation figures measured every few steps. */
export interface TrainEval {
  step: number;
  valLoss: number;
  /** Share of held-out coreference cases answered correctly (null for other corpora). */
  corefAccuracy: number | null;
  corefCases: number;
  /** Translation accuracy on held-out pairs (null for other corpora). */
  translation: TranslationAccuracy | null;
  /** Samples of the real-text corpora (builtin:tang, builtin:english), same seed and prompt every time (absent for others). */
  text?: TextSampleFigures | null;
  /** The induction task (builtin:repeat): loss on each half of the held-out sequences (absent for others). */
  repeat?: RepeatHalves | null;
  /** Translation corpora: every encoder head's row for "it" on the two nouns, as flips (absent for others). */
  itHeads?: ItHeadFlips | null;
}

/**
 * A translation model's encoder "it" heads at one evaluation (docs/translate-fr.md): for every encoder
 * head, how far its row for "it" follows the noun "it" means, over the held-out sentences the
 * evaluation translates (teacher forcing on their references; src/train/translateAnalysis.ts).
 */
export interface ItHeadFlips {
  /** Held-out sentences measured (both referent kinds). */
  cases: number;
  /** Every encoder head, layer by layer (0-based indices): relative and absolute flip. */
  heads: { layer: number; head: number; relative: number; absolute: number }[];
}

/**
 * builtin:repeat's figures at one evaluation: mean loss per token (nats) on the first half of the
 * held-out sequences (random: never below ln(symbols)) and on the repeated half (falls far below it
 * once an induction head copies).
 */
export interface RepeatHalves {
  firstHalf: number;
  repeatedHalf: number;
  /** ln of the number of symbols the halves are drawn from: the first half's floor. */
  floor: number;
  sequences: number;
}

/** What the sample strip and the line-length meter show at one evaluation. */
export interface TextSampleFigures {
  /** The prompt every sample continues ("" = from <bos>). */
  prompt: string;
  /** The samples, prompt included (the strip shows the first; the meter counts all). */
  samples: string[];
  /** builtin:tang: finished sampled lines of exactly five or seven characters (null for English). */
  lines: { share: number | null; lines: number; regular: number } | null;
}

/**
 * The unigram and bigram baselines of a real-text corpus (data/ngram.ts), in nats per token, on the
 * very validation windows of the validation loss while training.
 */
export interface TrainBaselines {
  unigram: number;
  bigram: number;
  /** Validation target tokens scored. */
  tokens: number;
}

/**
 * The attention maps of one attention site for the probe, every layer and head:
 * weights[((layer · heads + head) · rows + row) · cols + col] (a row sums to 1).
 */
export interface SiteSnapshot {
  site: AttentionSite;
  layers: number;
  heads: number;
  /** The tokens of the rows (the positions that ask: queries) and of the columns (the keys they look at). */
  rowTokens: string[];
  colTokens: string[];
  weights: Float32Array;
}

interface SnapshotCommon {
  /** A live view only (sent for the heads grid while training), not kept in the history. */
  live?: boolean;
  step: number;
  loss: number;
  /** The probe tokens whose embeddings are recorded (for the encoder–decoder: the source). */
  tokens: string[];
  /** Token embeddings of `tokens`, [T][dModel] flattened. */
  embeddings: Float32Array;
  dModel: number;
  /** Every self-attention head's role scores at this step (absent in snapshots saved before roles were measured). */
  roles?: HeadRoles;
}

/** What the probe sentence looked like inside the decoder-only model at one step (a history entry). */
export interface DecoderSnapshot extends SnapshotCommon {
  /** Absent in snapshots saved before there were two model kinds. */
  architecture?: 'decoder';
  nLayers: number;
  nHeads: number;
  /** T = tokens.length; attention weights [layer][head][T][T] flattened in that order. */
  attention: Float32Array;
}

/**
 * The same for the encoder–decoder: the probe is the source; the decoder reads <bos> and the model's
 * own greedy translation at that step, so the rows of decoder self- and cross-attention are what it
 * writes then.
 */
export interface EncoderDecoderSnapshot extends SnapshotCommon {
  architecture: 'encoder-decoder';
  /** The decoder's inputs: <bos> followed by the translation the model writes at this step. */
  targetTokens: string[];
  /** Encoder self-attention, decoder self-attention, cross-attention (the order they run in). */
  sites: SiteSnapshot[];
}

export type TrainSnapshot = DecoderSnapshot | EncoderDecoderSnapshot;

/** Every attention site of a snapshot (the decoder-only model has one: its masked self-attention). */
export function snapshotSites(s: TrainSnapshot): SiteSnapshot[] {
  if (s.architecture === 'encoder-decoder') return s.sites;
  return [{ site: 'decoder', layers: s.nLayers, heads: s.nHeads, rowTokens: s.tokens, colTokens: s.tokens, weights: s.attention }];
}

/** The snapshot's own buffers (to transfer; each array owns a separate buffer). */
export function snapshotBuffers(s: TrainSnapshot): ArrayBuffer[] {
  const arrays = s.architecture === 'encoder-decoder' ? s.sites.map((x) => x.weights) : [s.attention];
  return [...arrays, s.embeddings].map((a) => a.buffer as ArrayBuffer);
}

/** A deep copy with buffers of its own. */
export function copySnapshot(s: TrainSnapshot): TrainSnapshot {
  const common = { tokens: s.tokens.slice(), embeddings: s.embeddings.slice() };
  if (s.architecture === 'encoder-decoder') {
    return {
      ...s,
      ...common,
      targetTokens: s.targetTokens.slice(),
      sites: s.sites.map((x) => ({ ...x, rowTokens: x.rowTokens.slice(), colTokens: x.colTokens.slice(), weights: x.weights.slice() })),
    };
  }
  return { ...s, ...common, attention: s.attention.slice() };
}

/** About how many bytes a snapshot holds (the history's budget). */
export function snapshotBytes(s: TrainSnapshot): number {
  const text = (tokens: readonly string[]): number => tokens.reduce((n, t) => n + t.length * 2 + 16, 0);
  let bytes = s.embeddings.length * 4 + text(s.tokens) + 64;
  for (const r of s.roles?.sites ?? []) bytes += r.layers * r.heads * 8 * 6 + text(r.textTokens) + text(r.repeatTokens);
  if (s.architecture === 'encoder-decoder') {
    bytes += text(s.targetTokens);
    for (const x of s.sites) bytes += x.weights.length * 4 + 64;
  } else {
    bytes += s.attention.length * 4;
  }
  return bytes;
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
