// The worker's real-text corpus files (src/worker/corpusFiles.ts) read from the repository's public/
// folder in Node, where there is no page to fetch them from.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { setCorpusReader } from '../../../src/worker/corpusFiles';

export const PUBLIC_DIR = path.resolve(__dirname, '../../../public');

/** Makes the worker's corpus loader read public/ (and forget what it read before); returns the paths it read. */
export function useRepositoryCorpusFiles(): string[] {
  const read: string[] = [];
  setCorpusReader((rel) => {
    read.push(rel);
    return readFile(path.join(PUBLIC_DIR, rel), 'utf8');
  });
  return read;
}
