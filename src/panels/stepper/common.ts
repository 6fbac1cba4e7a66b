// Helpers the step modules share: shape lines with symbolic and real sizes, the selected row of a
// matrix, and the matrix a layer step reads (the layer's input, or LN₁ of it in a pre-LN model).

import type { Mat } from '../../shared/trace';
import type { MatrixSpec, ShapeLine, StepContext } from './types';

/** A shape line like "Q_h [T × d_k] = [17 × 16]". */
export function shape(name: string, ...dims: (readonly [string, number])[]): ShapeLine {
  return { name, dims };
}

export function sizes(ctx: StepContext): { T: number; d: number; dk: number; dff: number; V: number } {
  const c = ctx.trace.config;
  return { T: ctx.trace.ids.length, d: c.dModel, dk: c.dModel / c.nHeads, dff: c.dFF, V: c.vocabSize };
}

/** Row r of a matrix (a view, not a copy). */
export function rowOf(mat: Mat, r: number): Float32Array {
  return mat.data.subarray(r * mat.cols, (r + 1) * mat.cols);
}

/** The numbers a MatrixSpec shows for its highlighted row (what the page prints under the matrix). */
export function focusRow(spec: MatrixSpec): Float32Array | null {
  if (spec.highlightRow === undefined) return null;
  return rowOf(spec.mat, spec.highlightRow);
}

/** A [T, n] matrix of the trace with the selected token's row highlighted and shown as numbers. */
export function tokenRows(id: string, name: MatrixSpec['name'], mat: Mat, ctx: StepContext, extra: Partial<MatrixSpec> = {}): MatrixSpec {
  return {
    id,
    name,
    mat,
    rows: 'tokens',
    cols: 'index',
    scale: 'diverging',
    highlightRow: ctx.token,
    showRow: true,
    ...extra,
  };
}

/** A [T, T] attention-shaped matrix (query rows × key columns) with the selected token's row highlighted. */
export function tokenSquare(id: string, name: MatrixSpec['name'], mat: Mat, ctx: StepContext, extra: Partial<MatrixSpec> = {}): MatrixSpec {
  return {
    id,
    name,
    nameVars: { h: ctx.head + 1 },
    mat,
    rows: 'tokens',
    cols: 'tokens',
    scale: 'diverging',
    highlightRow: ctx.token,
    showRow: true,
    ...extra,
  };
}

/** What attention reads in layer `layer`: the layer input (post-LN) or LN₁ of it (pre-LN). */
export function attentionInput(ctx: StepContext, layer: number): Mat {
  const l = ctx.trace.layers[layer];
  return l.preNorm1 ?? l.input;
}

/** The hidden state the output layer reads: the last layer's output, or the final LayerNorm (pre-LN). */
export function lastHidden(ctx: StepContext): Mat {
  return ctx.trace.finalNorm ?? ctx.trace.layers[ctx.trace.layers.length - 1].output;
}
