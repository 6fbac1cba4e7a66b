// The map's numbers as a table (the text alternative of the heatmap, for screen readers and for
// copying): one row per query token, one column per key token, and for softmax weights each row's
// sum (1, up to rounding). Built only when opened, so a closed table costs nothing.

import { useState, type ReactNode } from 'react';
import { useI18n } from '../../app/i18n';
import type { Mat } from '../../shared/trace';
import { formatExact } from '../../viz/heatmap';

export interface MatrixTableProps {
  mat: Mat;
  rowLabels: readonly string[];
  colLabels: readonly string[];
  /** Add a column with each row's sum. */
  rowSums: boolean;
  testId?: string;
}

function cell(v: number): string {
  if (v === -Infinity) return '−∞';
  if (!Number.isFinite(v)) return formatExact(v);
  return v.toFixed(3).replace('-', '−');
}

export function MatrixTable({ mat, rowLabels, colLabels, rowSums, testId }: MatrixTableProps): ReactNode {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  return (
    <details className="attention-numbers" onToggle={(e) => setOpen(e.currentTarget.open)} data-testid={testId}>
      <summary>{t('seq2seq.table.show', { rows: mat.rows, cols: mat.cols })}</summary>
      {open && (
        <div className="attention-numbers-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{`${t('heatmap.query')} \\ ${t('heatmap.key')}`}</th>
                {Array.from({ length: mat.cols }, (_, c) => (
                  <th key={c} scope="col">
                    {colLabels[c] ?? String(c)}
                  </th>
                ))}
                {rowSums && <th scope="col">{t('seq2seq.table.sum')}</th>}
              </tr>
            </thead>
            <tbody>
              {Array.from({ length: mat.rows }, (_, r) => {
                const row = mat.data.subarray(r * mat.cols, (r + 1) * mat.cols);
                let sum = 0;
                for (const v of row) if (Number.isFinite(v)) sum += v;
                return (
                  <tr key={r} data-row={r}>
                    <th scope="row">{rowLabels[r] ?? String(r)}</th>
                    {Array.from(row, (v, c) => (
                      <td key={c} data-value={v} title={formatExact(v)}>
                        {cell(v)}
                      </td>
                    ))}
                    {rowSums && (
                      <td className="row-sum" data-sum={sum}>
                        {sum.toFixed(3)}
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </details>
  );
}
