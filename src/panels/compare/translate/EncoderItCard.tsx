// Does "it" itself carry the decision? The encoder's row for "it" in A and B: the figure of how much it
// moves (the largest L1 over the encoder's heads) and its weight on the two nouns, that head's row as
// paired bars, and every encoder head ranked the same way (a click shows its maps above).

import type { ReactNode } from 'react';
import { useI18n } from '../../../app/i18n';
import type { RowShift, TranslationSite } from './analysis';
import { fmt, headLabel } from './labels';
import { RowBars } from './RowBars';
import { RowRanking } from './RowRanking';

export interface EncoderItCardProps {
  rows: readonly RowShift[];
  sourceA: readonly string[];
  sourceB: readonly string[];
  nouns: { first: string; second: string };
  nounNames: (site: TranslationSite) => { first: string; second: string };
  selected: { site: TranslationSite; layer: number; head: number };
  onPick: (ref: { site: TranslationSite; layer: number; head: number }) => void;
  isOff: (ref: { site: TranslationSite; layer: number; head: number }) => boolean;
}

export function EncoderItCard({ rows, sourceA, sourceB, nouns, nounNames, selected, onPick, isOff }: EncoderItCardProps): ReactNode {
  const { t } = useI18n();
  const top = rows[0];
  // The bars show the encoder head chosen above, else the one whose "it" row moves most.
  const shown = rows.find((r) => r.site === selected.site && r.layer === selected.layer && r.head === selected.head) ?? top;
  return (
    <div className="tcompare-it" data-testid="tcompare-it" data-l1={top ? top.l1 : ''} data-layer={top?.layer ?? ''} data-head={top?.head ?? ''}>
      <h3>{t('tcompare.it.title')}</h3>
      <p className="help">{t('tcompare.it.help')}</p>
      {!top ? (
        <p className="note">{t('tcompare.it.none')}</p>
      ) : (
        <>
          <p className="tcompare-figure" data-testid="tcompare-it-figure">
            {t('tcompare.it.figure', { n: rows.length, l1: top.l1.toFixed(3), head: headLabel(t, top) })}{' '}
            {top.nounsA && top.nounsB
              ? t('tcompare.it.nouns', {
                  first: nouns.first,
                  second: nouns.second,
                  a1: fmt(top.nounsA.first),
                  a2: fmt(top.nounsA.second),
                  b1: fmt(top.nounsB.first),
                  b2: fmt(top.nounsB.second),
                })
              : ''}
          </p>
          {shown && (
            <>
              <p className="compare-rows-measure">
                <span className="swatch side-a" /> A <span className="swatch side-b" /> B · {headLabel(t, shown)} · L1 {shown.l1.toFixed(3)}
              </p>
              <RowBars rowA={shown.rowA} rowB={shown.rowB} labelsA={sourceA} labelsB={sourceB} ariaLabel={t('tcompare.rows.aria')} testId="tcompare-it-bars" />
            </>
          )}
          <details className="tcompare-it-all" open>
            <summary>{t('tcompare.it.all')}</summary>
            <RowRanking rows={rows} nounNames={nounNames} selected={selected} onPick={onPick} testId="tcompare-it-rank" empty={t('tcompare.it.none')} isOff={isOff} />
          </details>
        </>
      )}
    </div>
  );
}
