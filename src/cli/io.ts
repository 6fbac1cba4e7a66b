// Checkpoint folders on disk (Node only): model.json + weights.bin, read and written through the pure
// codec in src/model/checkpoint.ts. Sizes are checked with stat() before a file is read.

import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDocumentCorpus, documentCorpusFiles, type DocumentCorpus, type DocumentCorpusId } from '../data/documentCorpus';
import {
  CheckpointError,
  DEFAULT_MAX_CHECKPOINT_BYTES,
  MAX_MODEL_JSON_CHARS,
  WEIGHTS_FILE,
  decodeCheckpoint,
  encodeCheckpoint,
  type Checkpoint,
} from '../model/checkpoint';

export const MODEL_FILE = 'model.json';

/** The repository root (this file is src/cli/io.ts), whatever the working directory is. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Where the shipped checkpoint lives: public/models/coref under the repository root. */
export const DEFAULT_CHECKPOINT_DIR = join(REPO_ROOT, 'public', 'models', 'coref');

/** Where the shipped translation checkpoint (builtin:translate) lives: public/models/translate. */
export const DEFAULT_TRANSLATE_CHECKPOINT_DIR = join(REPO_ROOT, 'public', 'models', 'translate');
/** Where the shipped English→French checkpoint (builtin:translate-fr) lives: public/models/translate-fr. */
export const DEFAULT_TRANSLATE_FR_CHECKPOINT_DIR = join(REPO_ROOT, 'public', 'models', 'translate-fr');

async function fileSize(path: string): Promise<number | null> {
  try {
    const s = await stat(path);
    return s.isFile() ? s.size : null;
  } catch {
    return null;
  }
}

/** Reads and validates a checkpoint folder; throws CheckpointError (one line) naming the problem. */
export async function readCheckpointDir(dir: string, opts: { maxBytes?: number } = {}): Promise<Checkpoint> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_CHECKPOINT_BYTES;
  const folder = resolve(dir);
  let isDir = false;
  try {
    isDir = (await stat(folder)).isDirectory();
  } catch {
    throw new CheckpointError(`checkpoint folder ${folder} does not exist`);
  }
  if (!isDir) throw new CheckpointError(`${folder} is not a folder (a checkpoint is a folder with ${MODEL_FILE} and ${WEIGHTS_FILE})`);

  const modelPath = join(folder, MODEL_FILE);
  const weightsPath = join(folder, WEIGHTS_FILE);
  const modelSize = await fileSize(modelPath);
  if (modelSize === null) throw new CheckpointError(`checkpoint folder ${folder} has no ${MODEL_FILE}`);
  const weightsSize = await fileSize(weightsPath);
  if (weightsSize === null) throw new CheckpointError(`checkpoint folder ${folder} has no ${WEIGHTS_FILE}`);
  // A UTF-16 unit takes at most 3 UTF-8 bytes: every model.json the codec accepts fits under this bound,
  // and anything far larger is refused before it is read.
  const jsonLimit = Math.min(maxBytes, MAX_MODEL_JSON_CHARS * 3);
  if (modelSize > jsonLimit) {
    throw new CheckpointError(`${modelPath} is too large (${modelSize} bytes; the limit is ${jsonLimit})`);
  }
  if (weightsSize > maxBytes) {
    throw new CheckpointError(`${weightsPath} is too large (${weightsSize} bytes; the limit is ${maxBytes})`);
  }
  const [modelJson, weightsBin] = await Promise.all([readFile(modelPath, 'utf8'), readFile(weightsPath)]);
  try {
    return decodeCheckpoint(modelJson, new Uint8Array(weightsBin.buffer, weightsBin.byteOffset, weightsBin.byteLength), {
      maxBytes,
    });
  } catch (e) {
    if (e instanceof CheckpointError) throw new CheckpointError(`bad checkpoint ${folder}: ${e.message}`);
    throw e;
  }
}

/**
 * Writes a checkpoint folder (created if needed). Each file is written to a temporary name first and
 * then renamed, so an interrupted write never leaves a half-written file under the real name.
 */
export async function writeCheckpointDir(dir: string, c: Checkpoint): Promise<void> {
  const { modelJson, weightsBin } = encodeCheckpoint(c);
  const folder = resolve(dir);
  await mkdir(folder, { recursive: true });
  const suffix = `.tmp-${process.pid}`;
  const weightsPath = join(folder, WEIGHTS_FILE);
  const modelPath = join(folder, MODEL_FILE);
  await writeFile(weightsPath + suffix, weightsBin);
  await writeFile(modelPath + suffix, modelJson + '\n', 'utf8');
  await rename(weightsPath + suffix, weightsPath);
  await rename(modelPath + suffix, modelPath);
}

/** A real-text corpus (CONTRACT §7) from its files under public/corpora/ (made by `npm run corpora`). */
export async function readDocumentCorpus(id: DocumentCorpusId): Promise<DocumentCorpus> {
  const files = documentCorpusFiles(id);
  const read = (rel: string): Promise<string> =>
    readFile(join(REPO_ROOT, 'public', rel), 'utf8').catch(() => {
      throw new Error(`cannot read ${join('public', rel)}: run \`npm run corpora\` to make it`);
    });
  const [meta, text] = await Promise.all([read(files.meta), read(files.text)]);
  return createDocumentCorpus(id, JSON.parse(meta), text);
}
