// The one typed protocol between the page (src/app) and the Web Worker (src/worker).
//
// The page sends requests `{ kind: 'request', id, method, params }`; the worker answers each with
// `{ kind: 'response', id, ok: true, result }` or `{ kind: 'response', id, ok: false, error }`.
// The page may send `{ kind: 'cancel', id }`; a cancelled request that has not finished answers with
// error code 'cancelled' (or not at all if it already finished). Between requests the worker may
// post events `{ kind: 'event', event, data }` (status lines, later: training progress).
//
// Every method's params and result are listed in `Requests`; adding a request means adding one
// entry here and one handler in the worker, and the compiler checks both sides.
// Large numeric payloads (Float32Array in a trace, checkpoint bytes) travel as transferred
// ArrayBuffers, never re-cloned.

import type { ModelConfig, PositionalKind, PresetName, SiteHeadRef } from './config';
import type { BackwardTrace } from './backward';
import type { EncoderDecoderTrace, ForwardTrace, Mat } from './trace';
import type { HeadRoles } from './headRoles';
import type {
  AutosaveSummary,
  BackendChoice,
  BareLoopResult,
  BuiltinCorpusId,
  TrainEval,
  TrainHistory,
  TrainProgress,
  TrainSettings,
  TrainSnapshot,
  TrainState,
  TrainStats,
} from './training';

export type BackendName = 'webgl' | 'wasm' | 'cpu';
export const BACKEND_NAMES: readonly BackendName[] = ['webgl', 'wasm', 'cpu'];

export function isBackendName(value: unknown): value is BackendName {
  return value === 'webgl' || value === 'wasm' || value === 'cpu';
}

/**
 * Tests only: a backend made unavailable on purpose before the worker chooses one (`?bench&fault=`
 * in the page URL): no WebGL context, no OffscreenCanvas in the worker, or WASM binaries that 404.
 */
export type BackendFault = 'no-webgl' | 'no-offscreen' | 'no-wasm';
export const BACKEND_FAULTS: readonly BackendFault[] = ['no-webgl', 'no-offscreen', 'no-wasm'];

/**
 * Tests only: browser storage made to fail in the worker (storageInjectFault): 'no-idb' as in a
 * private window (opening throws SecurityError), 'idb-quota' as on a full disk (writes fail with
 * QuotaExceededError); null puts it back.
 */
export type StorageFault = 'no-idb' | 'idb-quota';

/** Tests only: a fault injected into a running worker (trainInjectFault). */
export type InjectedFault = 'nan-weight' | 'webgl-context-lost' | 'worker-throw';

/** The backend in use changed while the worker ran (its WebGL context was lost): what runs now and from which step. */
export interface BackendSwitch {
  /** The backend now in use (its `failures` name the lost one). */
  info: BackendInfo;
  from: BackendName;
  why: 'context-lost';
  /** The training step at which the loss was noticed (null when no run was in progress). */
  lostAtStep: number | null;
  /** The step the run continues from: its last good weights and optimizer state (null without a run). */
  resumedStep: number | null;
}

/** One attention head: layer index and head index, both from 0. */
export interface HeadRef {
  layer: number;
  head: number;
}

/** Where the weights of the model in use came from. */
export type ModelSource = 'shipped' | 'random' | 'imported' | 'browser-storage' | 'training';

/** What the page knows about the model in use. */
export interface ModelInfo {
  source: ModelSource;
  /** Training steps the weights have seen (0 for random weights). */
  step: number;
  /** The corpus the weights were trained on, e.g. "builtin:coref" (empty when random). */
  corpus: string;
  /** The preset the config matches, if any. */
  preset: PresetName | null;
  config: ModelConfig;
  parameters: number;
  /** The tokenizer's vocabulary; index = token id. */
  vocab: string[];
  /** Bumped every time the model in use changes; a trace carries the revision it was computed with. */
  revision: number;
  /** Why this model is in use when it is not the one asked for (e.g. no shipped checkpoint found). */
  note: ModelNote | null;
}

/** Why a random model stands in for the shipped one; the page words it in the user's language. */
export type ModelNote =
  | { kind: 'no-shipped-checkpoint' }
  | { kind: 'shipped-checkpoint-unusable'; detail: string };

export interface BackendInfo {
  backend: BackendName;
  /** Why this backend was chosen, in English, e.g. "webgl: initialised (WebGL 2)" or "wasm: webgl failed: …". */
  reason: string;
  /** What was asked for. */
  requested: BackendName | 'auto';
  /** Technical detail of the backend in use, e.g. "WebGL 2", "SIMD". */
  detail: string;
  /** The backends that were tried and failed, with their errors, in the order tried. */
  failures: { backend: BackendName; error: string }[];
  /** Why this backend (structured, for the page to word); absent on older workers. */
  choice?: BackendChoice;
}

export interface TraceResult {
  /** Token text per position (original piece text; "<bos>" first). */
  tokens: string[];
  ids: number[];
  /** Positions whose token is not in the vocabulary (encoded as <unk>). */
  unknown: number[];
  /** True when the text was longer than the context and was cut to its first contextLength tokens. */
  truncated: boolean;
  /** The model revision (ModelInfo.revision) this trace was computed with. */
  revision: number;
  trace: ForwardTrace;
}

/**
 * One training step on the page's sentence, traced (src/shared/backward.ts): tokens as a `trace`
 * request gives them, and the backward trace computed with the model in use (and, while a training run
 * is in progress, its optimizer state: `trace.update.fromRun`).
 */
export interface BackwardTraceResult extends Omit<TraceResult, 'trace'> {
  trace: BackwardTrace;
}

/** The head roles of the model in use (src/shared/headRoles.ts) at one revision. */
export interface HeadRolesResult {
  revision: number;
  roles: HeadRoles;
}

/**
 * A sentence traced by the companion model (the decoder-only coreference model beside a translation
 * model in use): the trace, as a `trace` request gives it, and what the page knows of that model.
 */
export interface CompanionTraceResult extends TraceResult {
  /** The companion model (its revision counts its own loads, not the model in use's). */
  model: ModelInfo;
}

/** How the translation is written: the most likely token each step, or a seeded draw at a temperature. */
export interface TranslateSampling {
  /** > 0: tokens are drawn from softmax(logits / temperature); 0 = greedy. */
  temperature: number;
  /** Seed of the draws (the same seed gives the same translation). */
  seed: number;
}

/** Longest translation a request may ask for (the model's context length bounds it further). */
export const MAX_TRANSLATE_TOKENS = 512;

export interface TranslateResult {
  /** The model revision (ModelInfo.revision) this translation was computed with. */
  revision: number;
  /** Source token text per position (no <bos>: the encoder reads the source as it is). */
  source: string[];
  sourceIds: number[];
  /** Source positions whose token is not in the vocabulary (encoded as <unk>). */
  unknown: number[];
  /** True when the source was longer than the context and was cut to its first contextLength tokens. */
  truncated: boolean;
  /** The translation, one token per entry, without <bos> and <eos>. */
  target: string[];
  targetIds: number[];
  /** True when the model wrote <eos> (it finished); false when maxTokens or the context ended it. */
  finished: boolean;
  /** One traced pass over the source and the decoder inputs <bos> + target (trace.targetIds). */
  trace: EncoderDecoderTrace;
}

/** The token whose encoder vector a linear read-out reads: "it", the first or second noun, the adjective (a control). */
export type ReadoutTokenName = 'it' | 'first' | 'second' | 'adjective';
export const READOUT_TOKEN_NAMES: readonly ReadoutTokenName[] = ['it', 'first', 'second', 'adjective'];

/** Read-out accuracies at one depth of the encoder. */
export interface TranslateReadoutLayer {
  /** 0 = the encoder's input (embedding + positions), l = the output of encoder layer l (counted from 1). */
  layer: number;
  /** Share of the held-out cases whose referent the read-out names right, per token's vector (0…1). */
  heldOut: Record<ReadoutTokenName, number>;
  /** The same on the training cases it was fitted on. */
  train: Record<ReadoutTokenName, number>;
  /** Which word the referent is (one of `identityClasses` nouns): held-out accuracy of a ridge read-out per token's vector. */
  identity: Record<ReadoutTokenName, number>;
}

/**
 * Linear read-outs of "which noun does it refer to?" from the encoder's vectors (src/train/
 * translateAnalysis.ts): a logistic regression per depth and token, fitted on the training cases of
 * builtin:translate and scored on its held-out noun pairs, computed from the model in use.
 */
export interface TranslateReadoutResult {
  revision: number;
  /** The training step of the weights read. */
  step: number;
  /** The corpus seed whose held-out split was used (the one the model was trained with). */
  seed: number;
  cases: { train: number; heldOut: number };
  /** How many nouns the "which word" read-out chooses among. */
  identityClasses: number;
  layers: TranslateReadoutLayer[];
}

/** One part of the residual stream at the resolving position (see src/train/attribution.ts). */
export type AttributionPart =
  | { kind: 'embedding' }
  | { kind: 'positional' }
  | { kind: 'head'; layer: number; head: number }
  | { kind: 'attentionBias'; layer: number }
  | { kind: 'ffn'; layer: number }
  | { kind: 'normBias'; layer: number | null; norm: 'norm1' | 'norm2' | 'final' }
  | { kind: 'outputBias' };

export interface AttributionTerm {
  part: AttributionPart;
  /** Its contribution to logit(answer) − logit(distractor). */
  value: number;
}

/** A candidate word's probability right after the text. */
export interface CandidateScore {
  word: string;
  /** Its tokens (a Chinese word has one per character); an unknown word has no ids. */
  ids: number[];
  /** P(first token) at the last position. */
  firstProb: number;
  /** P(whole word): the product of each token's probability given the ones before (extra passes). */
  wordProb: number;
  /** Logit of the first token at the last position. */
  logit: number;
}

export interface AttributionResult {
  revision: number;
  /** The position explained (the last one). */
  position: number;
  answer: CandidateScore;
  distractor: CandidateScore;
  /** logit(answer) − logit(distractor), first tokens, from the model's real logits. */
  gap: number;
  /** Parts of the gap (LayerNorm scales frozen); empty when a candidate is not in the vocabulary. */
  terms: AttributionTerm[];
  /** The sum of `terms` (equals `gap` up to rounding). */
  sum: number;
}

/** A checkpoint as the two files of CONTRACT §2. */
export interface CheckpointFiles {
  /** The text of model.json. */
  modelJson: string;
  /** The bytes of weights.bin. */
  weightsBin: ArrayBuffer;
}

export interface StoredCheckpoint {
  name: string;
  bytes: number;
  savedAt: string;
}

/** The model's embedding tables (for the Embeddings and Positional panels). */
export interface EmbeddingTables {
  /** The model revision (ModelInfo.revision) these tables belong to. */
  revision: number;
  /** The tokenizer's vocabulary; index = row of `matrix`. */
  vocab: string[];
  /** The token-embedding matrix E (`embedding/token`), [vocabSize, dModel] (not multiplied by embeddingScale). */
  matrix: Mat;
  embeddingScale: number;
  positional: PositionalKind;
  /** The position table the model adds, [contextLength, dModel]: sinusoidal, or the learned `embedding/position`. */
  positionTable: Mat;
  /** The sinusoidal closed form, [contextLength, dModel]; the same as positionTable when positional = "sinusoidal". */
  sinusoidal: Mat;
  /**
   * The word categories of the model's corpus as rows of `matrix` (the coreference corpus's seven,
   * src/data/wordCategories.ts: animate, place, animateAdj, placeAdj, object, container, size), so the
   * page can measure how well the embeddings group them; absent for a corpus without known categories.
   */
  categories?: EmbeddingCategory[];
}

export interface EmbeddingCategory {
  id: string;
  /** Token ids (rows of the embedding matrix); each id in one category only. */
  rows: number[];
}

/** Every request the page can make: params in, result out. */
export interface Requests {
  /** Choose and initialise the TF.js backend ('auto' or absent: WebGL, else WASM, else CPU). */
  /** `baseUrl`: the page's base URL (document.baseURI), against which the corpus files are fetched. */
  init: { params: { backend?: BackendName | 'auto'; faults?: BackendFault[]; baseUrl?: string }; result: BackendInfo };
  /**
   * Load the shipped checkpoint from `url` (a folder URL ending in '/', holding model.json and
   * weights.bin). When there is none, or it cannot be read, a randomly initialised model for
   * `corpus` (default "builtin:coref"; "builtin:translate": an encoder–decoder) is used and `note`
   * says why.
   */
  loadShipped: { params: { url: string; corpus?: string }; result: ModelInfo };
  /** Decoder-only model: tokenize `text` (with <bos>), crop it to the context and run one traced forward pass. */
  trace: { params: { text: string; knockout?: HeadRef[] }; result: TraceResult };
  /**
   * Decoder-only model: tokenize `text` (with <bos>), crop it to the context, and trace one training
   * step on it as one example: the loss, the gradients of every intermediate and weight, the clipping,
   * and Adam's update of `weight` (CONTRACT §2 name; default the first layer's query kernel) at the
   * learning rate the next training step would use (or `learningRate`), with the moments of the run in
   * progress when there is one, else of a fresh optimizer. The update is applied to a copy: the model
   * in use does not change. Needs at least one token after <bos>.
   */
  backwardTrace: { params: { text: string; weight?: string; learningRate?: number }; result: BackwardTraceResult };
  /**
   * Trace `text` (with <bos>, cropped to the context) with a second, decoder-only model loaded from
   * the checkpoint folder `url` on first use and kept for later requests, beside the model in use,
   * which is left as it is (as is a training run). When there is no checkpoint at `url` a seeded
   * random model stands in (`model.note` says why); a translation checkpoint answers a bad request.
   */
  companionTrace: { params: { url: string; text: string }; result: CompanionTraceResult };
  /**
   * Every self-attention head's role scores (previous-, first-, current-, duplicate-token, induction,
   * previous line) of the model in use: the text roles on `text` (decoder-only: with <bos>; the
   * encoder–decoder: the source, and its greedy translation in the decoder), cropped to the context;
   * duplicate-token and induction on the seeded repeated random sequence.
   */
  headRoles: { params: { text: string }; result: HeadRolesResult };
  /**
   * Encoder–decoder model: tokenize the source `text` (no <bos>), crop it to the context, write its
   * translation (greedy, or sampled with `sampling`; at most `maxTokens` tokens, stopping at <eos>),
   * then run one traced pass over the source and <bos> + the translation. Knocked-out heads (any
   * site) are silenced in both.
   */
  translate: {
    params: { text: string; knockout?: SiteHeadRef[]; maxTokens?: number; sampling?: TranslateSampling };
    result: TranslateResult;
  };
  /**
   * Encoder–decoder model: linear read-outs of the referent from the encoder's vectors of "it", the
   * nouns and the adjective at every depth, over the builtin:translate cases (fitted on the training
   * cases, scored on the held-out ones). A model whose vocabulary lacks the corpus' words answers a
   * bad request.
   */
  translateReadout: { params: Record<string, never>; result: TranslateReadoutResult };
  /** The embedding matrix and the position table of the model in use. */
  embeddings: { params: Record<string, never>; result: EmbeddingTables };
  /** The model in use as checkpoint files. */
  exportCheckpoint: { params: Record<string, never>; result: CheckpointFiles };
  /** Replace the model in use by a checkpoint; on any error the model in use is untouched. */
  importCheckpoint: { params: CheckpointFiles; result: ModelInfo };
  /** Save the model in use in the browser's IndexedDB under `name`. */
  saveCheckpoint: { params: { name: string }; result: StoredCheckpoint };
  /** Replace the model in use by the checkpoint saved under `name`. */
  loadCheckpoint: { params: { name: string }; result: ModelInfo };
  /** Checkpoints saved in this browser. */
  listCheckpoints: { params: Record<string, never>; result: StoredCheckpoint[] };
  /** Start (or continue) training; a new run from a fresh model of `settings` when none is in progress. */
  trainStart: { params: { settings: TrainSettings }; result: TrainState };
  trainPause: { params: Record<string, never>; result: TrainState };
  /** One training step, then paused. */
  trainStep: { params: { settings: TrainSettings }; result: TrainState };
  /** Throw the run away: a fresh model of `settings` at step 0, paused. */
  trainReset: { params: { settings: TrainSettings }; result: TrainState };
  /** Change what can change without a reset (learning rate, batch size, target steps). */
  trainConfigure: { params: { learningRate?: number; batchSize?: number; targetSteps?: number; livePanels?: boolean }; result: TrainState };
  /** The sentence whose attention the history snapshots record. */
  trainProbe: { params: { text: string }; result: null };
  trainState: { params: Record<string, never>; result: TrainState };
  trainHistory: { params: Record<string, never>; result: TrainHistory };
  /** The run autosaved in this browser, if any. */
  autosaveInfo: { params: Record<string, never>; result: AutosaveSummary | null };
  /** Continue the autosaved run at its saved step (paused). */
  trainResume: { params: Record<string, never>; result: TrainState };
  /** Delete the autosave and the checkpoints saved in this browser. */
  clearStoredData: { params: Record<string, never>; result: null };
  /** Benchmark figures: tensors alive, bytes posted, steps and tokens trained. */
  trainStats: { params: Record<string, never>; result: TrainStats };
  /**
   * Tests only: inject a fault: a NaN written into a weight of the run, the WebGL context lost, or
   * an uncaught exception thrown in the worker.
   */
  trainInjectFault: { params: { fault: InjectedFault }; result: null };
  /** Tests only: make browser storage fail from now on (see StorageFault), or work again (null). */
  storageInjectFault: { params: { fault: StorageFault | null }; result: null };
  /** Liveness check, answered at once (outside the request queue) while the worker's event loop runs. */
  ping: { params: Record<string, never>; result: null };
  /** Benchmark only: a bare training loop (no events, no evaluation) of the preset for `seconds`, on a built-in corpus (default builtin:coref). */
  benchBareLoop: {
    params: { preset: TrainSettings['preset']; batchSize: number; seconds: number; corpus?: BuiltinCorpusId };
    result: BareLoopResult;
  };
  /** Direct logit attribution of logit(answer) − logit(distractor) at the last position of `text`, with the candidates' probabilities. */
  attribution: { params: { text: string; answer: string; distractor: string; knockout?: HeadRef[] }; result: AttributionResult };
}

export type Method = keyof Requests;
export type ParamsOf<M extends Method> = Requests[M]['params'];
export type ResultOf<M extends Method> = Requests[M]['result'];

export type ErrorCode =
  | 'cancelled'
  | 'not-ready'
  | 'bad-request'
  | 'bad-checkpoint'
  | 'storage-unavailable'
  | 'not-found'
  | 'internal';

export interface WorkerError {
  code: ErrorCode;
  message: string;
}

/** Page → worker. */
export type RequestMessage = {
  [M in Method]: { kind: 'request'; id: number; method: M; params: ParamsOf<M> };
}[Method];

export interface CancelMessage {
  kind: 'cancel';
  id: number;
}

export type PageToWorker = RequestMessage | CancelMessage;

/** Worker → page events, not tied to a request. */
export interface Events {
  /** A short progress line, e.g. while the backend initialises or a checkpoint loads. */
  status: { message: string };
  /** The model in use changed (shipped, imported, loaded). */
  model: ModelInfo;
  /** Training: phase changes (start, pause, divergence, autosave). */
  trainState: TrainState;
  /** Training: throttled progress (≤ 10 per second). */
  trainProgress: TrainProgress;
  trainEval: TrainEval;
  trainSnapshot: TrainSnapshot;
  /** The backend changed while running (WebGL context lost): training goes on on the new one. */
  backendSwitch: BackendSwitch;
}

export type EventName = keyof Events;

export type EventMessage = {
  [E in EventName]: { kind: 'event'; event: E; data: Events[E] };
}[EventName];

export type ResponseMessage =
  | { kind: 'response'; id: number; ok: true; result: ResultOf<Method> }
  | { kind: 'response'; id: number; ok: false; error: WorkerError };

export type WorkerToPage = ResponseMessage | EventMessage;
