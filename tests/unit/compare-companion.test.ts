// The decoder-only model beside the translation model (src/worker/companion.ts and
// src/panels/compare/translate/companion.ts):
// - the card's numbers against direct computations on small hand-made traces;
// - the worker's companion, loaded over HTTP from the shipped coreference checkpoint by the same code
//   the browser runs (ModelHost.loadShipped), once, and reused (rebuilt from its weights after a
//   backend change); the model in use (a translation model here) is left as it was; a translation
//   checkpoint is refused; dispose frees every tensor;
// - on the shipped model: the row of "it" and the vector of "it" are exactly the same in A and B when
//   they differ after "it" (tired / narrow), and not when they differ before it; the last row moves,
//   ranked as an independent loop over the trace ranks it; the answers are the nouns the sentences mean.

import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../../src/cli/backend';
import { REPO_ROOT } from '../../src/cli/io';
import { CompanionService } from '../../src/worker/companion';
import { BadRequestError, ModelHost } from '../../src/worker/modelHost';
import type { CompanionTraceResult } from '../../src/shared/protocol';
import type { ForwardTrace, Mat } from '../../src/shared/trace';
import {
  companionSummary,
  firstDifferingToken,
  pronounPosition,
  rankDecoderRows,
  rowPeak,
  topNext,
  vectorDifference,
  type CompanionSide,
} from '../../src/panels/compare/translate/companion';
import { withClause } from '../../src/panels/compare/schema';

const TIRED = "the animal didn't cross the street because it was too tired";
const NARROW = "the animal didn't cross the street because it was too narrow";

function mat(rows: number[][]): Mat {
  return { rows: rows.length, cols: rows[0].length, data: Float32Array.from(rows.flat()) };
}

/** A hand-made decoder-only trace: attention weights per [layer][head], last-layer output, probabilities. */
function fakeTrace(weights: Mat[][], output: Mat, probs: Mat): ForwardTrace {
  return {
    config: { nLayers: weights.length, nHeads: weights[0].length },
    layers: weights.map((heads, l) => ({ weights: heads, output: l === weights.length - 1 ? output : output })),
    probs,
  } as unknown as ForwardTrace;
}

describe('the decoder-only card’s numbers on hand-made traces', () => {
  it('finds the sentence’s pronoun (not the clause’s), the first differing token and a row’s peak', () => {
    expect(pronounPosition(['<bos>', 'the', 'dog', 'because', 'it', 'was', '.', 'it', 'refers'])).toBe(4);
    expect(pronounPosition(['<bos>', '狗', '因为', '它', '太', '累'])).toBe(3);
    expect(pronounPosition(['<bos>', 'hello'])).toBe(-1);
    expect(firstDifferingToken(['a', 'b', 'c'], ['a', 'b', 'x'])).toBe(2);
    expect(firstDifferingToken(['a', 'b'], ['a', 'b'])).toBeNull();
    expect(firstDifferingToken(['a', 'b'], ['a', 'b', 'c'])).toBe(2);
    expect(rowPeak([0.1, 0.6, 0.3], ['x', 'y', 'z'])).toEqual({ position: 1, token: 'y', weight: expect.closeTo(0.6, 6) });
  });

  it('ranks heads by the L1 of a row, cut to what the row can see, largest first', () => {
    // Two layers × two heads, three positions; row 1 compared.
    const a = [
      [mat([[1, 0, 0], [0.5, 0.5, 0], [0.2, 0.3, 0.5]]), mat([[1, 0, 0], [0.9, 0.1, 0], [0.1, 0.1, 0.8]])],
      [mat([[1, 0, 0], [0.3, 0.7, 0], [0.3, 0.3, 0.4]]), mat([[1, 0, 0], [0.4, 0.6, 0], [0.6, 0.2, 0.2]])],
    ];
    const b = [
      [mat([[1, 0, 0], [0.5, 0.5, 0], [0.5, 0.3, 0.2]]), mat([[1, 0, 0], [0.2, 0.8, 0], [0.1, 0.1, 0.8]])],
      [mat([[1, 0, 0], [0.3, 0.7, 0], [0.3, 0.3, 0.4]]), mat([[1, 0, 0], [0.5, 0.5, 0], [0.6, 0.2, 0.2]])],
    ];
    const out = mat([[0, 0], [1, 2], [3, 4]]);
    const probs = mat([[0.5, 0.5], [0.5, 0.5], [0.25, 0.75]]);
    const sideA: CompanionSide = { tokens: ['<bos>', 'x', 'y'], trace: fakeTrace(a, out, probs) };
    const sideB: CompanionSide = { tokens: ['<bos>', 'x', 'z'], trace: fakeTrace(b, mat([[0, 0], [1, 2.5], [3, 4]]), probs) };
    const rows = rankDecoderRows(sideA, sideB, 1, 1);
    // |0.9 − 0.2| + |0.1 − 0.8| = 1.4 (L1 H2); |0.4 − 0.5| + |0.6 − 0.5| = 0.2 (L2 H2); 0 for the others.
    expect(rows.map((r) => [r.layer, r.head])).toEqual([[0, 1], [1, 1], [0, 0], [1, 0]]);
    expect(rows[0].l1).toBeCloseTo(1.4, 6);
    expect(rows[1].l1).toBeCloseTo(0.2, 6);
    expect(rows[2].l1).toBe(0);
    expect(rows[0].rowA.length).toBe(2);
    expect(rows[0].peakA).toMatchObject({ token: '<bos>', position: 0 });
    expect(rows[0].peakB).toMatchObject({ token: 'x', position: 1 });
    expect(vectorDifference(out, 1, mat([[0, 0], [1, 2.5], [3, 4]]), 1)).toBeCloseTo(0.5, 6);
    expect(topNext(sideA.trace, ['p', 'q'])).toEqual({ id: 1, token: 'q', prob: 0.75 });
  });
});

/** Serves public/ over HTTP, as the browser gets it (content types included). */
function servePublic(): Promise<{ server: Server; base: string }> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    readFile(join(REPO_ROOT, 'public', path)).then(
      (body) => {
        res.writeHead(200, { 'content-type': path.endsWith('.json') ? 'application/json' : 'application/octet-stream' });
        res.end(body);
      },
      () => {
        res.writeHead(404);
        res.end();
      },
    );
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` })));
}

describe('the companion in the worker, on the shipped coreference checkpoint', () => {
  let server: Server;
  let base: string;
  let url: string;
  const companion = new CompanionService();
  const inUse = new ModelHost();
  let a: CompanionTraceResult;
  let b: CompanionTraceResult;

  beforeAll(async () => {
    await initNodeBackend();
    ({ server, base } = await servePublic());
    url = `${base}models/coref/`;
    inUse.installRandom({ kind: 'no-shipped-checkpoint' }, 'builtin:translate');
    a = await companion.trace(url, withClause(TIRED));
    b = await companion.trace(url, withClause(NARROW));
  });

  afterAll(() => {
    companion.dispose();
    inUse.dispose();
    server.close();
  });

  it('loads the checkpoint once, beside the model in use, which stays as it was', async () => {
    expect(companion.loads).toBe(1);
    expect(a.model.source).toBe('shipped');
    expect(a.model.note).toBeNull();
    expect(a.model.corpus).toBe('builtin:coref');
    expect(a.model.config.architecture ?? 'decoder').toBe('decoder');
    expect(a.tokens.slice(-4)).toEqual(['it', 'refers', 'to', 'the']);
    const before = inUse.info();
    const translated = await inUse.translate(`${TIRED} .`);
    await companion.trace(url, withClause(TIRED));
    expect(companion.loads).toBe(1);
    expect(inUse.info()).toEqual(before);
    expect((await inUse.translate(`${TIRED} .`)).targetIds).toEqual(translated.targetIds);
  });

  it('the row of "it" and its vector are exactly the same in A and B; the last row moves; the answers are the meant nouns', () => {
    const s = companionSummary(a, b, a.model.vocab);
    const itPos = a.tokens.indexOf('it');
    expect(s.it?.posA).toBe(itPos);
    expect(s.first).toEqual({ position: a.tokens.indexOf('tired'), a: 'tired', b: 'narrow' });
    expect(s.it?.hidden).toBe(true);
    // Independently of the ranking: every head's "it" row, compared entry by entry.
    for (const layer of a.trace.layers.keys()) {
      for (let h = 0; h < a.trace.config.nHeads; h++) {
        const wa = a.trace.layers[layer].weights[h];
        const wb = b.trace.layers[layer].weights[h];
        for (let j = 0; j < wa.cols; j++) expect(wb.data[itPos * wb.cols + j]).toBe(wa.data[itPos * wa.cols + j]);
      }
    }
    expect(s.it?.maxL1).toBe(0);
    expect(s.it?.vectorDiff).toBe(0);
    expect(s.it?.rows.length).toBe(a.trace.config.nLayers * a.trace.config.nHeads);

    // The last row: L1 per head by a loop of its own, and the order of the ranking.
    const last = a.tokens.length - 1;
    const direct = new Map<string, number>();
    for (const layer of a.trace.layers.keys()) {
      for (let h = 0; h < a.trace.config.nHeads; h++) {
        const wa = a.trace.layers[layer].weights[h];
        const wb = b.trace.layers[layer].weights[h];
        let l1 = 0;
        for (let j = 0; j <= last; j++) l1 += Math.abs(wa.data[last * wa.cols + j] - wb.data[last * wb.cols + j]);
        direct.set(`${layer}.${h}`, l1);
      }
    }
    for (const r of s.last.rows) expect(r.l1).toBeCloseTo(direct.get(`${r.layer}.${r.head}`) ?? NaN, 5);
    const largest = Math.max(...direct.values());
    expect(s.last.rows[0].l1).toBeCloseTo(largest, 5);
    expect(largest).toBeGreaterThan(1);
    expect(s.last.token).toBe('the');

    // Its answers, against the probabilities of the trace read directly.
    const vocab = a.model.vocab;
    const p = (t: CompanionTraceResult, word: string): number => t.trace.probs.data[(t.trace.probs.rows - 1) * t.trace.probs.cols + vocab.indexOf(word)];
    expect(s.answers.a.token).toBe('animal');
    expect(s.answers.b.token).toBe('street');
    expect(s.answers.a.prob).toBe(p(a, 'animal'));
    expect(s.answers.b.prob).toBe(p(b, 'street'));
    expect(s.answers.a.prob).toBeGreaterThan(0.9);
    expect(s.answers.b.prob).toBeGreaterThan(0.9);
    console.log(
      `  # decoder-only: "it" row max L1 ${s.it?.maxL1}, vector ${s.it?.vectorDiff}; last row L${s.last.rows[0].layer + 1} H${s.last.rows[0].head + 1} ${s.last.rows[0].l1.toFixed(3)} ` +
        `(${s.last.rows[0].peakA.token} ${s.last.rows[0].peakA.weight.toFixed(3)} in A, ${s.last.rows[0].peakB.token} ${s.last.rows[0].peakB.weight.toFixed(3)} in B); ` +
        `answers ${s.answers.a.token} ${(s.answers.a.prob * 100).toFixed(1)} %, ${s.answers.b.token} ${(s.answers.b.prob * 100).toFixed(1)} %`,
    );
  });

  it('when A and B differ before "it", its row does move (the figure is measured, not assumed)', async () => {
    const dog = await companion.trace(url, withClause("the dog didn't cross the street because it was too tired"));
    const s = companionSummary(a, dog, a.model.vocab);
    expect(s.first?.position).toBe(2);
    expect(s.it?.hidden).toBe(false);
    expect(s.it?.maxL1).toBeGreaterThan(0.01);
    expect(s.it?.vectorDiff).toBeGreaterThan(0.01);
  });

  it('after a backend change it is built again on the new backend from its weights, without loading again, and reads the same', async () => {
    const was = tf.getBackend();
    const other = was === 'wasm' ? 'cpu' : 'wasm';
    expect(await tf.setBackend(other)).toBe(true);
    try {
      const again = await companion.trace(url, withClause(TIRED));
      expect(companion.loads).toBe(1);
      expect(again.model.revision).toBeGreaterThan(a.model.revision);
      expect(again.tokens).toEqual(a.tokens);
      const pa = a.trace.probs.data;
      const pb = again.trace.probs.data;
      let worst = 0;
      for (let i = 0; i < pa.length; i++) worst = Math.max(worst, Math.abs(pa[i] - pb[i]));
      expect(worst).toBeLessThan(1e-4);
    } finally {
      await tf.setBackend(was);
    }
  });

  it('refuses a translation checkpoint; a missing one is a random stand-in with a note; dispose frees its tensors', async () => {
    const other = new CompanionService();
    const baseline = tf.memory().numTensors;
    await expect(other.trace(`${base}models/translate/`, 'the dog was tired .')).rejects.toThrow(BadRequestError);
    const missing = await other.trace(`${base}models/nowhere/`, 'the dog was tired .');
    expect(missing.model.source).toBe('random');
    expect(missing.model.note).toEqual({ kind: 'no-shipped-checkpoint' });
    expect(other.loads).toBe(2);
    expect(tf.memory().numTensors).toBeGreaterThan(baseline);
    other.dispose();
    expect(other.loaded).toBe(false);
    expect(tf.memory().numTensors).toBe(baseline);
    await expect(other.trace('', 'x')).rejects.toThrow(BadRequestError);
  });
});
