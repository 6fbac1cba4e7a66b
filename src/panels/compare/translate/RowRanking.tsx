// The decoder's heads (self-attention and cross-attention) ranked by how far their row that writes the
// referent moves between A and B (L1, 0…2), each with that row's weight on the two nouns in A and in
// B; a click shows the head's maps.

import type { ReactNode } from 'react';
import { useI18n } from '../../../app/i18n';
import type { NounWeights, RowShift, TranslationSite } from './analysis';
import { fmt, headLabel, headShort } from './labels';

export interface RowRankingProps {
  rows: readonly RowShift[];
  /** The two nouns' names (English words for the encoder and cross-attention, Chinese for decoder self-attention). */
  nounNames: (site: TranslationSite) => { first: string; second: string };
  selected: { site: TranslationSite; layer: number; head: number };
  onPick: (ref: { site: TranslationSite; layer: number; head: number }) => void;
  testId: string;
  /** Shown instead of the table when there are no rows. */
  empty: string;
  /** Whether a head is switched off (its weights are still computed; its output is zeroed). */
  isOff?: (ref: { site: TranslationSite; layer: number; head: number }) => boolean;
}

/** The weights on the two nouns, one per line. */
export function NounPair({ w, names }: { w: NounWeights | null; names: { first: string; second: string } }): ReactNode {
  if (!w) return '—';
  return (
    <>
      <span className="tcompare-noun">
        {names.first} {fmt(w.first)}
      </span>
      <span className="tcompare-noun">
        {names.second} {fmt(w.second)}
      </span>
    </>
  );
}

export function RowRanking({ rows, nounNames, selected, onPick, testId, empty, isOff }: RowRankingProps): ReactNode {
  const { t } = useI18n();
  if (rows.length === 0) return <p className="note">{empty}</p>;
  return (
    <div className="tcompare-table-scroll">
      <table className="compare-ranking" data-testid={testId}>
        <thead>
          <tr>
            <th>#</th>
            <th>{t('tcompare.rank.head')}</th>
            <th>{t('tcompare.rank.l1')}</th>
            <th>{t('tcompare.rank.nounsA')}</th>
            <th>{t('tcompare.rank.nounsB')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, k) => {
            const names = nounNames(r.site);
            const active = r.site === selected.site && r.layer === selected.layer && r.head === selected.head;
            return (
              <tr
                key={`${r.site}.${r.layer}.${r.head}`}
                className={active ? 'active' : undefined}
                data-testid={`${testId}-row`}
                data-site={r.site}
                data-layer={r.layer}
                data-head={r.head}
                data-l1={r.l1}
                data-nouns-a={r.nounsA ? `${r.nounsA.first},${r.nounsA.second}` : undefined}
                data-nouns-b={r.nounsB ? `${r.nounsB.first},${r.nounsB.second}` : undefined}
                data-off={isOff?.(r) ? 'true' : undefined}
              >
                <td>{k + 1}</td>
                <td>
                  <button type="button" className="link-button tcompare-head" onClick={() => onPick({ site: r.site, layer: r.layer, head: r.head })} title={headLabel(t, r)}>
                    {headShort(t, r)}
                  </button>
                  {isOff?.(r) && <span className="tcompare-off">{t('tcompare.rank.off')}</span>}
                </td>
                <td className="tcompare-num">
                  <span className="compare-meter" style={{ width: `${(r.l1 / 2) * 60}px` }} /> {r.l1.toFixed(3)}
                </td>
                <td className="tcompare-num">
                  <NounPair w={r.nounsA} names={names} />
                </td>
                <td className="tcompare-num">
                  <NounPair w={r.nounsB} names={names} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
