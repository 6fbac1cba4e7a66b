// How well a model's token embeddings group its corpus's word categories (`npm run cli -- embeddings`,
// the shipped-checkpoint test): nearest-neighbour category purity (k = 3, cosine; definition in
// src/shared/neighbours.ts) over the coreference corpus's seven English categories
// (src/data/wordCategories.ts), the share of the variance the Embeddings panel's two PCA axes keep
// (PCA over every row of the matrix, as the panel computes it), the purity on that two-axis map (the
// 3 nearest points by distance), and each categorised word's nearest neighbours in the whole
// vocabulary (what the panel lists). No TF.js.

import { categoryRows, corefWordCategories, type WordCategoryId } from '../data/wordCategories';
import { categoryPurity, mapPurity, nearestNeighbours, rowNorms } from '../shared/neighbours';
import { pca } from '../shared/pca';
import type { Mat } from '../shared/trace';

/** Neighbours per word in the purity (the k). */
export const PURITY_K = 3;

export interface EmbeddingStats {
  purity: {
    k: number;
    value: number;
    chance: number;
    words: number;
    byCategory: Record<WordCategoryId, number>;
  };
  pca: {
    /** Variance of the first two principal components over the total variance of all d coordinates. */
    top2Share: number;
    /** The first and the second component's shares. */
    shares: [number, number];
    rows: number;
    /** Category purity (k as above) of the categorised words' points on the two-axis map, by Euclidean distance. */
    mapPurity: number;
  };
  /** Each categorised word's `neighbourCount` nearest tokens of the whole vocabulary (cosine). */
  neighbours: Record<string, { token: string; similarity: number }[]>;
}

/** The figures of a [vocab, d] token-embedding matrix whose row i is `vocab[i]`. */
export function embeddingStats(matrix: Mat, vocab: readonly string[], opts: { k?: number; neighbourCount?: number } = {}): EmbeddingStats {
  if (matrix.rows !== vocab.length) throw new Error(`the matrix has ${matrix.rows} rows for ${vocab.length} tokens`);
  const k = opts.k ?? PURITY_K;
  const count = opts.neighbourCount ?? PURITY_K;
  const categories = categoryRows(vocab, corefWordCategories());
  const purity = categoryPurity(
    matrix,
    categories.map((c) => c.rows),
    k,
  );
  const p = pca(matrix, 2);
  const share = (i: number): number => (p.totalVariance > 0 ? (p.eigenvalues[i] ?? 0) / p.totalVariance : 0);
  const norms = rowNorms(matrix);
  const neighbours: EmbeddingStats['neighbours'] = {};
  for (const c of categories) {
    c.words.forEach((word, i) => {
      neighbours[word] = nearestNeighbours(matrix, c.rows[i], count, { norms }).map((n) => ({ token: vocab[n.id], similarity: n.similarity }));
    });
  }
  return {
    purity: {
      k,
      value: purity.value,
      chance: purity.chance,
      words: purity.words,
      byCategory: Object.fromEntries(categories.map((c, i) => [c.id, purity.byCategory[i]])) as Record<WordCategoryId, number>,
    },
    pca: { top2Share: share(0) + share(1), shares: [share(0), share(1)], rows: matrix.rows, mapPurity: mapPurity(p.projected, categories.map((c) => c.rows), k) },
    neighbours,
  };
}
