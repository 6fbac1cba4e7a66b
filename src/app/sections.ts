// The page's sections, as the section navigation names them and the URL's #hash links to them
// (`#attention`, `#stepper`, …): one table, so a name, its anchor and its place in the page agree.
// Both model kinds show every section.

import type { MessageKey } from './i18n';

export const SECTION_IDS = [
  'sentence',
  'tokens',
  'embeddings',
  'positional',
  'attention',
  'stepper',
  'output',
  'training',
  'live-attention',
  'compare',
] as const;
export type SectionId = (typeof SECTION_IDS)[number];

export const SECTION_NAMES: Record<SectionId, MessageKey> = {
  sentence: 'map.nav.sentence',
  tokens: 'map.nav.tokens',
  embeddings: 'map.nav.embeddings',
  positional: 'map.nav.positional',
  attention: 'map.nav.attention',
  stepper: 'map.nav.stepper',
  output: 'map.nav.output',
  training: 'map.nav.training',
  'live-attention': 'map.nav.live',
  compare: 'map.nav.compare',
};

export function isSectionId(value: string): value is SectionId {
  return (SECTION_IDS as readonly string[]).includes(value);
}

/** The sections the page shows for a model kind, in page order. */
export function sectionsFor(_seq2seq: boolean): SectionId[] {
  // Both model kinds now have every section (the translation model trains and compares too).
  return [...SECTION_IDS];
}

/** The section a #hash names, or null. */
export function sectionOfHash(hash: string): SectionId | null {
  const id = decodeURIComponent(hash.replace(/^#/, ''));
  return isSectionId(id) ? id : null;
}

let settleTimers: number[] = [];

function cancelSettle(): void {
  for (const id of settleTimers) window.clearTimeout(id);
  settleTimers = [];
  window.removeEventListener('wheel', cancelSettle);
  window.removeEventListener('touchstart', cancelSettle);
  window.removeEventListener('keydown', cancelSettle);
}

/**
 * Bring a section to the top of the window and move the focus there (for keyboard and screen-reader
 * users). Panels far from the window skip layout until seen (content-visibility: auto) and take their
 * real height as they appear, which can move the section after the first scroll: it is scrolled
 * again a few times while the page settles, unless the reader scrolls first.
 */
export function scrollToSection(id: SectionId): void {
  const el = document.getElementById(id);
  if (!el) return;
  cancelSettle();
  el.scrollIntoView({ block: 'start' });
  if (el.tabIndex >= 0 || el.hasAttribute('tabindex')) el.focus({ preventScroll: true });
  for (const ms of [80, 250, 600, 1200]) {
    settleTimers.push(
      window.setTimeout(() => {
        const top = el.getBoundingClientRect().top;
        const margin = parseFloat(getComputedStyle(el).scrollMarginTop) || 0;
        if (Math.abs(top - margin) > 2) el.scrollIntoView({ block: 'start' });
      }, ms),
    );
  }
  settleTimers.push(window.setTimeout(cancelSettle, 1300));
  // Listening from the next task on: the key press that asked for this scroll is still on its way.
  settleTimers.push(
    window.setTimeout(() => {
      window.addEventListener('wheel', cancelSettle, { passive: true });
      window.addEventListener('touchstart', cancelSettle, { passive: true });
      window.addEventListener('keydown', cancelSettle);
    }, 0),
  );
}
