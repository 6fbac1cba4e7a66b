// The model in use inside the worker: its Transformer, tokenizer and where its weights came from.
// Replacing the model (shipped, imported, loaded from browser storage) builds and validates the new
// one completely before the old one is disposed, so a bad checkpoint never touches the model in use.

import { PRESET_NAMES, PRESETS, parameterCount, presetConfig, type ModelConfig, type PresetName } from '../shared/config';
import type { CheckpointFiles, EmbeddingTables, HeadRef, ModelInfo, ModelNote, ModelSource, TraceResult } from '../shared/protocol';
import { decodeCheckpoint, encodeCheckpoint, type Checkpoint } from '../model/checkpoint';
import { Transformer } from '../model/transformer';
import type { WeightMap } from '../model/weights';
import { sinusoidalTable } from '../model/positional';
import { Tokenizer } from '../data/tokenizer';
import { corefVocabulary } from '../data/coref';

/** Seed of the random model used when no checkpoint is shipped (fixed, so it is the same on every load). */
export const RANDOM_MODEL_SEED = 1;

/** A request the page got wrong (e.g. a knocked-out head that does not exist). */
export class BadRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BadRequestError';
  }
}

/** No shipped checkpoint is there at all (as opposed to one that is there but broken). */
class NotShippedError extends Error {}

interface Loaded {
  model: Transformer;
  tokenizer: Tokenizer;
  source: ModelSource;
  step: number;
  seed: number;
  corpus: string;
  training: Checkpoint['training'];
  note: ModelNote | null;
  /** The weights it was built from, kept to rebuild it on another backend (null: a seeded random init, or being trained). */
  weights: WeightMap | null;
}

function matchPreset(config: ModelConfig): PresetName | null {
  for (const name of PRESET_NAMES) {
    const p = PRESETS[name];
    const same = (Object.keys(p) as (keyof typeof p)[]).every((k) => p[k] === config[k]);
    if (same) return name;
  }
  return null;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export class ModelHost {
  private loaded: Loaded | null = null;
  private revision = 0;

  get ready(): boolean {
    return this.loaded !== null;
  }

  info(): ModelInfo {
    const l = this.require();
    return {
      source: l.source,
      step: l.step,
      corpus: l.corpus,
      preset: matchPreset(l.model.config),
      config: { ...l.model.config },
      parameters: parameterCount(l.model.config),
      vocab: l.tokenizer.vocab.slice(),
      revision: this.revision,
      note: l.note,
    };
  }

  /**
   * The checkpoint shipped with the app at `url` (a folder URL ending in '/'); a random model over the
   * coreference vocabulary when there is none or it cannot be used, with `note` saying why.
   */
  async loadShipped(url: string): Promise<ModelInfo> {
    try {
      const files = await fetchShipped(url);
      this.install(decodeCheckpoint(files.modelJson, files.weightsBin), 'shipped', null);
    } catch (e) {
      const why: ModelNote =
        e instanceof NotShippedError
          ? { kind: 'no-shipped-checkpoint' }
          : { kind: 'shipped-checkpoint-unusable', detail: message(e) };
      this.installRandom(why);
    }
    return this.info();
  }

  /** A seeded random model (the "tiny" preset) over the coreference vocabulary. */
  installRandom(note: ModelNote): ModelInfo {
    const tokenizer = new Tokenizer(corefVocabulary());
    const config = presetConfig('tiny', tokenizer.size);
    const model = Transformer.init(config, RANDOM_MODEL_SEED);
    this.swap({
      model,
      tokenizer,
      source: 'random',
      step: 0,
      seed: RANDOM_MODEL_SEED,
      corpus: '',
      training: { step: 0, seed: RANDOM_MODEL_SEED, corpus: '' },
      note,
      weights: null,
    });
    return this.info();
  }

  /** Validate `files` fully, then make them the model in use. Throws (model untouched) on any defect. */
  importFiles(files: { modelJson: string; weightsBin: ArrayBuffer | Uint8Array }, source: ModelSource): ModelInfo {
    this.install(decodeCheckpoint(files.modelJson, files.weightsBin), source, null);
    return this.info();
  }

  async exportFiles(): Promise<CheckpointFiles> {
    const l = this.require();
    const weights = await l.model.readWeights();
    const { modelJson, weightsBin } = encodeCheckpoint({
      config: { ...l.model.config },
      tokenizer: { kind: 'word', vocab: l.tokenizer.vocab.slice() },
      training: { ...l.training, step: l.step, seed: l.seed, corpus: l.corpus },
      weights,
    });
    // A standalone buffer of exactly the file's bytes, safe to transfer.
    const bytes = new Uint8Array(weightsBin.byteLength);
    bytes.set(weightsBin);
    return { modelJson, weightsBin: bytes.buffer };
  }

  async trace(text: string, knockout: readonly HeadRef[] = []): Promise<TraceResult> {
    const l = this.require();
    const c = l.model.config;
    for (const h of knockout) {
      if (!Number.isInteger(h.layer) || !Number.isInteger(h.head) || h.layer < 0 || h.layer >= c.nLayers || h.head < 0 || h.head >= c.nHeads) {
        throw new BadRequestError(`there is no head ${h.head} in layer ${h.layer} (the model has ${c.nLayers} layers × ${c.nHeads} heads)`);
      }
    }
    const encoded = l.tokenizer.encode(text);
    const truncated = encoded.ids.length > c.contextLength;
    const n = Math.min(encoded.ids.length, c.contextLength);
    const ids = encoded.ids.slice(0, n);
    const tokens = encoded.tokens.slice(0, n);
    const unknown = encoded.unknown.filter((i) => i < n);
    const revision = this.revision;
    const trace = await l.model.trace(ids, { knockout });
    return { tokens, ids, unknown, truncated, revision, trace };
  }

  /** The token-embedding matrix and the position table of the model in use (copies, safe to transfer). */
  async embeddings(): Promise<EmbeddingTables> {
    const l = this.require();
    const c = l.model.config;
    const read = async (name: string): Promise<Float32Array> => {
      const v = l.model.variables().find((n) => n.name === name);
      if (!v) throw new Error(`the model has no weight ${name}`);
      return new Float32Array((await v.variable.data()) as Float32Array);
    };
    const revision = this.revision;
    const matrix = { rows: c.vocabSize, cols: c.dModel, data: await read('embedding/token') };
    const sinusoidal = { rows: c.contextLength, cols: c.dModel, data: sinusoidalTable(c.contextLength, c.dModel) };
    const positionTable =
      c.positional === 'learned'
        ? { rows: c.contextLength, cols: c.dModel, data: await read('embedding/position') }
        : { rows: c.contextLength, cols: c.dModel, data: sinusoidal.data.slice() };
    return {
      revision,
      vocab: l.tokenizer.vocab.slice(),
      matrix,
      embeddingScale: c.embeddingScale,
      positional: c.positional,
      positionTable,
      sinusoidal,
    };
  }

  // ---- training (src/worker/training.ts) trains the model in use in place ----

  /** Called after every change of the model in use (the training controller ends its run when it is not its model). */
  onSwap: ((model: Transformer) => void) | null = null;

  /** The Transformer in use (null before the first load). */
  get model(): Transformer | null {
    return this.loaded?.model ?? null;
  }

  get tokenizer(): Tokenizer | null {
    return this.loaded?.tokenizer ?? null;
  }

  /** Make a model that is being trained the model in use (it is disposed when replaced). */
  installTraining(model: Transformer, tokenizer: Tokenizer, training: { step: number; seed: number; corpus: string }): ModelInfo {
    this.swap({ model, tokenizer, source: 'training', step: training.step, seed: training.seed, corpus: training.corpus, training, note: null, weights: null });
    return this.info();
  }

  /** The weights of the model in use changed in place (a training step): record its step; `bump` makes traces stale. */
  trained(step: number, bump: boolean): void {
    const l = this.require();
    l.step = step;
    l.training = { ...l.training, step };
    if (bump) this.revision++;
  }

  private require(): Loaded {
    if (!this.loaded) throw new Error('no model is loaded yet');
    return this.loaded;
  }

  private install(ckpt: Checkpoint, source: ModelSource, note: ModelNote | null): void {
    // Both constructors validate; if either throws, the model in use stays as it is.
    const tokenizer = new Tokenizer(ckpt.tokenizer.vocab);
    if (tokenizer.size !== ckpt.config.vocabSize) {
      throw new Error(`the vocabulary has ${tokenizer.size} tokens but config.vocabSize is ${ckpt.config.vocabSize}`);
    }
    const model = Transformer.create(ckpt.config, ckpt.weights);
    this.swap({
      model,
      tokenizer,
      source,
      step: ckpt.training.step,
      seed: ckpt.training.seed,
      corpus: ckpt.training.corpus,
      training: ckpt.training,
      note,
      weights: ckpt.weights,
    });
  }

  /**
   * Builds the model in use again on the backend now active (after the old one lost its context) from
   * the weights it was loaded from; a random model from its seed. A model that was being trained has
   * no copy here (its run keeps one): it is replaced by a random model, with a note saying so.
   */
  rebuild(): ModelInfo {
    const l = this.require();
    if (l.weights) {
      const model = Transformer.create(l.model.config, l.weights);
      this.swap({ ...l, model });
      return this.info();
    }
    if (l.source === 'random') return this.installRandom(l.note ?? { kind: 'no-shipped-checkpoint' });
    return this.installRandom({ kind: 'shipped-checkpoint-unusable', detail: 'the WebGL context was lost' });
  }

  private swap(next: Loaded): void {
    const old = this.loaded;
    this.loaded = next;
    this.revision++;
    if (old && old.model !== next.model) old.model.dispose();
    this.onSwap?.(next.model);
  }
}

async function fetchShipped(url: string): Promise<{ modelJson: string; weightsBin: ArrayBuffer }> {
  const jsonUrl = new URL('model.json', url).href;
  let res: Response;
  try {
    res = await fetch(jsonUrl);
  } catch (e) {
    throw new Error(`could not fetch model.json: ${message(e)}`);
  }
  // A development server answers unknown paths with the app's index.html: that means "not there" too.
  const type = res.headers.get('content-type') ?? '';
  if (res.status === 404 || (res.ok && type.includes('text/html'))) throw new NotShippedError();
  if (!res.ok) throw new Error(`model.json: HTTP ${res.status}`);
  const modelJson = await res.text();
  const binRes = await fetch(new URL('weights.bin', url).href);
  if (!binRes.ok) throw new Error(`weights.bin: HTTP ${binRes.status}`);
  const weightsBin = await binRes.arrayBuffer();
  return { modelJson, weightsBin };
}
