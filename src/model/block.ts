// The blocks the models are built from, each sub-layer wrapped in a residual connection and LayerNorm
// ("Add & Norm" in the source articles).
// - decoderBlock (CONTRACT §1, the decoder-only model): masked self-attention, then the FFN.
//   "post" (the source articles, the original paper): h = LN1(x + MHA(x)), out = LN2(h + FFN(h)).
//   "pre": h = x + MHA(LN1(x)), out = h + FFN(LN2(h)).
// - encoderBlock (CONTRACT §5): the same block without the causal mask — every source token looks at
//   every other, both ways (padded source positions excepted).
// - crossDecoderBlock (CONTRACT §5, the decoder of the encoder–decoder): masked self-attention, then
//   cross-attention (queries from the decoder, keys and values from the encoder's output M), then FFN.
//   "post": h1 = LN1(y + Self(y)), h2 = LN2(h1 + Cross(h1, M)), out = LN3(h2 + FFN(h2)).
//   "pre":  h1 = y + Self(LN1(y)), h2 = h1 + Cross(LN2(h1), M), out = h2 + FFN(LN3(h2)).

import * as tf from '@tensorflow/tfjs';
import type { NormPlacement } from '../shared/config';
import { attention, type AttentionParams, type AttentionTensors } from './attention';
import { feedForward, type FfnParams, type FfnTensors } from './ffn';
import { layerNorm, type NormParams } from './layerNorm';
import { noTap, type Tap } from './tap';

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

export interface BlockOptions {
  nHeads: number;
  norm: NormPlacement;
  epsilon: number;
  /** [1, H, 1, 1]: 0 knocks a head of this block's (self-)attention out. */
  headMask?: tf.Tensor4D;
  /** Sees each intermediate where it is made (src/model/tap.ts); the identity when absent. */
  tap?: Tap;
}

/** Self-attention (with the given mask) and FFN, each in a residual connection with LayerNorm. */
function selfAttentionBlock(
  x: tf.Tensor3D,
  p: BlockParams,
  opts: BlockOptions & { mask: 'causal' | 'none'; keyPadding?: tf.Tensor4D },
): BlockTensors {
  const tap = opts.tap ?? noTap;
  const attend = (h: tf.Tensor3D): AttentionTensors =>
    attention(h, p.attention, { nHeads: opts.nHeads, mask: opts.mask, keyPadding: opts.keyPadding, headMask: opts.headMask, tap });
  const input = tap(x); // [B, T, d]
  if (opts.norm === 'post') {
    const att = attend(input);
    const residual1 = tap(tf.add(input, att.output) as tf.Tensor3D);
    const ffnInput = tap(layerNorm(residual1, p.norm1, opts.epsilon));
    const ffn = feedForward(ffnInput, p.ffn, tap);
    const residual2 = tap(tf.add(ffnInput, ffn.output) as tf.Tensor3D);
    const norm2 = tap(layerNorm(residual2, p.norm2, opts.epsilon));
    return { input, attention: att, residual1, ffnInput, ffn, residual2, norm2, output: tap(norm2) };
  }
  const preNorm1 = tap(layerNorm(input, p.norm1, opts.epsilon));
  const att = attend(preNorm1);
  const residual1 = tap(tf.add(input, att.output) as tf.Tensor3D);
  const ffnInput = tap(layerNorm(residual1, p.norm2, opts.epsilon));
  const ffn = feedForward(ffnInput, p.ffn, tap);
  const residual2 = tap(tf.add(residual1, ffn.output) as tf.Tensor3D);
  return { input, preNorm1, attention: att, residual1, ffnInput, ffn, residual2, output: tap(residual2) };
}

/** The decoder-only model's block (CONTRACT §1): causal self-attention and FFN. */
export function decoderBlock(x: tf.Tensor3D, p: BlockParams, opts: BlockOptions): BlockTensors {
  return selfAttentionBlock(x, p, { ...opts, mask: 'causal' });
}

/**
 * An encoder block (CONTRACT §5): the §1 block without the causal mask. `keyPadding` ([B, 1, 1, S],
 * keyPaddingMask) hides padded source positions from every query.
 */
export function encoderBlock(x: tf.Tensor3D, p: BlockParams, opts: BlockOptions & { keyPadding?: tf.Tensor4D }): BlockTensors {
  return selfAttentionBlock(x, p, { ...opts, mask: 'none' });
}

export interface CrossBlockParams {
  attention: AttentionParams; // masked self-attention
  crossAttention: AttentionParams; // Q from the decoder, K and V from the memory
  norm1: NormParams;
  norm2: NormParams;
  norm3: NormParams;
  ffn: FfnParams;
}

export interface CrossBlockTensors {
  input: tf.Tensor3D; // y, [B, T, d]
  preNorm1?: tf.Tensor3D; // pre-LN: LN1(y)
  self: AttentionTensors; // [B, H, T, T] maps
  residual1: tf.Tensor3D; // y + Self(·)
  crossInput: tf.Tensor3D; // post: LN1(residual1) = h1; pre: LN2(residual1)
  cross: AttentionTensors; // [B, H, T, S] maps
  residual2: tf.Tensor3D; // post: crossInput + Cross(·); pre: residual1 + Cross(·)
  ffnInput: tf.Tensor3D; // post: LN2(residual2) = h2; pre: LN3(residual2)
  ffn: FfnTensors;
  residual3: tf.Tensor3D; // post: ffnInput + FFN(·); pre: residual2 + FFN(·)
  norm3?: tf.Tensor3D; // post-LN: LN3(residual3)
  output: tf.Tensor3D; // [B, T, d]
}

export interface CrossBlockOptions extends BlockOptions {
  /** [1, H, 1, 1]: 0 knocks a cross-attention head out (headMask is for self-attention). */
  crossHeadMask?: tf.Tensor4D;
  /** Additive [B, 1, 1, S] mask of the padded source positions of the memory. */
  keyPadding?: tf.Tensor4D;
}

/** A decoder block of the encoder–decoder (CONTRACT §5) over the decoder rows y and the memory M. */
export function crossDecoderBlock(y: tf.Tensor3D, memory: tf.Tensor3D, p: CrossBlockParams, opts: CrossBlockOptions): CrossBlockTensors {
  const selfAttend = (h: tf.Tensor3D): AttentionTensors =>
    attention(h, p.attention, { nHeads: opts.nHeads, mask: 'causal', headMask: opts.headMask });
  const crossAttend = (h: tf.Tensor3D): AttentionTensors =>
    attention(h, p.crossAttention, {
      nHeads: opts.nHeads,
      mask: 'none',
      memory,
      keyPadding: opts.keyPadding,
      headMask: opts.crossHeadMask,
    });
  const ln = (x: tf.Tensor3D, n: NormParams): tf.Tensor3D => layerNorm(x, n, opts.epsilon);
  if (opts.norm === 'post') {
    const self = selfAttend(y);
    const residual1 = tf.add(y, self.output) as tf.Tensor3D;
    const crossInput = ln(residual1, p.norm1);
    const cross = crossAttend(crossInput);
    const residual2 = tf.add(crossInput, cross.output) as tf.Tensor3D;
    const ffnInput = ln(residual2, p.norm2);
    const ffn = feedForward(ffnInput, p.ffn);
    const residual3 = tf.add(ffnInput, ffn.output) as tf.Tensor3D;
    const norm3 = ln(residual3, p.norm3);
    return { input: y, self, residual1, crossInput, cross, residual2, ffnInput, ffn, residual3, norm3, output: norm3 };
  }
  const preNorm1 = ln(y, p.norm1);
  const self = selfAttend(preNorm1);
  const residual1 = tf.add(y, self.output) as tf.Tensor3D;
  const crossInput = ln(residual1, p.norm2);
  const cross = crossAttend(crossInput);
  const residual2 = tf.add(residual1, cross.output) as tf.Tensor3D;
  const ffnInput = ln(residual2, p.norm3);
  const ffn = feedForward(ffnInput, p.ffn);
  const residual3 = tf.add(residual2, ffn.output) as tf.Tensor3D;
  return { input: y, preNorm1, self, residual1, crossInput, cross, residual2, ffnInput, ffn, residual3, output: residual3 };
}
