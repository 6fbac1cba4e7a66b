// Checkpoints saved in the browser (IndexedDB, available in workers). Each record holds the two files
// of CONTRACT §2 under a name. When IndexedDB is missing or refuses (private mode, blocked storage)
// every function rejects with StorageUnavailableError, which the worker turns into a clear message.

const DB_NAME = 'transformer-visualizer';
const DB_VERSION = 1;
const STORE = 'checkpoints';

export class StorageUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StorageUnavailableError';
  }
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
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

function openDb(): Promise<IDBDatabase> {
  const factory: IDBFactory | undefined = (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  if (!factory) return Promise.reject(new StorageUnavailableError('this browser offers no IndexedDB storage'));
  return new Promise((resolve, reject) => {
    let req: IDBOpenDBRequest;
    try {
      req = factory.open(DB_NAME, DB_VERSION);
    } catch (e) {
      reject(new StorageUnavailableError(`browser storage is not available: ${e instanceof Error ? e.message : String(e)}`));
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
    const tx = db.transaction(STORE, mode);
    const done = new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
    });
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
