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

export function isCancelled(e: unknown): boolean {
  return e instanceof WorkerCallError && e.code === 'cancelled';
}

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

export class WorkerClient {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Map<EventName, Set<(data: never) => void>>();
  private readonly crashListeners = new Set<(message: string) => void>();
  private dead: string | null = null;

  constructor(worker: Worker) {
    this.worker = worker;
    worker.onmessage = (ev: MessageEvent<WorkerToPage>) => this.receive(ev.data);
    worker.onerror = (ev: ErrorEvent) => {
      ev.preventDefault();
      this.fail(ev.message || 'the worker could not start');
    };
    worker.onmessageerror = () => this.fail('a message from the worker could not be read');
  }

  /** The app's worker (src/worker/worker.ts), bundled by Vite as an ES module worker. */
  static start(): WorkerClient {
    const worker = new Worker(new URL('../worker/worker.ts', import.meta.url), { type: 'module', name: 'model' });
    return new WorkerClient(worker);
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
  onCrash(listener: (message: string) => void): () => void {
    this.crashListeners.add(listener);
    return () => {
      this.crashListeners.delete(listener);
    };
  }

  terminate(): void {
    this.worker.terminate();
    this.fail('the worker was stopped');
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

  private fail(message: string): void {
    if (this.dead !== null) return;
    this.dead = message;
    for (const [, p] of this.pending) {
      p.cleanup();
      p.reject(new WorkerCallError('worker-crashed', message, p.method));
    }
    this.pending.clear();
    for (const l of this.crashListeners) l(message);
  }
}
