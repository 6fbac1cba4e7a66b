// The decoder-only Transformer of CONTRACT §1: embedding + positions → nLayers decoder blocks →
// (final LayerNorm, pre-LN only) → output projection → softmax over the vocabulary.
// `logits` is the batched path used for training; `trace` runs one sequence and returns every
// intermediate, read back from the backend in a single transfer.

// @tensorflow/tfjs registers the gradient functions of every op, so tf.variableGrads works wherever
// the model is used.
import * as tf from '@tensorflow/tfjs';
import { isEncoderDecoder, validateConfig, type ModelConfig } from '../shared/config';
import type { ForwardTrace } from '../shared/trace';
import { decoderBlock, type BlockParams, type BlockTensors } from './block';
import type { DenseParams } from './dense';
import { embed, positionRows, type EmbeddingTensors } from './embedding';
import { causalAttentionOp, denseOp, layerNormOp, tokenRowsOp, type TokenLookup } from './fusedOps';
import { initWeights, type InitOptions } from './init';
import { layerNorm, type NormParams } from './layerNorm';
import { matMul } from './matmul';
import { sinusoidalTable } from './positional';
import { pushSelfBlock, readDecoderTrace } from './traceLayout';
import { noTap, type Tap } from './tap';
import { assignNamedWeights, createNamedVariables, readNamedWeights, type NamedVariable } from './namedWeights';
import { checkWeights, type WeightMap } from './weights';

export interface HeadRef {
  layer: number;
  head: number;
}

export interface ForwardOptions {
  /** Heads whose output is zeroed (everything else unchanged). */
  knockout?: readonly HeadRef[];
  /**
   * Compute `logits` with the readable layers (the path `trace` uses) even where the fused training
   * path is available; the tests compare the two.
   */
  readable?: boolean;
  /** The fused path's token lookup (fusedOps.ts TokenLookup; default 'auto'). */
  tokenRows?: TokenLookup;
}

/**
 * The fused training path (fusedOps.ts) runs on the CPU and WASM backends, where reading a tensor back
 * is a copy in memory; on WebGL the readable layers stay on the GPU.
 */
export function fusedPathAvailable(): boolean {
  return tf.getBackend() !== 'webgl';
}

export type { NamedVariable };

interface Params {
  token: tf.Variable; // [V, d]
  position?: tf.Variable; // learned only, [contextLength, d]
  layers: BlockParams[];
  finalNorm?: NormParams;
  output?: DenseParams; // untied only: [d, V], [V]
}

interface ForwardTensors {
  embedding: EmbeddingTensors;
  blocks: BlockTensors[];
  finalNorm?: tf.Tensor3D; // [B, T, d]
  logits: tf.Tensor3D; // [B, T, V]
}

/** The intermediates of a forward pass in the trace's layout (traceLayout.ts), without probs. */
function traceParts(f: ForwardTensors): tf.Tensor[] {
  const parts: tf.Tensor[] = [f.embedding.embedding, f.embedding.positional, f.embedding.input];
  for (const b of f.blocks) pushSelfBlock(parts, b);
  if (f.finalNorm) parts.push(f.finalNorm);
  parts.push(f.logits);
  return parts;
}

export class Transformer {
  readonly config: ModelConfig;
  private readonly named: NamedVariable[];
  private readonly params: Params;
  /** Sinusoidal table (a constant) or the learned position variable, [contextLength, d]. */
  private readonly positionTable: tf.Tensor2D;
  private disposed = false;

  private constructor(config: ModelConfig, weights: WeightMap) {
    this.config = { ...config };
    const { named, v, dense: densePair, norm: normPair } = createNamedVariables(config, weights);
    this.named = named;
    const layers: BlockParams[] = [];
    for (let i = 0; i < config.nLayers; i++) {
      const p = `layers/${i}`;
      layers.push({
        attention: {
          query: densePair(`${p}/attention/query`),
          key: densePair(`${p}/attention/key`),
          value: densePair(`${p}/attention/value`),
          output: densePair(`${p}/attention/output`),
        },
        norm1: normPair(`${p}/norm1`),
        norm2: normPair(`${p}/norm2`),
        ffn: { hidden: densePair(`${p}/ffn/hidden`), output: densePair(`${p}/ffn/output`) },
      });
    }
    this.params = {
      token: v('embedding/token'),
      position: config.positional === 'learned' ? v('embedding/position') : undefined,
      layers,
      finalNorm: config.norm === 'pre' ? normPair('final_norm') : undefined,
      output: config.tiedOutput ? undefined : densePair('output'),
    };
    this.positionTable =
      (this.params.position as tf.Tensor2D | undefined) ??
      tf.tensor2d(sinusoidalTable(config.contextLength, config.dModel), [config.contextLength, config.dModel]);
  }

  /** A model with the given weights; throws an Error naming a bad config or a missing/misshaped weight. */
  static create(config: ModelConfig, weights: WeightMap): Transformer {
    if (isEncoderDecoder(config)) throw new Error('an encoder-decoder config needs an EncoderDecoder, not a Transformer');
    const problem = validateConfig(config) ?? checkWeights(config, weights);
    if (problem) throw new Error(problem);
    return new Transformer(config, weights);
  }

  /** A freshly initialised model (seeded, the same on every backend). */
  static init(config: ModelConfig, seed: number, opts: InitOptions = {}): Transformer {
    return Transformer.create(config, initWeights(config, seed, opts));
  }

  /** The trainable variables with their CONTRACT names, in checkpoint order. */
  variables(): NamedVariable[] {
    return this.named.slice();
  }

  /** Batched forward pass for training and evaluation: int32 ids [B, T] → logits [B, T, V]. */
  logits(ids: tf.Tensor2D, opts: ForwardOptions = {}): tf.Tensor3D {
    if (!opts.readable && !opts.knockout?.length && fusedPathAvailable()) return this.fusedLogits(ids, opts.tokenRows ?? 'auto');
    return this.forward(ids, opts).logits;
  }

  /**
   * The logits of each row's last position only: int32 ids [B, T] → [B, V]. Sampling needs no more, and
   * on the fused path the output layer (the largest product for a big vocabulary) then runs on B rows
   * instead of B·T. Each row equals the last row of `logits` (the rows of a product do not depend on
   * one another).
   */
  lastLogits(ids: tf.Tensor2D, opts: ForwardOptions = {}): tf.Tensor2D {
    const [b, t] = ids.shape;
    const V = this.config.vocabSize;
    if (!opts.readable && !opts.knockout?.length && fusedPathAvailable()) {
      return tf.reshape(this.fusedLogits(ids, opts.tokenRows ?? 'auto', true), [b, V]);
    }
    return tf.tidy(() => tf.reshape(tf.slice(this.forward(ids, opts).logits, [0, t - 1, 0], [b, 1, V]), [b, V]));
  }

  /** One sequence through the model, every intermediate of CONTRACT §1 returned as typed matrices. */
  async trace(ids: number[], opts: ForwardOptions = {}): Promise<ForwardTrace> {
    this.checkIds(ids);
    // Every intermediate, flattened and concatenated, so the backend is read once (one GPU sync).
    const flat = tf.tidy(() => {
      const f = this.forward(tf.tensor2d(ids, [1, ids.length], 'int32'), opts);
      const parts = traceParts(f);
      parts.push(tf.softmax(f.logits));
      return tf.concat(parts.map((p) => tf.reshape(p, [-1])));
    });
    const data = (await flat.data()) as Float32Array;
    flat.dispose();
    return readDecoderTrace(this.config, ids, data);
  }

  /**
   * The readable forward pass of one sequence with every intermediate of the trace passed through
   * `tap` where it is made (src/model/tap.ts). Returns those intermediates in the trace's layout
   * (traceLayout.ts: embedding, positional, input, the layers, finalNorm, logits; no probs) and the
   * logits [1, T, V]. Call inside tf.tidy or a gradient function.
   */
  tappedForward(ids: number[], tap: Tap): { parts: tf.Tensor[]; logits: tf.Tensor3D } {
    this.checkIds(ids);
    const f = this.forward(tf.tensor2d(ids, [1, ids.length], 'int32'), {}, tap);
    return { parts: traceParts(f), logits: f.logits };
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
    if (!this.params.position) this.positionTable.dispose();
  }

  /** Throws unless `ids` is a sequence of 1…contextLength ids inside the vocabulary. */
  private checkIds(ids: number[]): void {
    const c = this.config;
    const t = ids.length;
    if (t < 1 || t > c.contextLength) throw new Error(`sequence length ${t} is outside 1…${c.contextLength}`);
    for (const id of ids) {
      if (!Number.isInteger(id) || id < 0 || id >= c.vocabSize) throw new Error(`token id ${id} is outside the vocabulary`);
    }
  }

  private forward(ids: tf.Tensor2D, opts: ForwardOptions, tap: Tap = noTap): ForwardTensors {
    const c = this.config;
    const embedding = embed(ids, this.params.token, this.positionTable, c.embeddingScale, tap);
    let x = embedding.input; // [B, T, d]
    const blocks: BlockTensors[] = [];
    for (let i = 0; i < c.nLayers; i++) {
      const block = decoderBlock(x, this.params.layers[i], {
        nHeads: c.nHeads,
        norm: c.norm,
        epsilon: c.lnEpsilon,
        headMask: this.headMask(i, opts.knockout),
        tap,
      });
      blocks.push(block);
      x = block.output;
    }
    const finalNorm = this.params.finalNorm ? tap(layerNorm(x, this.params.finalNorm, c.lnEpsilon)) : undefined;
    const last = finalNorm ?? x; // [B, T, d]
    const [b, t, d] = last.shape;
    const flat = tf.reshape(last, [b * t, d]); // [B·T, d]
    const logits2d = this.params.output
      ? tf.add(matMul(flat, this.params.output.kernel as tf.Tensor2D), this.params.output.bias) // x·W_out + b_out
      : matMul(flat, this.params.token as tf.Tensor2D, true); // x·Eᵀ (tied)
    const logits = tap(tf.reshape(logits2d, [b, t, c.vocabSize]) as tf.Tensor3D); // [B, T, V]
    return { embedding, blocks, finalNorm, logits };
  }

  /**
   * The same function as `forward(ids).logits`, as fewer and larger kernels: Q, K and V from one
   * product, attention in one kernel (attentionKernel.ts), dense layers with bias (and ReLU) fused,
   * LayerNorm with a closed-form gradient; every activation stays a 2-D [B·T, ·] matrix. With
   * `lastOnly`, only each row's last position goes through the output layer: [B, 1, V].
   */
  private fusedLogits(ids: tf.Tensor2D, lookup: TokenLookup, lastOnly = false): tf.Tensor3D {
    const c = this.config;
    const [b, t] = ids.shape;
    const n = b * t;
    const d = c.dModel;
    const shape = { batch: b, length: t, heads: c.nHeads, headSize: d / c.nHeads };
    const dense = (x: tf.Tensor2D, p: { kernel: tf.Tensor; bias: tf.Tensor }, relu = false): tf.Tensor2D =>
      denseOp(x, p.kernel as tf.Tensor2D, p.bias as tf.Tensor1D, relu);
    const norm = (x: tf.Tensor2D, p: NormParams): tf.Tensor2D =>
      layerNormOp(x, p.gamma as tf.Tensor1D, p.beta as tf.Tensor1D, c.lnEpsilon);
    let tokens = tokenRowsOp(ids, this.params.token as tf.Tensor2D, lookup); // [B·T, d]
    if (c.embeddingScale !== 1) tokens = tf.mul(tokens, c.embeddingScale);
    let x = tf.reshape(tf.add(tf.reshape(tokens, [b, t, d]), positionRows(this.positionTable, t)), [n, d]) as tf.Tensor2D;
    for (const p of this.params.layers) {
      const a = p.attention;
      const qkv = {
        kernel: tf.concat([a.query.kernel, a.key.kernel, a.value.kernel], 1), // [d, 3d]
        bias: tf.concat([a.query.bias, a.key.bias, a.value.bias]), // [3d]
      };
      const attend = (h: tf.Tensor2D): tf.Tensor2D => dense(causalAttentionOp(dense(h, qkv), shape), a.output);
      const ffn = (h: tf.Tensor2D): tf.Tensor2D => dense(dense(h, p.ffn.hidden, true), p.ffn.output);
      if (c.norm === 'post') {
        const h = norm(tf.add(x, attend(x)), p.norm1);
        x = norm(tf.add(h, ffn(h)), p.norm2);
      } else {
        const h = tf.add(x, attend(norm(x, p.norm1))) as tf.Tensor2D;
        x = tf.add(h, ffn(norm(h, p.norm2)));
      }
    }
    if (this.params.finalNorm) x = norm(x, this.params.finalNorm);
    if (lastOnly) x = tf.reshape(tf.slice(tf.reshape(x, [b, t, d]), [0, t - 1, 0], [b, 1, d]), [b, d]) as tf.Tensor2D;
    const logits = this.params.output ? dense(x, this.params.output) : matMul(x, this.params.token as tf.Tensor2D, true);
    return tf.reshape(logits, [b, lastOnly ? 1 : t, c.vocabSize]);
  }

  /** [1, H, 1, 1] with 0 for knocked-out heads of this layer, or undefined when none are. */
  private headMask(layer: number, knockout?: readonly HeadRef[]): tf.Tensor4D | undefined {
    const off = (knockout ?? []).filter((k) => k.layer === layer).map((k) => k.head);
    if (off.length === 0) return undefined;
    const mask = new Float32Array(this.config.nHeads).fill(1);
    for (const h of off) if (h >= 0 && h < mask.length) mask[h] = 0;
    return tf.tensor4d(mask, [1, this.config.nHeads, 1, 1]);
  }
}
