// Helpers the step modules share: shape lines with symbolic and real sizes, the selected row of a
// matrix, the stack the token is walked through (walk.ts) and the attention a step shows.

import { isEncoderDecoder, type ModelConfig } from '../../shared/config';
import type { Mat } from '../../shared/trace';
import type { MatrixSpec, ShapeLine, StepContext, StepRef } from './types';
import { attentionOf, walkOf, type Walk, type WalkAttention, type WalkLayer } from './walk';

/** A shape line like "Q_h [T × d_k] = [17 × 16]". */
export function shape(name: string, ...dims: (readonly [string, number])[]): ShapeLine {
  return { name, dims };
}

/** The stack the selected token goes through. */
export function walk(ctx: StepContext): Walk {
  return walkOf(ctx.trace, ctx.side ?? 'target');
}

/** One layer of that stack. */
export function layerOf(ctx: StepContext, layer: number): WalkLayer {
  return walk(ctx).layers[layer];
}

/** The attention a step shows (the step's site in its layer). */
export function attention(ctx: StepContext, ref: StepRef): WalkAttention {
  return attentionOf(walk(ctx), ref.layer, ref.site);
}

export function sizes(ctx: StepContext): { T: number; S: number; d: number; dk: number; dff: number; V: number } {
  const c = ctx.trace.config;
  const w = walk(ctx);
  return { T: w.ids.length, S: w.memory?.rows ?? w.ids.length, d: c.dModel, dk: c.dModel / c.nHeads, dff: c.dFF, V: c.vocabSize };
}

/** The number of the LayerNorm around the FFN: 3 in a translation model's decoder (after self- and cross-attention), else 2. */
export function ffnNormIndex(config: ModelConfig, ref?: StepRef): 2 | 3 {
  return isEncoderDecoder(config) && ref?.stack !== 'encoder' ? 3 : 2;
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

/** An [S, n] matrix of the source rows (the encoder's output, or K and V of cross-attention): nothing highlighted. */
export function sourceRows(id: string, name: MatrixSpec['name'], mat: Mat, extra: Partial<MatrixSpec> = {}): MatrixSpec {
  return { id, name, mat, rows: 'source', cols: 'index', scale: 'diverging', showRow: false, ...extra };
}

/**
 * An attention-shaped matrix (query rows × key columns) with the selected token's row highlighted:
 * [T, T] in self-attention (causal where the attention masks), [T, S] in cross-attention.
 */
export function tokenSquare(id: string, name: MatrixSpec['name'], mat: Mat, ctx: StepContext, extra: Partial<MatrixSpec> = {}): MatrixSpec {
  return {
    id,
    name,
    head: ctx.head,
    mat,
    rows: 'tokens',
    cols: 'tokens',
    scale: 'diverging',
    highlightRow: ctx.token,
    showRow: true,
    ...extra,
  };
}

/** The key axis of an attention: the source tokens in cross-attention, else the walked tokens. */
export function keyAxis(a: WalkAttention): MatrixSpec['cols'] {
  return a.cross ? 'source' : 'tokens';
}

/** Rows (K, V) of an attention's keys: source rows in cross-attention, else the walked tokens' rows. */
export function keyRows(id: string, name: MatrixSpec['name'], mat: Mat, a: WalkAttention, ctx: StepContext, extra: Partial<MatrixSpec> = {}): MatrixSpec {
  return a.cross ? sourceRows(id, name, mat, extra) : tokenRows(id, name, mat, ctx, { highlightRow: undefined, showRow: false, ...extra });
}

/** The hidden state the output layer reads: the last layer's output, or the final LayerNorm (pre-LN). */
export function lastHidden(ctx: StepContext): Mat {
  const w = walk(ctx);
  return w.finalNorm ?? w.layers[w.layers.length - 1].output;
}

/** The token text at a position of the walked side. */
export function tokenAt(ctx: StepContext, i: number): string {
  return ctx.tokens[i] ?? String(i);
}
