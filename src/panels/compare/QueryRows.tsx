// The chosen query token's attention row in A and in B as paired bars over the keys it can see, the
// L1 distance between the two rows, and, honestly, why the row is the same when the query comes
// before the first differing word (the causal mask: a token cannot look at words after it).

import type { ReactNode } from 'react';
import { useI18n } from '../../app/i18n';
import { layerHeadLabel } from '../../app/labels';
import type { Mat } from '../../shared/trace';
import { rowL1 } from './analysis';

/** Below this the two rows count as equal (they are exactly equal when the mask holds). */
export const EQUAL_EPS = 1e-6;

export interface QueryRowsProps {
  weightsA: Mat;
  weightsB: Mat;
  tokensA: readonly string[];
  tokensB: readonly string[];
  query: number;
  first: number;
  layer: number;
  head: number;
  /** Where the rows part ways most for this head (to point to), or −1. */
  peakAt: number;
  onQuery: (position: number) => void;
}

const BAR_H = 120;

export function QueryRows(props: QueryRowsProps): ReactNode {
  const { t } = useI18n();
  const { weightsA, weightsB, tokensA, tokensB, query, first, layer, head, peakAt, onQuery } = props;
  const keys = query + 1;
  const l1 = rowL1(weightsA, weightsB, query);
  const equal = l1 < EQUAL_EPS;
  const slot = Math.max(18, Math.min(44, Math.floor(640 / keys)));
  const width = keys * slot + 8;
  const height = BAR_H + 70;
  const label = (i: number): string => (tokensA[i] === tokensB[i] ? tokensA[i] : `${tokensA[i]}|${tokensB[i]}`);
  const queryWord = label(query);
  return (
    <div className="compare-rows" data-testid="compare-rows" data-query={query} data-l1={l1} data-equal={equal ? 'true' : 'false'}>
      <h3>{t('compare.rows.title', { token: queryWord, pos: query, head: layerHeadLabel(t, layer, head) })}</h3>
      <p className="compare-rows-measure">
        <span className="swatch side-a" /> A <span className="swatch side-b" /> B ·{' '}
        {t('compare.rows.l1', { value: l1.toFixed(4) })}{' '}
        {equal && (
          <b className="compare-equal" data-testid="row-equal">
            {t('compare.rows.equal')}
          </b>
        )}
      </p>
      {query < first && (
        <p className="note compare-mask-note" data-testid="compare-mask-note">
          {t('compare.rows.maskWhy', { token: queryWord, diff: label(first) })}{' '}
          {peakAt >= 0 && (
            <button type="button" className="link-button" onClick={() => onQuery(peakAt)} data-testid="compare-goto-peak">
              {t('compare.rows.gotoPeak', { token: label(peakAt), pos: peakAt })}
            </button>
          )}
        </p>
      )}
      <div className="compare-rows-scroll">
        <svg width={width} height={height} role="img" aria-label={t('compare.rows.aria', { token: queryWord })}>
          {[0, 0.5, 1].map((v) => (
            <g key={v}>
              <line x1={4} x2={width - 4} y1={BAR_H - v * BAR_H + 4} y2={BAR_H - v * BAR_H + 4} className="compare-grid" />
            </g>
          ))}
          {Array.from({ length: keys }, (_, j) => {
            const a = weightsA.data[query * weightsA.cols + j];
            const b = weightsB.data[query * weightsB.cols + j];
            const x = 4 + j * slot;
            const bw = (slot - 4) / 2;
            return (
              <g key={j}>
                <rect x={x + 1} y={BAR_H + 4 - a * BAR_H} width={bw} height={Math.max(0.5, a * BAR_H)} className="bar side-a">
                  <title>{`A · ${tokensA[j]}: ${a.toFixed(4)}`}</title>
                </rect>
                <rect x={x + 1 + bw} y={BAR_H + 4 - b * BAR_H} width={bw} height={Math.max(0.5, b * BAR_H)} className="bar side-b">
                  <title>{`B · ${tokensB[j]}: ${b.toFixed(4)}`}</title>
                </rect>
                <text
                  transform={`translate(${x + slot / 2}, ${BAR_H + 12}) rotate(50)`}
                  className={tokensA[j] === tokensB[j] ? 'compare-bar-label' : 'compare-bar-label differs'}
                >
                  {label(j).length > 14 ? `${label(j).slice(0, 13)}…` : label(j)}
                </text>
              </g>
            );
          })}
        </svg>
      </div>
    </div>
  );
}
