// The numbers the Embeddings and Positional panels receive: the worker's `embeddings` answer
// (ModelHost.embeddings) equals the closed form sin(pos / 10000^(2i/d)) / cos(…) computed here in
// float64, or the learned table of the checkpoint; the token matrix is the one the trace looks rows
// up in; and the panels' derived data (columns, dot products, the selected token's strips) match a
// direct computation.

import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../../src/cli/backend';
import { Transformer } from '../../src/model/transformer';
import { encodeCheckpoint } from '../../src/model/checkpoint';
import { corefVocabulary } from '../../src/data/coref';
import { presetConfig } from '../../src/shared/config';
import type { Mat } from '../../src/shared/trace';
import { ModelHost } from '../../src/worker/modelHost';
import { dotSimilarity, tableColumn, dimensionKind, wavelength } from '../../src/panels/positional/data';
import { sumStrips } from '../../src/panels/embeddings/data';

beforeAll(async () => {
  await initNodeBackend();
});

/** P[pos, 2i] = sin(pos / 10000^(2i/d)), P[pos, 2i+1] = cos(…), written out independently. */
function closedForm(pos: number, dim: number, d: number): number {
  const i = Math.floor(dim / 2);
  const angle = pos / 10000 ** ((2 * i) / d);
  return dim % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
}

function maxDiffToClosedForm(m: Mat): number {
  let worst = 0;
  for (let p = 0; p < m.rows; p++) for (let c = 0; c < m.cols; c++) worst = Math.max(worst, Math.abs(m.data[p * m.cols + c] - closedForm(p, c, m.cols)));
  return worst;
}

describe('embeddings request: sinusoidal model', () => {
  const host = new ModelHost();

  it('the position table equals the closed form, and the trace adds exactly its rows', async () => {
    host.installRandom({ kind: 'no-shipped-checkpoint' });
    const tables = await host.embeddings();
    const c = host.info().config;
    expect(tables.positional).toBe('sinusoidal');
    expect([tables.positionTable.rows, tables.positionTable.cols]).toEqual([c.contextLength, c.dModel]);
    expect(maxDiffToClosedForm(tables.positionTable)).toBeLessThan(1e-6);
    expect(maxDiffToClosedForm(tables.sinusoidal)).toBeLessThan(1e-6);
    // Spot values a learner can check by hand.
    expect(tables.positionTable.data[0]).toBe(0); // sin 0
    expect(tables.positionTable.data[1]).toBe(1); // cos 0
    expect(tables.positionTable.data[c.dModel]).toBeCloseTo(Math.sin(1), 7); // P[1, 0]

    const r = await host.trace('the animal didn\'t cross the street because it was too tired .');
    const t = r.trace;
    for (let p = 0; p < r.ids.length; p++) {
      for (let j = 0; j < c.dModel; j++) {
        expect(t.positional.data[p * c.dModel + j]).toBeCloseTo(tables.positionTable.data[p * c.dModel + j], 6);
        // The embedding row of the trace is row ids[p] of the matrix the panel plots (× embeddingScale).
        expect(t.embedding.data[p * c.dModel + j]).toBeCloseTo(tables.embeddingScale * tables.matrix.data[r.ids[p] * c.dModel + j], 6);
      }
    }
    expect(tables.vocab).toEqual(host.info().vocab);
    expect(tables.revision).toBe(host.info().revision);
  });

  it('the selected token\'s strips are the trace rows, and input = embedding + position', async () => {
    const r = await host.trace('the cat was too tired .');
    const d = r.trace.config.dModel;
    const pos = 3;
    const s = sumStrips(r.trace, pos);
    expect([s.rows, s.cols]).toEqual([3, d]);
    for (let j = 0; j < d; j++) {
      expect(s.data[j]).toBe(r.trace.embedding.data[pos * d + j]);
      expect(s.data[d + j]).toBe(r.trace.positional.data[pos * d + j]);
      expect(s.data[2 * d + j]).toBe(r.trace.input.data[pos * d + j]);
      expect(s.data[2 * d + j]).toBeCloseTo(s.data[j] + s.data[d + j], 5);
    }
  });
});

describe('embeddings request: learned positions', () => {
  it('returns the checkpoint\'s learned table, and the sinusoidal closed form beside it', async () => {
    const vocab = corefVocabulary();
    const config = { ...presetConfig('nano', vocab.length), positional: 'learned' as const, contextLength: 16 };
    const model = Transformer.init(config, 7);
    const weights = await model.readWeights();
    model.dispose();
    const files = encodeCheckpoint({ config, tokenizer: { kind: 'word', vocab }, training: { step: 0, seed: 7, corpus: '' }, weights });
    const host = new ModelHost();
    host.importFiles(files, 'imported');
    const tables = await host.embeddings();
    expect(tables.positional).toBe('learned');
    expect(Array.from(tables.positionTable.data)).toEqual(Array.from(weights.get('embedding/position')!));
    expect(Array.from(tables.matrix.data)).toEqual(Array.from(weights.get('embedding/token')!));
    expect(maxDiffToClosedForm(tables.sinusoidal)).toBeLessThan(1e-6);
    expect(maxDiffToClosedForm(tables.positionTable)).toBeGreaterThan(0.1);
  });
});

describe('positional panel data', () => {
  const d = 8;
  const n = 6;
  const table: Mat = { rows: n, cols: d, data: new Float32Array(n * d) };
  for (let p = 0; p < n; p++) for (let c = 0; c < d; c++) table.data[p * d + c] = closedForm(p, c, d);

  it('a curve is one column of the table', () => {
    expect(Array.from(tableColumn(table, 3))).toEqual(Array.from({ length: n }, (_, p) => Math.fround(closedForm(p, 3, d))));
  });

  it('similarity is the plain dot product; its diagonal is d/2 for the sinusoidal table', () => {
    const s = dotSimilarity(table);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let want = 0;
        for (let c = 0; c < d; c++) want += closedForm(i, c, d) * closedForm(j, c, d);
        expect(s.data[i * n + j]).toBeCloseTo(want, 5);
      }
      expect(s.data[i * n + i]).toBeCloseTo(d / 2, 5);
    }
    // Closed form of the dot product: Σ_i cos((p − q)·ω_i), depends only on the distance.
    expect(s.data[1 * n + 3]).toBeCloseTo(s.data[2 * n + 4], 5);
  });

  it('names and wavelengths of dimensions', () => {
    expect(dimensionKind(4)).toEqual({ fn: 'sin', i: 2 });
    expect(dimensionKind(5)).toEqual({ fn: 'cos', i: 2 });
    expect(wavelength(0, 64)).toBeCloseTo(2 * Math.PI, 10);
    expect(wavelength(63, 64)).toBeCloseTo(2 * Math.PI * 10000 ** (62 / 64), 6);
  });
});
