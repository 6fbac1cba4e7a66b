// Moving a trace (of either model kind) to the page without cloning it: every matrix is copied once
// into a single fresh ArrayBuffer (so nothing the backend or the model still owns is ever detached),
// the Mats become views into it, and that one buffer goes into postMessage's transfer list.

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
