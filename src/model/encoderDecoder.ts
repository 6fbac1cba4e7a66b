// The encoder–decoder Transformer of CONTRACT §5 ("Attention Is All You Need", Figure 1): an encoder
// stack reads the source with bidirectional self-attention; a decoder stack writes the target with
// masked self-attention, then cross-attention over the encoder's output M, then the FFN. One
// vocabulary and one token-embedding table serve both sides; positions are sinusoidal on both.
// Built from the same concept files as the decoder-only model (attention.ts, block.ts, ...).
// `logits` is the batched path used for training; `trace` runs one pair and returns every
// intermediate of both stacks, read back from the backend in a single transfer.

// @tensorflow/tfjs registers the gradient functions of every op, so tf.variableGrads works wherever
// the model is used.
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../data/rng';
import { BOS_ID, EOS_ID, PAD_ID } from '../data/tokenizer';
import { isEncoderDecoder, validateConfig, type AttentionSite, type ModelConfig, type SiteHeadRef } from '../shared/config';
import { adjustDistribution, argmax, pickFromDistribution } from '../shared/sampling';
import type { DecoderLayerTrace, EncoderDecoderTrace, LayerTrace } from '../shared/trace';
import { keyPaddingMask, type AttentionParams } from './attention';
import {
  crossDecoderBlock,
  encoderBlock,
  type BlockParams,
  type BlockTensors,
  type CrossBlockParams,
  type CrossBlockTensors,
} from './block';
import type { DenseParams } from './dense';
import { embed, type EmbeddingTensors } from './embedding';
import { encoderDecoderFusedLogits } from './encoderDecoderFused';
import { initWeights } from './init';
import { layerNorm, type NormParams } from './layerNorm';
import { matMul } from './matmul';
import { sinusoidalTable } from './positional';
import { pushAttention, pushSelfBlock, TraceReader } from './traceLayout';
import { fusedPathAvailable, type NamedVariable } from './transformer';
import { assignNamedWeights, createNamedVariables, readNamedWeights } from './namedWeights';
import { checkWeights, type WeightMap } from './weights';

export interface EncoderDecoderOptions {
  /** Heads whose output is zeroed, per site ("encoder", "decoder-self", "cross"); everything else unchanged. */
  knockout?: readonly SiteHeadRef[];
  /**
   * Compute `logits` with the readable layers (the path `trace` uses) even where the fused training
   * path (encoderDecoderFused.ts, CPU and WASM backends) is available; the tests compare the two.
   */
  readable?: boolean;
}

/** The model's weights as the blocks take them. */
export interface EncoderDecoderParams {
  token: tf.Variable; // [V, d]
  encoder: BlockParams[];
  encoderFinalNorm?: NormParams; // pre-LN only
  decoder: CrossBlockParams[];
  finalNorm?: NormParams; // pre-LN only
  output?: DenseParams; // untied only: [d, V], [V]
}

interface ForwardTensors {
  encoderEmbedding: EmbeddingTensors;
  encoderBlocks: BlockTensors[];
  encoderFinalNorm?: tf.Tensor3D; // [B, S, d]
  memory: tf.Tensor3D; // M, [B, S, d]
  decoderEmbedding: EmbeddingTensors;
  decoderBlocks: CrossBlockTensors[];
  finalNorm?: tf.Tensor3D; // [B, T, d]
  logits: tf.Tensor3D; // [B, T, V]
}

/** Knocked-out heads as [1, H, 1, 1] masks per site and layer (undefined where none are). */
interface HeadMasks {
  encoder: (tf.Tensor4D | undefined)[];
  self: (tf.Tensor4D | undefined)[];
  cross: (tf.Tensor4D | undefined)[];
}

const SITES: readonly AttentionSite[] = ['encoder', 'decoder-self', 'cross'];

export class EncoderDecoder {
  readonly config: ModelConfig;
  private readonly named: NamedVariable[];
  private readonly params: EncoderDecoderParams;
  /** The sinusoidal table P, a constant, [contextLength, d]. */
  private readonly positionTable: tf.Tensor2D;
  private disposed = false;

  private constructor(config: ModelConfig, weights: WeightMap) {
    this.config = { ...config };
    const { named, v, dense: densePair, norm: normPair } = createNamedVariables(config, weights);
    this.named = named;
    const attentionParams = (prefix: string): AttentionParams => ({
      query: densePair(`${prefix}/query`),
      key: densePair(`${prefix}/key`),
      value: densePair(`${prefix}/value`),
      output: densePair(`${prefix}/output`),
    });
    const encoder: BlockParams[] = [];
    for (let i = 0; i < (config.nEncoderLayers ?? 0); i++) {
      const p = `encoder/layers/${i}`;
      encoder.push({
        attention: attentionParams(`${p}/attention`),
        norm1: normPair(`${p}/norm1`),
        norm2: normPair(`${p}/norm2`),
        ffn: { hidden: densePair(`${p}/ffn/hidden`), output: densePair(`${p}/ffn/output`) },
      });
    }
    const decoder: CrossBlockParams[] = [];
    for (let i = 0; i < config.nLayers; i++) {
      const p = `decoder/layers/${i}`;
      decoder.push({
        attention: attentionParams(`${p}/attention`),
        crossAttention: attentionParams(`${p}/cross_attention`),
        norm1: normPair(`${p}/norm1`),
        norm2: normPair(`${p}/norm2`),
        norm3: normPair(`${p}/norm3`),
        ffn: { hidden: densePair(`${p}/ffn/hidden`), output: densePair(`${p}/ffn/output`) },
      });
    }
    const pre = config.norm === 'pre';
    this.params = {
      token: v('embedding/token'),
      encoder,
      encoderFinalNorm: pre ? normPair('encoder/final_norm') : undefined,
      decoder,
      finalNorm: pre ? normPair('final_norm') : undefined,
      output: config.tiedOutput ? undefined : densePair('output'),
    };
    this.positionTable = tf.tensor2d(sinusoidalTable(config.contextLength, config.dModel), [config.contextLength, config.dModel]);
  }

  /** A model with the given weights; throws an Error naming a bad config or a missing/misshaped weight. */
  static create(config: ModelConfig, weights: WeightMap): EncoderDecoder {
    const problem = validateConfig(config) ?? checkWeights(config, weights);
    if (problem) throw new Error(problem);
    if (!isEncoderDecoder(config)) throw new Error('config.architecture must be "encoder-decoder" for an EncoderDecoder');
    return new EncoderDecoder(config, weights);
  }

  /** A freshly initialised model (seeded, the same on every backend). */
  static init(config: ModelConfig, seed: number): EncoderDecoder {
    if (!isEncoderDecoder(config)) throw new Error('config.architecture must be "encoder-decoder" for an EncoderDecoder');
    const problem = validateConfig(config);
    if (problem) throw new Error(problem);
    return EncoderDecoder.create(config, initWeights(config, seed));
  }

  /** The trainable variables with their CONTRACT §5 names, in checkpoint order. */
  variables(): NamedVariable[] {
    return this.named.slice();
  }

  /**
   * Batched forward pass for training and evaluation: sources [B, S] int32 (PAD-padded; padded keys
   * are masked out of encoder self-attention and cross-attention), decoder inputs [B, T] int32 →
   * logits [B, T, V].
   */
  logits(sources: tf.Tensor2D, inputs: tf.Tensor2D, opts: EncoderDecoderOptions = {}): tf.Tensor3D {
    this.checkShapes(sources, inputs);
    if (!opts.readable && !opts.knockout?.length && fusedPathAvailable()) {
      return encoderDecoderFusedLogits(this.config, this.params, this.positionTable, sources, inputs);
    }
    return this.forward(sources, inputs, keyPaddingMask(sources), opts).logits;
  }

  /**
   * The encoder's vectors at every depth for many sources of one length (no padding), as `trace`
   * computes them: the input X (embedding + positions), then the output of each encoder layer, each
   * [B, S, d] (the same values as trace(…).encoder.input and .encoder.layers[i].output). For probes
   * over many sentences (the linear read-out), where a trace per sentence would be slow.
   */
  encoderStates(sources: tf.Tensor2D, opts: { knockout?: readonly SiteHeadRef[] } = {}): tf.Tensor3D[] {
    const [b, s] = sources.shape;
    if (s < 1 || s > this.config.contextLength) throw new Error(`source length ${s} is outside 1…${this.config.contextLength}`);
    this.checkKnockout(opts.knockout);
    return tf.tidy(() => {
      // The decoder reads <bos> alone: its work is thrown away, only the encoder's tensors are kept.
      const bos = tf.fill([b, 1], BOS_ID, 'int32') as tf.Tensor2D; // [B, 1]
      const f = this.forward(sources, bos, undefined, opts);
      return [f.encoderEmbedding.input, ...f.encoderBlocks.map((block) => block.output)];
    });
  }

  /**
   * The encoder's attention weights of every layer for many sources of one length (no padding), as
   * `trace` computes them: one [B, H, S, S] tensor per encoder layer (the caller disposes them).
   * `ids`: the B sources one after the other, B · S token ids.
   */
  encoderAttention(ids: readonly number[], batch: number, length: number): tf.Tensor4D[] {
    if (length < 1 || length > this.config.contextLength) throw new Error(`source length ${length} is outside 1…${this.config.contextLength}`);
    if (ids.length !== batch * length) throw new Error(`${ids.length} ids for ${batch} sources of ${length}`);
    for (const id of ids) {
      if (!Number.isInteger(id) || id < 0 || id >= this.config.vocabSize || id === PAD_ID) throw new Error(`token id ${id} is outside the vocabulary or padding`);
    }
    return tf.tidy(() => {
      // The decoder reads <bos> alone: its work is thrown away, only the encoder's weights are kept.
      const bos = tf.fill([batch, 1], BOS_ID, 'int32') as tf.Tensor2D; // [B, 1]
      const f = this.forward(tf.tensor2d([...ids], [batch, length], 'int32'), bos, undefined, {});
      return f.encoderBlocks.map((block) => block.attention.weights);
    });
  }

  /**
   * One pair through the model, every intermediate of CONTRACT §5 as typed matrices, read back in one
   * transfer. `sourceIds`: the source tokens (no <bos>, no padding); `targetIds`: the decoder inputs,
   * <bos> followed by the target so far.
   */
  async trace(sourceIds: number[], targetIds: number[], opts: { knockout?: readonly SiteHeadRef[] } = {}): Promise<EncoderDecoderTrace> {
    const c = this.config;
    const s = sourceIds.length;
    const t = targetIds.length;
    if (s < 1 || s > c.contextLength) throw new Error(`source length ${s} is outside 1…${c.contextLength}`);
    if (t < 1 || t > c.contextLength) throw new Error(`target length ${t} is outside 1…${c.contextLength}`);
    for (const id of [...sourceIds, ...targetIds]) {
      if (!Number.isInteger(id) || id < 0 || id >= c.vocabSize) throw new Error(`token id ${id} is outside the vocabulary`);
    }
    if (sourceIds.includes(PAD_ID)) throw new Error(`a traced source holds no padding (token id ${PAD_ID})`);
    this.checkKnockout(opts.knockout);
    // Every intermediate, flattened and concatenated, so the backend is read once (one GPU sync).
    const flat = tf.tidy(() => {
      const f = this.forward(tf.tensor2d(sourceIds, [1, s], 'int32'), tf.tensor2d(targetIds, [1, t], 'int32'), undefined, opts);
      const parts: tf.Tensor[] = [];
      const e = f.encoderEmbedding;
      parts.push(e.embedding, e.positional, e.input);
      for (const b of f.encoderBlocks) pushSelfBlock(parts, b);
      if (f.encoderFinalNorm) parts.push(f.encoderFinalNorm);
      const d = f.decoderEmbedding;
      parts.push(d.embedding, d.positional, d.input);
      for (const b of f.decoderBlocks) {
        parts.push(b.input);
        if (b.preNorm1) parts.push(b.preNorm1);
        pushAttention(parts, b.self);
        parts.push(b.residual1, b.crossInput);
        pushAttention(parts, b.cross);
        parts.push(b.residual2, b.ffnInput, b.ffn.hidden, b.ffn.activation, b.ffn.output, b.residual3);
        if (b.norm3) parts.push(b.norm3);
        parts.push(b.output);
      }
      if (f.finalNorm) parts.push(f.finalNorm);
      parts.push(f.logits, tf.softmax(f.logits));
      return tf.concat(parts.map((p) => tf.reshape(p, [-1])));
    });
    const data = (await flat.data()) as Float32Array;
    flat.dispose();

    const dm = c.dModel;
    const pre = c.norm === 'pre';
    const r = new TraceReader(data, c.nHeads, dm, c.dFF, pre);
    const encEmbedding = r.mat(s, dm);
    const encPositional = r.mat(s, dm);
    const encInput = r.mat(s, dm);
    const encoderLayers: LayerTrace[] = Array.from({ length: c.nEncoderLayers ?? 0 }, () => r.selfBlock(s));
    const encoderFinalNorm = pre ? r.mat(s, dm) : undefined;
    const memory = encoderFinalNorm ?? encoderLayers[encoderLayers.length - 1]?.output ?? encInput;

    const decEmbedding = r.mat(t, dm);
    const decPositional = r.mat(t, dm);
    const decInput = r.mat(t, dm);
    const decoderLayers: DecoderLayerTrace[] = [];
    for (let i = 0; i < c.nLayers; i++) {
      const input = r.mat(t, dm);
      const preNorm1 = pre ? r.mat(t, dm) : undefined;
      const self = r.attention(t, t);
      const residual1 = r.mat(t, dm);
      const crossInput = r.mat(t, dm);
      const cross = r.attention(t, s);
      const residual2 = r.mat(t, dm);
      const ffnInput = r.mat(t, dm);
      const ffnHidden = r.mat(t, c.dFF);
      const ffnActivation = r.mat(t, c.dFF);
      const ffnOutput = r.mat(t, dm);
      const residual3 = r.mat(t, dm);
      const norm3 = pre ? undefined : r.mat(t, dm);
      const output = r.mat(t, dm);
      decoderLayers.push({
        input, preNorm1, self, residual1, crossInput, cross, residual2, ffnInput, ffnHidden, ffnActivation, ffnOutput,
        residual3, norm3, output,
      });
    }
    const finalNorm = pre ? r.mat(t, dm) : undefined;
    const logits = r.mat(t, c.vocabSize);
    const probs = r.mat(t, c.vocabSize);
    r.finish();
    return {
      architecture: 'encoder-decoder',
      config: { ...c },
      sourceIds: sourceIds.slice(),
      targetIds: targetIds.slice(),
      encoder: {
        embedding: encEmbedding,
        positional: encPositional,
        input: encInput,
        layers: encoderLayers,
        finalNorm: encoderFinalNorm,
        output: memory,
      },
      decoder: { embedding: decEmbedding, positional: decPositional, input: decInput, layers: decoderLayers, finalNorm },
      logits,
      probs,
    };
  }

  /** Copies of the current weight values, by CONTRACT name. */
  async readWeights(): Promise<WeightMap> {
    return readNamedWeights(this.named);
  }

  /** Replaces every weight in place; validates names and sizes first (nothing changes on error). */
  assignWeights(weights: WeightMap): void {
    assignNamedWeights(this.config, this.named, weights);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const { variable } of this.named) variable.dispose();
    this.positionTable.dispose();
  }

  private checkShapes(sources: tf.Tensor2D, inputs: tf.Tensor2D): void {
    const [b, s] = sources.shape;
    const [bi, t] = inputs.shape;
    const n = this.config.contextLength;
    if (b !== bi) throw new Error(`sources have ${b} rows but decoder inputs ${bi}`);
    if (s < 1 || s > n) throw new Error(`source length ${s} is outside 1…${n}`);
    if (t < 1 || t > n) throw new Error(`target length ${t} is outside 1…${n}`);
  }

  /** Throws an Error naming a knockout entry that is not a head of this model. */
  private checkKnockout(knockout: readonly SiteHeadRef[] | undefined): void {
    const c = this.config;
    for (const k of knockout ?? []) {
      if (!SITES.includes(k.site)) {
        throw new Error(`knockout site "${k.site}" is not part of the encoder–decoder (use ${SITES.map((x) => `"${x}"`).join(', ')})`);
      }
      const layers = k.site === 'encoder' ? (c.nEncoderLayers ?? 0) : c.nLayers;
      if (!Number.isInteger(k.layer) || k.layer < 0 || k.layer >= layers) {
        throw new Error(`knockout layer ${k.layer} is outside 0…${layers - 1} for site "${k.site}"`);
      }
      if (!Number.isInteger(k.head) || k.head < 0 || k.head >= c.nHeads) {
        throw new Error(`knockout head ${k.head} is outside 0…${c.nHeads - 1}`);
      }
    }
  }

  /** [1, H, 1, 1] masks with 0 for the knocked-out heads, per site and layer. Call inside tidy. */
  private headMasks(knockout: readonly SiteHeadRef[] | undefined): HeadMasks {
    this.checkKnockout(knockout);
    const c = this.config;
    const build = (site: AttentionSite, layers: number): (tf.Tensor4D | undefined)[] =>
      Array.from({ length: layers }, (_, layer) => {
        const off = (knockout ?? []).filter((k) => k.site === site && k.layer === layer);
        if (off.length === 0) return undefined;
        const mask = new Float32Array(c.nHeads).fill(1);
        for (const k of off) mask[k.head] = 0;
        return tf.tensor4d(mask, [1, c.nHeads, 1, 1]);
      });
    return { encoder: build('encoder', c.nEncoderLayers ?? 0), self: build('decoder-self', c.nLayers), cross: build('cross', c.nLayers) };
  }

  /** The readable forward pass (the layers every panel is traced with). */
  private forward(
    sources: tf.Tensor2D,
    inputs: tf.Tensor2D,
    keyPadding: tf.Tensor4D | undefined,
    opts: { knockout?: readonly SiteHeadRef[] },
  ): ForwardTensors {
    const c = this.config;
    const masks = this.headMasks(opts.knockout);
    const common = { nHeads: c.nHeads, norm: c.norm, epsilon: c.lnEpsilon };

    const encoderEmbedding = embed(sources, this.params.token, this.positionTable, c.embeddingScale);
    let x = encoderEmbedding.input; // [B, S, d]
    const encoderBlocks: BlockTensors[] = [];
    this.params.encoder.forEach((p, i) => {
      const block = encoderBlock(x, p, { ...common, keyPadding, headMask: masks.encoder[i] });
      encoderBlocks.push(block);
      x = block.output;
    });
    const encoderFinalNorm = this.params.encoderFinalNorm ? layerNorm(x, this.params.encoderFinalNorm, c.lnEpsilon) : undefined;
    const memory = encoderFinalNorm ?? x; // M, [B, S, d]

    const decoderEmbedding = embed(inputs, this.params.token, this.positionTable, c.embeddingScale);
    let y = decoderEmbedding.input; // [B, T, d]
    const decoderBlocks: CrossBlockTensors[] = [];
    this.params.decoder.forEach((p, i) => {
      const block = crossDecoderBlock(y, memory, p, { ...common, keyPadding, headMask: masks.self[i], crossHeadMask: masks.cross[i] });
      decoderBlocks.push(block);
      y = block.output;
    });
    const finalNorm = this.params.finalNorm ? layerNorm(y, this.params.finalNorm, c.lnEpsilon) : undefined;
    const last = finalNorm ?? y; // [B, T, d]
    const [b, t, d] = last.shape;
    const flat = tf.reshape(last, [b * t, d]); // [B·T, d]
    const logits2d = this.params.output
      ? tf.add(matMul(flat, this.params.output.kernel as tf.Tensor2D), this.params.output.bias) // x·W_out + b_out
      : matMul(flat, this.params.token as tf.Tensor2D, true); // x·Eᵀ (tied)
    const logits = tf.reshape(logits2d, [b, t, c.vocabSize]) as tf.Tensor3D; // [B, T, V]
    return { encoderEmbedding, encoderBlocks, encoderFinalNorm, memory, decoderEmbedding, decoderBlocks, finalNorm, logits };
  }
}

export interface TranslateOptions {
  /** Most target tokens to write (default and upper bound: contextLength). */
  maxTokens?: number;
  knockout?: readonly SiteHeadRef[];
  /** 0 or absent: greedy (the most likely token each step); > 0: sampled from softmax(logits / temperature). */
  temperature?: number;
  /** Seed of the draws when sampling. */
  seed?: number;
}

/**
 * Translates one source: the decoder starts from <bos> and adds one token per step (greedy, or
 * sampled with a temperature), stopping at <eos> or after maxTokens. <pad> and <bos> are never
 * written. Returns the target ids without <bos> and <eos>.
 */
export async function translate(model: EncoderDecoder, sourceIds: number[], opts: TranslateOptions = {}): Promise<number[]> {
  const c = model.config;
  const s = sourceIds.length;
  if (s < 1 || s > c.contextLength) throw new Error(`source length ${s} is outside 1…${c.contextLength}`);
  for (const id of sourceIds) {
    if (!Number.isInteger(id) || id < 0 || id >= c.vocabSize) throw new Error(`token id ${id} is outside the vocabulary`);
  }
  const maxTokens = Math.min(opts.maxTokens ?? c.contextLength, c.contextLength);
  if (!(maxTokens >= 0) || !Number.isInteger(maxTokens)) throw new Error(`maxTokens must be a whole number ≥ 0, got ${opts.maxTokens}`);
  const temperature = opts.temperature ?? 0;
  const rng = new Rng(opts.seed ?? 0);
  const out: number[] = [];
  const forwardOpts: EncoderDecoderOptions = { knockout: opts.knockout };
  while (out.length < maxTokens) {
    const inputs = [BOS_ID, ...out];
    const last = tf.tidy(() => {
      const src = tf.tensor2d(sourceIds, [1, s], 'int32'); // [1, S]
      const dec = tf.tensor2d(inputs, [1, inputs.length], 'int32'); // [1, T]
      const logits = model.logits(src, dec, forwardOpts); // [1, T, V]
      return tf.reshape(tf.slice(logits, [0, inputs.length - 1, 0], [1, 1, -1]), [-1]); // [V]
    });
    const values = new Float32Array(await last.data());
    last.dispose();
    values[PAD_ID] = -Infinity;
    values[BOS_ID] = -Infinity;
    const id =
      temperature > 0 ? pickFromDistribution(adjustDistribution(values, { temperature, topK: 0, topP: 1 }), rng.next()) : argmax(values);
    if (id === EOS_ID) break;
    out.push(id);
  }
  return out;
}
