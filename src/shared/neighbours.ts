// Nearest neighbours of a token-embedding row by cosine similarity, and the category purity of those
// neighbours, in plain TypeScript (no TF.js): the Embeddings panel lists a word's neighbours with it,
// and `npm run cli -- embeddings` measures how well the embedding matrix groups the corpus's word
// categories with it.
//
//   cos(a, b) = a·b / (‖a‖ ‖b‖)           (0 when either row is all zeros)
//
// Purity (k nearest, over categories C₁…C_m of rows, each row in at most one category; W = ∪ Cᵢ):
//   for each w ∈ W, take its k rows of W \ {w} with the highest cosine similarity (ties: lower row
//   first); purity(w) = (how many of them are in w's category) / k; purity = mean over w ∈ W.
//   Chance = the expected share for neighbours drawn at random from W \ {w}:
//   Σᵢ |Cᵢ|(|Cᵢ| − 1) / (|W|(|W| − 1)).
// The same purity on the panel's map ("map purity") takes the k nearest points of the rows' 2-D PCA
// coordinates by Euclidean distance instead of the k most similar rows by cosine.

import type { Mat } from './trace';

export interface Neighbour {
  /** Row of the matrix (token id). */
  id: number;
  /** Cosine similarity with the query row, −1…1. */
  similarity: number;
}

/** Euclidean length of every row, in float64. */
export function rowNorms(m: Mat): Float64Array {
  const { rows, cols, data } = m;
  const out = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let s = 0;
    const o = r * cols;
    for (let c = 0; c < cols; c++) s += data[o + c] * data[o + c];
    out[r] = Math.sqrt(s);
  }
  return out;
}

/** Cosine similarity of rows a and b (0 when either is all zeros). */
export function cosine(m: Mat, a: number, b: number, norms?: Float64Array): number {
  const { cols, data } = m;
  let dot = 0;
  const oa = a * cols;
  const ob = b * cols;
  for (let c = 0; c < cols; c++) dot += data[oa + c] * data[ob + c];
  const na = norms ? norms[a] : Math.sqrt(rowDot(m, a, a));
  const nb = norms ? norms[b] : Math.sqrt(rowDot(m, b, b));
  return na > 0 && nb > 0 ? dot / (na * nb) : 0;
}

function rowDot(m: Mat, a: number, b: number): number {
  let s = 0;
  for (let c = 0; c < m.cols; c++) s += m.data[a * m.cols + c] * m.data[b * m.cols + c];
  return s;
}

export interface NeighbourOptions {
  /** Rows to search (default: every row). The query row itself is never returned. */
  candidates?: readonly number[];
  /** rowNorms(m), when the caller has it already (it is the same for every query of one matrix). */
  norms?: Float64Array;
}

/**
 * The `k` rows with the highest `score`, highest first (equal scores: lower row first), the query
 * row left out. One pass over the candidates with a sorted buffer of k: O(rows · k) plus the scores.
 */
function bestRows(rows: number, query: number, k: number, score: (id: number) => number, candidates?: readonly number[]): Neighbour[] {
  if (!Number.isInteger(query) || query < 0 || query >= rows) throw new RangeError(`row ${query} is not a row of a ${rows}-row matrix`);
  const best: Neighbour[] = [];
  const want = Math.max(0, Math.floor(k));
  if (want === 0) return best;
  const consider = (id: number): void => {
    if (id === query) return;
    const similarity = score(id);
    if (best.length === want) {
      const last = best[want - 1];
      if (similarity < last.similarity || (similarity === last.similarity && id > last.id)) return;
      best.pop();
    }
    let at = best.length;
    while (at > 0 && (best[at - 1].similarity < similarity || (best[at - 1].similarity === similarity && best[at - 1].id > id))) at--;
    best.splice(at, 0, { id, similarity });
  };
  if (candidates) for (const id of candidates) consider(id);
  else for (let id = 0; id < rows; id++) consider(id);
  return best;
}

/** The `k` rows most similar to row `query` by cosine, most similar first (equal similarities: lower row first). */
export function nearestNeighbours(m: Mat, query: number, k: number, opts: NeighbourOptions = {}): Neighbour[] {
  const norms = opts.norms ?? rowNorms(m);
  return bestRows(m.rows, query, k, (id) => cosine(m, query, id, norms), opts.candidates);
}

/** The `k` rows nearest to row `query` by Euclidean distance, nearest first; `similarity` is minus the squared distance. */
export function nearestByDistance(m: Mat, query: number, k: number, candidates?: readonly number[]): Neighbour[] {
  const { cols, data } = m;
  return bestRows(
    m.rows,
    query,
    k,
    (id) => {
      let s = 0;
      for (let c = 0; c < cols; c++) s += (data[query * cols + c] - data[id * cols + c]) ** 2;
      return -s;
    },
    candidates,
  );
}

export interface PurityResult {
  k: number;
  /** Mean over the categorised rows of the share of their k nearest neighbours in their own category. */
  value: number;
  /** The expected value for neighbours drawn at random from the other categorised rows. */
  chance: number;
  /** How many rows were categorised (|W|). */
  words: number;
  /** The mean purity of the rows of each category, in the order given. */
  byCategory: number[];
}

/**
 * Nearest-neighbour category purity (definition at the top of this file): neighbours by cosine, or by
 * Euclidean distance (`nearness: 'distance'`, for points on the map). `categories` lists the rows of
 * each category; a row listed twice, or outside the matrix, is an error. Needs |W| > k.
 */
export function categoryPurity(m: Mat, categories: readonly (readonly number[])[], k = 3, nearness: 'cosine' | 'distance' = 'cosine'): PurityResult {
  const categoryOf = new Map<number, number>();
  categories.forEach((rows, c) => {
    for (const r of rows) {
      if (!Number.isInteger(r) || r < 0 || r >= m.rows) throw new RangeError(`row ${r} is not a row of a ${m.rows}-row matrix`);
      if (categoryOf.has(r)) throw new Error(`row ${r} is in two categories`);
      categoryOf.set(r, c);
    }
  });
  const words = [...categoryOf.keys()];
  const n = words.length;
  if (!(n > k) || k < 1) throw new Error(`purity needs more categorised rows (${n}) than neighbours (${k})`);
  const norms = rowNorms(m);
  const sums = new Float64Array(categories.length);
  let total = 0;
  for (const w of words) {
    const own = categoryOf.get(w) as number;
    const near = nearness === 'cosine' ? nearestNeighbours(m, w, k, { candidates: words, norms }) : nearestByDistance(m, w, k, words);
    const same = near.filter((nb) => categoryOf.get(nb.id) === own).length;
    total += same / k;
    sums[own] += same / k;
  }
  let pairs = 0;
  for (const rows of categories) pairs += rows.length * (rows.length - 1);
  return {
    k,
    value: total / n,
    chance: pairs / (n * (n - 1)),
    words: n,
    byCategory: categories.map((rows, c) => (rows.length > 0 ? sums[c] / rows.length : 0)),
  };
}

/** The purity of the categorised rows' points on a 2-D map (`points[row * 2 + j]`, e.g. PCA coordinates), by distance. */
export function mapPurity(points: ArrayLike<number>, categories: readonly (readonly number[])[], k = 3): number {
  return categoryPurity({ rows: points.length / 2, cols: 2, data: Float32Array.from(points) }, categories, k, 'distance').value;
}
