// The two model kinds a training run can train, described once: how to build one (seeded, or from
// saved weights) and what its snapshot of the probe sentence records. The decoder-only model records
// the probe's masked self-attention; the encoder–decoder reads the probe as its source, writes its own
// greedy translation of it, and records every attention site (encoder self, decoder self, cross).

import { BOS_ID } from '../data/tokenizer';
import type { Tokenizer } from '../data/tokenizer';
import { EncoderDecoder, translate } from '../model/encoderDecoder';
import { Transformer } from '../model/transformer';
import type { WeightMap } from '../model/weights';
import type { InitOptions } from '../model/init';
import { isEncoderDecoder, type Architecture, type AttentionSite, type ModelConfig } from '../shared/config';
import type { DecoderSnapshot, EncoderDecoderSnapshot, SiteSnapshot } from '../shared/training';
import type { Mat } from '../shared/trace';
import { rolesWithText, siteMapsOf } from '../train/headRoles';
import type { TrainableModel } from '../train/trainer';

export type { TrainableModel };

/** A snapshot without what the session adds (its step and loss). */
export type SnapshotBody = Omit<DecoderSnapshot, 'step' | 'loss' | 'live'> | Omit<EncoderDecoderSnapshot, 'step' | 'loss' | 'live'>;

export function requireDecoder(model: TrainableModel): Transformer {
  if (!(model instanceof Transformer)) throw new Error('this corpus trains the decoder-only model, not the encoder–decoder');
  return model;
}

export function requireEncoderDecoder(model: TrainableModel): EncoderDecoder {
  if (!(model instanceof EncoderDecoder)) throw new Error('this corpus trains the encoder–decoder, not the decoder-only model');
  return model;
}

export interface ModelKind {
  architecture: Architecture;
  /** A freshly initialised model (seeded; `opts` as initWeights', e.g. presetInitOptions). */
  init(config: ModelConfig, seed: number, opts?: InitOptions): TrainableModel;
  /** A model with saved weights (throws, naming the problem, when they do not fit the config). */
  create(config: ModelConfig, weights: WeightMap): TrainableModel;
  /** The probe `text` (cropped to `maxTokens` tokens) inside the model: attention of every head at every site, and its token embeddings. */
  snapshot(model: TrainableModel, tokenizer: Tokenizer, text: string, maxTokens: number): Promise<SnapshotBody>;
}

/** Per-head maps of every layer, flattened [layer][head][rows][cols] into one buffer of its own. */
function flattenSite(site: AttentionSite, layers: readonly (readonly Mat[])[], rowTokens: string[], colTokens: string[]): SiteSnapshot {
  const heads = layers[0]?.length ?? 0;
  const cell = rowTokens.length * colTokens.length;
  const weights = new Float32Array(layers.length * heads * cell);
  let offset = 0;
  for (const layer of layers) {
    for (const w of layer) {
      weights.set(w.data, offset);
      offset += cell;
    }
  }
  return { site, layers: layers.length, heads, rowTokens, colTokens, weights };
}

const decoderKind: ModelKind = {
  architecture: 'decoder',
  init: (config, seed, opts) => Transformer.init(config, seed, opts),
  create: (config, weights) => Transformer.create(config, weights),
  async snapshot(m, tokenizer, text, maxTokens) {
    const model = requireDecoder(m);
    const c = model.config;
    const encoded = tokenizer.encode(text);
    const n = Math.max(1, Math.min(encoded.ids.length, c.contextLength, maxTokens));
    const ids = encoded.ids.slice(0, n);
    const tokens = encoded.tokens.slice(0, n);
    const trace = await model.trace(ids);
    const maps = trace.layers.map((l) => l.weights);
    const site = flattenSite('decoder', maps, tokens, tokens);
    const roles = await rolesWithText(model, tokenizer.vocab, [{ maps: siteMapsOf('decoder', maps), tokens }]);
    return {
      architecture: 'decoder',
      tokens,
      nLayers: c.nLayers,
      nHeads: c.nHeads,
      attention: site.weights,
      embeddings: new Float32Array(trace.embedding.data),
      dModel: c.dModel,
      roles,
    };
  },
};

const encoderDecoderKind: ModelKind = {
  architecture: 'encoder-decoder',
  init: (config, seed) => EncoderDecoder.init(config, seed),
  create: (config, weights) => EncoderDecoder.create(config, weights),
  async snapshot(m, tokenizer, text, maxTokens) {
    const model = requireEncoderDecoder(m);
    const c = model.config;
    const encoded = tokenizer.encode(text, { bos: false });
    // An empty probe still gives the model something to read: one <unk>.
    const source = encoded.ids.length > 0 ? encoded.ids : [tokenizer.idOf('<unk>') ?? 1];
    const n = Math.min(source.length, c.contextLength, maxTokens);
    const sourceIds = source.slice(0, n);
    const sourceTokens = sourceIds.map((id) => tokenizer.vocab[id]);
    // What the model writes now (greedy), at most as long as the snapshot allows.
    const written = await translate(model, sourceIds, { maxTokens: Math.max(0, Math.min(c.contextLength, maxTokens) - 1) });
    const targetIds = [BOS_ID, ...written];
    const targetTokens = targetIds.map((id) => tokenizer.vocab[id]);
    const trace = await model.trace(sourceIds, targetIds);
    const encoderMaps = trace.encoder.layers.map((l) => l.weights);
    const selfMaps = trace.decoder.layers.map((l) => l.self.weights);
    const roles = await rolesWithText(model, tokenizer.vocab, [
      { maps: siteMapsOf('encoder', encoderMaps), tokens: sourceTokens },
      { maps: siteMapsOf('decoder-self', selfMaps), tokens: targetTokens },
    ]);
    return {
      architecture: 'encoder-decoder',
      tokens: sourceTokens,
      targetTokens,
      sites: [
        flattenSite('encoder', encoderMaps, sourceTokens, sourceTokens),
        flattenSite('decoder-self', selfMaps, targetTokens, targetTokens),
        flattenSite('cross', trace.decoder.layers.map((l) => l.cross.weights), targetTokens, sourceTokens),
      ],
      embeddings: new Float32Array(trace.encoder.embedding.data),
      dModel: c.dModel,
      roles,
    };
  },
};

export const MODEL_KINDS: Readonly<Record<Architecture, ModelKind>> = {
  decoder: decoderKind,
  'encoder-decoder': encoderDecoderKind,
};

export function modelKindOf(config: ModelConfig): ModelKind {
  return MODEL_KINDS[isEncoderDecoder(config) ? 'encoder-decoder' : 'decoder'];
}
