// Which heads part ways between A and B, and where: every head's L1 row shift at every query position
// (a heads × positions map, exactly 0 before the first differing token), and the heads ranked by
// their mean shift from that token on. Clicking a head shows its maps at its largest shift.

import { useMemo, type ReactNode } from 'react';
import { useI18n } from '../../app/i18n';
import { layerHeadLabel, layerHeadShort } from '../../app/labels';
import { ColorLegend } from '../../viz/ColorLegend';
import { sequentialScale } from '../../viz/colorScales';
import { Heatmap } from '../../viz/Heatmap';
import type { ShiftTable } from './analysis';

export interface ShiftRankingProps {
  table: ShiftTable;
  nHeads: number;
  tokensA: readonly string[];
  tokensB: readonly string[];
  layer: number;
  head: number;
  onPick: (layer: number, head: number, query: number) => void;
  onQuery: (position: number) => void;
  /** Each head's direct contribution to the answer in A and in B (see AttributionView), if known. */
  decides?: (layer: number, head: number) => { a: number | null; b: number | null };
}

export function ShiftRanking({ table, nHeads, tokensA, tokensB, layer, head, onPick, onQuery, decides }: ShiftRankingProps): ReactNode {
  const { t } = useI18n();
  const scale = useMemo(() => sequentialScale(0, 2), []);
  const label = (i: number): string => (tokensA[i] === tokensB[i] ? tokensA[i] : `${tokensA[i]}|${tokensB[i]}`);
  const rowLabels = useMemo(
    () => Array.from({ length: table.byPosition.rows }, (_, r) => layerHeadShort(t, Math.floor(r / nHeads), r % nHeads)),
    [table.byPosition.rows, nHeads, t],
  );
  const colLabels = useMemo(
    () => Array.from({ length: table.n }, (_, i) => (tokensA[i] === tokensB[i] ? tokensA[i] : `${tokensA[i]}|${tokensB[i]}`)),
    [table.n, tokensA, tokensB],
  );
  const none = table.first >= table.n;
  // The pronoun before the first difference (the "it" of "because it was too …").
  const itPos = tokensA.findIndex((w, i) => i < table.first && (w === 'it' || w === '它'));
  return (
    <div
      className="compare-shift"
      data-testid="compare-shift"
      data-first-diff={table.first}
      data-max-before={table.maxBefore}
    >
      <h3>{t('compare.shift.title')}</h3>
      <p className="help">{t('compare.shift.measure')}</p>
      {none ? (
        <p className="note">{t('compare.shift.same')}</p>
      ) : (
        <p className="note" data-testid="compare-first-diff">
          {t('compare.shift.first', { token: label(table.first), pos: table.first, max: table.maxBefore === 0 ? '0' : table.maxBefore.toExponential(1) })}
          {itPos >= 0 && (
            <>
              {' '}
              <button type="button" className="link-button" onClick={() => onQuery(itPos)} data-testid="compare-show-it">
                {t('compare.shift.showIt', { token: tokensA[itPos], pos: itPos })}
              </button>
            </>
          )}
        </p>
      )}
      <Heatmap
        mat={table.byPosition}
        rowLabels={rowLabels}
        colLabels={colLabels}
        scale={scale}
        words={{ row: t('compare.shift.rowAxis'), col: t('compare.shift.colAxis'), value: t('compare.shift.value'), masked: '' }}
        maxSize={520}
        ariaLabel={t('compare.shift.title')}
        testId="compare-shift-map"
      />
      <ColorLegend scale={scale} width={160} />
      {!none && (
        <table className="compare-ranking" data-testid="compare-ranking">
          <thead>
            <tr>
              <th>#</th>
              <th>{t('compare.shift.head')}</th>
              <th>{t('compare.shift.mean')}</th>
              <th>{t('compare.shift.peak')}</th>
              {decides && <th title={t('compare.shift.decidesHelp')}>{t('compare.shift.decides')}</th>}
            </tr>
          </thead>
          <tbody>
            {table.ranked.map((r, k) => (
              <tr
                key={`${r.layer}.${r.head}`}
                className={r.layer === layer && r.head === head ? 'active' : undefined}
                data-testid="compare-rank-row"
                data-layer={r.layer}
                data-head={r.head}
                data-peak-pos={r.peakAt}
                data-mean={r.mean}
              >
                <td>{k + 1}</td>
                <td>
                  <button type="button" className="link-button" onClick={() => onPick(r.layer, r.head, r.peakAt)}>
                    {layerHeadLabel(t, r.layer, r.head)}
                  </button>
                </td>
                <td>
                  <span className="compare-meter" style={{ width: `${(r.mean / 2) * 80}px` }} /> {r.mean.toFixed(3)}
                </td>
                <td>
                  {r.peak.toFixed(3)} · {t('compare.shift.at', { token: label(r.peakAt), pos: r.peakAt })}
                </td>
                {decides && <td>{formatPair(decides(r.layer, r.head))}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function formatPair({ a, b }: { a: number | null; b: number | null }): string {
  const f = (v: number | null): string => (v === null ? '—' : `${v >= 0 ? '+' : ''}${v.toFixed(2)}`);
  return `A ${f(a)} · B ${f(b)}`;
}
