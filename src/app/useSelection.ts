// The selected token, shared by every panel: clicking a token anywhere (a chip, a heatmap label, a
// point, a line) selects it everywhere. The choice is a position in the current sentence; when the
// sentence gets shorter, the selection falls back to the last token (the one whose next token the
// model predicts), which is also the default.

import { createContext, createElement, useContext, useMemo, useState, type ReactNode } from 'react';

export interface Selection {
  /** The chosen position, or null for "the last token". Use `selectedIndex` to resolve it. */
  token: number | null;
  setToken: (position: number | null) => void;
}

const SelectionContext = createContext<Selection | null>(null);

export function SelectionProvider({ children }: { children: ReactNode }): ReactNode {
  const [token, setToken] = useState<number | null>(null);
  const value = useMemo(() => ({ token, setToken }), [token]);
  return createElement(SelectionContext.Provider, { value }, children);
}

/** The position a choice refers to in a sentence of `length` tokens (−1 when there are none). */
export function selectedIndex(token: number | null, length: number): number {
  if (length <= 0) return -1;
  if (token === null || !Number.isInteger(token) || token < 0 || token >= length) return length - 1;
  return token;
}

/** The shared selection; `index` is already resolved against a sentence of `length` tokens. */
export function useSelection(length: number): { index: number; select: (position: number | null) => void } {
  const ctx = useContext(SelectionContext);
  if (!ctx) throw new Error('useSelection must be used inside <SelectionProvider>');
  return { index: selectedIndex(ctx.token, length), select: ctx.setToken };
}
