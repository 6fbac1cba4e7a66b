// Cosine nearest neighbours and category purity (src/shared/neighbours.ts) against an independent
// brute-force computation (float64, full sort), on hand-made matrices whose answers are known, and
// the embedding figures of `npm run cli -- embeddings` (src/train/embeddingStats.ts).

import { describe, expect, it } from 'vitest';
import { categoryRows, corefWordCategories } from '../../src/data/wordCategories';
import { corefVocabulary } from '../../src/data/coref';
import { categoryPurity, cosine, nearestByDistance, nearestNeighbours, rowNorms } from '../../src/shared/neighbours';
import type { Mat } from '../../src/shared/trace';
import { embeddingStats } from '../../src/train/embeddingStats';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function randomMat(rows: number, cols: number, seed: number): Mat {
  const r = rng(seed);
  const data = new Float32Array(rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = r() * 2 - 1;
  return { rows, cols, data };
}

/** Independent reference: every similarity by Math.hypot norms, then a full sort. */
function bruteForce(m: Mat, q: number, k: number, candidates?: number[]): { id: number; similarity: number }[] {
  const row = (i: number): number[] => Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols));
  const a = row(q);
  const na = Math.hypot(...a);
  const ids = (candidates ?? Array.from({ length: m.rows }, (_, i) => i)).filter((i) => i !== q);
  return ids
    .map((id) => {
      const b = row(id);
      const nb = Math.hypot(...b);
      const dot = a.reduce((s, x, i) => s + x * b[i], 0);
      return { id, similarity: na > 0 && nb > 0 ? dot / (na * nb) : 0 };
    })
    .sort((x, y) => y.similarity - x.similarity || x.id - y.id)
    .slice(0, k);
}

describe('nearestNeighbours', () => {
  it('equals a brute-force cosine ranking on random matrices (every row, several k)', () => {
    for (const [rows, cols, seed] of [[30, 8, 1], [200, 16, 2], [57, 3, 3]]) {
      const m = randomMat(rows, cols, seed);
      const norms = rowNorms(m);
      for (let q = 0; q < rows; q += 7) {
        for (const k of [1, 3, 10]) {
          const got = nearestNeighbours(m, q, k, { norms });
          const ref = bruteForce(m, q, k);
          expect(got.map((n) => n.id)).toEqual(ref.map((n) => n.id));
          got.forEach((n, i) => expect(n.similarity).toBeCloseTo(ref[i].similarity, 10));
        }
      }
    }
  });

  it('searches only the candidates when given, never returns the query, and copes with k > rows', () => {
    const m = randomMat(40, 5, 9);
    const candidates = [3, 5, 8, 13, 21, 34, 0];
    const got = nearestNeighbours(m, 5, 4, { candidates });
    expect(got.map((n) => n.id)).toEqual(bruteForce(m, 5, 4, candidates).map((n) => n.id));
    expect(got.some((n) => n.id === 5)).toBe(false);
    expect(nearestNeighbours(m, 0, 100)).toHaveLength(39);
    expect(nearestNeighbours(m, 0, 0)).toEqual([]);
    expect(() => nearestNeighbours(m, 40, 3)).toThrow(RangeError);
  });

  it('knows a hand-made case: direction matters, length does not; a zero row has similarity 0', () => {
    // rows: 0 = (1, 0), 1 = (10, 1) (nearly the same direction, 10× longer), 2 = (0, 1), 3 = (−1, 0), 4 = (0, 0)
    const m: Mat = { rows: 5, cols: 2, data: new Float32Array([1, 0, 10, 1, 0, 1, -1, 0, 0, 0]) };
    const got = nearestNeighbours(m, 0, 4);
    expect(got.map((n) => n.id)).toEqual([1, 2, 4, 3]);
    expect(got[0].similarity).toBeCloseTo(10 / Math.sqrt(101), 12);
    expect(got[1].similarity).toBe(0);
    expect(got[2].similarity).toBe(0); // ties at 0: the lower row first
    expect(got[3].similarity).toBeCloseTo(-1, 12);
    expect(cosine(m, 0, 4)).toBe(0);
  });
});

describe('categoryPurity', () => {
  it('is 1 for well-separated clusters and equals the brute-force definition on random data', () => {
    // Three clusters around orthogonal directions: every neighbour is in its own cluster.
    const r = rng(5);
    const centres = [[1, 0, 0], [0, 1, 0], [0, 0, 1]];
    const data: number[] = [];
    const cats: number[][] = [[], [], []];
    for (let i = 0; i < 15; i++) {
      const c = i % 3;
      cats[c].push(i);
      data.push(...centres[c].map((x) => x + (r() - 0.5) * 0.2));
    }
    const clustered: Mat = { rows: 15, cols: 3, data: new Float32Array(data) };
    const p = categoryPurity(clustered, cats, 3);
    expect(p.value).toBe(1);
    expect(p.byCategory).toEqual([1, 1, 1]);
    expect(p.chance).toBeCloseTo((3 * 5 * 4) / (15 * 14), 12);
    expect(p.words).toBe(15);

    const m = randomMat(60, 6, 11);
    const categories = [[0, 4, 9, 17, 22], [1, 2, 3, 30, 31, 32, 33], [40, 41, 42, 43], [50, 51, 52, 53, 54, 55]];
    const words = categories.flat();
    const catOf = new Map(categories.flatMap((rows, c) => rows.map((w) => [w, c] as const)));
    let sum = 0;
    for (const w of words) sum += bruteForce(m, w, 3, words).filter((n) => catOf.get(n.id) === catOf.get(w)).length / 3;
    const got = categoryPurity(m, categories, 3);
    expect(got.value).toBeCloseTo(sum / words.length, 12);
    const n = words.length;
    expect(got.chance).toBeCloseTo((5 * 4 + 7 * 6 + 4 * 3 + 6 * 5) / (n * (n - 1)), 12);
  });

  it("with nearness 'distance' (points on the map): Euclidean neighbours, where length matters", () => {
    // Two categories in the same direction at different lengths: cosine cannot tell them apart, distance can.
    const r = rng(7);
    const data: number[] = [];
    const cats: number[][] = [[], []];
    for (let i = 0; i < 12; i++) {
      const c = i % 2;
      cats[c].push(i);
      data.push((c === 0 ? 1 : 5) + (r() - 0.5) * 0.2, (r() - 0.5) * 0.02);
    }
    const line: Mat = { rows: 12, cols: 2, data: new Float32Array(data) };
    expect(categoryPurity(line, cats, 3, 'distance').value).toBe(1);
    expect(categoryPurity(line, cats, 3).value).toBeLessThan(0.9);

    // Random points against a brute-force Euclidean ranking (full sort, ties: lower row first).
    const m = randomMat(80, 2, 13);
    const categories = [[0, 5, 9, 12, 40, 41], [1, 2, 3, 60, 61], [20, 21, 22, 23, 70, 71, 72]];
    const words = categories.flat();
    const catOf = new Map(categories.flatMap((rows, c) => rows.map((w) => [w, c] as const)));
    const at = (i: number): number[] => Array.from(m.data.subarray(i * 2, i * 2 + 2));
    let sum = 0;
    for (const w of words) {
      const near = words
        .filter((o) => o !== w)
        .map((o) => ({ o, d: Math.hypot(at(o)[0] - at(w)[0], at(o)[1] - at(w)[1]) }))
        .sort((x, y) => x.d - y.d || x.o - y.o)
        .slice(0, 3);
      sum += near.filter((n) => catOf.get(n.o) === catOf.get(w)).length / 3;
    }
    expect(categoryPurity(m, categories, 3, 'distance').value).toBeCloseTo(sum / words.length, 12);
    expect(nearestByDistance(m, 0, 3, words).map((n) => n.id)).toEqual(
      words
        .filter((o) => o !== 0)
        .sort((x, y) => Math.hypot(at(x)[0] - at(0)[0], at(x)[1] - at(0)[1]) - Math.hypot(at(y)[0] - at(0)[0], at(y)[1] - at(0)[1]) || x - y)
        .slice(0, 3),
    );
  });

  it('rejects a row in two categories, a row outside the matrix, and too few rows', () => {
    const m = randomMat(10, 3, 1);
    expect(() => categoryPurity(m, [[0, 1], [1, 2]], 1)).toThrow(/two categories/);
    expect(() => categoryPurity(m, [[0, 12]], 1)).toThrow(RangeError);
    expect(() => categoryPurity(m, [[0, 1], [2]], 3)).toThrow(/more categorised rows/);
  });
});

describe('the coreference corpus word categories', () => {
  it('are the seven English lists of CONTRACT §4, each word once, every one a token of the vocabulary', () => {
    const cats = corefWordCategories();
    expect(cats.map((c) => c.id)).toEqual(['animate', 'place', 'animateAdj', 'placeAdj', 'object', 'container', 'size']);
    const all = cats.flatMap((c) => c.words);
    expect(new Set(all).size).toBe(all.length);
    expect(all).toHaveLength(54);
    expect(cats.find((c) => c.id === 'size')!.words).toEqual(['big', 'large', 'tall', 'small', 'tiny', 'full']);
    expect(cats.find((c) => c.id === 'placeAdj')!.words).toContain('narrow');
    const rows = categoryRows(corefVocabulary());
    expect(rows.flatMap((c) => c.rows)).toHaveLength(54);
    expect(categoryRows(['<pad>', 'dog', 'cat']).find((c) => c.id === 'animate')).toEqual({ id: 'animate', words: ['dog', 'cat'], rows: [1, 2] });
  });

  it('embeddingStats: purity 1 and one dominant direction when each category is one direction', () => {
    const vocab = corefVocabulary();
    const d = 16;
    const data = new Float32Array(vocab.length * d);
    const r = rng(2);
    categoryRows(vocab).forEach((c, ci) => {
      for (const row of c.rows) for (let j = 0; j < d; j++) data[row * d + j] = (j === ci ? 5 : 0) + (r() - 0.5) * 0.1;
    });
    const stats = embeddingStats({ rows: vocab.length, cols: d, data }, vocab);
    expect(stats.purity.value).toBe(1);
    expect(stats.purity.k).toBe(3);
    expect(stats.purity.chance).toBeCloseTo(390 / (54 * 53), 12);
    expect(stats.neighbours.animal.map((n) => n.token).every((t) => corefWordCategories()[0].words.includes(t))).toBe(true);
    expect(stats.pca.top2Share).toBeGreaterThan(0.25);
    expect(stats.pca.top2Share).toBeLessThan(1);
    expect(stats.pca.top2Share).toBeCloseTo(stats.pca.shares[0] + stats.pca.shares[1], 12);
  });
});

describe('the Embeddings panel helpers', () => {
  it('search every token but the specials, and list the same neighbours as the brute force over them', async () => {
    const { searchableIds, panelNeighbours, PANEL_NEIGHBOURS } = await import('../../src/panels/embeddings/neighbours');
    const vocab = corefVocabulary();
    const ids = searchableIds(vocab);
    expect(ids.map((i) => vocab[i])).not.toContain('<pad>');
    expect(ids.map((i) => vocab[i])).not.toContain('<bos>');
    expect(ids).toHaveLength(vocab.length - 3);
    const m = randomMat(vocab.length, 12, 4);
    const animal = vocab.indexOf('animal');
    const got = panelNeighbours(m, animal, ids, rowNorms(m));
    expect(got).toHaveLength(PANEL_NEIGHBOURS);
    expect(got.map((n) => n.id)).toEqual(bruteForce(m, animal, PANEL_NEIGHBOURS, ids).map((n) => n.id));
    expect(panelNeighbours(m, -1, ids, rowNorms(m))).toEqual([]);
    expect(panelNeighbours(m, vocab.length, ids, rowNorms(m))).toEqual([]);
  });

  it('state the purity only when categories are known and there are enough of them', async () => {
    const { panelPurity, categoryOfIds } = await import('../../src/panels/embeddings/neighbours');
    const vocab = corefVocabulary();
    const m = randomMat(vocab.length, 12, 8);
    const categories = categoryRows(vocab).map(({ id, rows }) => ({ id, rows }));
    const p = panelPurity(m, categories)!;
    expect(p.value).toBeCloseTo(categoryPurity(m, categories.map((c) => c.rows), 3).value, 12);
    expect(p.map).toBeNull();
    // Given the rows' map coordinates, the purity of the points on the map (by distance).
    const points = randomMat(vocab.length, 2, 9);
    const onMap = panelPurity(m, categories, Float64Array.from(points.data))!;
    expect(onMap.map).toBeCloseTo(categoryPurity(points, categories.map((c) => c.rows), 3, 'distance').value, 12);
    expect(onMap.value).toBe(p.value);
    expect(p.categories).toBe(7);
    expect(p.words).toBe(54);
    expect(panelPurity(m, undefined)).toBeNull();
    expect(panelPurity(m, [{ id: 'animate', rows: [4, 5] }])).toBeNull();
    // Rows outside the matrix (another model's tables) are not counted.
    expect(panelPurity(m, [{ id: 'a', rows: [4, 5, 900] }, { id: 'b', rows: [6, 7] }])!.words).toBe(4);
    expect(categoryOfIds(categories).get(vocab.indexOf('street'))).toBe('place');
  });
});
