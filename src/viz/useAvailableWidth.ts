// The width an element is given, in CSS pixels (null until known), for figures that shrink to fit.
// It comes from a ResizeObserver only: its first report arrives after layout and before paint, so a
// figure is still drawn once at its size, without the forced synchronous layout of the whole page
// that reading clientWidth in a layout effect costs (≈ 0.25 s on the first screen, once per figure).

import { useLayoutEffect, useState, type RefObject } from 'react';

export function useAvailableWidth(ref: RefObject<HTMLElement | null>): number | null {
  const [available, setAvailable] = useState<number | null>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (typeof ResizeObserver === 'undefined') {
      setAvailable(el.clientWidth);
      return;
    }
    const ro = new ResizeObserver((entries) => setAvailable(Math.floor(entries[0].contentRect.width)));
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref]);
  return available;
}
