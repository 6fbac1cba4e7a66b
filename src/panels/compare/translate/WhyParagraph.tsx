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
  readout: TranslateReadoutResult | null;
  /** The coreference model's Compare with the same pair. */
  corefHref: string;
}

export function WhyParagraph({ summary, adjectives, referents, readout, corefHref }: WhyParagraphProps): ReactNode {
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
    measured = (
      <p data-testid="tcompare-why-measured" data-enc={encoder.value} data-dec={decoder.value} data-fetch={fetch ? `${fetch.site}${fetch.layer}.${fetch.head}` : ''}>
        {decoder.value > encoder.value ? t('tcompare.why.decoderDecides', vars) : t('tcompare.why.encoderMoves', vars)}
        {fetch && referents.a && referents.b && (
          <> {t('tcompare.why.fetch', { head: headLabel(t, fetch), wa: fmt(fetch.weightA), na: referents.a, wb: fmt(fetch.weightB), nb: referents.b, l1: fmt(fetch.l1) })}</>
        )}
        {adjective && <> {t('tcompare.why.adjective', { head: headLabel(t, adjective), w: fmt(adjective.value) })}</>}
        {last && <> {t('tcompare.why.readout', { it: pct(last.heldOut.it), first: pct(last.heldOut.first), second: pct(last.heldOut.second) })}</>}
        {itLast !== null && itLast >= 0.9 && <> {t('tcompare.why.carries')}</>}
        {itLast !== null && itLast < 0.75 && <> {t('tcompare.why.notCarried')}</>}
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
