// One decoder block: masked multi-head attention and FFN, each wrapped in a residual connection and
// LayerNorm. "post" (the source articles, the original paper): h = LN1(x + MHA(x)), out = LN2(h + FFN(h)).
// "pre": h = x + MHA(LN1(x)), out = h + FFN(LN2(h)).

import * as tf from '@tensorflow/tfjs-core';
import type { NormPlacement } from '../shared/config';
import { multiHeadAttention, type AttentionParams, type AttentionTensors } from './attention';
import { feedForward, type FfnParams, type FfnTensors } from './ffn';
import { layerNorm, type NormParams } from './layerNorm';

export interface BlockParams {
  attention: AttentionParams;
  norm1: NormParams;
  norm2: NormParams;
  ffn: FfnParams;
}

export interface BlockTensors {
  input: tf.Tensor3D; // [B, T, d]
  preNorm1?: tf.Tensor3D; // pre-LN: LN1(x), [B, T, d]
  attention: AttentionTensors;
  residual1: tf.Tensor3D; // x + MHA(·), [B, T, d]
  ffnInput: tf.Tensor3D; // post: LN1(residual1); pre: LN2(residual1), [B, T, d]
  ffn: FfnTensors;
  residual2: tf.Tensor3D; // [B, T, d]
  norm2?: tf.Tensor3D; // post-LN: LN2(residual2), [B, T, d]
  output: tf.Tensor3D; // [B, T, d]
}

export function decoderBlock(
  x: tf.Tensor3D,
  p: BlockParams,
  opts: { nHeads: number; norm: NormPlacement; epsilon: number; headMask?: tf.Tensor4D },
): BlockTensors {
  if (opts.norm === 'post') {
    const attention = multiHeadAttention(x, p.attention, opts.nHeads, opts.headMask);
    const residual1 = tf.add(x, attention.output) as tf.Tensor3D;
    const ffnInput = layerNorm(residual1, p.norm1, opts.epsilon);
    const ffn = feedForward(ffnInput, p.ffn);
    const residual2 = tf.add(ffnInput, ffn.output) as tf.Tensor3D;
    const norm2 = layerNorm(residual2, p.norm2, opts.epsilon);
    return { input: x, attention, residual1, ffnInput, ffn, residual2, norm2, output: norm2 };
  }
  const preNorm1 = layerNorm(x, p.norm1, opts.epsilon);
  const attention = multiHeadAttention(preNorm1, p.attention, opts.nHeads, opts.headMask);
  const residual1 = tf.add(x, attention.output) as tf.Tensor3D;
  const ffnInput = layerNorm(residual1, p.norm2, opts.epsilon);
  const ffn = feedForward(ffnInput, p.ffn);
  const residual2 = tf.add(residual1, ffn.output) as tf.Tensor3D;
  return { input: x, preNorm1, attention, residual1, ffnInput, ffn, residual2, output: residual2 };
}
