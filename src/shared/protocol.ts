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

import type { ModelConfig, PresetName } from './config';
import type { ForwardTrace } from './trace';

export type BackendName = 'webgl' | 'wasm' | 'cpu';
export const BACKEND_NAMES: readonly BackendName[] = ['webgl', 'wasm', 'cpu'];

export function isBackendName(value: unknown): value is BackendName {
  return value === 'webgl' || value === 'wasm' || value === 'cpu';
}

/** One attention head: layer index and head index, both from 0. */
export interface HeadRef {
  layer: number;
  head: number;
}

/** Where the weights of the model in use came from. */
export type ModelSource = 'shipped' | 'random' | 'imported' | 'browser-storage';

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

/** Every request the page can make: params in, result out. */
export interface Requests {
  /** Choose and initialise the TF.js backend ('auto' or absent: WebGL, else WASM, else CPU). */
  init: { params: { backend?: BackendName | 'auto' }; result: BackendInfo };
  /**
   * Load the shipped checkpoint from `url` (a folder URL ending in '/', holding model.json and
   * weights.bin). When there is none, or it cannot be read, a randomly initialised model is used
   * and `note` says why.
   */
  loadShipped: { params: { url: string }; result: ModelInfo };
  /** Tokenize `text` (with <bos>), crop it to the context and run one traced forward pass. */
  trace: { params: { text: string; knockout?: HeadRef[] }; result: TraceResult };
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
}

export type EventName = keyof Events;

export type EventMessage = {
  [E in EventName]: { kind: 'event'; event: E; data: Events[E] };
}[EventName];

export type ResponseMessage =
  | { kind: 'response'; id: number; ok: true; result: ResultOf<Method> }
  | { kind: 'response'; id: number; ok: false; error: WorkerError };

export type WorkerToPage = ResponseMessage | EventMessage;
