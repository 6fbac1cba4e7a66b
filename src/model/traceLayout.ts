// The one layout in which a traced forward pass is flattened for a single read-back, and read again
// into typed matrices. Both model kinds push their tensors with the same helpers, in this order, and
// read them back with a TraceReader that walks the same order; a mismatch throws.

import type * as tf from '@tensorflow/tfjs';
import type { ModelConfig } from '../shared/config';
import type { AttentionTrace, ForwardTrace, LayerTrace, Mat } from '../shared/trace';
import type { AttentionTensors } from './attention';
import type { BlockTensors } from './block';

/** An attention's intermediates in trace order: Q, K, V, S, S/√dk, masked, A, Z_h, concat, output. */
export function pushAttention(parts: tf.Tensor[], a: AttentionTensors): void {
  parts.push(a.q, a.k, a.v, a.scores, a.scaled, a.masked, a.weights, a.heads, a.concat, a.output);
}

/** A self-attention block (the decoder-only model's, or an encoder's) in trace order. */
export function pushSelfBlock(parts: tf.Tensor[], b: BlockTensors): void {
  parts.push(b.input);
  if (b.preNorm1) parts.push(b.preNorm1);
  pushAttention(parts, b.attention);
  parts.push(b.residual1, b.ffnInput, b.ffn.hidden, b.ffn.activation, b.ffn.output, b.residual2);
  if (b.norm2) parts.push(b.norm2);
  parts.push(b.output);
}

/** Reads the flattened values back, in the order they were pushed. */
export class TraceReader {
  private cursor = 0;

  /** `pre`: pre-LN (LN1 before attention, a final norm) rather than post-LN. */
  constructor(
    private readonly data: Float32Array,
    private readonly nHeads: number,
    private readonly dModel: number,
    private readonly dFF: number,
    private readonly pre: boolean,
  ) {}

  mat(rows: number, cols: number): Mat {
    const m = { rows, cols, data: this.data.slice(this.cursor, this.cursor + rows * cols) };
    this.cursor += rows * cols;
    return m;
  }

  perHead(rows: number, cols: number): Mat[] {
    return Array.from({ length: this.nHeads }, () => this.mat(rows, cols));
  }

  /** An attention of `rows` queries over `keys` keys (pushAttention's order). */
  attention(rows: number, keys: number): AttentionTrace {
    const dk = this.dModel / this.nHeads;
    return {
      q: this.perHead(rows, dk),
      k: this.perHead(keys, dk),
      v: this.perHead(keys, dk),
      scores: this.perHead(rows, keys),
      scaled: this.perHead(rows, keys),
      masked: this.perHead(rows, keys),
      weights: this.perHead(rows, keys),
      heads: this.perHead(rows, dk),
      concat: this.mat(rows, this.dModel),
      attention: this.mat(rows, this.dModel),
    };
  }

  /** A self-attention block over `rows` positions (pushSelfBlock's order). */
  selfBlock(rows: number): LayerTrace {
    const d = this.dModel;
    const input = this.mat(rows, d);
    const preNorm1 = this.pre ? this.mat(rows, d) : undefined;
    const att = this.attention(rows, rows);
    const residual1 = this.mat(rows, d);
    const ffnInput = this.mat(rows, d);
    const ffnHidden = this.mat(rows, this.dFF);
    const ffnActivation = this.mat(rows, this.dFF);
    const ffnOutput = this.mat(rows, d);
    const residual2 = this.mat(rows, d);
    const norm2 = this.pre ? undefined : this.mat(rows, d);
    const output = this.mat(rows, d);
    return { input, preNorm1, ...att, residual1, ffnInput, ffnHidden, ffnActivation, ffnOutput, residual2, norm2, output };
  }

  /** Throws unless every value was read. */
  finish(): void {
    if (this.cursor !== this.data.length) {
      throw new Error(`trace layout mismatch: read ${this.cursor} of ${this.data.length} values`);
    }
  }
}

/**
 * A decoder-only trace (CONTRACT §1) of `ids` from its flattened values: embedding, positional,
 * input, the layers (pushSelfBlock's order), finalNorm (pre-LN), logits, probs. The backward trace
 * (src/train/backward.ts) reads its gradients with the same layout.
 */
export function readDecoderTrace(config: ModelConfig, ids: readonly number[], data: Float32Array): ForwardTrace {
  const c = config;
  const t = ids.length;
  const d = c.dModel;
  const r = new TraceReader(data, c.nHeads, d, c.dFF, c.norm === 'pre');
  const embedding = r.mat(t, d);
  const positional = r.mat(t, d);
  const input = r.mat(t, d);
  const layers: LayerTrace[] = Array.from({ length: c.nLayers }, () => r.selfBlock(t));
  const finalNorm = c.norm === 'pre' ? r.mat(t, d) : undefined;
  const logits = r.mat(t, c.vocabSize);
  const probs = r.mat(t, c.vocabSize);
  r.finish();
  return { config: { ...c }, ids: ids.slice(), embedding, positional, input, layers, finalNorm, logits, probs };
}
