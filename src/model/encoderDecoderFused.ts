// The encoder–decoder's fused training path: the same function as the readable forward pass of
// encoderDecoder.ts (CONTRACT §5), as fewer and larger kernels — every activation a 2-D [rows, ·]
// matrix, dense layers with bias (and ReLU) fused, LayerNorm with a closed-form gradient, the
// decoder's masked self-attention in the causal kernel (attentionKernel*.ts) and the encoder's
// self-attention and cross-attention in the key-padding kernel (keyAttentionKernel.ts). For the CPU
// and WASM backends (the attention kernels read their inputs back); unit tests hold its logits and
// gradients equal to the readable path's.

import * as tf from '@tensorflow/tfjs';
import { PAD_ID } from '../data/tokenizer';
import type { ModelConfig } from '../shared/config';
import type { AttentionParams } from './attention';
import { positionRows } from './embedding';
import type { EncoderDecoderParams } from './encoderDecoder';
import { bidirectionalAttentionOp, causalAttentionOp, crossAttentionOp, denseOp, layerNormOp, tokenRowsOp } from './fusedOps';
import type { NormParams } from './layerNorm';
import { matMul } from './matmul';

interface DenseLike {
  kernel: tf.Tensor;
  bias: tf.Tensor;
}

/** Several dense layers' kernels side by side ([d, k·d]) and biases end to end: one product for all. */
function joined(parts: DenseLike[]): DenseLike {
  return { kernel: tf.concat(parts.map((p) => p.kernel), 1), bias: tf.concat(parts.map((p) => p.bias)) };
}

export function encoderDecoderFusedLogits(
  c: ModelConfig,
  params: EncoderDecoderParams,
  positionTable: tf.Tensor2D,
  sources: tf.Tensor2D, // int32 [B, S]
  inputs: tf.Tensor2D, // int32 [B, T]
): tf.Tensor3D {
  const [b, s] = sources.shape;
  const t = inputs.shape[1];
  const d = c.dModel;
  const headSize = d / c.nHeads;
  const valid = Uint8Array.from(sources.dataSync() as Int32Array, (id) => (id === PAD_ID ? 0 : 1)); // [B·S]
  const encoderShape = { batch: b, queries: s, keys: s, heads: c.nHeads, headSize };
  const crossShape = { batch: b, queries: t, keys: s, heads: c.nHeads, headSize };
  const selfShape = { batch: b, length: t, heads: c.nHeads, headSize };
  const dense = (x: tf.Tensor2D, p: DenseLike, relu = false): tf.Tensor2D =>
    denseOp(x, p.kernel as tf.Tensor2D, p.bias as tf.Tensor1D, relu);
  const norm = (x: tf.Tensor2D, p: NormParams): tf.Tensor2D =>
    layerNormOp(x, p.gamma as tf.Tensor1D, p.beta as tf.Tensor1D, c.lnEpsilon);
  const ffn = (h: tf.Tensor2D, p: { hidden: DenseLike; output: DenseLike }): tf.Tensor2D => dense(dense(h, p.hidden, true), p.output);
  const qkvOf = (a: AttentionParams): DenseLike => joined([a.query, a.key, a.value]);
  /** embeddingScale · E[ids] + P, [rows·len, d]. */
  const stackInput = (ids: tf.Tensor2D, len: number): tf.Tensor2D => {
    let tokens = tokenRowsOp(ids, params.token as tf.Tensor2D); // [B·len, d]
    if (c.embeddingScale !== 1) tokens = tf.mul(tokens, c.embeddingScale);
    return tf.reshape(tf.add(tf.reshape(tokens, [b, len, d]), positionRows(positionTable, len)), [b * len, d]);
  };
  const post = c.norm === 'post';

  // Encoder: bidirectional self-attention over the valid source keys, then the FFN.
  let x = stackInput(sources, s); // [B·S, d]
  for (const p of params.encoder) {
    const attend = (h: tf.Tensor2D): tf.Tensor2D => dense(bidirectionalAttentionOp(dense(h, qkvOf(p.attention)), encoderShape, valid), p.attention.output);
    if (post) {
      const h = norm(tf.add(x, attend(x)), p.norm1);
      x = norm(tf.add(h, ffn(h, p.ffn)), p.norm2);
    } else {
      const h = tf.add(x, attend(norm(x, p.norm1))) as tf.Tensor2D;
      x = tf.add(h, ffn(norm(h, p.norm2), p.ffn));
    }
  }
  const memory = params.encoderFinalNorm ? norm(x, params.encoderFinalNorm) : x; // M, [B·S, d]

  // Decoder: masked self-attention, cross-attention over M, FFN.
  let y = stackInput(inputs, t); // [B·T, d]
  for (const p of params.decoder) {
    const selfAttend = (h: tf.Tensor2D): tf.Tensor2D => dense(causalAttentionOp(dense(h, qkvOf(p.attention)), selfShape), p.attention.output);
    const ca = p.crossAttention;
    const kv = dense(memory, joined([ca.key, ca.value])); // [B·S, 2d]
    const crossAttend = (h: tf.Tensor2D): tf.Tensor2D => dense(crossAttentionOp(dense(h, ca.query), kv, crossShape, valid), ca.output);
    if (post) {
      const h1 = norm(tf.add(y, selfAttend(y)), p.norm1);
      const h2 = norm(tf.add(h1, crossAttend(h1)), p.norm2);
      y = norm(tf.add(h2, ffn(h2, p.ffn)), p.norm3);
    } else {
      const h1 = tf.add(y, selfAttend(norm(y, p.norm1))) as tf.Tensor2D;
      const h2 = tf.add(h1, crossAttend(norm(h1, p.norm2))) as tf.Tensor2D;
      y = tf.add(h2, ffn(norm(h2, p.norm3), p.ffn));
    }
  }
  if (params.finalNorm) y = norm(y, params.finalNorm);
  const logits = params.output ? dense(y, params.output) : matMul(y, params.token as tf.Tensor2D, true);
  return tf.reshape(logits, [b, t, c.vocabSize]);
}
