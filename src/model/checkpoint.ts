// The checkpoint format of CONTRACT §2: `model.json` (config, tokenizer, training info and a
// TensorFlow.js-style weights manifest) + `weights.bin` (float32, little-endian, concatenated in
// manifest order). Pure: no TF.js, no file system, no DOM, so the same code runs in Node (CLI) and in
// the browser worker. The loader never trusts the files: every size is checked before anything is
// parsed or allocated, and every defect is reported as one line naming the problem.

import type { ModelConfig } from '../shared/config';
import { isEncoderDecoder, validateConfig } from '../shared/config';
import {
  DEFAULT_MAX_CHECKPOINT_BYTES,
  MAX_MODEL_JSON_CHARS,
  MAX_MODEL_JSON_DEPTH,
  MAX_MODEL_JSON_ITEMS,
  scanJsonShape,
} from '../shared/checkpointLimits';
import { weightSpecs, type WeightMap } from './weights';
import { TOKENIZER_KINDS, type TokenizerKind } from '../data/tokenizer';

export const CHECKPOINT_FORMAT = 'transformer-checkpoint';
export const CHECKPOINT_VERSION = 1;
export const WEIGHTS_FILE = 'weights.bin';
export { DEFAULT_MAX_CHECKPOINT_BYTES, MAX_MODEL_JSON_CHARS, MAX_MODEL_JSON_DEPTH, MAX_MODEL_JSON_ITEMS };

/** The special tokens every vocabulary starts with (CONTRACT §2, src/data/tokenizer.ts). */
const SPECIAL_TOKENS = ['<pad>', '<unk>', '<bos>'] as const;
/** An encoder–decoder vocabulary also has <eos>, which ends a translation (CONTRACT §5). */
const ENCODER_DECODER_SPECIAL_TOKENS = [...SPECIAL_TOKENS, '<eos>'] as const;

export interface CheckpointTokenizer {
  kind: TokenizerKind;
  vocab: string[];
}

export interface TrainingInfo {
  step: number;
  seed: number;
  corpus: string;
  [k: string]: unknown;
}

export interface Checkpoint {
  config: ModelConfig;
  tokenizer: CheckpointTokenizer;
  training: TrainingInfo;
  weights: WeightMap;
}

/** A checkpoint that cannot be written or read; the message is one line naming the problem. */
export class CheckpointError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckpointError';
  }
}

/**
 * The config keys in the order CONTRACT §2 lists them (extra keys are neither written nor kept); an
 * encoder–decoder's config adds ENCODER_DECODER_KEYS (CONTRACT §5). A decoder-only config is written
 * without them (the default), exactly as before they existed.
 */
const CONFIG_KEYS: readonly (keyof ModelConfig)[] = [
  'vocabSize',
  'dModel',
  'nHeads',
  'nLayers',
  'dFF',
  'contextLength',
  'norm',
  'positional',
  'embeddingScale',
  'lnEpsilon',
  'tiedOutput',
];

const ENCODER_DECODER_KEYS: readonly (keyof ModelConfig)[] = ['architecture', 'nEncoderLayers'];

interface ManifestWeight {
  name: string;
  shape: number[];
  dtype: 'float32';
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function pickConfig(c: ModelConfig): ModelConfig {
  const out: Record<string, unknown> = {};
  for (const key of CONFIG_KEYS) out[key] = c[key];
  if (isEncoderDecoder(c)) for (const key of ENCODER_DECODER_KEYS) out[key] = c[key];
  return out as unknown as ModelConfig;
}

function shapeSize(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function shapeText(shape: readonly unknown[]): string {
  return `[${shape.map((s) => String(s)).join(', ')}]`;
}

function firstNonFinite(values: Float32Array): number {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) return i;
  }
  return -1;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

function checkTokenizer(tokenizer: unknown, config: ModelConfig): CheckpointTokenizer {
  const vocabSize = config.vocabSize;
  const specials: readonly string[] = isEncoderDecoder(config) ? ENCODER_DECODER_SPECIAL_TOKENS : SPECIAL_TOKENS;
  if (typeof tokenizer !== 'object' || tokenizer === null || Array.isArray(tokenizer)) {
    throw new CheckpointError('model.json: "tokenizer" is missing or not an object');
  }
  const t = tokenizer as Record<string, unknown>;
  const kind = TOKENIZER_KINDS.find((k) => k === t.kind);
  if (kind === undefined) {
    throw new CheckpointError(
      `model.json: tokenizer.kind must be one of ${TOKENIZER_KINDS.map((k) => `"${k}"`).join(', ')}, got ${JSON.stringify(t.kind) ?? 'nothing'}`,
    );
  }
  if (kind !== 'word' && isEncoderDecoder(config)) {
    throw new CheckpointError(`model.json: an encoder-decoder checkpoint has a "word" tokenizer, got "${kind}"`);
  }
  const vocab = t.vocab;
  if (!Array.isArray(vocab)) throw new CheckpointError('model.json: tokenizer.vocab is missing or not an array');
  for (let i = 0; i < vocab.length; i++) {
    if (typeof vocab[i] !== 'string') {
      throw new CheckpointError(`model.json: tokenizer.vocab[${i}] is not a string`);
    }
  }
  if (vocab.length !== vocabSize) {
    throw new CheckpointError(
      `model.json: tokenizer.vocab has ${vocab.length} tokens but config.vocabSize is ${vocabSize}`,
    );
  }
  for (let i = 0; i < specials.length; i++) {
    if (vocab[i] !== specials[i]) {
      throw new CheckpointError(
        `model.json: tokenizer.vocab must start with ${specials.join(', ')}${isEncoderDecoder(config) ? ' (an encoder-decoder vocabulary)' : ''}; token ${i} is ${JSON.stringify(vocab[i]) ?? 'missing'}`,
      );
    }
  }
  const seen = new Set<string>();
  for (const token of vocab as string[]) {
    if (seen.has(token)) throw new CheckpointError(`model.json: tokenizer.vocab lists ${JSON.stringify(token)} twice`);
    seen.add(token);
  }
  return { kind, vocab: (vocab as string[]).slice() };
}

function checkTraining(training: unknown): TrainingInfo {
  if (typeof training !== 'object' || training === null || Array.isArray(training)) {
    throw new CheckpointError('model.json: "training" is missing or not an object');
  }
  const t = training as Record<string, unknown>;
  if (typeof t.step !== 'number' || !Number.isInteger(t.step) || t.step < 0) {
    throw new CheckpointError('model.json: training.step is missing or not a non-negative integer');
  }
  if (typeof t.seed !== 'number' || !Number.isFinite(t.seed)) {
    throw new CheckpointError('model.json: training.seed is missing or not a number');
  }
  if (typeof t.corpus !== 'string') throw new CheckpointError('model.json: training.corpus is missing or not a string');
  return { ...t, step: t.step, seed: t.seed, corpus: t.corpus };
}

/** Reads the manifest's weight entries (one group, one file) and checks them against the config. */
function checkManifest(manifest: unknown, config: ModelConfig): ManifestWeight[] {
  if (!Array.isArray(manifest) || manifest.length === 0) {
    throw new CheckpointError('model.json: "weightsManifest" is missing or empty');
  }
  if (manifest.length !== 1) {
    throw new CheckpointError(`model.json: weightsManifest must have exactly one group, found ${manifest.length}`);
  }
  const group: unknown = manifest[0];
  if (typeof group !== 'object' || group === null) throw new CheckpointError('model.json: weightsManifest[0] is not an object');
  const g = group as Record<string, unknown>;
  if (!Array.isArray(g.paths) || g.paths.length !== 1 || g.paths[0] !== WEIGHTS_FILE) {
    throw new CheckpointError(`model.json: weightsManifest[0].paths must be ["${WEIGHTS_FILE}"]`);
  }
  if (!Array.isArray(g.weights)) throw new CheckpointError('model.json: weightsManifest[0].weights is missing or not an array');

  const expected = new Map(weightSpecs(config).map((s) => [s.name, s.shape]));
  const seen = new Set<string>();
  const out: ManifestWeight[] = [];
  for (let i = 0; i < g.weights.length; i++) {
    const entry: unknown = g.weights[i];
    if (typeof entry !== 'object' || entry === null) {
      throw new CheckpointError(`model.json: weight entry ${i} is not an object`);
    }
    const w = entry as Record<string, unknown>;
    if (typeof w.name !== 'string') throw new CheckpointError(`model.json: weight entry ${i} has no name`);
    const name = w.name;
    const want = expected.get(name);
    if (!want) throw new CheckpointError(`model.json: unexpected weight "${name}" (not part of this config)`);
    if (seen.has(name)) throw new CheckpointError(`model.json: weight "${name}" is listed twice`);
    seen.add(name);
    if (w.dtype !== 'float32') {
      throw new CheckpointError(`model.json: weight "${name}" has dtype ${JSON.stringify(w.dtype) ?? 'nothing'}; only float32 is supported`);
    }
    if (w.quantization !== undefined) throw new CheckpointError(`model.json: weight "${name}" is quantized; not supported`);
    const shape = w.shape;
    if (!Array.isArray(shape)) throw new CheckpointError(`model.json: weight "${name}" has no shape`);
    if (shape.length !== want.length || shape.some((s, k) => s !== want[k])) {
      throw new CheckpointError(`model.json: weight "${name}" has shape ${shapeText(shape)}, expected ${shapeText(want)}`);
    }
    out.push({ name, shape: want.slice(), dtype: 'float32' });
  }
  for (const name of expected.keys()) {
    if (!seen.has(name)) throw new CheckpointError(`model.json: missing weight "${name}"`);
  }
  return out;
}

/** Serialises a checkpoint: model.json text and weights.bin bytes (weights in weightSpecs order). */
export function encodeCheckpoint(c: Checkpoint): { modelJson: string; weightsBin: Uint8Array } {
  const problem = validateConfig(c.config);
  if (problem) throw new CheckpointError(`cannot write checkpoint: ${problem}`);
  const config = pickConfig(c.config);
  checkTokenizer(c.tokenizer, config);
  checkTraining(c.training);

  const specs = weightSpecs(config);
  const names = new Set(specs.map((s) => s.name));
  for (const name of c.weights.keys()) {
    if (!names.has(name)) throw new CheckpointError(`cannot write checkpoint: unexpected weight "${name}"`);
  }
  let total = 0;
  for (const spec of specs) {
    const values = c.weights.get(spec.name);
    if (!values) throw new CheckpointError(`cannot write checkpoint: missing weight "${spec.name}"`);
    const size = shapeSize(spec.shape);
    if (values.length !== size) {
      throw new CheckpointError(
        `cannot write checkpoint: weight "${spec.name}" has ${values.length} values, shape ${shapeText(spec.shape)} needs ${size}`,
      );
    }
    const bad = firstNonFinite(values);
    if (bad >= 0) {
      throw new CheckpointError(`cannot write checkpoint: weight "${spec.name}" has a non-finite value (${values[bad]}) at index ${bad}`);
    }
    total += size;
  }

  const weightsBin = new Uint8Array(total * 4);
  const view = new DataView(weightsBin.buffer);
  let offset = 0;
  for (const spec of specs) {
    const values = c.weights.get(spec.name) as Float32Array;
    if (LITTLE_ENDIAN) {
      weightsBin.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength), offset);
    } else {
      for (let i = 0; i < values.length; i++) view.setFloat32(offset + i * 4, values[i], true);
    }
    offset += values.length * 4;
  }

  const modelJson = JSON.stringify(
    {
      format: CHECKPOINT_FORMAT,
      version: CHECKPOINT_VERSION,
      config,
      tokenizer: { kind: c.tokenizer.kind, vocab: c.tokenizer.vocab },
      training: c.training,
      weightsManifest: [
        {
          paths: [WEIGHTS_FILE],
          weights: specs.map((s) => ({ name: s.name, shape: s.shape, dtype: 'float32' })),
        },
      ],
    },
    null,
    1,
  );
  return { modelJson, weightsBin };
}

/**
 * Parses and validates a checkpoint. Throws CheckpointError (one line, naming the problem) for any
 * defect; never returns a partly valid checkpoint. Sizes are checked before anything is parsed.
 */
export function decodeCheckpoint(
  modelJson: string,
  weightsBin: ArrayBuffer | Uint8Array,
  opts: { maxBytes?: number } = {},
): Checkpoint {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_CHECKPOINT_BYTES;
  const jsonLimit = Math.min(maxBytes, MAX_MODEL_JSON_CHARS);
  if (typeof modelJson !== 'string') throw new CheckpointError('model.json is not text');
  if (modelJson.length > jsonLimit) {
    throw new CheckpointError(`model.json is too large (${modelJson.length} characters; the limit is ${jsonLimit})`);
  }
  // A plain Uint8Array view (a Node Buffer's slice() would not copy).
  const bytes =
    weightsBin instanceof Uint8Array
      ? new Uint8Array(weightsBin.buffer, weightsBin.byteOffset, weightsBin.byteLength)
      : new Uint8Array(weightsBin);
  if (bytes.byteLength > maxBytes) {
    throw new CheckpointError(`weights.bin is too large (${bytes.byteLength} bytes; the limit is ${maxBytes})`);
  }

  // A naive parser (and the code walking its result) can be made to hang or overflow its stack by a
  // few megabytes of nested brackets or of keys: the shape is measured first, in one linear pass.
  const shape = scanJsonShape(modelJson);
  if (shape?.kind === 'depth') {
    throw new CheckpointError(`model.json is nested more than ${shape.limit} levels deep (at character ${shape.at}); a checkpoint needs 5`);
  }
  if (shape?.kind === 'items') {
    throw new CheckpointError(
      `model.json holds more than ${shape.limit} values (at character ${shape.at}); a checkpoint's vocabulary and manifest need far fewer`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(modelJson);
  } catch (e) {
    throw new CheckpointError(`model.json is not valid JSON: ${oneLine(e instanceof Error ? e.message : String(e))}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new CheckpointError('model.json is not a JSON object');
  }
  const doc = parsed as Record<string, unknown>;
  if (doc.format !== CHECKPOINT_FORMAT) {
    throw new CheckpointError(
      `model.json: unknown format ${JSON.stringify(doc.format) ?? 'nothing'} (expected "${CHECKPOINT_FORMAT}")`,
    );
  }
  if (doc.version !== CHECKPOINT_VERSION) {
    throw new CheckpointError(
      `model.json: unsupported version ${JSON.stringify(doc.version) ?? 'nothing'} (this app reads version ${CHECKPOINT_VERSION})`,
    );
  }
  const problem = validateConfig(doc.config);
  if (problem) throw new CheckpointError(`model.json: ${problem}`);
  const config = pickConfig(doc.config as ModelConfig);
  const tokenizer = checkTokenizer(doc.tokenizer, config);
  const training = checkTraining(doc.training);
  const manifest = checkManifest(doc.weightsManifest, config);

  const expectedBytes = manifest.reduce((sum, w) => sum + shapeSize(w.shape) * 4, 0);
  if (expectedBytes > maxBytes) {
    throw new CheckpointError(`model.json describes ${expectedBytes} bytes of weights; the limit is ${maxBytes}`);
  }
  if (bytes.byteLength !== expectedBytes) {
    throw new CheckpointError(
      `weights.bin has ${bytes.byteLength} bytes, expected ${expectedBytes} bytes (the manifest's shapes × 4)`,
    );
  }

  const byName = new Map<string, Float32Array>();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 0;
  for (const w of manifest) {
    const size = shapeSize(w.shape);
    let values: Float32Array;
    if (LITTLE_ENDIAN) {
      // Copy into a fresh, aligned buffer.
      const copy = new Uint8Array(size * 4);
      copy.set(bytes.subarray(offset, offset + size * 4));
      values = new Float32Array(copy.buffer);
    } else {
      values = new Float32Array(size);
      for (let i = 0; i < size; i++) values[i] = view.getFloat32(offset + i * 4, true);
    }
    const bad = firstNonFinite(values);
    if (bad >= 0) {
      throw new CheckpointError(`weights.bin: weight "${w.name}" has a non-finite value (${values[bad]}) at index ${bad}`);
    }
    byName.set(w.name, values);
    offset += size * 4;
  }
  // Return the weights in weightSpecs order whatever the manifest order was.
  const weights: WeightMap = new Map();
  for (const spec of weightSpecs(config)) weights.set(spec.name, byName.get(spec.name) as Float32Array);
  return { config, tokenizer, training, weights };
}
