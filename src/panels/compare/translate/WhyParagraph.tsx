// Decoder-only vs encoder–decoder on the same pair: why a decoder's "it" cannot see the adjective (the
// causal mask) and an encoder's can (it looks both ways), and what THIS model does with that freedom,
// in figures measured from the two translations just made (and the read-out when it is in). The
// decoder-only model's own rows are measured in its Compare view, linked with the same pair.

import type { ReactNode } from 'react';
import { useI18n } from '../../../app/i18n';
import type { TranslateReadoutResult } from '../../../shared/protocol';
import type { DecisionSummary } from './analysis';
import { fmt, headLabel, pct } from './labels';

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
}

export function WhyParagraph({ summary, adjectives, referents, roles, nouns, readout, corefHref }: WhyParagraphProps): ReactNode {
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
