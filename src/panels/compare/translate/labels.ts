// How the translation Compare names a head: its site, then layer and head counted from 1 (as people
// read them; the URL and the data count from 0).

import type { MessageKey, Translate } from '../../../app/i18n';
import { layerHeadLabel, layerHeadShort } from '../../../app/labels';
import type { TranslationSite } from './analysis';

export const SITE_SHORT: Record<TranslationSite, MessageKey> = {
  encoder: 'tcompare.siteShort.encoder',
  'decoder-self': 'tcompare.siteShort.decoder-self',
  cross: 'tcompare.siteShort.cross',
};

export const SITE_LONG: Record<TranslationSite, MessageKey> = {
  encoder: 'tcompare.site.encoder',
  'decoder-self': 'tcompare.site.decoder-self',
  cross: 'tcompare.site.cross',
};

/** "cross · layer 2, head 3" for {site: cross, layer: 1, head: 2} (src/app/labels.ts names the head). */
export function headLabel(t: Translate, ref: { site: TranslationSite; layer: number; head: number }): string {
  return t('tcompare.headLabel', { site: t(SITE_SHORT[ref.site]), head: layerHeadLabel(t, ref.layer, ref.head) });
}

/** "cross-attention L2 H3": the same head, short (tables). */
export function headShort(t: Translate, ref: { site: TranslationSite; layer: number; head: number }): string {
  return t('tcompare.headShort', { site: t(SITE_SHORT[ref.site]), head: layerHeadShort(t, ref.layer, ref.head) });
}

/** A weight or a distance with three decimals. */
export function fmt(v: number | null | undefined): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(3);
}

/** A share as a percentage. */
export function pct(v: number): string {
  return `${(v * 100).toFixed(1)} %`;
}

/** A figure that may be exactly 0 (a row the mask keeps the same): "0" then, a tiny one in exponent form, else three decimals. */
export function exact(v: number): string {
  if (!Number.isFinite(v)) return '—';
  if (v === 0) return '0';
  return Math.abs(v) < 0.001 ? v.toExponential(1) : v.toFixed(3);
}
