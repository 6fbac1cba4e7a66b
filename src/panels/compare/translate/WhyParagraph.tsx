// Decoder-only vs encoder–decoder on the same pair: why a decoder's "it" cannot see the adjective (the
// causal mask) and an encoder's can (it looks both ways), and what THIS model does with that freedom,
// in figures measured from the two translations just made (and the read-out when it is in), after
// the decoder-only model's own figures on the same pair (traced beside it: its "it" row and vector
// compared between A and B, the head that moves most at its last row, its answers).

import type { ReactNode } from 'react';
import { useI18n } from '../../../app/i18n';
import type { TranslateReadoutResult } from '../../../shared/protocol';
import { formatPercent } from '../Answers';
import { EQUAL_EPS } from '../QueryRows';
import type { DecisionSummary } from './analysis';
import type { CompanionSummary } from './companion';
import { exact, fmt, headLabel, pct } from './labels';
import { layerHeadLabel } from '../../../app/labels';

export interface WhyParagraphProps {
  summary: DecisionSummary;
  /** The adjective of A and of B ("tired" / "narrow"). */
  adjectives: { a: string; b: string };
  /** The English noun each sentence means (by the corpus' rule for its adjective), null when not known. */
  referents: { a: string | null; b: string | null };
  /** Which of the two nouns each sentence means, and the two nouns' English names. */
  roles: { a: 'first' | 'second' | null; b: 'first' | 'second' | null };
  nouns: { first: string; second: string };
  readout: TranslateReadoutResult | null;
  /** The coreference model's Compare with the same pair. */
  corefHref: string;
  /** The decoder-only model's figures on the same pair (null: not measured yet, or it could not be). */
  companion: CompanionSummary | null;
  /** Heads of the decoder-only model (layers × heads). */
  companionHeads: number;
}

export function WhyParagraph({ summary, adjectives, referents, roles, nouns, readout, corefHref, companion, companionHeads }: WhyParagraphProps): ReactNode {
  const { t } = useI18n();
  const adj = adjectives.a === adjectives.b ? adjectives.a : `${adjectives.a}/${adjectives.b}`;
  const { encoder, decoder, adjective, fetch } = summary;
  const last = readout?.layers[readout.layers.length - 1] ?? null;
  let measured: ReactNode;
  if (!encoder || !decoder) {
    measured = <p data-testid="tcompare-why-measured">{t('tcompare.why.noRow')}</p>;
  } else {
    const vars = { enc: encoder.value.toFixed(3), encHead: headLabel(t, encoder), dec: decoder.value.toFixed(3), decHead: headLabel(t, decoder) };
    const itLast = last?.heldOut.it ?? null;
    const sep = t('tcompare.why.sep');
    // Where the encoder's most-moving "it" row puts its weight: on the noun each sentence means, or not.
    const other = (r: 'first' | 'second'): 'first' | 'second' => (r === 'first' ? 'second' : 'first');
    let encoderNouns: string | null = null;
    if (roles.a && roles.b && encoder.nounsA && encoder.nounsB) {
      const aRef = encoder.nounsA[roles.a];
      const aOther = encoder.nounsA[other(roles.a)];
      const bRef = encoder.nounsB[roles.b];
      const bOther = encoder.nounsB[other(roles.b)];
      encoderNouns = t('tcompare.why.encoderNouns', {
        aRef: fmt(aRef),
        aOther: fmt(aOther),
        bRef: fmt(bRef),
        bOther: fmt(bOther),
        na: nouns[roles.a],
        oa: nouns[other(roles.a)],
        nb: nouns[roles.b],
        ob: nouns[other(roles.b)],
        direction: aRef > aOther && bRef > bOther ? t('tcompare.why.towards') : t('tcompare.why.notTowards'),
      });
    }
    measured = (
      <p data-testid="tcompare-why-measured" data-enc={encoder.value} data-dec={decoder.value} data-fetch={fetch ? `${fetch.site}${fetch.layer}.${fetch.head}` : ''}>
        {t('tcompare.why.encoder', vars)}
        {encoderNouns && sep + encoderNouns}
        {sep + t('tcompare.why.decoder', vars)}
        {fetch && referents.a && referents.b && (
          <>{sep}{t('tcompare.why.fetch', { head: headLabel(t, fetch), wa: fmt(fetch.weightA), na: referents.a, wb: fmt(fetch.weightB), nb: referents.b, l1: fmt(fetch.l1) })}</>
        )}
        {adjective && <>{sep}{t('tcompare.why.adjective', { head: headLabel(t, adjective), w: fmt(adjective.value) })}</>}
        {last && <>{sep}{t('tcompare.why.readout', { it: pct(last.heldOut.it), first: pct(last.heldOut.first), second: pct(last.heldOut.second) })}</>}
        {itLast !== null && itLast >= 0.9 && <>{sep}{t('tcompare.why.carries')}</>}
        {itLast !== null && itLast < 0.75 && <>{sep}{t('tcompare.why.notCarried')}</>}
        {last && readout && <>{sep}{t('tcompare.why.identity', { n: readout.identityClasses, it: pct(last.identity.it), adj: pct(last.identity.adjective) })}</>}
      </p>
    );
  }
  return (
    <div className="tcompare-why" data-testid="tcompare-why">
      <h3>{t('tcompare.why.title', { adj })}</h3>
      <p>{t('tcompare.why.mask', { adj })}</p>
      <DecoderOnlyFigures companion={companion} heads={companionHeads} adj={adj} />
      {measured}
      <p className="help">
        {t('tcompare.why.source')}{' '}
        <a href={corefHref} data-testid="tcompare-coref-link">
          {t('tcompare.why.link')}
        </a>
      </p>
    </div>
  );
}

/** The decoder-only model's figures on the pair: its "it" row and vector in A and B, then where it decides. */
function DecoderOnlyFigures({ companion, heads, adj }: { companion: CompanionSummary | null; heads: number; adj: string }): ReactNode {
  const { t } = useI18n();
  if (!companion) return <p data-testid="tcompare-why-decoder">{t('tcompare.why.decLoading')}</p>;
  const { it, first, last, answers } = companion;
  const top = last.rows[0];
  const diff = first ? (first.a === first.b ? first.a : `${first.a}|${first.b}`) : '';
  let itText: string;
  if (!it) itText = t('tcompare.why.decNoIt');
  else if (it.hidden && it.maxL1 < EQUAL_EPS) itText = t('tcompare.why.decSame', { max: exact(it.maxL1), n: heads, vec: exact(it.vectorDiff), diff });
  else itText = t('tcompare.why.decMoves', { max: exact(it.maxL1), n: heads, diff });
  return (
    <p
      data-testid="tcompare-why-decoder"
      data-it-max={it?.maxL1 ?? ''}
      data-vector-diff={it?.vectorDiff ?? ''}
      data-last-l1={top?.l1 ?? ''}
      data-last-head={top ? `${top.layer}.${top.head}` : ''}
      data-answer-a={answers.a.token}
      data-answer-b={answers.b.token}
    >
      {itText}
      {top && (
        <>
          {t('tcompare.why.sep')}
          {t('tcompare.why.decLast', {
            token: last.token,
            adj,
            head: layerHeadLabel(t, top.layer, top.head),
            l1: fmt(top.l1),
            pa: top.peakA.token,
            wa: fmt(top.peakA.weight),
            pb: top.peakB.token,
            wb: fmt(top.peakB.weight),
            ansA: answers.a.token,
            pA: formatPercent(answers.a.prob),
            ansB: answers.b.token,
            pB: formatPercent(answers.b.prob),
          })}
        </>
      )}
    </p>
  );
}
