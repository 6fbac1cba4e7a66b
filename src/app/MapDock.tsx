// The page's spine: the section navigation (the panel names, each a #link) and the model map, with a
// "copy link" that names the section in view. On wide screens it stays in view in the side column;
// on narrow ones it sits at the top as a compact strip that scrolls sideways inside itself.

import { memo, useEffect, useState, type MouseEvent, type ReactNode } from 'react';
import { ModelMap } from '../panels/ModelMap';
import type { Orientation } from '../panels/map/layout';
import type { ModelConfig } from '../shared/config';
import type { ModelTrace } from '../shared/trace';
import { useI18n } from './i18n';
import { SECTION_NAMES, type SectionId } from './sections';
import { usePageNav } from './usePageNav';
import './map.css';

export interface MapDockProps {
  config: ModelConfig | null;
  trace: ModelTrace | null;
  tokens: readonly string[];
  sourceTokens?: readonly string[];
  vocab: readonly string[];
  orientation: Orientation;
  sections: readonly SectionId[];
  /** The section in view (aria-current in the navigation). */
  current: SectionId | null;
}

function MapDockView({ config, trace, tokens, sourceTokens, vocab, orientation, sections, current }: MapDockProps): ReactNode {
  const { t } = useI18n();
  const { goTo } = usePageNav();
  const [copy, setCopy] = useState<{ ok: true } | { ok: false; url: string } | null>(null);

  const onLink = (e: MouseEvent<HTMLAnchorElement>, id: SectionId): void => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    goTo(id);
  };

  // "Link copied." goes away after a few seconds; the address to copy by hand stays.
  useEffect(() => {
    if (!copy?.ok) return;
    const id = window.setTimeout(() => setCopy(null), 4000);
    return () => window.clearTimeout(id);
  }, [copy]);

  const copyLink = (): void => {
    const url = new URL(window.location.href);
    if (current) url.hash = current;
    const text = url.href;
    const fail = (): void => setCopy({ ok: false, url: text });
    if (!navigator.clipboard) {
      fail();
      return;
    }
    navigator.clipboard.writeText(text).then(() => setCopy({ ok: true }), fail);
  };

  return (
    <div className={`map-dock ${orientation}`} data-testid="map-dock">
      <nav className="section-nav" aria-label={t('map.nav.label')} data-testid="section-nav">
        <ul>
          {sections.map((id) => (
            <li key={id}>
              <a href={`#${id}`} aria-current={id === current ? 'location' : undefined} onClick={(e) => onLink(e, id)} data-section={id}>
                {t(SECTION_NAMES[id])}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <section className="map-section" aria-labelledby="map-title" data-testid="map-section">
        <div className="map-heading">
          <h2 id="map-title">{t('map.title')}</h2>
          <button type="button" className="link-button copy-link" onClick={copyLink} data-testid="copy-link">
            {t('map.copyLink')}
          </button>
        </div>
        {copy && (
          <p className="note copy-note" role="status">
            {copy.ok ? t('map.copied') : t('map.copyFailed')}{' '}
            {!copy.ok && <input className="copy-url" readOnly value={copy.url} aria-label={t('map.copyFailed')} onFocus={(e) => e.currentTarget.select()} />}
          </p>
        )}
        <p className="help map-help">{t(orientation === 'column' ? 'map.help' : 'map.helpShort')}</p>
        <ModelMap config={config} trace={trace} tokens={tokens} sourceTokens={sourceTokens} vocab={vocab} orientation={orientation} />
      </section>
    </div>
  );
}

export const MapDock = memo(MapDockView);
