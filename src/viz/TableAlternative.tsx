// The text alternative of a heatmap for screen readers: the same matrix as a visually hidden <table>
// (a caption, row and column headers with the labels, and every value), so that a reader who cannot
// see the colours hears the numbers. Past TABLE_ALT_CELLS cells a row-by-row summary (smallest,
// largest and where the largest sits) can stand in for the full table. React owns every element.

import { memo, type ReactNode } from 'react';
import type { Mat } from '../shared/trace';
import { formatTableValue, rowSummaries, type MaskFn } from './heatmap';

export const TABLE_ALT_CELLS = 256;

export interface TableAlternativeProps {
  mat: Mat;
  rowLabels: readonly string[];
  colLabels: readonly string[];
  caption: string;
  /** Names of the two axes and of masked cells (from the figure's words). */
  rowName: string;
  colName: string;
  masked: string;
  isMasked?: MaskFn;
  testId?: string;
  /** Column titles of the row summary used past TABLE_ALT_CELLS cells; without them the full table is always given. */
  summaryWords?: { min: string; max: string; argmax: string };
}

function TableAlternativeView({ mat, rowLabels, colLabels, caption, rowName, colName, masked, isMasked, testId, summaryWords }: TableAlternativeProps): ReactNode {
  const corner = `${rowName} \\ ${colName}`;
  if (summaryWords && mat.rows * mat.cols > TABLE_ALT_CELLS) {
    // Too many numbers to read one by one: each row's range and its largest entry.
    const rows = rowSummaries(mat, isMasked);
    return (
      <div className="visually-hidden table-alt">
        <table data-testid={testId} data-summary="rows">
          <caption>{caption}</caption>
          <thead>
            <tr>
              <th scope="col">{rowName}</th>
              <th scope="col">{summaryWords.min}</th>
              <th scope="col">{summaryWords.max}</th>
              <th scope="col">{summaryWords.argmax}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((s, r) => (
              <tr key={r}>
                <th scope="row">{rowLabels[r] ?? String(r)}</th>
                <td>{formatTableValue(s.min)}</td>
                <td>{formatTableValue(s.max)}</td>
                <td>{s.argmax >= 0 ? (colLabels[s.argmax] ?? String(s.argmax)) : masked}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  }
  // A table ignores a 1-px width: the hidden box is the <div> around it.
  return (
    <div className="visually-hidden table-alt">
      <table data-testid={testId} data-rows={mat.rows} data-cols={mat.cols}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{corner}</th>
            {Array.from({ length: mat.cols }, (_, c) => (
              <th key={c} scope="col">
                {colLabels[c] ?? String(c)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {Array.from({ length: mat.rows }, (_, r) => (
            <tr key={r}>
              <th scope="row">{rowLabels[r] ?? String(r)}</th>
              {Array.from({ length: mat.cols }, (_, c) => {
                const v = mat.data[r * mat.cols + c];
                const hidden = (isMasked?.(r, c) ?? false) || !Number.isFinite(v);
                return <td key={c}>{hidden ? masked : formatTableValue(v)}</td>;
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Memoised: a figure re-rendered for a hover does not rebuild its table. */
export const TableAlternative = memo(TableAlternativeView);
