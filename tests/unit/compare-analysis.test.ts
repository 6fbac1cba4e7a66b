// The Compare view's numbers (src/panels/compare/analysis.ts, schema.ts): first difference, row L1,
// difference map and head ranking against direct computations on small hand-made traces; and on the
// shipped model, every row before the first differing word is exactly equal (the causal mask).

import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../../src/cli/backend';
import { DEFAULT_CHECKPOINT_DIR, readCheckpointDir } from '../../src/cli/io';
import { Tokenizer } from '../../src/data/tokenizer';
import { Transformer } from '../../src/model/transformer';
import type { ForwardTrace, Mat } from '../../src/shared/trace';
import { differenceMap, firstDifference, rowL1, shiftTable } from '../../src/panels/compare/analysis';
import { findCandidates, withClause } from '../../src/panels/compare/schema';

function mat(rows: number[][]): Mat {
  return { rows: rows.length, cols: rows[0].length, data: Float32Array.from(rows.flat()) };
}

/** A fake trace with the given attention weights per [layer][head]. */
function fakeTrace(weights: Mat[][]): ForwardTrace {
  const t = weights[0][0].rows;
  return {
    config: { vocabSize: 5, dModel: 4, nHeads: weights[0].length, nLayers: weights.length, dFF: 4, contextLength: 8, norm: 'post', positional: 'sinusoidal', embeddingScale: 1, lnEpsilon: 1e-5, tiedOutput: false },
    ids: Array.from({ length: t }, (_, i) => i),
    layers: weights.map((heads) => ({ weights: heads })),
  } as unknown as ForwardTrace;
}

describe('compare analysis', () => {
  it('firstDifference', () => {
    expect(firstDifference(['a', 'b', 'c'], ['a', 'x', 'c'])).toBe(1);
    expect(firstDifference(['a', 'b'], ['a', 'b'])).toBe(null);
    expect(firstDifference(['a', 'b'], ['a', 'b', 'c'])).toBe(2);
  });

  it('rowL1 over the visible keys and the difference map B − A', () => {
    const a = mat([
      [1, 0, 0],
      [0.5, 0.5, 0],
      [0.2, 0.3, 0.5],
    ]);
    const b = mat([
      [1, 0, 0],
      [0.5, 0.5, 0],
      [0.6, 0.3, 0.1],
    ]);
    expect(rowL1(a, b, 0)).toBe(0);
    expect(rowL1(a, b, 1)).toBe(0);
    expect(rowL1(a, b, 2)).toBeCloseTo(0.8, 6);
    const d = differenceMap(a, b);
    expect(Array.from(d.data).map((x) => Number(x.toFixed(3)))).toEqual([0, 0, 0, 0, 0, 0, 0.4, 0, -0.4]);
  });

  it('shiftTable ranks heads by the mean shift from the first difference on', () => {
    const same = mat([
      [1, 0, 0],
      [0.5, 0.5, 0],
      [0.2, 0.3, 0.5],
    ]);
    const moved = mat([
      [1, 0, 0],
      [0.5, 0.5, 0],
      [0.7, 0.3, 0],
    ]);
    const a = fakeTrace([[same, same]]);
    const b = fakeTrace([[same, moved]]);
    const table = shiftTable(a, b, 2);
    expect(table.first).toBe(2);
    expect(table.maxBefore).toBe(0);
    expect(table.ranked[0]).toMatchObject({ layer: 0, head: 1, peakAt: 2 });
    expect(table.ranked[0].mean).toBeCloseTo(1.0, 6);
    expect(table.ranked[1]).toMatchObject({ layer: 0, head: 0, mean: 0 });
    expect(Array.from(table.byPosition.data).map((x) => Number(x.toFixed(3)))).toEqual([0, 0, 0, 0, 0, 1]);
  });
});

describe('schema: candidates and the appended clause', () => {
  it('finds the nouns and the expected referent', () => {
    expect(findCandidates("the animal didn't cross the street because it was too tired")).toEqual({ first: 'animal', second: 'street', expected: 'animal', adjective: 'tired' });
    expect(findCandidates("the animal didn't cross the street because it was too narrow")?.expected).toBe('street');
    expect(findCandidates("the trophy didn't fit in the suitcase because it was too big")?.expected).toBe('trophy');
    expect(findCandidates("the trophy didn't fit in the suitcase because it was too small")?.expected).toBe('suitcase');
    expect(findCandidates('动物没有过马路，因为它太窄了')).toEqual({ first: '动物', second: '马路', expected: '马路', adjective: '窄' });
    expect(findCandidates("the animal didn't cross the street because it was too purple")?.expected).toBe(null);
    expect(findCandidates('hello')).toBe(null);
    expect(findCandidates('')).toBe(null);
  });

  it('appends the resolution clause of the corpus', () => {
    expect(withClause("the animal didn't cross the street because it was too tired")).toBe("the animal didn't cross the street because it was too tired . it refers to the");
    expect(withClause('the dog was tired .')).toBe('the dog was tired . it refers to the');
    expect(withClause('动物没有过马路，因为它太累了。')).toBe('动物没有过马路，因为它太累了。它指的是');
  });
});

describe('the shipped model: the causal mask keeps every row before the first difference identical', () => {
  let model: Transformer;
  let tokenizer: Tokenizer;
  beforeAll(async () => {
    await initNodeBackend();
    const ckpt = await readCheckpointDir(DEFAULT_CHECKPOINT_DIR);
    model = Transformer.create(ckpt.config, ckpt.weights);
    tokenizer = new Tokenizer(ckpt.tokenizer.vocab);
  });

  it('tired / narrow and the Chinese pair', async () => {
    const pairs: [string, string][] = [
      ["the animal didn't cross the street because it was too tired", "the animal didn't cross the street because it was too narrow"],
      ['动物没有过马路，因为它太累了', '动物没有过马路，因为它太窄了'],
    ];
    for (const [sa, sb] of pairs) {
      const ea = tokenizer.encode(withClause(sa));
      const eb = tokenizer.encode(withClause(sb));
      const first = firstDifference(ea.tokens, eb.tokens);
      expect(first).not.toBe(null);
      const itPos = ea.tokens.findIndex((x) => x === 'it' || x === '它');
      expect(itPos).toBeGreaterThan(0);
      expect(itPos).toBeLessThan(first!);
      const table = shiftTable(await model.trace(ea.ids), await model.trace(eb.ids), first);
      expect(table.maxBefore).toBe(0);
      for (const r of table.ranked) expect(r.peakAt).toBeGreaterThanOrEqual(first!);
      expect(table.ranked[0].mean).toBeGreaterThan(0.1);
    }
  });
});
