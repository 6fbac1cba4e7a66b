// Matrix specs and shape lines the backward steps share (the forward step-through's MatrixSpec, so the
// same MatrixBlock draws them: diverging blue–white–red around 0 for every signed value).

import type { Mat } from '../../shared/trace';
import type { MatrixSpec, ShapeLine } from '../stepper/types';
import { lengthOf } from './read';
import type { BackwardContext } from './types';

export function shape(name: string, ...dims: (readonly [string, number])[]): ShapeLine {
  return { name, dims };
}

export function sizes(ctx: BackwardContext): { T: number; d: number; dk: number; dff: number; V: number } {
  const c = ctx.trace.forward.config;
  return { T: lengthOf(ctx.trace), d: c.dModel, dk: c.dModel / c.nHeads, dff: c.dFF, V: c.vocabSize };
}

/** A [T, n] matrix with the selected token's row highlighted and printed. */
export function rowsSpec(id: string, name: MatrixSpec['name'], mat: Mat, ctx: BackwardContext, extra: Partial<MatrixSpec> = {}): MatrixSpec {
  return { id, name, mat, rows: 'tokens', cols: 'index', scale: 'diverging', highlightRow: ctx.token, showRow: true, ...extra };
}

/** A [T, T] attention-shaped matrix of the selected head (causal mask drawn), the selected row highlighted. */
export function squareSpec(id: string, name: MatrixSpec['name'], mat: Mat, ctx: BackwardContext, extra: Partial<MatrixSpec> = {}): MatrixSpec {
  return { id, name, head: ctx.head, mat, rows: 'tokens', cols: 'tokens', scale: 'diverging', highlightRow: ctx.token, showRow: true, causal: true, ...extra };
}

/** Square-ish weights up to this size sit side by side; larger ones take the width. */
const COMPACT = 128;

/**
 * A weight's gradient (rows and columns are dimensions; nothing highlighted). A tall one ([d_ff, d]) is
 * shown on its side so that it fits the screen (the caption says so); square-ish ones sit side by side.
 */
export function weightSpec(id: string, symbol: string, mat: Mat, extra: Partial<MatrixSpec> = {}): MatrixSpec {
  const tall = mat.rows > 2 * mat.cols && mat.rows > 64;
  const shown = tall ? transpose(mat) : mat;
  const compact = !tall && mat.rows > 1 && mat.rows <= COMPACT && mat.cols <= COMPACT && mat.cols <= 2 * mat.rows;
  return {
    id,
    name: 'backward.mat.dWeight',
    nameVars: { symbol },
    mat: shown,
    rows: 'index',
    cols: 'index',
    scale: 'diverging',
    showRow: false,
    ...(tall ? { transposed: true } : {}),
    ...(compact ? { maxWidth: 400 } : {}),
    ...extra,
  };
}

/** The same numbers with rows and columns swapped (for display only). */
export function transpose(mat: Mat): Mat {
  const data = new Float32Array(mat.data.length);
  for (let r = 0; r < mat.rows; r++) for (let c = 0; c < mat.cols; c++) data[c * mat.rows + r] = mat.data[r * mat.cols + c];
  return { rows: mat.cols, cols: mat.rows, data };
}

/** The selected token's text. */
export function tokenOf(ctx: BackwardContext, i = ctx.token): string {
  return ctx.tokens[i] ?? String(i);
}

/** The LayerNorm Jacobian applied to a gradient, written out (x̂ normalised input, σ its spread, bars: means over d_model). */
export const LN_JACOBIAN = String.raw`\frac{\partial L}{\partial x} = \frac{1}{\sigma}\Big(g - \overline{g} - \hat{x}\;\overline{g \odot \hat{x}}\Big),\ \ g = \gamma \odot \frac{\partial L}{\partial y}`;
