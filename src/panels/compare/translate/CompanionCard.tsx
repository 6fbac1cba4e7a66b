// The decoder-only model on the same pair, beside the translation model: the coreference model's
// shipped checkpoint reads A and B followed by " . it refers to the" (traced by the worker's
// `companionTrace`), and this card shows its answer for each, the chosen head's maps (A, B, B − A)
// with the row of "it" outlined, that row in A and B (identical: the causal mask hides the adjective
// from it — measured over every head, and the vector of "it" too), the last row, which can see the
// adjective, and every head ranked by how far that last row moves.

import { useState, type ReactNode } from 'react';
import { useI18n } from '../../../app/i18n';
import { headLabel, layerHeadLabel, layerHeadShort, layerLabel } from '../../../app/labels';
import type { CompanionState } from '../../../app/useTranslateCompare';
import { formatPercent } from '../Answers';
import { CompareMaps } from '../CompareMaps';
import { EQUAL_EPS } from '../QueryRows';
import { decoderHead, type CompanionSummary, type NextToken } from './companion';
import { IndexSelect } from './IndexSelect';
import { exact, fmt } from './labels';
import { RowBars } from './RowBars';

export interface CompanionCardProps {
  state: CompanionState;
  summary: CompanionSummary | null;
  /** The noun each sentence means (by the corpus' rule for its adjective), null when not known. */
  expected: { a: string | null; b: string | null };
}

export function CompanionCard({ state, summary, expected }: CompanionCardProps): ReactNode {
  const { t } = useI18n();
  const [picked, setPicked] = useState<{ layer: number; head: number } | null>(null);
  const { a, b } = state;
  let body: ReactNode;
  if (state.error) {
    body = <p className="note warn">{t('tcompare.dec.error', { message: state.error })}</p>;
  } else if (!a || !b || !summary) {
    body = <p className="note">{state.busy || (state.textA !== null && state.textB !== null) ? t('tcompare.dec.loading') : t('compare.needBoth')}</p>;
  } else {
    const config = a.trace.config;
    const top = summary.last.rows[0];
    const layer = Math.min(picked?.layer ?? top?.layer ?? 0, config.nLayers - 1);
    const head = Math.min(picked?.head ?? top?.head ?? 0, config.nHeads - 1);
    const headName = layerHeadLabel(t, layer, head);
    const it = summary.it;
    const itRow = it?.rows.find((r) => r.layer === layer && r.head === head) ?? null;
    const lastRow = summary.last.rows.find((r) => r.layer === layer && r.head === head) ?? null;
    const diff = summary.first ? (summary.first.a === summary.first.b ? summary.first.a : `${summary.first.a}|${summary.first.b}`) : '';
    const marked = [summary.nounsA.first, summary.nounsA.second, summary.nounsA.adjective].filter((p) => p >= 0);
    const nHeads = config.nLayers * config.nHeads;
    body = (
      <>
        {a.model.note && <p className="note warn">{t('tcompare.dec.random')}</p>}
        <div className="compare-answers-row" data-testid="tcompare-dec-answers">
          <DecAnswer side="a" next={summary.answers.a} expected={expected.a} />
          <DecAnswer side="b" next={summary.answers.b} expected={expected.b} />
        </div>
        <div className="compare-controls">
          <IndexSelect label={t('compare.layer')} value={layer} count={config.nLayers} name={(i) => layerLabel(t, i)} onPick={(i) => setPicked({ layer: i, head })} testId="tcompare-dec-layer" />
          <IndexSelect label={t('compare.head')} value={head} count={config.nHeads} name={(i) => headLabel(t, i)} onPick={(i) => setPicked({ layer, head: i })} testId="tcompare-dec-head" />
        </div>
        <p className="help">{t('tcompare.dec.mapHelp')}</p>
        <CompareMaps
          matA={decoderHead(a.trace, layer, head)}
          matB={decoderHead(b.trace, layer, head)}
          tokensA={a.tokens}
          tokensB={b.tokens}
          stage="weights"
          layer={layer}
          head={head}
          testIdPrefix="tcompare-dec-map"
          markRow={it && it.posA === it.posB ? it.posA : undefined}
        />
        <div className="tcompare-two">
          <div
            className="tcompare-dec-row"
            data-testid="tcompare-dec-it"
            data-l1={itRow?.l1 ?? ''}
            data-max-l1={it?.maxL1 ?? ''}
            data-vector-diff={it?.vectorDiff ?? ''}
            data-hidden={it ? String(it.hidden) : ''}
          >
            <h4>{t('tcompare.dec.itTitle', { head: headName })}</h4>
            {!it || !itRow ? (
              <p className="note">{t('tcompare.dec.noIt')}</p>
            ) : (
              <>
                <p className="compare-rows-measure">
                  <span className="swatch side-a" /> A <span className="swatch side-b" /> B · {t('tcompare.dec.l1', { value: fmt(itRow.l1) })}{' '}
                  {itRow.l1 < EQUAL_EPS && <b className="compare-equal">{t('compare.rows.equal')}</b>}
                </p>
                <p className={it.hidden ? 'note compare-mask-note' : 'note'} data-testid="tcompare-dec-it-all">
                  {t('tcompare.dec.itAll', { n: nHeads, max: exact(it.maxL1), vec: exact(it.vectorDiff) })}{' '}
                  {summary.first && (it.hidden ? t('tcompare.dec.itHidden', { diff }) : t('tcompare.dec.itSees', { diff }))}
                </p>
                <RowBars rowA={itRow.rowA} rowB={itRow.rowB} labelsA={a.tokens} labelsB={b.tokens} ariaLabel={t('tcompare.dec.rowsAria')} testId="tcompare-dec-it-bars" marked={marked} />
              </>
            )}
          </div>
          <div className="tcompare-dec-row" data-testid="tcompare-dec-last" data-l1={lastRow?.l1 ?? ''}>
            <h4>{t('tcompare.dec.lastTitle', { token: summary.last.token, head: headName })}</h4>
            {lastRow && (
              <>
                <p className="compare-rows-measure">
                  <span className="swatch side-a" /> A <span className="swatch side-b" /> B · {t('tcompare.dec.l1', { value: fmt(lastRow.l1) })}
                </p>
                <p className="note">
                  {t('tcompare.dec.peaks', { pa: lastRow.peakA.token, wa: fmt(lastRow.peakA.weight), pb: lastRow.peakB.token, wb: fmt(lastRow.peakB.weight) })}
                </p>
                <RowBars rowA={lastRow.rowA} rowB={lastRow.rowB} labelsA={a.tokens} labelsB={b.tokens} ariaLabel={t('tcompare.dec.rowsAria')} testId="tcompare-dec-last-bars" marked={marked} />
              </>
            )}
          </div>
        </div>
        <h4>{t('tcompare.dec.rankTitle')}</h4>
        <p className="help">{t('tcompare.dec.rankHelp')}</p>
        <div className="tcompare-table-scroll">
          <table className="compare-ranking" data-testid="tcompare-dec-rank">
            <thead>
              <tr>
                <th>#</th>
                <th>{t('tcompare.rank.head')}</th>
                <th>{t('tcompare.dec.rank.last')}</th>
                <th>{t('tcompare.dec.rank.it')}</th>
                <th>{t('tcompare.dec.rank.peak')}</th>
              </tr>
            </thead>
            <tbody>
              {summary.last.rows.map((r, k) => {
                const itL1 = it?.rows.find((x) => x.layer === r.layer && x.head === r.head)?.l1 ?? null;
                return (
                  <tr
                    key={`${r.layer}.${r.head}`}
                    className={r.layer === layer && r.head === head ? 'active' : undefined}
                    data-testid="tcompare-dec-rank-row"
                    data-layer={r.layer}
                    data-head={r.head}
                    data-l1={r.l1}
                    data-it-l1={itL1 ?? ''}
                  >
                    <td>{k + 1}</td>
                    <td>
                      <button type="button" className="link-button tcompare-head" onClick={() => setPicked({ layer: r.layer, head: r.head })}>
                        {layerHeadShort(t, r.layer, r.head)}
                      </button>
                    </td>
                    <td className="tcompare-num">
                      <span className="compare-meter" style={{ width: `${(r.l1 / 2) * 40}px` }} /> {r.l1.toFixed(3)}
                    </td>
                    <td className="tcompare-num">{itL1 === null ? '—' : itL1.toFixed(3)}</td>
                    <td className="tcompare-num">
                      <span className="tcompare-noun">
                        <span className="swatch side-a" /> {r.peakA.token} {fmt(r.peakA.weight)}
                      </span>
                      <span className="tcompare-noun">
                        <span className="swatch side-b" /> {r.peakB.token} {fmt(r.peakB.weight)}
                      </span>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </>
    );
  }
  return (
    <div className="tcompare-dec" data-testid="tcompare-dec" data-step={a?.model.step ?? ''}>
      <h3>{t('tcompare.dec.title')}</h3>
      <p className="help">{t('tcompare.dec.help', { step: a?.model.step ?? '…' })}</p>
      {body}
    </div>
  );
}

function DecAnswer({ side, next, expected }: { side: 'a' | 'b'; next: NextToken; expected: string | null }): ReactNode {
  const { t } = useI18n();
  const right = expected !== null && next.token === expected;
  return (
    <div className={`compare-answer side-${side}`} data-testid={`tcompare-dec-answer-${side}`} data-token={next.token} data-prob={next.prob}>
      <div className="compare-answer-head">
        <b>{side === 'a' ? 'A' : 'B'}</b> {t('tcompare.dec.answer', { word: next.token })}{' '}
        {expected && <span className={right ? 'compare-verdict ok' : 'compare-verdict wrong'}>{right ? t('compare.answers.right') : t('compare.answers.wrong', { word: expected })}</span>}
      </div>
      <div className="compare-prob winner">
        <span className="compare-prob-word">{next.token}</span>
        <span className="compare-prob-bar">
          <span style={{ width: `${Math.max(0, Math.min(1, next.prob)) * 100}%` }} />
        </span>
        <span className="compare-prob-value">{formatPercent(next.prob)}</span>
      </div>
    </div>
  );
}
