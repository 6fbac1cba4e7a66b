// "The famous figure": the encoder's row for "it" in one head, drawn as lines from "it" to every
// English word (line width and opacity = weight, the weight written beside the word), for A and B
// side by side, under each the French translation with the pronoun (il / elle) and the agreeing
// adjective marked. The head is the one whose "it" row moves most weight onto the noun "it" means
// between A and B (else the first of the view's encoder ranking), or the encoder head the learner
// picked; never a fixed one (famous.ts). The SVG is React's.

import type { ReactNode } from 'react';
import { useI18n } from '../../../app/i18n';
import { layerHeadLabel } from '../../../app/labels';
import type { RowShift, TranslationSide } from './analysis';
import { famousHead, famousSide, frenchMarks, nounSwapHead, type FamousSide, type ReferentRoles } from './famous';
import { fmt } from './labels';

export interface FamousFigureProps {
  a: TranslationSide;
  b: TranslationSide;
  encoderRows: readonly RowShift[];
  /** Which noun each sentence's "it" means by the corpus' rule (the default head follows them). */
  roles: ReferentRoles;
  selected: { site: string; layer: number; head: number };
  onPick: (ref: { site: 'encoder'; layer: number; head: number }) => void;
}

const ROW = 24;
const TOP = 16;
const WIDTH = 300;
const LEFT_X = 92;
const RIGHT_X = 196;

function LinesSvg({ side, label, testId }: { side: FamousSide; label: string; testId: string }): ReactNode {
  const height = TOP * 2 + (side.words.length - 1) * ROW;
  const y = (i: number): number => TOP + i * ROW;
  return (
    <svg className="famous-svg" viewBox={`0 0 ${WIDTH} ${height}`} width={WIDTH} height={height} role="img" aria-label={label} data-testid={testId}>
      {side.words.map((w, j) => {
        const v = side.weights[j];
        return (
          <line
            key={`l${j}`}
            className="famous-line"
            x1={LEFT_X + 6}
            y1={y(side.it)}
            x2={RIGHT_X - 6}
            y2={y(j)}
            strokeWidth={0.5 + 9 * v}
            strokeOpacity={0.12 + 0.88 * v}
            data-testid="famous-line"
            data-to={j}
            data-word={w}
            data-weight={v}
          >
            <title>{`it → ${w}: ${v}`}</title>
          </line>
        );
      })}
      {side.words.map((w, i) => (
        <text key={`s${i}`} x={LEFT_X} y={y(i)} dy="0.35em" textAnchor="end" className={i === side.it ? 'famous-word famous-it' : 'famous-word famous-faint'}>
          {w}
        </text>
      ))}
      {side.words.map((w, j) => {
        const v = side.weights[j];
        const noun = side.nouns && (j === side.nouns.firstAt || j === side.nouns.secondAt);
        return (
          <g key={`t${j}`}>
            <text x={RIGHT_X} y={y(j)} dy="0.35em" className={noun ? 'famous-word famous-noun' : 'famous-word'} style={{ opacity: 0.45 + 0.55 * Math.min(1, v * 3) }}>
              {w}
            </text>
            <text x={WIDTH - 4} y={y(j)} dy="0.35em" textAnchor="end" className="famous-weight">
              {v.toFixed(2)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

function FrenchOutput({ target, testId }: { target: readonly string[]; testId: string }): ReactNode {
  const m = frenchMarks(target);
  return (
    <p className="famous-french" data-testid={testId} data-translation={target.join(' ')} data-pronoun={m.pronoun >= 0 ? target[m.pronoun] : ''} data-gender={m.gender ?? ''} data-adjective={m.adjective >= 0 ? target[m.adjective] : ''}>
      {target.map((w, i) => (
        <span key={i}>
          {i > 0 ? ' ' : ''}
          {i === m.pronoun ? <mark className="famous-pron">{w}</mark> : i === m.adjective ? <mark className="famous-adj">{w}</mark> : w}
        </span>
      ))}
    </p>
  );
}

export function FamousFigure({ a, b, encoderRows, roles, selected, onPick }: FamousFigureProps): ReactNode {
  const { t } = useI18n();
  const head = famousHead(encoderRows, selected, roles);
  // The head drawn when none is picked (what "draw it again" goes back to).
  const byDefault = famousHead(encoderRows, null, roles);
  const sideA = head ? famousSide(a, head) : null;
  const sideB = head ? famousSide(b, head) : null;
  const name = head ? layerHeadLabel(t, head.layer, head.head) : '';
  const swap = nounSwapHead(encoderRows);
  const swapIsDrawn = swap !== null && head !== null && swap.layer === head.layer && swap.head === head.head;
  return (
    <div className="famous" data-testid="famous-figure" data-layer={head?.layer ?? ''} data-head={head?.head ?? ''} data-how={head?.how ?? ''} data-l1={head?.l1 ?? ''} data-flip={head?.flip ?? ''}>
      <h3>{t('famous.title')}</h3>
      <p className="help">{t('famous.help')}</p>
      {!head || !sideA || !sideB ? (
        <p className="note">{t('famous.none')}</p>
      ) : (
        <>
          <p className="tcompare-figure" data-testid="famous-which">
            {head.how === 'flip'
              ? t('famous.which.flip', { head: name, n: head.of, flip: fmt(head.flip ?? 0), l1: fmt(head.l1), rank: head.rank + 1 })
              : head.how === 'ranking'
                ? t('famous.which.ranking', { head: name, n: head.of, l1: fmt(head.l1) })
                : t('famous.which.chosen', { head: name, rank: head.rank + 1, n: head.of, l1: fmt(head.l1) })}{' '}
            {head.how === 'chosen' && byDefault && (
              <button type="button" className="link-button" onClick={() => onPick({ site: 'encoder', layer: byDefault.layer, head: byDefault.head })} data-testid="famous-top">
                {t('famous.showTop')}
              </button>
            )}
            {head.how === 'flip' && head.rank > 0 && (
              <button type="button" className="link-button" onClick={() => onPick({ site: 'encoder', layer: encoderRows[0].layer, head: encoderRows[0].head })} data-testid="famous-draw-l1">
                {t('famous.drawL1', { head: layerHeadLabel(t, encoderRows[0].layer, encoderRows[0].head), l1: fmt(encoderRows[0].l1) })}
              </button>
            )}
          </p>
          {swap && sideA.nouns && (
            <p className="famous-swap" data-testid="famous-swap" data-layer={swap.layer} data-head={swap.head} data-share-a={swap.shareA} data-share-b={swap.shareB}>
              {t('famous.swap', {
                first: sideA.words[sideA.nouns.firstAt],
                second: sideA.words[sideA.nouns.secondAt],
                head: layerHeadLabel(t, swap.layer, swap.head),
                a: fmt(swap.shareA),
                b: fmt(swap.shareB),
              })}{' '}
              {swapIsDrawn ? (
                t('famous.swapDrawn')
              ) : (
                <button type="button" className="link-button" onClick={() => onPick({ site: 'encoder', layer: swap.layer, head: swap.head })} data-testid="famous-draw-swap">
                  {t('famous.swapDraw')}
                </button>
              )}
            </p>
          )}
          <div className="famous-pair">
            {(
              [
                ['A', sideA, a, 'famous-a'],
                ['B', sideB, b, 'famous-b'],
              ] as const
            ).map(([letter, s, side, id]) => (
              <figure key={letter} className={`famous-side side-${letter.toLowerCase()}`} data-testid={id}>
                <figcaption>
                  <span className={`swatch side-${letter.toLowerCase()}`} /> {letter} · {name}
                </figcaption>
                <LinesSvg side={s} label={t('famous.aria', { side: letter, head: name })} testId={`${id}-svg`} />
                {s.nouns && (
                  <p className="famous-nouns" data-testid={`${id}-nouns`}>
                    {t('famous.nouns', { first: s.words[s.nouns.firstAt], second: s.words[s.nouns.secondAt], w1: fmt(s.nouns.first), w2: fmt(s.nouns.second) })}
                  </p>
                )}
                <FrenchOutput target={side.target} testId={`${id}-french`} />
              </figure>
            ))}
          </div>
          <div className="famous-why" data-testid="famous-why">
            <p>{t('famous.why.here')}</p>
            <p>{t('famous.why.chinese')}</p>
            <p>{t('famous.why.decoder')}</p>
            <p className="note">{t('famous.why.seeds')}</p>
          </div>
        </>
      )}
    </div>
  );
}
