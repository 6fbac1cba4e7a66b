// The page side of src/shared/protocol.ts: typed calls into the worker, cancellation through an
// AbortSignal, and a subscription to the worker's events. The page never posts anything else.

import type {
  ErrorCode,
  EventName,
  Events,
  Method,
  PageToWorker,
  ParamsOf,
  RequestMessage,
  ResultOf,
  WorkerToPage,
} from '../shared/protocol';

/** A request that failed in the worker (or was cancelled, or the worker died). */
export class WorkerCallError extends Error {
  constructor(
    readonly code: ErrorCode | 'worker-crashed',
    message: string,
    readonly method: Method,
  ) {
    super(message);
    this.name = 'WorkerCallError';
  }
}

/**
 * A request that was cancelled, or dropped because its worker died: not an error of its own to show
 * (the session reports the crash once and starts a new worker).
 */
export function isCancelled(e: unknown): boolean {
  return e instanceof WorkerCallError && (e.code === 'cancelled' || e.code === 'worker-crashed');
}

/** How the worker was found dead: it threw outside a request, or stopped answering (killed, hung). */
export type CrashKind = 'error' | 'unresponsive' | 'stopped';

/** Liveness check: a ping every `everyMs`; the worker is dead when one is unanswered for `deadAfterMs`. */
export interface WatchdogOptions {
  everyMs: number;
  deadAfterMs: number;
}

/**
 * The default watchdog. A ping is answered between two pieces of work; the longest piece is one
 * training step: well under a second on WASM, but tens of seconds for the largest preset on the plain
 * JavaScript backend. So the limit is 30 s, or 3× the slowest answer seen so far if that is longer.
 */
export const DEFAULT_WATCHDOG: WatchdogOptions = { everyMs: 2000, deadAfterMs: 30_000 };
/** The limit grows to this many times the slowest ping answer seen. */
export const WATCHDOG_SLOWEST_FACTOR = 3;

interface Pending {
  method: Method;
  resolve: (value: unknown) => void;
  reject: (error: WorkerCallError) => void;
  cleanup: () => void;
}

type Listener<E extends EventName> = (data: Events[E]) => void;

export interface CallOptions {
  signal?: AbortSignal;
  /** Buffers in params to transfer rather than copy (e.g. checkpoint bytes). */
  transfer?: Transferable[];
}

function newModelWorker(): Worker {
  return new Worker(new URL('../worker/worker.ts', import.meta.url), { type: 'module', name: 'model' });
}

let prestarted: { worker: Worker; early: WorkerToPage[]; error: string | null } | null = null;

/**
 * Starts loading the model worker (its script and TF.js) before the page's first render, so that
 * both happen at once; the first WorkerClient.start() takes this worker over.
 */
export function prestartWorker(): void {
  if (prestarted) return;
  const worker = newModelWorker();
  const early: WorkerToPage[] = [];
  const state: { worker: Worker; early: WorkerToPage[]; error: string | null } = { worker, early, error: null };
  worker.onmessage = (ev: MessageEvent<WorkerToPage>) => early.push(ev.data);
  worker.onerror = (ev: ErrorEvent) => {
    ev.preventDefault();
    state.error = ev.message || 'the worker could not start';
  };
  prestarted = state;
}

export class WorkerClient {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Map<EventName, Set<(data: never) => void>>();
  private readonly crashListeners = new Set<(message: string, kind: CrashKind) => void>();
  private dead: string | null = null;
  private watchdog: number | null = null;
  /** When the unanswered ping was sent (null: none outstanding). */
  private pingSentAt: number | null = null;
  /** The slowest ping answer so far (ms). */
  private slowestPing = 0;

  constructor(worker: Worker, watchdog: WatchdogOptions | null = null) {
    this.worker = worker;
    worker.onmessage = (ev: MessageEvent<WorkerToPage>) => this.receive(ev.data);
    worker.onerror = (ev: ErrorEvent) => {
      ev.preventDefault();
      this.fail(ev.message || 'the worker could not start', 'error');
    };
    worker.onmessageerror = () => this.fail('a message from the worker could not be read', 'error');
    if (watchdog) this.startWatchdog(watchdog);
  }

  /** The app's worker (src/worker/worker.ts), bundled by Vite as an ES module worker. */
  static start(watchdog: WatchdogOptions | null = null): WorkerClient {
    const early = prestarted;
    prestarted = null;
    const client = new WorkerClient(early?.worker ?? newModelWorker(), watchdog);
    // Whatever the prestarted worker said before anyone listened.
    for (const message of early?.early ?? []) client.receive(message);
    if (early?.error) client.fail(early.error, 'error');
    return client;
  }

  get isDead(): boolean {
    return this.dead !== null;
  }

  private startWatchdog({ everyMs, deadAfterMs }: WatchdogOptions): void {
    this.watchdog = window.setInterval(() => {
      if (this.dead !== null) return;
      const now = performance.now();
      if (this.pingSentAt !== null) {
        const limit = Math.max(deadAfterMs, WATCHDOG_SLOWEST_FACTOR * this.slowestPing);
        if (now - this.pingSentAt >= limit) this.fail(`no answer for ${Math.round((now - this.pingSentAt) / 1000)} s`, 'unresponsive');
        return;
      }
      const sent = now;
      this.pingSentAt = sent;
      this.call('ping', {}).then(
        () => {
          this.slowestPing = Math.max(this.slowestPing, performance.now() - sent);
          this.pingSentAt = null;
        },
        () => {},
      );
    }, everyMs);
  }

  /**
   * Tests only (reached through `window.__trainingBench` with `?bench`): the worker is killed without
   * this client being told, as when the browser kills it; the watchdog has to notice.
   */
  killForTest(): void {
    this.worker.terminate();
  }

  call<M extends Method>(method: M, params: ParamsOf<M>, opts: CallOptions = {}): Promise<ResultOf<M>> {
    if (this.dead !== null) return Promise.reject(new WorkerCallError('worker-crashed', this.dead, method));
    const { signal } = opts;
    if (signal?.aborted) return Promise.reject(new WorkerCallError('cancelled', 'cancelled', method));
    const id = this.nextId++;
    return new Promise<ResultOf<M>>((resolve, reject) => {
      const onAbort = (): void => {
        if (!this.pending.has(id)) return;
        this.pending.delete(id);
        this.post({ kind: 'cancel', id });
        reject(new WorkerCallError('cancelled', 'cancelled', method));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(id, {
        method,
        resolve: resolve as (value: unknown) => void,
        reject,
        cleanup: () => signal?.removeEventListener('abort', onAbort),
      });
      const msg = { kind: 'request', id, method, params } as RequestMessage;
      this.post(msg, opts.transfer);
    });
  }

  /** Subscribe to a worker event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: Listener<E>): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    const l = listener as (data: never) => void;
    set.add(l);
    return () => {
      set.delete(l);
    };
  }

  /** Called once if the worker dies (fails to load or throws outside a request). */
  onCrash(listener: (message: string, kind: CrashKind) => void): () => void {
    this.crashListeners.add(listener);
    return () => {
      this.crashListeners.delete(listener);
    };
  }

  terminate(): void {
    this.worker.terminate();
    this.fail('the worker was stopped', 'stopped');
  }

  private post(msg: PageToWorker, transfer: Transferable[] = []): void {
    this.worker.postMessage(msg, transfer);
  }

  private receive(msg: WorkerToPage): void {
    if (msg.kind === 'event') {
      const set = this.listeners.get(msg.event);
      const data = msg.data;
      if (set) for (const l of set) (l as (d: typeof data) => void)(data);
      return;
    }
    const p = this.pending.get(msg.id);
    if (!p) return; // cancelled on this side already
    this.pending.delete(msg.id);
    p.cleanup();
    if (msg.ok) p.resolve(msg.result);
    else p.reject(new WorkerCallError(msg.error.code, msg.error.message, p.method));
  }

  private fail(message: string, kind: CrashKind): void {
    if (this.dead !== null) return;
    this.dead = message;
    if (this.watchdog !== null) window.clearInterval(this.watchdog);
    this.watchdog = null;
    for (const [, p] of this.pending) {
      p.cleanup();
      p.reject(new WorkerCallError('worker-crashed', message, p.method));
    }
    this.pending.clear();
    for (const l of this.crashListeners) l(message, kind);
  }
}
