// The selected token, shared by every panel: clicking a token anywhere (a chip, a heatmap label, a
// point, a line) selects it everywhere. The choice is a position in the current sentence; when the
// sentence gets shorter, the selection falls back to the last token (the one whose next token the
// model predicts), which is also the default. A translation model reads two sequences (the source
// and the translation it writes), so a choice also names its side.

import { createContext, createElement, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';

/** Which sequence a position is in: the source the encoder reads, or the tokens the decoder reads and writes. */
export type Side = 'source' | 'target';

export interface Selection {
  /** The chosen position, or null for "the last token". Use `selectedIndex` to resolve it. */
  token: number | null;
  /** The side of the chosen position ('target' for a decoder-only model, whose one sentence it writes). */
  side: Side;
  setToken: (position: number | null, side?: Side) => void;
}

const SelectionContext = createContext<Selection | null>(null);

export interface SelectionChoice {
  token: number | null;
  side: Side;
}

/**
 * Holds the selection itself, or (with `choice` and `onChoice`) reads and changes a selection held
 * above it, e.g. the page's state in the URL.
 */
export function SelectionProvider({
  children,
  choice: held,
  onChoice,
}: {
  children: ReactNode;
  choice?: SelectionChoice;
  onChoice?: (next: (prev: SelectionChoice) => SelectionChoice) => void;
}): ReactNode {
  const [own, setOwn] = useState<SelectionChoice>({ token: null, side: 'target' });
  const choice = held ?? own;
  const change = onChoice ?? setOwn;
  const setToken = useCallback((token: number | null, side?: Side) => change((prev) => ({ token, side: side ?? prev.side })), [change]);
  const value = useMemo(() => ({ token: choice.token, side: choice.side, setToken }), [choice, setToken]);
  return createElement(SelectionContext.Provider, { value }, children);
}

/** The position a choice refers to in a sentence of `length` tokens (−1 when there are none). */
export function selectedIndex(token: number | null, length: number): number {
  if (length <= 0) return -1;
  if (token === null || !Number.isInteger(token) || token < 0 || token >= length) return length - 1;
  return token;
}

function useSelectionContext(): Selection {
  const ctx = useContext(SelectionContext);
  if (!ctx) throw new Error('useSelection must be used inside <SelectionProvider>');
  return ctx;
}

/** The shared selection; `index` is already resolved against a sentence of `length` tokens. */
export function useSelection(length: number): { index: number; select: (position: number | null) => void } {
  const ctx = useSelectionContext();
  return { index: selectedIndex(ctx.token, length), select: ctx.setToken };
}

/** The shared choice as the learner made it: null while no token has been chosen (each panel's default applies). */
export function useSelectionChoice(): number | null {
  return useSelectionContext().token;
}

/**
 * The shared selection of a translation model: its side, and the position resolved against that
 * side's length (the default: the last decoder row, whose next token the model predicts).
 */
export function useSideSelection(lengths: Record<Side, number>): { side: Side; index: number; select: (side: Side, position: number | null) => void } {
  const ctx = useSelectionContext();
  const side = lengths[ctx.side] > 0 ? ctx.side : 'target';
  const select = useCallback((s: Side, position: number | null) => ctx.setToken(position, s), [ctx]);
  return { side, index: selectedIndex(side === ctx.side ? ctx.token : null, lengths[side]), select };
}
