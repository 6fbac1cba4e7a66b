// Issue 15: the shipped coreference checkpoint's token embeddings show what the Embeddings panel says —
// words of one category of the corpus are each other's nearest neighbours, also as points on the
// panel's two-axis PCA map, whose axes hold a share of the variance — while it still resolves every
// held-out case.
// The figures are computed here from the formulas, independently of src/shared/{neighbours,pca}.ts
// (which the panel and `npm run cli -- embeddings` use; the last test checks that they agree).

import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../../src/cli/backend';
import { DEFAULT_CHECKPOINT_DIR, readCheckpointDir } from '../../src/cli/io';
import { corefValidationCases } from '../../src/data/coref';
import { Tokenizer } from '../../src/data/tokenizer';
import { categoryRows } from '../../src/data/wordCategories';
import { Transformer } from '../../src/model/transformer';
import { evaluateCoref } from '../../src/train/corefEval';
import { embeddingStats } from '../../src/train/embeddingStats';

let E: number[][]; // [vocab, dModel]
let vocab: string[];
let model: Transformer;
let tokenizer: Tokenizer;
let seed: number;

beforeAll(async () => {
  await initNodeBackend();
  const c = await readCheckpointDir(DEFAULT_CHECKPOINT_DIR);
  const d = c.config.dModel;
  const flat = c.weights.get('embedding/token')!;
  E = Array.from({ length: c.config.vocabSize }, (_, r) => Array.from(flat.subarray(r * d, (r + 1) * d)));
  vocab = c.tokenizer.vocab;
  model = Transformer.create(c.config, c.weights);
  tokenizer = new Tokenizer(vocab);
  seed = c.training.seed;
});

const dot = (a: number[], b: number[]): number => a.reduce((s, x, i) => s + x * b[i], 0);
const cos = (a: number[], b: number[]): number => dot(a, b) / Math.sqrt(dot(a, a) * dot(b, b));

/** Share of each word's k cosine-nearest others (among the categorised words) in its own category, averaged. */
function purity(k: number): number {
  const cats = categoryRows(vocab);
  const words = cats.flatMap((c) => c.rows.map((row) => ({ row, cat: c.id })));
  let sum = 0;
  for (const w of words) {
    const near = words
      .filter((o) => o.row !== w.row)
      .map((o) => ({ o, s: cos(E[w.row], E[o.row]) }))
      .sort((a, b) => b.s - a.s)
      .slice(0, k);
    sum += near.filter((n) => n.o.cat === w.cat).length / k;
  }
  return sum / words.length;
}

/** Eigenvalues of a symmetric matrix by cyclic Jacobi rotations (float64), largest first, with their unit eigenvectors. */
function eigen(a: number[][]): { values: number[]; vectors: number[][] } {
  const n = a.length;
  const m = a.map((r) => [...r]);
  const v: number[][] = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += m[p][q] * m[p][q];
    if (off < 1e-22) break;
    for (let p = 0; p < n; p++)
      for (let q = p + 1; q < n; q++) {
        if (Math.abs(m[p][q]) < 1e-300) continue;
        const theta = (m[q][q] - m[p][p]) / (2 * m[p][q]);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const kp = m[k][p];
          const kq = m[k][q];
          m[k][p] = c * kp - s * kq;
          m[k][q] = s * kp + c * kq;
        }
        for (let k = 0; k < n; k++) {
          const pk = m[p][k];
          const qk = m[q][k];
          m[p][k] = c * pk - s * qk;
          m[q][k] = s * pk + c * qk;
        }
        for (let k = 0; k < n; k++) {
          const kp = v[k][p];
          const kq = v[k][q];
          v[k][p] = c * kp - s * kq;
          v[k][q] = s * kp + c * kq;
        }
      }
  }
  const order = m.map((r, i) => ({ value: r[i], i })).sort((x, y) => y.value - x.value);
  return { values: order.map((o) => o.value), vectors: order.map((o) => v.map((row) => row[o.i])) };
}

/** PCA of all rows of E: the first two components' share of the total variance, and every row's two coordinates. */
function pca2(): { share: number; points: number[][] } {
  const n = E.length;
  const d = E[0].length;
  const mean = Array.from({ length: d }, (_, j) => E.reduce((s, r) => s + r[j], 0) / n);
  const cov = Array.from({ length: d }, (_, i) =>
    Array.from({ length: d }, (_, j) => E.reduce((s, r) => s + (r[i] - mean[i]) * (r[j] - mean[j]), 0) / n),
  );
  const { values, vectors } = eigen(cov);
  const total = values.reduce((s, x) => s + x, 0);
  const points = E.map((r) => [0, 1].map((k) => r.reduce((s, x, j) => s + (x - mean[j]) * vectors[k][j], 0)));
  return { share: (values[0] + values[1]) / total, points };
}
const top2Share = (): number => pca2().share;

/** Purity (k = 3) of the categorised words' points on the two-axis map, by Euclidean distance. */
function mapPurity(): number {
  const { points } = pca2();
  const words = categoryRows(vocab).flatMap((c) => c.rows.map((row) => ({ row, cat: c.id })));
  let sum = 0;
  for (const w of words) {
    const near = words
      .filter((o) => o.row !== w.row)
      .map((o) => ({ o, dist: Math.hypot(points[o.row][0] - points[w.row][0], points[o.row][1] - points[w.row][1]) }))
      .sort((a, b) => a.dist - b.dist)
      .slice(0, 3);
    sum += near.filter((x) => x.o.cat === w.cat).length / 3;
  }
  return sum / words.length;
}

describe('shipped coreference checkpoint: embeddings that show what the panel says', () => {
  it('nearest-neighbour category purity (k = 3, cosine) ≥ 0.7', () => {
    expect(purity(3)).toBeGreaterThanOrEqual(0.7);
  });

  // The issue asks for ≥ 25 %; no recipe tried reached it with every held-out case right
  // (docs/coref-model.md: shipped 14.7 %, best 24.0 % at 92.7 % accuracy). This checks the figure the
  // docs report, above the 8.5 % of the checkpoint this one replaced.
  it('the two PCA axes of the panel hold 14–15 % of the variance (the 25 % asked for is not reached)', () => {
    const share = top2Share();
    expect(share).toBeGreaterThan(0.14);
    expect(share).toBeLessThan(0.15);
  });

  // What the share does not say: on the panel's two-axis map, a word's 3 nearest points are mostly of its own kind.
  it('on the two-axis map, purity (k = 3, by distance) ≥ 0.7', () => {
    expect(mapPurity()).toBeGreaterThanOrEqual(0.7);
  });

  it('the panel and the command line compute the same figures as the formulas here', () => {
    const d = E[0].length;
    const stats = embeddingStats({ rows: E.length, cols: d, data: Float32Array.from(E.flat()) }, vocab);
    expect(stats.purity.value).toBeCloseTo(purity(3), 9);
    expect(stats.pca.top2Share).toBeCloseTo(top2Share(), 4);
    expect(stats.pca.mapPurity).toBeCloseTo(mapPurity(), 9);
  });

  it('and still resolves every held-out case (100 %)', async () => {
    const report = await evaluateCoref(model, tokenizer, corefValidationCases(seed, { contextLength: model.config.contextLength }));
    expect(report.accuracy).toBe(1);
  }, 300_000);
});
