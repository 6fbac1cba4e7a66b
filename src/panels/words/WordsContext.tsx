// The vocabulary of the model in use, and its token embeddings when the page has them, for every
// sentence box (the main one and Compare's two). The page provides it once (App.tsx), so the boxes
// neither ask the worker again nor need the model passed down.

import { createContext, createElement, useContext, useMemo, type ReactNode } from 'react';
import type { EmbeddingTables } from '../../shared/protocol';
import type { Mat } from '../../shared/trace';

export interface WordsData {
  vocab: readonly string[];
  /** The token-embedding matrix, row = id of `vocab`; null until it arrives or when it is another model's. */
  matrix: Mat | null;
}

const EMPTY: WordsData = { vocab: [], matrix: null };
const WordsContext = createContext<WordsData>(EMPTY);

function sameVocab(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((w, i) => w === b[i]);
}

export function WordsProvider({ vocab, tables, children }: { vocab: readonly string[] | undefined; tables: EmbeddingTables | null; children: ReactNode }): ReactNode {
  const value = useMemo<WordsData>(() => {
    const v = vocab ?? [];
    // Tables of another model (an imported checkpoint, before its own tables arrive) are not used.
    const matrix = tables && sameVocab(tables.vocab, v) && tables.matrix.rows === v.length ? tables.matrix : null;
    return { vocab: v, matrix };
  }, [vocab, tables]);
  return createElement(WordsContext.Provider, { value }, children);
}

export function useWords(): WordsData {
  return useContext(WordsContext);
}
