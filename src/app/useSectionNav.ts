// Getting around the page: a link with a #hash (`…#stepper`) scrolls to its section once the page has
// something to show (the first trace), and so does a change of the hash later; the section in view is
// tracked for the section navigation (aria-current) and for "copy link".

import { useEffect, useRef, useState } from 'react';
import { scrollToSection, sectionOfHash, type SectionId } from './sections';

export function useSectionNav(sections: readonly SectionId[], ready: boolean): { current: SectionId | null } {
  const [current, setCurrent] = useState<SectionId | null>(null);

  // A link opened with a #hash: the section exists from the start, but its content (and that of the
  // panels above it) arrives with the first trace.
  const arrived = useRef(false);
  useEffect(() => {
    if (!ready || arrived.current) return;
    arrived.current = true;
    const id = sectionOfHash(window.location.hash);
    if (!id) return;
    const frame = window.requestAnimationFrame(() => scrollToSection(id));
    return () => window.cancelAnimationFrame(frame);
  }, [ready]);

  useEffect(() => {
    const onHash = (): void => {
      const id = sectionOfHash(window.location.hash);
      if (id) scrollToSection(id);
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  // The section in view: the first (in page order) that reaches into the top third of the window.
  const key = sections.join(',');
  useEffect(() => {
    if (typeof IntersectionObserver === 'undefined') return;
    const ids = key.split(',') as SectionId[];
    const inView = new Set<SectionId>();
    const observer = new IntersectionObserver(
      (entries) => {
        for (const e of entries) {
          const id = e.target.id as SectionId;
          if (e.isIntersecting) inView.add(id);
          else inView.delete(id);
        }
        setCurrent(ids.find((id) => inView.has(id)) ?? null);
      },
      { rootMargin: '0px 0px -66% 0px' },
    );
    for (const id of ids) {
      const el = document.getElementById(id);
      if (el) observer.observe(el);
    }
    return () => observer.disconnect();
  }, [key]);

  return { current };
}
