// What the Embeddings panel lists and states about similar vectors (pure, unit-tested): a token's
// nearest neighbours by cosine over the model's token-embedding matrix (special tokens left out), and,
// for a model whose corpus has known word categories, the measured category purity (of the vectors,
// and of their points on the two-axis map).

import { categoryPurity, mapPurity, nearestNeighbours, type Neighbour, type PurityResult } from '../../shared/neighbours';
import type { EmbeddingCategory } from '../../shared/protocol';
import type { Mat } from '../../shared/trace';
import { isSpecialToken } from '../words/words';

/** How many neighbours the panel lists. */
export const PANEL_NEIGHBOURS = 5;
/** Neighbours per word in the purity the panel states (as `npm run cli -- embeddings`). */
export const PANEL_PURITY_K = 3;

/** The ids the panel searches: every token but the specials (<pad>, <unk>, <bos>, <eos>). */
export function searchableIds(vocab: readonly string[]): number[] {
  const ids: number[] = [];
  vocab.forEach((w, i) => {
    if (!isSpecialToken(w)) ids.push(i);
  });
  return ids;
}

/** The `k` nearest tokens of token `id` (none for an id outside the matrix). */
export function panelNeighbours(matrix: Mat, id: number, candidates: readonly number[], norms: Float64Array, k = PANEL_NEIGHBOURS): Neighbour[] {
  if (!Number.isInteger(id) || id < 0 || id >= matrix.rows) return [];
  return nearestNeighbours(matrix, id, k, { candidates, norms });
}

/**
 * The purity of the categories (null when there are none, or too few words to measure), and, given
 * the rows' 2-D PCA coordinates (`projected[row * 2 + j]`), the same purity of their points on the map.
 */
export function panelPurity(
  matrix: Mat,
  categories: readonly EmbeddingCategory[] | undefined,
  projected?: Float64Array,
): (PurityResult & { categories: number; map: number | null }) | null {
  if (!categories) return null;
  const used = categories.map((c) => c.rows.filter((r) => r >= 0 && r < matrix.rows)).filter((rows) => rows.length > 0);
  const words = used.reduce((s, rows) => s + rows.length, 0);
  if (words <= PANEL_PURITY_K) return null;
  const map = projected && projected.length === matrix.rows * 2 ? mapPurity(projected, used, PANEL_PURITY_K) : null;
  return { ...categoryPurity(matrix, used, PANEL_PURITY_K), categories: used.length, map };
}

/** The category id of each token id that has one. */
export function categoryOfIds(categories: readonly EmbeddingCategory[] | undefined): Map<number, string> {
  const out = new Map<number, string>();
  for (const c of categories ?? []) for (const r of c.rows) out.set(r, c.id);
  return out;
}
