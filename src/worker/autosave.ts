// Autosave of a training run in IndexedDB (its own database, next to the checkpoints of storage.ts):
// the model as checkpoint files (CONTRACT §2), the optimizer state, the settings and the history.
// A small summary record is kept apart so that the page can offer "resume at step N" without
// reading megabytes. Failures reject with StorageUnavailableError; training goes on without saving.

import type { AutosaveSummary, TrainHistory, TrainSettings } from '../shared/training';
import { StorageUnavailableError, injectedStorageError, storageError } from './storage';

const DB_NAME = 'transformer-visualizer-training';
const DB_VERSION = 1;
const STORE = 'autosave';
const RUN_KEY = 'run';
const SUMMARY_KEY = 'summary';
/** The database of src/worker/storage.ts (checkpoints saved by name), removed by "clear stored data". */
const CHECKPOINT_DB_NAME = 'transformer-visualizer';

export interface AutosaveRecord {
  settings: TrainSettings;
  corpusId: string;
  step: number;
  savedAt: string;
  modelJson: string;
  weightsBin: ArrayBuffer;
  optimizer: { step: number; m: Map<string, Float32Array>; v: Map<string, Float32Array> };
  history: TrainHistory;
  snapshotEvery: number;
}

function factory(): IDBFactory {
  const f: IDBFactory | undefined = (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  if (!f) throw new StorageUnavailableError('this browser offers no IndexedDB storage');
  return f;
}

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    let req: IDBOpenDBRequest;
    try {
      const injected = injectedStorageError(null);
      if (injected) throw injected;
      req = factory().open(DB_NAME, DB_VERSION);
    } catch (e) {
      reject(storageError('browser storage is not available', e));
      return;
    }
    req.onupgradeneeded = () => {
      if (!req.result.objectStoreNames.contains(STORE)) req.result.createObjectStore(STORE);
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(storageError('browser storage is not available', req.error ?? new Error('open failed')));
    req.onblocked = () => reject(new StorageUnavailableError('browser storage is blocked by another tab'));
  });
}

async function transact<T>(mode: IDBTransactionMode, fn: (store: IDBObjectStore) => IDBRequest<T> | void): Promise<T | undefined> {
  const db = await openDb();
  try {
    const injected = injectedStorageError(mode);
    if (injected) throw storageError('saving in this browser failed', injected);
    return await new Promise<T | undefined>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      let result: T | undefined;
      const req = fn(tx.objectStore(STORE));
      if (req) req.onsuccess = () => (result = req.result);
      tx.oncomplete = () => resolve(result);
      const fail = (): void => reject(storageError('saving in this browser failed', tx.error ?? new Error('transaction aborted')));
      tx.onerror = fail;
      tx.onabort = fail;
    });
  } finally {
    db.close();
  }
}

export async function saveAutosave(record: AutosaveRecord): Promise<void> {
  const summary: AutosaveSummary = { step: record.step, savedAt: record.savedAt, settings: record.settings, corpusId: record.corpusId };
  await transact('readwrite', (store) => {
    store.put(record, RUN_KEY);
    store.put(summary, SUMMARY_KEY);
  });
}

export async function autosaveSummary(): Promise<AutosaveSummary | null> {
  const s = await transact<AutosaveSummary>('readonly', (store) => store.get(SUMMARY_KEY));
  return s ?? null;
}

export async function loadAutosave(): Promise<AutosaveRecord | null> {
  const r = await transact<AutosaveRecord>('readonly', (store) => store.get(RUN_KEY));
  return r ?? null;
}

function deleteDb(name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = factory().deleteDatabase(name);
    req.onsuccess = () => resolve();
    req.onerror = () => reject(new StorageUnavailableError(`could not delete stored data: ${req.error?.message ?? 'failed'}`));
    // Another tab still has it open: it is deleted when that tab closes it.
    req.onblocked = () => resolve();
  });
}

/** Removes the autosave and every checkpoint saved in this browser. */
export async function clearAllStoredData(): Promise<void> {
  await deleteDb(DB_NAME);
  await deleteDb(CHECKPOINT_DB_NAME);
}
