// What the step-through walks a token through: one stack of the traced model, read into one shape
// whatever the model is — the decoder-only model's decoder (CONTRACT §1), or a translation model's
// encoder (a source token) or decoder (a target token, with cross-attention over the encoder's
// output M; CONTRACT §5). The step modules read only this, so one module serves every stack.

import type { Side } from '../../app/useSelection';
import type { AttentionSite, ModelConfig } from '../../shared/config';
import { isEncoderDecoderTrace, type AttentionTrace, type EncoderDecoderTrace, type LayerTrace, type Mat, type ModelTrace } from '../../shared/trace';

export type { Side } from '../../app/useSelection';

/** One multi-head attention of a layer, with what its queries and its keys/values are computed from. */
export interface WalkAttention {
  site: AttentionSite;
  att: AttentionTrace;
  /** The rows Q is computed from (the layer input, or its LayerNorm; in cross-attention h₁). */
  queryIn: Mat;
  /** The rows K and V are computed from: the same rows, or the encoder's output M (cross-attention). */
  keyIn: Mat;
  /** Whether keys after the query are hidden (the causal mask). */
  causal: boolean;
  /** Keys and values come from the encoder's output (the source tokens). */
  cross: boolean;
}

/** One layer, in the order the operations run. */
export interface WalkLayer {
  input: Mat;
  /** pre-LN: LN₁(input). */
  preNorm1?: Mat;
  self: WalkAttention;
  /** input + self-attention. */
  residual1: Mat;
  /** post-LN: LN₁(residual1), what the next sublayer reads. */
  afterSelf?: Mat;
  /** A translation model's decoder layer: cross-attention after self-attention. */
  cross?: {
    attention: WalkAttention;
    /** The rows its queries come from: post-LN LN₁(residual1); pre-LN LN₂(residual1). */
    input: Mat;
    /** post: input + Cross; pre: residual1 + Cross. */
    residual: Mat;
  };
  /** The sum the feed-forward sublayer starts from (residual1, or after cross-attention residual2). */
  ffnStream: Mat;
  /** post: LN(ffnStream); pre: LN(ffnStream) too — the FFN's input either way. */
  ffnInput: Mat;
  ffnHidden: Mat;
  ffnActivation: Mat;
  ffnOutput: Mat;
  /** ffnInput + F (post) or ffnStream + F (pre). */
  ffnResidual: Mat;
  /** The layer's output. */
  output: Mat;
}

export interface Walk {
  config: ModelConfig;
  stack: 'encoder' | 'decoder';
  /** Whether this is a stack of a translation model (its LayerNorms are numbered per stack). */
  seq2seq: boolean;
  ids: readonly number[];
  embedding: Mat;
  positional: Mat;
  input: Mat;
  layers: WalkLayer[];
  finalNorm?: Mat;
  /** The decoder's outputs; absent for the encoder (it predicts nothing). */
  logits?: Mat;
  probs?: Mat;
  /** A translation model: the encoder's output M (what cross-attention reads; the encoder walk's result). */
  memory?: Mat;
  /** The number of LayerNorm around the FFN: 2, or 3 in a translation model's decoder. */
  ffnNorm: 2 | 3;
}

/** A layer of one self-attention block and the FFN: the decoder-only model's (causal) or the encoder's (not). */
function selfAttentionLayer(l: LayerTrace, site: 'decoder' | 'encoder'): WalkLayer {
  const queryIn = l.preNorm1 ?? l.input;
  return {
    input: l.input,
    preNorm1: l.preNorm1,
    self: { site, att: l, queryIn, keyIn: queryIn, causal: site === 'decoder', cross: false },
    residual1: l.residual1,
    afterSelf: l.preNorm1 ? undefined : l.ffnInput,
    ffnStream: l.residual1,
    ffnInput: l.ffnInput,
    ffnHidden: l.ffnHidden,
    ffnActivation: l.ffnActivation,
    ffnOutput: l.ffnOutput,
    ffnResidual: l.residual2,
    output: l.output,
  };
}

function decoderOnlyWalk(trace: Exclude<ModelTrace, EncoderDecoderTrace>): Walk {
  return {
    config: trace.config,
    stack: 'decoder',
    seq2seq: false,
    ids: trace.ids,
    embedding: trace.embedding,
    positional: trace.positional,
    input: trace.input,
    layers: trace.layers.map((l) => selfAttentionLayer(l, 'decoder')),
    finalNorm: trace.finalNorm,
    logits: trace.logits,
    probs: trace.probs,
    ffnNorm: 2,
  };
}

function encoderWalk(trace: EncoderDecoderTrace): Walk {
  const e = trace.encoder;
  return {
    config: trace.config,
    stack: 'encoder',
    seq2seq: true,
    ids: trace.sourceIds,
    embedding: e.embedding,
    positional: e.positional,
    input: e.input,
    layers: e.layers.map((l) => selfAttentionLayer(l, 'encoder')),
    finalNorm: e.finalNorm,
    memory: e.output,
    ffnNorm: 2,
  };
}

function decoderWalk(trace: EncoderDecoderTrace): Walk {
  const d = trace.decoder;
  const memory = trace.encoder.output;
  return {
    config: trace.config,
    stack: 'decoder',
    seq2seq: true,
    ids: trace.targetIds,
    embedding: d.embedding,
    positional: d.positional,
    input: d.input,
    layers: d.layers.map((l) => {
      const queryIn = l.preNorm1 ?? l.input;
      return {
        input: l.input,
        preNorm1: l.preNorm1,
        self: { site: 'decoder-self', att: l.self, queryIn, keyIn: queryIn, causal: true, cross: false },
        residual1: l.residual1,
        afterSelf: l.preNorm1 ? undefined : l.crossInput,
        cross: {
          attention: { site: 'cross', att: l.cross, queryIn: l.crossInput, keyIn: memory, causal: false, cross: true },
          input: l.crossInput,
          residual: l.residual2,
        },
        ffnStream: l.residual2,
        ffnInput: l.ffnInput,
        ffnHidden: l.ffnHidden,
        ffnActivation: l.ffnActivation,
        ffnOutput: l.ffnOutput,
        ffnResidual: l.residual3,
        output: l.output,
      };
    }),
    finalNorm: d.finalNorm,
    logits: trace.logits,
    probs: trace.probs,
    memory,
    ffnNorm: 3,
  };
}

const cache = new WeakMap<ModelTrace, Partial<Record<Side, Walk>>>();

/** The stack a token of `side` goes through (a decoder-only model has only the 'target' side). Cached per trace. */
export function walkOf(trace: ModelTrace, side: Side = 'target'): Walk {
  let entry = cache.get(trace);
  if (!entry) {
    entry = {};
    cache.set(trace, entry);
  }
  const hit = entry[side];
  if (hit) return hit;
  const walk = !isEncoderDecoderTrace(trace) ? decoderOnlyWalk(trace) : side === 'source' ? encoderWalk(trace) : decoderWalk(trace);
  entry[side] = walk;
  return walk;
}

/** The attention of a step: its site in this layer (self-attention when the step names none). */
export function attentionOf(walk: Walk, layer: number, site: AttentionSite | undefined): WalkAttention {
  const l = walk.layers[layer];
  if (site === 'cross') {
    if (!l.cross) throw new Error('this stack has no cross-attention');
    return l.cross.attention;
  }
  return l.self;
}
