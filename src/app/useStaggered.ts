// Spreading one big redraw over several tasks. When the model changes while training, every panel
// gets a new trace at once; drawn in one task that is a long task (the page stutters). With
// `stagger` on, each panel receives the new value in its own timer task, `slot` × STAGGER_MS after
// it arrived, so that no single task redraws the whole page (the panels are memoised, so a panel
// whose value did not change does not redraw). Edits by the user are never delayed.

import { useEffect, useReducer, useRef } from 'react';

export const STAGGER_MS = 24;

export function useStaggered<T>(value: T, slot: number, stagger: boolean): T {
  const shown = useRef(value);
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    if (!stagger) {
      shown.current = value;
      return;
    }
    const id = window.setTimeout(() => {
      shown.current = value;
      redraw();
    }, slot * STAGGER_MS);
    return () => window.clearTimeout(id);
  }, [value, slot, stagger]);
  return stagger ? shown.current : value;
}
