// Moving a trace (of either model kind) to the page without cloning it: every matrix is copied once
// into a single fresh ArrayBuffer (so nothing the backend or the model still owns is ever detached),
// the Mats become views into it, and that one buffer goes into postMessage's transfer list.

import type { BackwardTrace, GradientTrace } from '../shared/backward';
import type { AttentionTrace, DecoderLayerTrace, EncoderDecoderTrace, ForwardTrace, LayerTrace, Mat, ModelTrace, StackInput } from '../shared/trace';

type Visit = (m: Mat) => Mat;

function attention(a: AttentionTrace, visit: Visit): AttentionTrace {
  return {
    q: a.q.map(visit),
    k: a.k.map(visit),
    v: a.v.map(visit),
    scores: a.scores.map(visit),
    scaled: a.scaled.map(visit),
    masked: a.masked.map(visit),
    weights: a.weights.map(visit),
    heads: a.heads.map(visit),
    concat: visit(a.concat),
    attention: visit(a.attention),
  };
}

function layer(l: LayerTrace, visit: Visit): LayerTrace {
  return {
    input: visit(l.input),
    preNorm1: l.preNorm1 && visit(l.preNorm1),
    ...attention(l, visit),
    residual1: visit(l.residual1),
    ffnInput: visit(l.ffnInput),
    ffnHidden: visit(l.ffnHidden),
    ffnActivation: visit(l.ffnActivation),
    ffnOutput: visit(l.ffnOutput),
    residual2: visit(l.residual2),
    norm2: l.norm2 && visit(l.norm2),
    output: visit(l.output),
  };
}

function decoderLayer(l: DecoderLayerTrace, visit: Visit): DecoderLayerTrace {
  return {
    input: visit(l.input),
    preNorm1: l.preNorm1 && visit(l.preNorm1),
    self: attention(l.self, visit),
    residual1: visit(l.residual1),
    crossInput: visit(l.crossInput),
    cross: attention(l.cross, visit),
    residual2: visit(l.residual2),
    ffnInput: visit(l.ffnInput),
    ffnHidden: visit(l.ffnHidden),
    ffnActivation: visit(l.ffnActivation),
    ffnOutput: visit(l.ffnOutput),
    residual3: visit(l.residual3),
    norm3: l.norm3 && visit(l.norm3),
    output: visit(l.output),
  };
}

function stackInput(s: StackInput, visit: Visit): StackInput {
  return { embedding: visit(s.embedding), positional: visit(s.positional), input: visit(s.input) };
}

function eachMat(trace: ForwardTrace, visit: Visit): ForwardTrace;
function eachMat(trace: EncoderDecoderTrace, visit: Visit): EncoderDecoderTrace;
function eachMat(trace: ModelTrace, visit: Visit): ModelTrace;
function eachMat(trace: ModelTrace, visit: Visit): ModelTrace {
  if (trace.architecture === 'encoder-decoder') {
    const e = trace.encoder;
    const d = trace.decoder;
    return {
      architecture: 'encoder-decoder',
      config: { ...trace.config },
      sourceIds: trace.sourceIds.slice(),
      targetIds: trace.targetIds.slice(),
      encoder: {
        ...stackInput(e, visit),
        layers: e.layers.map((l) => layer(l, visit)),
        finalNorm: e.finalNorm && visit(e.finalNorm),
        output: visit(e.output),
      },
      decoder: {
        ...stackInput(d, visit),
        layers: d.layers.map((l) => decoderLayer(l, visit)),
        finalNorm: d.finalNorm && visit(d.finalNorm),
      },
      logits: visit(trace.logits),
      probs: visit(trace.probs),
    };
  }
  return {
    config: { ...trace.config },
    ids: trace.ids.slice(),
    ...stackInput(trace, visit),
    layers: trace.layers.map((l) => layer(l, visit)),
    finalNorm: trace.finalNorm && visit(trace.finalNorm),
    logits: visit(trace.logits),
    probs: visit(trace.probs),
  };
}

/** A copy of `trace` whose matrices all live in one new buffer, and the list to transfer. */
export function packTrace<T extends ModelTrace>(trace: T): { trace: T; transfer: ArrayBuffer[] } {
  let total = 0;
  // A matrix the trace holds twice (e.g. the encoder's output is its last layer's output) is copied once.
  const offsets = new Map<Mat, number>();
  eachMat(trace, (m) => {
    if (m.data.length !== m.rows * m.cols) {
      throw new Error(`trace matrix holds ${m.data.length} values but is ${m.rows}×${m.cols}`);
    }
    if (!offsets.has(m)) {
      offsets.set(m, total);
      total += m.data.length;
    }
    return m;
  });
  const buffer = new ArrayBuffer(total * Float32Array.BYTES_PER_ELEMENT);
  const copies = new Map<Mat, Mat>();
  const packed = eachMat(trace, (m) => {
    const done = copies.get(m);
    if (done) return done;
    const offset = offsets.get(m) ?? 0;
    const view = new Float32Array(buffer, offset * Float32Array.BYTES_PER_ELEMENT, m.data.length);
    view.set(m.data);
    const copy = { rows: m.rows, cols: m.cols, data: view };
    copies.set(m, copy);
    return copy;
  }) as T;
  return { trace: packed, transfer: [buffer] };
}

/**
 * A copy of a backward trace whose matrices and arrays all live in one new buffer (the forward trace,
 * the gradient trace, the weight gradients, Adam's arrays, the probabilities after the update), and
 * the list to transfer.
 */
export function packBackwardTrace(trace: BackwardTrace): { trace: BackwardTrace; transfer: ArrayBuffer[] } {
  const visitGrad = (g: GradientTrace, visit: Visit): GradientTrace => {
    const full = eachMat({ config: trace.forward.config, ids: [], ...g }, visit);
    // eslint-disable-next-line @typescript-eslint/no-unused-vars
    const { config, ids, architecture, ...grad } = full;
    return grad;
  };
  const u = trace.update;
  const updateArrays = (f: (a: Float32Array) => Float32Array): Pick<BackwardTrace['update'], 'before' | 'grad' | 'mPrev' | 'vPrev' | 'm' | 'v' | 'mHat' | 'vHat' | 'delta' | 'after'> => ({
    before: f(u.before),
    grad: f(u.grad),
    mPrev: f(u.mPrev),
    vPrev: f(u.vPrev),
    m: f(u.m),
    v: f(u.v),
    mHat: f(u.mHat),
    vHat: f(u.vHat),
    delta: f(u.delta),
    after: f(u.after),
  });
  const walk = (visit: Visit, f: (a: Float32Array) => Float32Array): BackwardTrace => ({
    ...trace,
    forward: eachMat(trace.forward, visit),
    targets: trace.targets.slice(),
    losses: trace.losses.slice(),
    grad: visitGrad(trace.grad, visit),
    weights: trace.weights.map((w) => ({ ...w, shape: w.shape.slice(), data: f(w.data) })),
    update: { ...u, shape: u.shape.slice(), ...updateArrays(f) },
    after: { ...trace.after, losses: trace.after.losses.slice(), probs: visit(trace.after.probs) },
  });
  const seen = new Map<Float32Array, number>();
  let total = 0;
  const place = (a: Float32Array): Float32Array => {
    if (!seen.has(a)) {
      seen.set(a, total);
      total += a.length;
    }
    return a;
  };
  walk((m) => {
    if (m.data.length !== m.rows * m.cols) throw new Error(`trace matrix holds ${m.data.length} values but is ${m.rows}×${m.cols}`);
    place(m.data);
    return m;
  }, place);
  const buffer = new ArrayBuffer(total * Float32Array.BYTES_PER_ELEMENT);
  const copies = new Map<Float32Array, Float32Array>();
  const copy = (a: Float32Array): Float32Array => {
    const done = copies.get(a);
    if (done) return done;
    const view = new Float32Array(buffer, (seen.get(a) ?? 0) * Float32Array.BYTES_PER_ELEMENT, a.length);
    view.set(a);
    copies.set(a, view);
    return view;
  };
  const packed = walk((m) => ({ rows: m.rows, cols: m.cols, data: copy(m.data) }), copy);
  return { trace: packed, transfer: [buffer] };
}
