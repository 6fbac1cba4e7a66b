// The command line for the English→French corpus: `train --corpus builtin:translate-fr` trains the
// translate-fr preset (4 encoder layers, 1 decoder layer); `eval-translate` reads the checkpoint's
// corpus and scores its 192 held-out cases; `analyze-translate --seeds` trains one model per seed and
// reports the encoder "it" study. Tiny runs (2 steps): only the plumbing is under test here.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translateFrVocabulary } from '../../src/data/translateFr';
import { decodeCheckpoint } from '../../src/model/checkpoint';
import { cli, type CliRun } from './support/cli';

const tmp = mkdtempSync(join(tmpdir(), 'cli-translate-fr-'));
const ckpt = join(tmp, 'fr');
let trainRun: CliRun;

beforeAll(async () => {
  trainRun = await cli(['train', '--corpus', 'builtin:translate-fr', '--steps', '2', '--batch', '4', '--seed', '3', '--out', ckpt]);
}, 120_000);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('builtin:translate-fr on the command line', () => {
  it('trains the translate-fr preset and writes its checkpoint', () => {
    expect(trainRun.code, trainRun.stderr).toBe(0);
    const out = JSON.parse(trainRun.stdout) as Record<string, unknown>;
    expect(out).toMatchObject({ steps: 2, preset: 'translate-fr', corpus: 'builtin:translate-fr', seed: 3 });
    const c = decodeCheckpoint(readFileSync(join(ckpt, 'model.json'), 'utf8'), readFileSync(join(ckpt, 'weights.bin')));
    expect(c.config).toMatchObject({ architecture: 'encoder-decoder', nEncoderLayers: 4, nLayers: 1, nHeads: 1, dModel: 64 });
    expect(c.tokenizer.vocab).toEqual(translateFrVocabulary());
  });

  it('eval-translate scores the French held-out cases of the checkpoint’s corpus', async () => {
    const r = await cli(['eval-translate', '--checkpoint', ckpt]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { corpus: string; n: number; canonical: { reference: string }[] };
    expect(out.corpus).toBe('builtin:translate-fr');
    expect(out.n).toBe(192);
    expect(out.canonical.map((c) => c.reference)[1]).toBe("l'animal n'a pas traversé la rue parce qu'elle était trop étroite .");
  }, 120_000);

  it('analyze-translate --seeds trains each seed and says whether an "it" head formed', async () => {
    const r = await cli(['analyze-translate', '--seeds', '4', '--steps', '2', '--batch', '4']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { corpus: string; runs: { seed: number; hasItHead: boolean; best: { relativeFlip: number; absoluteFlip: number } }[]; withItHead: number };
    expect(out.corpus).toBe('builtin:translate-fr');
    expect(out.runs).toHaveLength(1);
    expect(out.runs[0].seed).toBe(4);
    expect(out.runs[0].hasItHead).toBe(out.runs[0].best.relativeFlip >= 0.25);
    expect(out.withItHead).toBe(out.runs[0].hasItHead ? 1 : 0);
    expect(r.stderr).toMatch(/encoder "it" rows over 192 held-out cases/);
    expect(r.stderr).toMatch(/L4 H1 /);
    expect(await cli(['analyze-translate', '--seeds', 'x,1'])).toMatchObject({ code: 2 });
  }, 240_000);
});
