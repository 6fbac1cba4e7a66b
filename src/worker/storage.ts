// Checkpoints saved in the browser (IndexedDB, available in workers). Each record holds the two files
// of CONTRACT §2 under a name. When IndexedDB is missing or refuses (private mode, blocked storage)
// every function rejects with StorageUnavailableError, which the worker turns into a clear message.

import type { StorageFault } from '../shared/protocol';
import type { StorageProblem } from '../shared/training';

const DB_NAME = 'transformer-visualizer';
const DB_VERSION = 1;
const STORE = 'checkpoints';

export class StorageUnavailableError extends Error {
  /** What kind of failure it was, so that the page can say it in the user's language. */
  readonly problem: StorageProblem;
  constructor(message: string, problem: StorageProblem = 'unavailable') {
    super(message);
    this.name = 'StorageUnavailableError';
    this.problem = problem;
  }
}

/** The kind of a storage failure from the error IndexedDB gave (a DOMException's name). */
export function storageProblemOf(e: unknown): StorageProblem {
  if (e instanceof StorageUnavailableError) return e.problem;
  const name = typeof e === 'object' && e !== null && 'name' in e ? String((e as { name: unknown }).name) : '';
  if (name === 'QuotaExceededError') return 'quota';
  if (name === 'SecurityError' || name === 'InvalidStateError' || name === 'NotAllowedError') return 'unavailable';
  return 'failed';
}

/** A StorageUnavailableError for an IndexedDB error, keeping its kind. */
export function storageError(prefix: string, e: unknown): StorageUnavailableError {
  if (e instanceof StorageUnavailableError) return e;
  const detail = e instanceof Error || (typeof e === 'object' && e !== null && 'message' in e) ? String((e as { message: unknown }).message) : String(e);
  return new StorageUnavailableError(`${prefix}: ${detail}`, storageProblemOf(e));
}

// ---------------------------------------------------------------- tests only: storage made to fail

let fault: StorageFault | null = null;

/**
 * Tests only (the worker's storageInjectFault request): 'no-idb' makes opening a database throw the
 * SecurityError of a private window; 'idb-quota' makes every write fail with QuotaExceededError.
 */
export function injectStorageFault(f: StorageFault | null): void {
  fault = f;
}

/** The error an injected fault gives for opening (mode null) or a transaction of `mode`, else null. */
export function injectedStorageError(mode: IDBTransactionMode | null): DOMException | null {
  if (fault === 'no-idb') return new DOMException('The operation is insecure.', 'SecurityError');
  if (fault === 'idb-quota' && mode === 'readwrite') {
    return new DOMException('The quota has been exceeded.', 'QuotaExceededError');
  }
  return null;
}

export class CheckpointNotFoundError extends Error {
  constructor(name: string) {
    super(`no checkpoint named "${name}" is saved in this browser`);
    this.name = 'CheckpointNotFoundError';
  }
}

interface StoredRecord {
  name: string;
  modelJson: string;
  weightsBin: ArrayBuffer;
  savedAt: string;
}

export interface CheckpointBytes {
  modelJson: string;
  weightsBin: ArrayBuffer | Uint8Array;
}

function requestToPromise<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(storageError('browser storage failed', req.error ?? new Error('IndexedDB request failed')));
  });
}

function openDb(): Promise<IDBDatabase> {
  const factory: IDBFactory | undefined = (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  if (!factory) return Promise.reject(new StorageUnavailableError('this browser offers no IndexedDB storage'));
  return new Promise((resolve, reject) => {
    let req: IDBOpenDBRequest;
    try {
      const injected = injectedStorageError(null);
      if (injected) throw injected;
      req = factory.open(DB_NAME, DB_VERSION);
    } catch (e) {
      reject(storageError('browser storage is not available', e));
      return;
    }
    req.onupgradeneeded = () => {
      const db = req.result;
      if (!db.objectStoreNames.contains(STORE)) db.createObjectStore(STORE, { keyPath: 'name' });
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () =>
      reject(new StorageUnavailableError(`browser storage is not available: ${req.error?.message ?? 'open failed'}`));
    req.onblocked = () => reject(new StorageUnavailableError('browser storage is blocked by another tab'));
  });
}

async function withStore<T>(mode: IDBTransactionMode, fn: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await openDb();
  try {
    const injected = injectedStorageError(mode);
    if (injected) throw storageError('saving in this browser failed', injected);
    const tx = db.transaction(STORE, mode);
    const done = new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(storageError('saving in this browser failed', tx.error ?? new Error('IndexedDB transaction failed')));
      tx.onabort = () => reject(storageError('saving in this browser failed', tx.error ?? new Error('IndexedDB transaction aborted')));
    });
    // A failed request also fails the transaction: that second rejection is not left unhandled.
    done.catch(() => {});
    const result = await requestToPromise(fn(tx.objectStore(STORE)));
    await done;
    return result;
  } finally {
    db.close();
  }
}

function toArrayBuffer(bytes: ArrayBuffer | Uint8Array): ArrayBuffer {
  if (bytes instanceof ArrayBuffer) return bytes.slice(0);
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return copy.buffer;
}

export async function saveCheckpointToIdb(
  name: string,
  files: CheckpointBytes,
): Promise<{ name: string; bytes: number; savedAt: string }> {
  const record: StoredRecord = {
    name,
    modelJson: files.modelJson,
    weightsBin: toArrayBuffer(files.weightsBin),
    savedAt: new Date().toISOString(),
  };
  await withStore('readwrite', (store) => store.put(record));
  return { name, bytes: record.weightsBin.byteLength + record.modelJson.length, savedAt: record.savedAt };
}

export async function loadCheckpointFromIdb(name: string): Promise<{ modelJson: string; weightsBin: ArrayBuffer }> {
  const record = (await withStore('readonly', (store) => store.get(name))) as StoredRecord | undefined;
  if (!record) throw new CheckpointNotFoundError(name);
  return { modelJson: record.modelJson, weightsBin: record.weightsBin };
}

export async function listCheckpointsInIdb(): Promise<{ name: string; bytes: number; savedAt: string }[]> {
  const records = (await withStore('readonly', (store) => store.getAll())) as StoredRecord[];
  return records.map((r) => ({ name: r.name, bytes: r.weightsBin.byteLength + r.modelJson.length, savedAt: r.savedAt }));
}
