// Model configuration: the `config` object of CONTRACT §2, named presets, and the bounds the app
// accepts (a checkpoint or a user choice outside them is rejected, so nobody can exhaust memory).

export type NormPlacement = 'post' | 'pre';
export type PositionalKind = 'sinusoidal' | 'learned';
/** CONTRACT §1 ("decoder", the default when absent) or §5 ("encoder-decoder"). */
export type Architecture = 'decoder' | 'encoder-decoder';

export interface ModelConfig {
  vocabSize: number;
  dModel: number;
  nHeads: number;
  nLayers: number;
  dFF: number;
  contextLength: number;
  /** "post": h = LN1(x + MHA(x)) as in the source articles; "pre": h = x + MHA(LN1(x)) + final norm. */
  norm: NormPlacement;
  positional: PositionalKind;
  /** X = embeddingScale · E[t] + P[pos]; 1 or √dModel. */
  embeddingScale: number;
  lnEpsilon: number;
  /** logits = x·Eᵀ instead of x·W_out + b_out. */
  tiedOutput: boolean;
  /** Absent = "decoder" (CONTRACT §1). "encoder-decoder": CONTRACT §5, where nLayers counts the decoder layers. */
  architecture?: Architecture;
  /** encoder-decoder only: layers of the encoder stack. */
  nEncoderLayers?: number;
}

export function isEncoderDecoder(c: Pick<ModelConfig, 'architecture'>): boolean {
  return c.architecture === 'encoder-decoder';
}

/**
 * Where an attention map comes from: the decoder-only model's masked self-attention ("self" of the
 * "decoder" stack), the encoder's bidirectional self-attention, the encoder–decoder model's masked
 * decoder self-attention, or its cross-attention (queries from the decoder, keys/values from the
 * encoder's output).
 */
export type AttentionSite = 'decoder' | 'encoder' | 'decoder-self' | 'cross';

/** One head of one attention site: layer and head indices from 0 (people read them from 1). */
export interface SiteHeadRef {
  site: AttentionSite;
  layer: number;
  head: number;
}

/** One stack of the model as the map, the heads grid, the step-through and the CLI read it. */
export interface StackDescription {
  name: 'decoder' | 'encoder';
  layers: number;
  heads: number;
  /** The attention sites of each layer of this stack, in the order they run. */
  sites: AttentionSite[];
  /** Whether self-attention in this stack hides later positions (the causal mask). */
  causal: boolean;
}

/** The model as a list of stacks, in the order data flows (encoder first). */
export function modelStacks(c: ModelConfig): StackDescription[] {
  if (!isEncoderDecoder(c)) {
    return [{ name: 'decoder', layers: c.nLayers, heads: c.nHeads, sites: ['decoder'], causal: true }];
  }
  return [
    { name: 'encoder', layers: c.nEncoderLayers ?? 0, heads: c.nHeads, sites: ['encoder'], causal: false },
    { name: 'decoder', layers: c.nLayers, heads: c.nHeads, sites: ['decoder-self', 'cross'], causal: true },
  ];
}

/** A config without the vocabulary size, which comes from the tokenizer. */
export type ModelShape = Omit<ModelConfig, 'vocabSize'>;

export const PRESET_NAMES = ['nano', 'tiny', 'small', 'tang', 'english', 'repeat'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

const common = {
  norm: 'post',
  positional: 'sinusoidal',
  embeddingScale: 1,
  lnEpsilon: 1e-5,
  tiedOutput: false,
} as const;

export const PRESETS: Record<PresetName, ModelShape> = {
  /** Smallest model that still has several heads: fast to train, easy to read. */
  nano: { ...common, dModel: 32, nHeads: 4, nLayers: 2, dFF: 128, contextLength: 64 },
  /** The default: 2 layers, 4 heads, dModel 64, dFF 256, context 64. */
  tiny: { ...common, dModel: 64, nHeads: 4, nLayers: 2, dFF: 256, contextLength: 64 },
  /** Largest preset the browser offers. */
  small: { ...common, dModel: 128, nHeads: 8, nLayers: 4, dFF: 512, contextLength: 64 },
  /**
   * builtin:tang (CONTRACT §7): 4 layers × 4 heads, dModel 64, dFF 256, context 64 (an eight-line poem
   * of seven characters is 64 tokens). With ~4,200 characters the output layer is the largest product
   * of a step; dModel 64 keeps a step about a third of dModel 128's (docs/corpora.md).
   */
  tang: { ...common, dModel: 64, nHeads: 4, nLayers: 4, dFF: 256, contextLength: 64 },
  /** builtin:english (CONTRACT §7): the same shape over ~4,100 subword tokens, context 96. */
  english: { ...common, dModel: 64, nHeads: 4, nLayers: 4, dFF: 256, contextLength: 96 },
  /**
   * builtin:repeat (the induction task): 2 layers — an induction head needs a previous-token head in
   * layer 1 for a head in layer 2 to compose with — of 2 heads, dModel 64, context 24 (<bos> + two
   * halves of up to 11 syllables). Measured (docs/corpora.md): with 4 heads, or context 48, the
   * roles spread over several heads or form several times later.
   */
  repeat: { ...common, dModel: 64, nHeads: 2, nLayers: 2, dFF: 128, contextLength: 24 },
};

/**
 * How a preset's token embeddings start, where it differs from initWeights' N(0, 1) (src/model/init.ts):
 * an initialisation choice, not part of the checkpoint's config. Used alike by a fresh run in the
 * browser, the random model shown before a checkpoint loads and `npm run pretrain`.
 * - tang ~ N(0, 0.1²): with N(0, 1) the 4,240 random character vectors drown the sinusoidal position
 *   (RMS 1 against ≤ 1 per entry, and a random direction per character), and a fresh model needs
 *   ~1,200 steps of batch 8 before 80 % of its sampled lines have five or seven characters; started
 *   small, the position is the loudest signal and it takes ~200 (docs/benchmarks.md).
 */
export const PRESET_TOKEN_EMBEDDING_STD: Readonly<Partial<Record<string, number>>> = { tang: 0.1 };

/** The initialisation options of a preset (by name, of either kind): `{}` for the defaults. */
export function presetInitOptions(preset: string): { tokenEmbeddingStd?: number } {
  const std = PRESET_TOKEN_EMBEDDING_STD[preset];
  return std === undefined ? {} : { tokenEmbeddingStd: std };
}

/** The presets offered for the synthetic corpora and a user's text (the real-text ones have their own). */
export const GENERAL_PRESET_NAMES = ['nano', 'tiny', 'small'] as const satisfies readonly PresetName[];

export const DEFAULT_PRESET: PresetName = 'tiny';

/**
 * Encoder–decoder presets (CONTRACT §5), kept apart from PRESETS: the decoder-only preset picker and
 * `cli train --preset` list PRESET_NAMES for decoder-only corpora, where these would not fit.
 */
export const ENCODER_DECODER_PRESET_NAMES = ['translate', 'translate-fr'] as const;
export type EncoderDecoderPresetName = (typeof ENCODER_DECODER_PRESET_NAMES)[number];

export const ENCODER_DECODER_PRESETS: Record<EncoderDecoderPresetName, ModelShape> = {
  /** English → Chinese (builtin:translate): 2 encoder + 2 decoder layers, 4 heads, dModel 64, context 32. */
  translate: {
    ...common,
    architecture: 'encoder-decoder',
    nEncoderLayers: 2,
    dModel: 64,
    nHeads: 4,
    nLayers: 2,
    dFF: 256,
    contextLength: 32,
  },
  /**
   * English → French (builtin:translate-fr): a deeper encoder (4 layers) and ONE decoder layer, ONE
   * head per layer, dModel 64, context 32. With a single decoder layer the decoder cannot resolve "it"
   * in two cross-attention hops, so the choice il/elle has to be made in the encoder; with one head per
   * layer the encoder cannot spread that choice over several heads that each move a little (with 4
   * heads no seed of 10 grew a head with absolute flip ≥ 0.3; with 1, seeds 3 and 9 did:
   * docs/translate-fr.md).
   */
  'translate-fr': {
    ...common,
    architecture: 'encoder-decoder',
    nEncoderLayers: 4,
    dModel: 64,
    nHeads: 1,
    nLayers: 1,
    dFF: 256,
    contextLength: 32,
  },
};

export function encoderDecoderPresetConfig(name: EncoderDecoderPresetName, vocabSize: number): ModelConfig {
  return { ...ENCODER_DECODER_PRESETS[name], vocabSize };
}

export function presetConfig(name: PresetName, vocabSize: number): ModelConfig {
  return { ...PRESETS[name], vocabSize };
}

/** Inclusive bounds on every numeric field the app accepts. */
export const CONFIG_BOUNDS = {
  vocabSize: [3, 50_000],
  dModel: [4, 512],
  nHeads: [1, 16],
  nLayers: [1, 8],
  dFF: [4, 4096],
  contextLength: [1, 512],
  embeddingScale: [1e-3, 1e3],
  lnEpsilon: [1e-12, 1e-1],
} as const;

/** Parameters of a model of this config (the weight tables of CONTRACT §2 and §5). */
export function parameterCount(c: ModelConfig): number {
  const d = c.dModel;
  const attention = 4 * (d * d + d);
  const ffn = d * c.dFF + c.dFF + (c.dFF * d + d);
  const perLayer = attention + 4 * d + ffn;
  if (isEncoderDecoder(c)) {
    const decoderLayer = 2 * attention + 6 * d + ffn;
    return (
      c.vocabSize * d +
      (c.nEncoderLayers ?? 0) * perLayer +
      c.nLayers * decoderLayer +
      (c.norm === 'pre' ? 4 * d : 0) +
      (c.tiedOutput ? 0 : d * c.vocabSize + c.vocabSize)
    );
  }
  return (
    c.vocabSize * d +
    (c.positional === 'learned' ? c.contextLength * d : 0) +
    c.nLayers * perLayer +
    (c.norm === 'pre' ? 2 * d : 0) +
    (c.tiedOutput ? 0 : d * c.vocabSize + c.vocabSize)
  );
}

/** Returns null when `value` is a valid ModelConfig within CONFIG_BOUNDS, else a reason naming the field. */
export function validateConfig(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return 'config is not an object';
  const c = value as Record<string, unknown>;
  for (const [key, [lo, hi]] of Object.entries(CONFIG_BOUNDS)) {
    const v = c[key];
    if (typeof v !== 'number' || !Number.isFinite(v)) return `config.${key} is missing or not a number`;
    if (v < lo || v > hi) return `config.${key} = ${v} is outside the allowed range [${lo}, ${hi}]`;
    if (key !== 'embeddingScale' && key !== 'lnEpsilon' && !Number.isInteger(v)) {
      return `config.${key} = ${v} is not an integer`;
    }
  }
  if (c.norm !== 'post' && c.norm !== 'pre') return `config.norm must be "post" or "pre", got ${JSON.stringify(c.norm)}`;
  if (c.positional !== 'sinusoidal' && c.positional !== 'learned') {
    return `config.positional must be "sinusoidal" or "learned", got ${JSON.stringify(c.positional)}`;
  }
  if (typeof c.tiedOutput !== 'boolean') return 'config.tiedOutput must be true or false';
  if (c.architecture !== undefined && c.architecture !== 'decoder' && c.architecture !== 'encoder-decoder') {
    return `config.architecture must be "decoder" or "encoder-decoder", got ${JSON.stringify(c.architecture)}`;
  }
  if (c.architecture === 'encoder-decoder') {
    const n = c.nEncoderLayers;
    const [lo, hi] = CONFIG_BOUNDS.nLayers;
    if (typeof n !== 'number' || !Number.isFinite(n)) return 'config.nEncoderLayers is missing or not a number';
    if (n < lo || n > hi) return `config.nEncoderLayers = ${n} is outside the allowed range [${lo}, ${hi}]`;
    if (!Number.isInteger(n)) return `config.nEncoderLayers = ${n} is not an integer`;
    if (c.positional !== 'sinusoidal') {
      return `config.positional must be "sinusoidal" for the encoder-decoder (it has no learned position table), got ${JSON.stringify(c.positional)}`;
    }
  } else if (c.nEncoderLayers !== undefined) {
    return 'config.nEncoderLayers is only allowed with config.architecture "encoder-decoder"';
  }
  if ((c.dModel as number) % (c.nHeads as number) !== 0) {
    return `config.dModel (${String(c.dModel)}) is not divisible by config.nHeads (${String(c.nHeads)})`;
  }
  if (c.positional === 'sinusoidal' && (c.dModel as number) % 2 !== 0) {
    return `config.dModel (${String(c.dModel)}) must be even for sinusoidal positions`;
  }
  if (parameterCount(c as unknown as ModelConfig) > 20_000_000) return 'config describes more than 20 million parameters';
  return null;
}
