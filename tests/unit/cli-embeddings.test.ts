// `npm run cli -- embeddings` (issue 15, item 4) and the embedding options of `train`, through the real
// entry point in a child process.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCheckpointDir } from '../../src/cli/io';
import { embeddingStats } from '../../src/train/embeddingStats';
import { cli } from './support/cli';

const work = mkdtempSync(join(tmpdir(), 'cli-embeddings-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('cli train with the embedding options, then cli embeddings', () => {
  const dir = join(work, 'tied');
  it('train --tied --embedding-std --embedding-scale --weight-decay writes a tied-output checkpoint that records them', async () => {
    const r = await cli(['train', '--corpus', 'builtin:coref', '--preset', 'nano', '--steps', '2', '--batch', '2', '--out', dir, '--tied', '--embedding-std', '0.1', '--embedding-scale', '4', '--weight-decay', '0.5']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/weight decay 0\.5/);
    expect(r.stderr).toMatch(/embedding scale 4/);
    const c = await readCheckpointDir(dir);
    expect(c.config.tiedOutput).toBe(true);
    expect(c.config.embeddingScale).toBe(4);
    expect(c.weights.has('output/kernel')).toBe(false);
    expect(c.training.weightDecay).toBe(0.5);
    expect(c.training.tokenEmbeddingStd).toBe(0.1);
  }, 120_000);

  it("train records the preset's own initial scale when --embedding-std is not given (唐诗: 0.1)", async () => {
    const tang = join(work, 'tang');
    const r = await cli(['train', '--corpus', 'builtin:tang', '--steps', '0', '--batch', '1', '--out', tang]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/token embeddings ~ N\(0, 0\.1²\)/);
    expect((await readCheckpointDir(tang)).training.tokenEmbeddingStd).toBe(0.1);
  }, 120_000);

  it('embeddings prints the purity, its chance level, the PCA share and neighbours of the checkpoint', async () => {
    const r = await cli(['embeddings', '--checkpoint', dir, '--accuracy']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    const c = await readCheckpointDir(dir);
    const expected = embeddingStats({ rows: c.config.vocabSize, cols: c.config.dModel, data: c.weights.get('embedding/token')! }, c.tokenizer.vocab);
    expect(out.purity.k).toBe(3);
    expect(out.purity.value).toBeCloseTo(expected.purity.value, 12);
    expect(out.purity.chance).toBeCloseTo(390 / (54 * 53), 12);
    expect(out.pca.top2Share).toBeCloseTo(expected.pca.top2Share, 9);
    expect(out.pca.mapPurity).toBeCloseTo(expected.pca.mapPurity, 9);
    expect(r.stderr).toMatch(/purity on that 2-D map \d\.\d{3}/);
    expect(Object.keys(out.neighbours)).toHaveLength(54);
    expect(out.neighbours.animal).toHaveLength(3);
    expect(out.neighbours.animal[0].token).toBe(expected.neighbours.animal[0].token);
    expect(out.accuracy).toBeGreaterThanOrEqual(0);
    expect(out.accuracy).toBeLessThanOrEqual(1);
  }, 120_000);

  it('--since-init: what training added to the seeded initial embeddings (nothing, for --steps 0)', async () => {
    const fresh = join(work, 'fresh');
    const t = await cli(['train', '--corpus', 'builtin:coref', '--preset', 'nano', '--steps', '0', '--out', fresh, '--embedding-std', '0.25']);
    expect(t.code, t.stderr).toBe(0);
    const r = await cli(['embeddings', '--checkpoint', fresh, '--since-init']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.sinceInit.initStd).toBe(0.25);
    expect(out.sinceInit.rmsInit).toBeGreaterThan(0.2);
    expect(out.sinceInit.rmsInit).toBeLessThan(0.3);
    expect(out.sinceInit.rmsLearned).toBe(0);
    // Two steps of training moved the embeddings: the learned part is no longer zero.
    const trained = JSON.parse((await cli(['embeddings', '--checkpoint', dir, '--since-init'])).stdout);
    expect(trained.sinceInit.initStd).toBe(0.1);
    expect(trained.sinceInit.rmsLearned).toBeGreaterThan(0);
    expect(trained.sinceInit.purity.chance).toBeCloseTo(390 / (54 * 53), 12);
  }, 120_000);

  it('fails with one line for a folder without a checkpoint', async () => {
    const r = await cli(['embeddings', '--checkpoint', join(work, 'none')]);
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  }, 60_000);
});
