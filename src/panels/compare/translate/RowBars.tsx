// One attention row of A and of B as paired bars over its columns (orange A, teal B), with the exact
// weight on hover. Rows of different lengths are drawn over the longer one (a missing weight is 0).
// The bars narrow to the width they are given (down to 18 px a column, then the row scrolls), so on
// a phone the whole row is seen at once.

import { useRef, type ReactNode } from 'react';
import { useAvailableWidth } from '../../../viz/useAvailableWidth';

export interface RowBarsProps {
  rowA: ArrayLike<number>;
  rowB: ArrayLike<number>;
  labelsA: readonly string[];
  labelsB: readonly string[];
  ariaLabel: string;
  testId?: string;
  /** Columns to mark (e.g. the two nouns), drawn with a bold label. */
  marked?: readonly number[];
}

const BAR_H = 100;

export function RowBars({ rowA, rowB, labelsA, labelsB, ariaLabel, testId, marked = [] }: RowBarsProps): ReactNode {
  const fitRef = useRef<HTMLDivElement>(null);
  const available = useAvailableWidth(fitRef);
  const n = Math.max(rowA.length, rowB.length);
  // The last label leans right past its column: room for it is kept.
  const room = Math.min(600, (available ?? 640) - 40);
  const slot = Math.max(18, Math.min(40, Math.floor(room / Math.max(1, n))));
  const width = n * slot + 8;
  const height = BAR_H + 66;
  const label = (j: number): string => {
    const a = labelsA[j] ?? '';
    const b = labelsB[j] ?? '';
    return a === b ? a : `${a}|${b}`;
  };
  return (
    // Focusable: on a narrow column the bars may scroll sideways, and a keyboard must reach them too.
    <div className="compare-rows-scroll" data-testid={testId} ref={fitRef} tabIndex={0} role="group" aria-label={ariaLabel}>
      <svg width={width + 28} height={height} role="img" aria-label={ariaLabel}>
        {[0, 0.5, 1].map((v) => (
          <line key={v} x1={4} x2={width - 4} y1={BAR_H - v * BAR_H + 4} y2={BAR_H - v * BAR_H + 4} className="compare-grid" />
        ))}
        {Array.from({ length: n }, (_, j) => {
          const a = j < rowA.length ? rowA[j] : 0;
          const b = j < rowB.length ? rowB[j] : 0;
          const x = 4 + j * slot;
          const bw = (slot - 4) / 2;
          const text = label(j);
          const cls = ['compare-bar-label', labelsA[j] !== labelsB[j] ? 'differs' : '', marked.includes(j) ? 'marked' : ''].join(' ').trim();
          return (
            <g key={j}>
              <rect x={x + 1} y={BAR_H + 4 - a * BAR_H} width={bw} height={Math.max(0.5, a * BAR_H)} className="bar side-a">
                <title>{`A · ${labelsA[j] ?? '—'}: ${a.toFixed(4)}`}</title>
              </rect>
              <rect x={x + 1 + bw} y={BAR_H + 4 - b * BAR_H} width={bw} height={Math.max(0.5, b * BAR_H)} className="bar side-b">
                <title>{`B · ${labelsB[j] ?? '—'}: ${b.toFixed(4)}`}</title>
              </rect>
              <text transform={`translate(${x + slot / 2}, ${BAR_H + 12}) rotate(50)`} className={cls}>
                {text.length > 12 ? `${text.slice(0, 11)}…` : text}
              </text>
            </g>
          );
        })}
      </svg>
    </div>
  );
}
