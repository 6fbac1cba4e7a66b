// ← / → anywhere on the page move the step-through, except while the user types or picks in a form
// field (text inputs, text areas, selects, editable content keep their own arrow keys).

import { useEffect, useRef } from 'react';

/** Whether a key event comes from a place that uses the arrow keys itself. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    const type = (target as HTMLInputElement).type;
    return !['button', 'checkbox', 'radio', 'submit', 'reset', 'color', 'file'].includes(type);
  }
  return false;
}

export function useArrowKeys(onLeft: () => void, onRight: () => void, enabled: boolean): void {
  const handlers = useRef({ onLeft, onRight });
  handlers.current = { onLeft, onRight };
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent): void => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
      if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
      if (isTypingTarget(e.target)) return;
      e.preventDefault();
      if (e.key === 'ArrowLeft') handlers.current.onLeft();
      else handlers.current.onRight();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled]);
}
