// Switch any head off: one small grid per attention site (encoder, decoder self-attention,
// cross-attention), layers × heads, a checkbox per head. Both sentences are then translated again
// with those heads' outputs zeroed.

import type { ReactNode } from 'react';
import { useI18n } from '../../../app/i18n';
import { headLabel, layerHeadLabel, layerLabel } from '../../../app/labels';
import type { SiteKnockout } from '../../../app/urlState';
import { TRANSLATION_SITES, type TranslationSite } from './analysis';
import { SITE_LONG } from './labels';

export interface KnockoutGridProps {
  layers: Record<TranslationSite, number>;
  nHeads: number;
  knockout: readonly SiteKnockout[];
  onToggle: (head: SiteKnockout) => void;
  onClear: () => void;
}

export function KnockoutGrid({ layers, nHeads, knockout, onToggle, onClear }: KnockoutGridProps): ReactNode {
  const { t } = useI18n();
  const isOff = (site: TranslationSite, layer: number, head: number): boolean => knockout.some((k) => k.site === site && k.layer === layer && k.head === head);
  return (
    <div className="tcompare-ko" data-testid="tcompare-ko">
      <h3>{t('tcompare.ko.title')}</h3>
      <p className="help">{t('tcompare.ko.help')}</p>
      <div className="tcompare-ko-sites">
        {TRANSLATION_SITES.map((site) => (
          <table key={site} className="compare-attr-grid tcompare-ko-grid" data-site={site}>
            <caption>{t(SITE_LONG[site])}</caption>
            <thead>
              <tr>
                <th />
                {Array.from({ length: nHeads }, (_, h) => (
                  <th key={h}>{headLabel(t, h)}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {Array.from({ length: layers[site] }, (_, l) => (
                <tr key={l}>
                  <th>{layerLabel(t, l)}</th>
                  {Array.from({ length: nHeads }, (_, h) => {
                    const off = isOff(site, l, h);
                    return (
                      <td key={h} className={off ? 'off' : undefined}>
                        <label className="compare-knockout">
                          <input
                            type="checkbox"
                            checked={off}
                            onChange={() => onToggle({ site, layer: l, head: h })}
                            data-testid="tcompare-knockout"
                            data-site={site}
                            data-layer={l}
                            data-head={h}
                            aria-label={`${t(SITE_LONG[site])} · ${layerHeadLabel(t, l, h)}`}
                          />
                        </label>
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        ))}
      </div>
      {knockout.length > 0 && (
        <p className="help">
          {t('tcompare.ko.count', { n: knockout.length })}{' '}
          <button type="button" className="link-button" onClick={onClear} data-testid="compare-knockout-clear">
            {t('compare.attr.clear', { n: knockout.length })}
          </button>
        </p>
      )}
    </div>
  );
}
