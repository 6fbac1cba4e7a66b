// The model in use inside the worker: its model (the decoder-only Transformer or a translation
// model, the EncoderDecoder), tokenizer and where its weights came from. Replacing the model
// (shipped, imported, loaded from browser storage) builds and validates the new one completely before
// the old one is disposed, so a bad checkpoint never touches the model in use. Each request serves
// the kind it is made for ('trace': decoder-only; 'translate': encoder–decoder) and answers a clear
// bad request for the other.

import {
  encoderDecoderPresetConfig,
  isEncoderDecoder,
  modelStacks,
  PRESET_NAMES,
  PRESETS,
  parameterCount,
  presetConfig,
  presetInitOptions,
  type ModelConfig,
  type PresetName,
  type SiteHeadRef,
} from '../shared/config';
import {
  MAX_TRANSLATE_TOKENS,
  type CheckpointFiles,
  type EmbeddingTables,
  type HeadRef,
  type ModelInfo,
  type ModelNote,
  type ModelSource,
  type HeadRolesResult,
  type TraceResult,
  type TranslateResult,
  type TranslateSampling,
} from '../shared/protocol';
import { decodeCheckpoint, encodeCheckpoint, type Checkpoint } from '../model/checkpoint';
import { EncoderDecoder, translate } from '../model/encoderDecoder';
import { createModel, type AnyModel } from '../model/models';
import { Transformer } from '../model/transformer';
import type { WeightMap } from '../model/weights';
import { sinusoidalTable } from '../model/positional';
import { measureHeadRoles } from '../train/headRoles';
import { BOS_ID, Tokenizer } from '../data/tokenizer';
import { COREF_CORPUS_ID, corefVocabulary } from '../data/coref';
import { translationCorpus } from '../data/translationCorpora';
import { isDocumentCorpusId, TANG_CORPUS_ID } from '../data/documentCorpus';
import { loadDocumentCorpus, loadedDocumentCorpus } from './corpusFiles';
import { categoryRows, hasWordCategories } from '../data/wordCategories';

/** The model in use: the decoder-only model (CONTRACT §1) or a translation model (CONTRACT §5). */
export type HostedModel = AnyModel;

/** Highest sampling temperature a translate request may ask for. */
export const MAX_TEMPERATURE = 10;

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
  model: HostedModel;
  tokenizer: Tokenizer;
  source: ModelSource;
  step: number;
  seed: number;
  corpus: string;
  training: Checkpoint['training'];
  note: ModelNote | null;
  /** The weights it was built from, kept to rebuild it on another backend (null: a seeded random init, or being trained). */
  weights: WeightMap | null;
  /** A random stand-in: the corpus it was built for (so that it can be built again). */
  randomFor?: string;
}

function matchPreset(config: ModelConfig): PresetName | null {
  if (isEncoderDecoder(config)) return null;
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

/** Checks knocked-out heads against the model's stacks: a site it has, a layer and head that exist. */
function checkSiteHeads(config: ModelConfig, heads: readonly SiteHeadRef[]): void {
  const stacks = modelStacks(config);
  for (const h of heads) {
    const stack = stacks.find((s) => s.sites.includes(h.site));
    if (!stack) throw new BadRequestError(`the model has no attention site "${String(h.site)}" (it has ${stacks.flatMap((s) => s.sites).join(', ')})`);
    if (!Number.isInteger(h.layer) || !Number.isInteger(h.head) || h.layer < 0 || h.layer >= stack.layers || h.head < 0 || h.head >= stack.heads) {
      throw new BadRequestError(`there is no ${h.site} head ${h.head} in layer ${h.layer} (the ${stack.name} has ${stack.layers} layers × ${stack.heads} heads)`);
    }
  }
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
   * The checkpoint shipped with the app at `url` (a folder URL ending in '/'); a random model for
   * `corpus` (the coreference model by default, an encoder–decoder for "builtin:translate") when there
   * is none or it cannot be used, with `note` saying why.
   */
  async loadShipped(url: string, corpus: string = COREF_CORPUS_ID): Promise<ModelInfo> {
    try {
      const files = await fetchShipped(url);
      this.install(decodeCheckpoint(files.modelJson, files.weightsBin), 'shipped', null);
    } catch (e) {
      const why: ModelNote =
        e instanceof NotShippedError
          ? { kind: 'no-shipped-checkpoint' }
          : { kind: 'shipped-checkpoint-unusable', detail: message(e) };
      // A real-text model's stand-in needs its corpus's vocabulary: fetched now (only in this case).
      if (isDocumentCorpusId(corpus)) await loadDocumentCorpus(corpus);
      this.installRandom(why, corpus);
    }
    return this.info();
  }

  /**
   * A seeded random model for `corpus`: the "tiny" preset over the coreference vocabulary, or (for
   * "builtin:translate") the "translate" encoder–decoder preset over the translation vocabulary.
   */
  installRandom(note: ModelNote, corpus: string = COREF_CORPUS_ID): ModelInfo {
    const text = isDocumentCorpusId(corpus) ? loadedDocumentCorpus(corpus) : null;
    if (text) {
      // builtin:tang / builtin:english (files already fetched): its preset over its vocabulary.
      const tokenizer = new Tokenizer(text.tokenizer.vocab, text.tokenizer.kind);
      const preset = corpus === TANG_CORPUS_ID ? 'tang' : 'english';
      const model = Transformer.init(presetConfig(preset, tokenizer.size), RANDOM_MODEL_SEED, presetInitOptions(preset));
      const training = { step: 0, seed: RANDOM_MODEL_SEED, corpus };
      this.swap({ randomFor: corpus, model, tokenizer, source: 'random', step: 0, seed: RANDOM_MODEL_SEED, corpus, training, note, weights: null });
      return this.info();
    }
    const translation = translationCorpus(corpus);
    const tokenizer = new Tokenizer(translation ? translation.vocabulary() : corefVocabulary());
    const model: HostedModel = translation
      ? EncoderDecoder.init(encoderDecoderPresetConfig(translation.preset, tokenizer.size), RANDOM_MODEL_SEED)
      : Transformer.init(presetConfig('tiny', tokenizer.size), RANDOM_MODEL_SEED);
    this.swap({
      randomFor: translation ? translation.id : COREF_CORPUS_ID,
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
      tokenizer: l.tokenizer.toJSON(),
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
    if (!(l.model instanceof Transformer)) {
      throw new BadRequestError('the model in use is a translation (encoder–decoder) model: it answers "translate", not "trace"');
    }
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

  /**
   * A translation model: the translation of `text` (greedy, or sampled at a temperature from a seed;
   * at most `maxTokens` tokens, stopping at <eos>) and one traced pass over the source and <bos> +
   * the translation. The source is cut to the context; the translation to contextLength − 1 tokens,
   * so that <bos> + the translation fits the decoder's context too.
   */
  async translate(
    text: string,
    opts: { knockout?: readonly SiteHeadRef[]; maxTokens?: number; sampling?: TranslateSampling } = {},
  ): Promise<TranslateResult> {
    const l = this.require();
    if (!(l.model instanceof EncoderDecoder)) {
      throw new BadRequestError('the model in use is a decoder-only model: it answers "trace", not "translate"');
    }
    const model = l.model;
    const c = model.config;
    const knockout = opts.knockout ?? [];
    if (!Array.isArray(knockout)) throw new BadRequestError('knockout must be a list of heads');
    checkSiteHeads(c, knockout);
    const cap = Math.max(0, c.contextLength - 1);
    let maxTokens = cap;
    if (opts.maxTokens !== undefined) {
      if (!Number.isInteger(opts.maxTokens) || opts.maxTokens < 0 || opts.maxTokens > MAX_TRANSLATE_TOKENS) {
        throw new BadRequestError(`maxTokens must be a whole number from 0 to ${MAX_TRANSLATE_TOKENS}, got ${String(opts.maxTokens)}`);
      }
      maxTokens = Math.min(cap, opts.maxTokens);
    }
    const temperature = opts.sampling?.temperature ?? 0;
    const seed = opts.sampling?.seed ?? 0;
    if (typeof temperature !== 'number' || !Number.isFinite(temperature) || temperature < 0 || temperature > MAX_TEMPERATURE) {
      throw new BadRequestError(`the temperature must be a number from 0 to ${MAX_TEMPERATURE}`);
    }
    if (!Number.isSafeInteger(seed) || seed < 0) throw new BadRequestError('the seed must be a whole number ≥ 0');

    const encoded = l.tokenizer.encode(text, { bos: false });
    if (encoded.ids.length === 0) throw new BadRequestError('there is no text to translate');
    const truncated = encoded.ids.length > c.contextLength;
    const n = Math.min(encoded.ids.length, c.contextLength);
    const sourceIds = encoded.ids.slice(0, n);
    const source = encoded.tokens.slice(0, n);
    const unknown = encoded.unknown.filter((i) => i < n);
    const revision = this.revision;
    const targetIds = await translate(model, sourceIds, { maxTokens, knockout, temperature, seed });
    // Fewer tokens than allowed: the model wrote <eos>.
    const finished = targetIds.length < maxTokens;
    const trace = await model.trace(sourceIds, [BOS_ID, ...targetIds], { knockout });
    const target = targetIds.map((id) => l.tokenizer.vocab[id] ?? `#${id}`);
    return { revision, source, sourceIds, unknown, truncated, target, targetIds, finished, trace };
  }

  /** Role scores of every self-attention head of the model in use, on `text` and the repeat probe. */
  async headRoles(text: string): Promise<HeadRolesResult> {
    const l = this.require();
    const revision = this.revision;
    if (l.model instanceof Transformer) return { revision, roles: await measureHeadRoles(l.model, l.tokenizer, text) };
    const c = l.model.config;
    const encoded = l.tokenizer.encode(text, { bos: false });
    const sourceIds = encoded.ids.slice(0, c.contextLength);
    const written = sourceIds.length > 0 ? await translate(l.model, sourceIds, { maxTokens: Math.max(0, c.contextLength - 1) }) : [];
    return { revision, roles: await measureHeadRoles(l.model, l.tokenizer, text, written) };
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
      ...(hasWordCategories(l.corpus) ? { categories: categoryRows(l.tokenizer.vocab).map(({ id, rows }) => ({ id, rows })) } : {}),
    };
  }

  // ---- training (src/worker/training.ts) trains the model in use in place ----

  /** Called after every change of the model in use (the training controller ends its run when it is not its model). */
  onSwap: ((model: HostedModel) => void) | null = null;

  /** The model in use (null before the first load). */
  get model(): HostedModel | null {
    return this.loaded?.model ?? null;
  }

  /** The decoder-only model in use (null when there is none, or the model in use is a translation model). */
  get decoderModel(): Transformer | null {
    const m = this.loaded?.model;
    return m instanceof Transformer ? m : null;
  }

  /** The seed the model in use was trained (or initialised) with: it fixes its corpus' held-out split. */
  get seed(): number | null {
    return this.loaded?.seed ?? null;
  }

  get tokenizer(): Tokenizer | null {
    return this.loaded?.tokenizer ?? null;
  }

  /** Make a model that is being trained the model in use (it is disposed when replaced). */
  installTraining(model: HostedModel, tokenizer: Tokenizer, training: { step: number; seed: number; corpus: string }): ModelInfo {
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
    const tokenizer = new Tokenizer(ckpt.tokenizer.vocab, ckpt.tokenizer.kind);
    if (tokenizer.size !== ckpt.config.vocabSize) {
      throw new Error(`the vocabulary has ${tokenizer.size} tokens but config.vocabSize is ${ckpt.config.vocabSize}`);
    }
    const model = createModel(ckpt.config, ckpt.weights);
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
      const model = createModel(l.model.config, l.weights);
      this.swap({ ...l, model });
      return this.info();
    }
    if (l.source === 'random') return this.installRandom(l.note ?? { kind: 'no-shipped-checkpoint' }, l.randomFor);
    return this.installRandom({ kind: 'shipped-checkpoint-unusable', detail: 'the WebGL context was lost' });
  }

  /** Frees the model in use (a host that is no longer needed, e.g. the companion of src/worker/companion.ts). */
  dispose(): void {
    const old = this.loaded;
    this.loaded = null;
    this.revision++;
    old?.model.dispose();
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
