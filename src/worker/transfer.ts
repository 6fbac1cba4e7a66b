// Moving a ForwardTrace to the page without cloning it: every matrix is copied once into a single
// fresh ArrayBuffer (so nothing the backend or the model still owns is ever detached), the Mats become
// views into it, and that one buffer goes into postMessage's transfer list.

import type { ForwardTrace, LayerTrace, Mat } from '../shared/trace';

function eachMat(trace: ForwardTrace, visit: (m: Mat) => Mat): ForwardTrace {
  const layer = (l: LayerTrace): LayerTrace => ({
    input: visit(l.input),
    preNorm1: l.preNorm1 && visit(l.preNorm1),
    q: l.q.map(visit),
    k: l.k.map(visit),
    v: l.v.map(visit),
    scores: l.scores.map(visit),
    scaled: l.scaled.map(visit),
    masked: l.masked.map(visit),
    weights: l.weights.map(visit),
    heads: l.heads.map(visit),
    concat: visit(l.concat),
    attention: visit(l.attention),
    residual1: visit(l.residual1),
    ffnInput: visit(l.ffnInput),
    ffnHidden: visit(l.ffnHidden),
    ffnActivation: visit(l.ffnActivation),
    ffnOutput: visit(l.ffnOutput),
    residual2: visit(l.residual2),
    norm2: l.norm2 && visit(l.norm2),
    output: visit(l.output),
  });
  return {
    config: { ...trace.config },
    ids: trace.ids.slice(),
    embedding: visit(trace.embedding),
    positional: visit(trace.positional),
    input: visit(trace.input),
    layers: trace.layers.map(layer),
    finalNorm: trace.finalNorm && visit(trace.finalNorm),
    logits: visit(trace.logits),
    probs: visit(trace.probs),
  };
}

/** A copy of `trace` whose matrices all live in one new buffer, and the list to transfer. */
export function packTrace(trace: ForwardTrace): { trace: ForwardTrace; transfer: ArrayBuffer[] } {
  let total = 0;
  eachMat(trace, (m) => {
    if (m.data.length !== m.rows * m.cols) {
      throw new Error(`trace matrix holds ${m.data.length} values but is ${m.rows}×${m.cols}`);
    }
    total += m.data.length;
    return m;
  });
  const buffer = new ArrayBuffer(total * Float32Array.BYTES_PER_ELEMENT);
  let offset = 0;
  const packed = eachMat(trace, (m) => {
    const view = new Float32Array(buffer, offset * Float32Array.BYTES_PER_ELEMENT, m.data.length);
    view.set(m.data);
    offset += m.data.length;
    return { rows: m.rows, cols: m.cols, data: view };
  });
  return { trace: packed, transfer: [buffer] };
}
