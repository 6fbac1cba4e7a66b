// The files of the real-text corpora (builtin:tang, builtin:english; CONTRACT §7), fetched by the
// worker only when a run or a model needs them, relative to the page's base URL (the page says it in
// 'init'), and kept for the worker's life: choosing the corpus again costs nothing. Node (the unit
// tests) hands in a reader of the repository's public/ folder instead of fetch.

import { createDocumentCorpus, documentCorpusFiles, type DocumentCorpus, type DocumentCorpusId } from '../data/documentCorpus';

/** Reads a file given by its path relative to the site root (e.g. "corpora/tang.txt"). */
export type CorpusFileReader = (path: string) => Promise<string>;

let baseUrl: string | null = null;
let reader: CorpusFileReader | null = null;
const loading = new Map<DocumentCorpusId, Promise<DocumentCorpus>>();
const loaded = new Map<DocumentCorpusId, DocumentCorpus>();

/** The page's base URL (document.baseURI): the corpus files are fetched relative to it. */
export function setCorpusBase(url: string): void {
  baseUrl = url;
}

/** Replaces fetch (Node); forgets what was read before. */
export function setCorpusReader(read: CorpusFileReader | null): void {
  reader = read;
  loading.clear();
  loaded.clear();
}

async function fetchText(path: string): Promise<string> {
  if (reader) return reader(path);
  const url = new URL(path, baseUrl ?? (globalThis as { location?: { href: string } }).location?.href).href;
  const res = await fetch(url);
  // A development server answers unknown paths with the app's index.html: "not there" too.
  const type = res.headers.get('content-type') ?? '';
  if (!res.ok || type.includes('text/html')) throw new Error(`the corpus file ${path} could not be fetched (HTTP ${res.status})`);
  return res.text();
}

/** The corpus, fetched and tokenized once (a failed fetch is tried again next time). */
export function loadDocumentCorpus(id: DocumentCorpusId): Promise<DocumentCorpus> {
  let p = loading.get(id);
  if (!p) {
    p = (async () => {
      const files = documentCorpusFiles(id);
      const [meta, text] = await Promise.all([fetchText(files.meta), fetchText(files.text)]);
      const corpus = createDocumentCorpus(id, JSON.parse(meta) as unknown, text);
      loaded.set(id, corpus);
      return corpus;
    })();
    loading.set(id, p);
    p.catch(() => loading.delete(id));
  }
  return p;
}

/** The corpus if it has been loaded, else null. */
export function loadedDocumentCorpus(id: DocumentCorpusId): DocumentCorpus | null {
  return loaded.get(id) ?? null;
}
