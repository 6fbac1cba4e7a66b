/// <reference lib="webworker" />
// The Web Worker entry: the only browser code that owns TF.js. It answers the typed requests of
// src/shared/protocol.ts one at a time, in arrival order (so a trace never races a model swap);
// a request cancelled before its turn is skipped, one cancelled while running has its answer dropped.

import type {
  ErrorCode,
  EventMessage,
  Events,
  Method,
  PageToWorker,
  ParamsOf,
  RequestMessage,
  ResultOf,
  WorkerToPage,
} from '../shared/protocol';
import { applyBackendFaults, chooseBackend, fallBackFrom } from './backend';
import { BackendLostError, raceContextLoss } from './contextLoss';
import { BadRequestError, ModelHost } from './modelHost';
import { packBackwardTrace, packTrace } from './transfer';
import { runBackwardTrace } from './backwardTrace';
import { AttributionService } from './attribution';
import { TranslateReadoutService } from './translateReadout';
import { CompanionService } from './companion';
import { countPosted } from './meter';
import { TrainingController, TrainingError } from './training';
import { snapshotBuffers } from '../shared/training';
import {
  CheckpointNotFoundError,
  StorageUnavailableError,
  injectStorageFault,
  listCheckpointsInIdb,
  loadCheckpointFromIdb,
  saveCheckpointToIdb,
} from './storage';
import { CheckpointError } from '../model/checkpoint';
import { setCorpusBase } from './corpusFiles';

const scope = self as unknown as DedicatedWorkerGlobalScope;

class RequestError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

class Cancelled extends Error {}

interface Context {
  signal: AbortSignal;
  /** Buffers to transfer with the result. */
  transfer: Transferable[];
}

type Handler<M extends Method> = (params: ParamsOf<M>, ctx: Context) => Promise<ResultOf<M>>;

const host = new ModelHost();
const attributions = new AttributionService(host);
const readouts = new TranslateReadoutService(host);
// The decoder-only model beside a translation model (companionTrace): loaded on first use, kept.
const companion = new CompanionService();
// Training runs each step as a job of the request queue below (declared later; used only at run time).
const training = new TrainingController({
  host,
  post: (message, transfer) => {
    countPosted(message);
    scope.postMessage(message, transfer);
  },
  enqueue: (job) => {
    const done = queue.then(job);
    queue = done.catch(() => {});
    return done;
  },
  fallBack: fallBackFrom,
});
let backendReady = false;

function emit<E extends keyof Events>(event: E, data: Events[E]): void {
  const message = { kind: 'event', event, data } as EventMessage;
  countPosted(message);
  scope.postMessage(message);
}

function requireBackend(): void {
  if (!backendReady) throw new RequestError('not-ready', 'the TF.js backend is not initialised yet');
}

function requireModel(): void {
  requireBackend();
  if (!host.ready) throw new RequestError('not-ready', 'no model is loaded yet');
}

function checkName(name: unknown): string {
  if (typeof name !== 'string' || name.trim() === '' || name.length > 200) {
    throw new RequestError('bad-request', 'a checkpoint name must be 1–200 characters');
  }
  return name.trim();
}

const handlers: { [M in Method]: Handler<M> } = {
  async init(params) {
    emit('status', { message: 'initialising backend' });
    if (Array.isArray(params.faults) && params.faults.length > 0) applyBackendFaults(params.faults);
    if (typeof params.baseUrl === 'string') setCorpusBase(params.baseUrl);
    const info = await chooseBackend(params.backend ?? 'auto');
    backendReady = true;
    return info;
  },

  async loadShipped(params) {
    requireBackend();
    if (typeof params.url !== 'string') throw new RequestError('bad-request', 'loadShipped needs a url');
    emit('status', { message: 'loading model' });
    if (params.corpus !== undefined && typeof params.corpus !== 'string') throw new RequestError('bad-request', 'loadShipped: corpus must be a string');
    const info = await host.loadShipped(params.url, params.corpus);
    emit('model', info);
    return info;
  },

  async attribution(params) {
    requireModel();
    const { text, answer, distractor } = params;
    if (typeof text !== 'string' || typeof answer !== 'string' || typeof distractor !== 'string') {
      throw new RequestError('bad-request', 'attribution needs text, answer and distractor');
    }
    return attributions.run(text, answer, distractor, params.knockout ?? []);
  },

  async trace(params, ctx) {
    requireModel();
    if (typeof params.text !== 'string') throw new RequestError('bad-request', 'trace needs text');
    const result = await host.trace(params.text, params.knockout ?? []);
    attributions.remember(params.text, params.knockout ?? [], result);
    if (ctx.signal.aborted) throw new Cancelled();
    const packed = packTrace(result.trace);
    ctx.transfer.push(...packed.transfer);
    return { ...result, trace: packed.trace };
  },

  async backwardTrace(params, ctx) {
    requireModel();
    if (typeof params.text !== 'string') throw new RequestError('bad-request', 'backwardTrace needs text');
    const result = await runBackwardTrace(host, training, params);
    if (ctx.signal.aborted) throw new Cancelled();
    const packed = packBackwardTrace(result.trace);
    ctx.transfer.push(...packed.transfer);
    return { ...result, trace: packed.trace };
  },

  async headRoles(params, ctx) {
    requireModel();
    if (typeof params.text !== 'string') throw new RequestError('bad-request', 'headRoles needs text');
    const result = await host.headRoles(params.text);
    if (ctx.signal.aborted) throw new Cancelled();
    return result;
  },

  async translate(params, ctx) {
    requireModel();
    if (typeof params.text !== 'string') throw new RequestError('bad-request', 'translate needs text');
    const result = await host.translate(params.text, { knockout: params.knockout, maxTokens: params.maxTokens, sampling: params.sampling });
    if (ctx.signal.aborted) throw new Cancelled();
    const packed = packTrace(result.trace);
    ctx.transfer.push(...packed.transfer);
    return { ...result, trace: packed.trace };
  },

  async companionTrace(params, ctx) {
    requireBackend();
    if (typeof params.url !== 'string' || typeof params.text !== 'string') throw new RequestError('bad-request', 'companionTrace needs url and text');
    const result = await companion.trace(params.url, params.text);
    if (ctx.signal.aborted) throw new Cancelled();
    const packed = packTrace(result.trace);
    ctx.transfer.push(...packed.transfer);
    return { ...result, trace: packed.trace };
  },

  async translateReadout() {
    requireModel();
    return readouts.run();
  },

  async embeddings(_params, ctx) {
    requireModel();
    const tables = await host.embeddings();
    ctx.transfer.push(tables.matrix.data.buffer, tables.positionTable.data.buffer, tables.sinusoidal.data.buffer);
    return tables;
  },

  async exportCheckpoint(_params, ctx) {
    requireModel();
    const files = await host.exportFiles();
    ctx.transfer.push(files.weightsBin);
    return files;
  },

  async importCheckpoint(params) {
    requireBackend();
    const info = host.importFiles(params, 'imported');
    emit('model', info);
    return info;
  },

  async saveCheckpoint(params) {
    requireModel();
    const name = checkName(params.name);
    const files = await host.exportFiles();
    return saveCheckpointToIdb(name, files);
  },

  async loadCheckpoint(params) {
    requireBackend();
    const name = checkName(params.name);
    const files = await loadCheckpointFromIdb(name);
    const info = host.importFiles(files, 'browser-storage');
    emit('model', info);
    return info;
  },

  async listCheckpoints() {
    return listCheckpointsInIdb();
  },

  async trainStart(params) {
    requireBackend();
    return training.start(params.settings);
  },

  async trainPause() {
    return training.pause();
  },

  async trainStep(params) {
    requireBackend();
    return training.stepOnce(params.settings);
  },

  async trainReset(params) {
    requireBackend();
    return training.reset(params.settings);
  },

  async trainConfigure(params) {
    return training.configure(params);
  },

  async trainProbe(params) {
    training.setProbe(params.text);
    return null;
  },

  async trainState() {
    return training.state();
  },

  async trainHistory(_params, ctx) {
    const h = training.historyCopy();
    ctx.transfer.push(h.points.buffer, ...h.snapshots.flatMap(snapshotBuffers));
    return h;
  },

  async autosaveInfo() {
    return training.autosaveInfo();
  },

  async trainResume() {
    requireBackend();
    return training.resume();
  },

  async clearStoredData() {
    await training.clearStored();
    return null;
  },

  async trainStats() {
    return training.stats();
  },

  async trainInjectFault(params) {
    training.injectFault(params.fault);
    return null;
  },

  async storageInjectFault(params) {
    injectStorageFault(params.fault);
    return null;
  },

  async ping() {
    return null; // answered in onmessage, outside the queue
  },

  async benchBareLoop(params) {
    requireBackend();
    return training.bareLoop(params.preset, params.batchSize, params.seconds, params.corpus);
  },
};

function toWorkerError(e: unknown): { code: ErrorCode; message: string } {
  if (e instanceof RequestError) return { code: e.code, message: e.message };
  if (e instanceof Cancelled) return { code: 'cancelled', message: 'cancelled' };
  // The model moves to another backend (a 'model' event follows): the request is dropped, not failed.
  if (e instanceof BackendLostError) return { code: 'cancelled', message: e.message };
  if (e instanceof BadRequestError) return { code: 'bad-request', message: e.message };
  if (e instanceof TrainingError) return { code: 'bad-request', message: e.message };
  if (e instanceof CheckpointError) return { code: 'bad-checkpoint', message: e.message };
  if (e instanceof StorageUnavailableError) return { code: 'storage-unavailable', message: e.message };
  if (e instanceof CheckpointNotFoundError) return { code: 'not-found', message: e.message };
  return { code: 'internal', message: e instanceof Error ? e.message : String(e) };
}

const running = new Map<number, AbortController>();
let queue: Promise<void> = Promise.resolve();

async function run(msg: RequestMessage, controller: AbortController): Promise<void> {
  const ctx: Context = { signal: controller.signal, transfer: [] };
  let reply: WorkerToPage;
  try {
    if (controller.signal.aborted) throw new Cancelled();
    const handler = handlers[msg.method] as Handler<Method>;
    if (!handler) throw new RequestError('bad-request', `unknown method ${String(msg.method)}`);
    // On a lost WebGL context a request may never finish: it is raced against the loss.
    // (A training step races by itself, and moves the run to another backend when it loses; the
    // test hook that loses the context answers normally.)
    const call = (): Promise<ResultOf<Method>> => handler(msg.params as ParamsOf<Method>, ctx);
    const raced = msg.method !== 'trainStep' && msg.method !== 'trainInjectFault';
    const result = raced ? await raceContextLoss(call) : await call();
    if (controller.signal.aborted) throw new Cancelled();
    reply = { kind: 'response', id: msg.id, ok: true, result };
  } catch (e) {
    if (e instanceof BackendLostError) training.backendLostOutsideStep();
    reply = { kind: 'response', id: msg.id, ok: false, error: toWorkerError(e) };
    ctx.transfer = [];
  } finally {
    running.delete(msg.id);
  }
  countPosted(reply);
  scope.postMessage(reply, ctx.transfer);
}

scope.onmessage = (ev: MessageEvent<PageToWorker>) => {
  const msg = ev.data;
  if (msg.kind === 'cancel') {
    running.get(msg.id)?.abort();
    return;
  }
  if (msg.kind !== 'request') return;
  if (msg.method === 'ping') {
    // Liveness: answered at once, whatever the queue is doing (the page's watchdog).
    scope.postMessage({ kind: 'response', id: msg.id, ok: true, result: null } satisfies WorkerToPage);
    return;
  }
  const controller = new AbortController();
  running.set(msg.id, controller);
  queue = queue.then(() => run(msg, controller));
};

emit('status', { message: 'worker started' });
