// What the Embeddings panel shows for the selected token, read from the trace.

import { matRow, type ForwardTrace, type Mat } from '../../shared/trace';

/** The position's embedding, positional and input rows (from the trace) stacked as a 3×d matrix. */
export function sumStrips(trace: Pick<ForwardTrace, 'embedding' | 'positional' | 'input'>, position: number): Mat {
  const d = trace.embedding.cols;
  const data = new Float32Array(3 * d);
  data.set(matRow(trace.embedding, position), 0);
  data.set(matRow(trace.positional, position), d);
  data.set(matRow(trace.input, position), 2 * d);
  return { rows: 3, cols: d, data };
}
