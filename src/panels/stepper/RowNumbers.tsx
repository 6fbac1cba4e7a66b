// The selected token's row of a matrix as numbers on their colours (first ROW_LIMIT values; the rest
// can be read by hovering the map). Labels (tokens) are text nodes.

import type { ReactNode } from 'react';
import { useI18n } from '../../app/i18n';
import { textColorOn, type ColorScale } from '../../viz/colorScales';
import { formatExact } from '../../viz/heatmap';
import { formatCell } from '../../viz/MatrixView';

export const ROW_LIMIT = 64;

export interface RowNumbersProps {
  values: ArrayLike<number>;
  /** Per-entry labels (tokens) when the columns are tokens; indices otherwise. */
  labels?: readonly string[];
  scale: ColorScale;
  /** Entries drawn as masked (the causal mask: keys after the token). */
  maskedFrom?: number;
  token: string;
  /** [start, end) entries outlined (the selected head's part of the concatenation). */
  highlight?: readonly [number, number];
  testId?: string;
}

export function RowNumbers({ values, labels, scale, maskedFrom, token, highlight, testId }: RowNumbersProps): ReactNode {
  const { t } = useI18n();
  const n = values.length;
  const shown = Math.min(n, ROW_LIMIT);
  const cells: ReactNode[] = [];
  for (let j = 0; j < shown; j++) {
    const v = values[j];
    const masked = (maskedFrom !== undefined && j >= maskedFrom) || !Number.isFinite(v);
    const bg = masked ? null : scale.rgb(v);
    const name = labels ? labels[j] : t('stepper.cell.dim', { n: j });
    cells.push(
      <span
        key={j}
        className={['num', masked ? 'masked' : '', highlight && j >= highlight[0] && j < highlight[1] ? 'hl' : ''].filter(Boolean).join(' ')}
        style={bg ? { background: `rgb(${bg[0]}, ${bg[1]}, ${bg[2]})`, color: textColorOn(bg) } : undefined}
        title={`${name}: ${masked && Number.isFinite(v) ? `${formatExact(v)} (${t('stepper.cell.masked')})` : formatExact(v)}`}
        data-value={v}
      >
        {labels && <small>{labels[j]}</small>}
        {masked && !Number.isFinite(v) ? '−∞' : formatCell(v)}
      </span>,
    );
  }
  return (
    <div className="row-numbers">
      <p className="row-numbers-title">{t('stepper.rowOf', { token })}</p>
      <div className={labels ? 'nums labelled' : 'nums'} data-testid={testId}>
        {cells}
      </div>
      {n > shown && <p className="help">{t('stepper.rowMore', { n: n - shown })}</p>}
    </div>
  );
}
