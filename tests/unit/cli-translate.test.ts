// The command line for the encoder–decoder (CONTRACT §5): `train --corpus builtin:translate`,
// `translate`, `eval-translate`, and the failures that keep the two model kinds apart. The real entry
// point runs in a child process, as in cli.test.ts; the model is trained for 3 steps only.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TRANSLATE_CHECKPOINT_DIR } from '../../src/cli/io';
import { translateVocabulary } from '../../src/data/translate';
import { decodeCheckpoint } from '../../src/model/checkpoint';
import { parameterCount } from '../../src/shared/config';
import { cli, ROOT, type CliRun } from './support/cli';

const lines = (text: string): string[] => text.split('\n').filter((l) => l.trim() !== '');

const tmp = mkdtempSync(join(tmpdir(), 'cli-translate-'));
const ckpt = join(tmp, 'translate');
const corefCkpt = join(tmp, 'coref');
let trainRun: CliRun;
let corefRun: CliRun;

beforeAll(async () => {
  trainRun = await cli(['train', '--corpus', 'builtin:translate', '--steps', '3', '--batch', '4', '--seed', '5', '--out', ckpt]);
  corefRun = await cli(['train', '--corpus', 'builtin:coref', '--steps', '0', '--seed', '5', '--preset', 'nano', '--out', corefCkpt]);
});

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

type Nested = number[][];

function shape(value: unknown): number[] {
  const out: number[] = [];
  let v = value;
  while (Array.isArray(v)) {
    out.push(v.length);
    v = v[0];
  }
  return out;
}

describe('train --corpus builtin:translate', () => {
  it('trains an encoder–decoder of the translate preset and writes its checkpoint', () => {
    expect(trainRun.code, trainRun.stderr).toBe(0);
    expect(lines(trainRun.stdout)).toHaveLength(1);
    const out = JSON.parse(trainRun.stdout) as Record<string, unknown>;
    expect(out).toMatchObject({ steps: 3, preset: 'translate', corpus: 'builtin:translate', seed: 5, batch: 4, vocabSize: translateVocabulary().length });
    expect(Number.isFinite(out.loss)).toBe(true);
    expect(Number.isFinite(out.valLoss)).toBe(true);
    const c = decodeCheckpoint(readFileSync(join(ckpt, 'model.json'), 'utf8'), readFileSync(join(ckpt, 'weights.bin')));
    expect(c.config).toMatchObject({ architecture: 'encoder-decoder', nEncoderLayers: 2, nLayers: 2, nHeads: 4, dModel: 64, dFF: 256 });
    expect(c.tokenizer.vocab).toEqual(translateVocabulary());
    expect(c.training).toMatchObject({ step: 3, seed: 5, corpus: 'builtin:translate', preset: 'translate' });
    expect(readFileSync(join(ckpt, 'weights.bin')).length).toBe(parameterCount(c.config) * 4);
    expect(out.parameters).toBe(parameterCount(c.config));
  });

  it('refuses a decoder-only preset for the pair corpus (and the reverse)', async () => {
    const bad = await cli(['train', '--corpus', 'builtin:translate', '--steps', '0', '--preset', 'tiny', '--out', join(tmp, 'x')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown preset "tiny" for builtin:translate \(choose translate, translate-fr\)/);
    const reverse = await cli(['train', '--corpus', 'builtin:coref', '--steps', '0', '--preset', 'translate', '--out', join(tmp, 'y')]);
    expect(reverse.code).toBe(2);
    expect(reverse.stderr).toMatch(/unknown preset "translate" for builtin:coref/);
  });
});

describe('translate (CONTRACT §5)', () => {
  it('returns the greedy translation and every attention map, consistent with the trace', async () => {
    expect(trainRun.code).toBe(0);
    const run = await cli(['translate', '--text', "The zebra didn't cross the street because it was too tired.", '--checkpoint', ckpt, '--trace', '--max-tokens', '6']);
    expect(run.code, run.stderr).toBe(0);
    expect(lines(run.stdout)).toHaveLength(1);
    const r = JSON.parse(run.stdout) as {
      source: string[];
      target: string[];
      unknown: number[];
      encoderAttention: number[][][][];
      selfAttention: number[][][][];
      crossAttention: number[][][][];
      trace: {
        encoder: { layers: Record<string, unknown>[]; output: Nested; input: Nested };
        decoder: { layers: Record<string, unknown>[]; input: Nested };
        logits: Nested;
        probs: Nested;
      };
    };
    const vocab = translateVocabulary();
    expect(r.source).toEqual(['the', 'zebra', "didn't", 'cross', 'the', 'street', 'because', 'it', 'was', 'too', 'tired', '.']);
    expect(r.unknown).toEqual([1]);
    expect(r.target.length).toBeLessThanOrEqual(6);
    for (const tok of r.target) expect(vocab.slice(4)).toContain(tok);
    const S = r.source.length;
    const T = r.target.length + 1; // <bos> + target
    expect(shape(r.encoderAttention)).toEqual([2, 4, S, S]);
    expect(shape(r.selfAttention)).toEqual([2, 4, T, T]);
    expect(shape(r.crossAttention)).toEqual([2, 4, T, S]);
    for (const stack of [r.encoderAttention, r.selfAttention, r.crossAttention]) {
      for (const layer of stack) for (const head of layer) for (const row of head) expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    }
    // The decoder's self-attention is causal; the encoder's and cross-attention see every source token.
    for (const layer of r.selfAttention) for (const head of layer) head.forEach((row, i) => row.forEach((w, j) => j > i && expect(w).toBe(0)));
    expect(r.encoderAttention[0][0][0][S - 1]).toBeGreaterThan(0);
    // The top-level maps are the trace's, under the §5 names.
    r.trace.encoder.layers.forEach((l, i) => expect(l.weights).toEqual(r.encoderAttention[i]));
    r.trace.decoder.layers.forEach((l, i) => {
      expect(l.weights).toEqual(r.selfAttention[i]);
      expect(l.cross_weights).toEqual(r.crossAttention[i]);
      for (const key of ['cross_q', 'cross_heads']) expect(shape(l[key])).toEqual([4, T, 16]);
      for (const key of ['cross_k', 'cross_v']) expect(shape(l[key])).toEqual([4, S, 16]);
      for (const key of ['cross_scores', 'cross_scaled']) expect(shape(l[key])).toEqual([4, T, S]);
      for (const key of ['cross_concat', 'cross_attention']) expect(shape(l[key])).toEqual([T, 64]);
    });
    expect(shape(r.trace.encoder.output)).toEqual([S, 64]);
    expect(shape(r.trace.probs)).toEqual([T, vocab.length]);
    // Greedy: each written token is the most probable one (not <pad>/<bos>) of the row before it.
    r.target.forEach((tok, t) => {
      const row = r.trace.probs[t].map((p, id) => (id === 0 || id === 2 ? -1 : p));
      expect(vocab[row.indexOf(Math.max(...row))]).toBe(tok);
    });
  });

  it('keeps the model kinds apart with one clear line', async () => {
    expect(corefRun.code, corefRun.stderr).toBe(0);
    const a = await cli(['translate', '--text', 'the dog was tired .', '--checkpoint', corefCkpt]);
    expect(a.code).toBe(1);
    expect(a.stdout).toBe('');
    expect(lines(a.stderr)).toEqual([expect.stringMatching(/^error: .* is a decoder-only model, not an encoder–decoder/)]);
    const b = await cli(['probe', '--text', 'the dog', '--checkpoint', ckpt]);
    expect(b.code).toBe(1);
    expect(lines(b.stderr)).toEqual([expect.stringMatching(/^error: .* is an encoder–decoder \(translation\) model: use translate/)]);
    const c = await cli(['translate', '--checkpoint', ckpt]);
    expect(c.code).toBe(2);
    expect(c.stderr).toMatch(/missing option --text/);
  });

  it('defaults to the shipped translation checkpoint', () => {
    expect(DEFAULT_TRANSLATE_CHECKPOINT_DIR).toBe(join(ROOT, 'public', 'models', 'translate'));
  });
});

describe('eval-translate', () => {
  it('scores every held-out case of the checkpoint seed, per family, and the canonical sentences', async () => {
    const run = await cli(['eval-translate', '--checkpoint', ckpt]);
    expect(run.code, run.stderr).toBe(0);
    const r = JSON.parse(run.stdout) as {
      seed: number;
      n: number;
      exact: number;
      referent: number;
      byFamily: Record<string, { n: number }>;
      canonical: { source: string; reference: string; output: string; exact: boolean }[];
    };
    expect(r.seed).toBe(5);
    expect(r.n).toBe(240);
    expect(r.byFamily.cross.n).toBe(192);
    expect(r.byFamily.fit.n).toBe(48);
    expect(r.canonical.map((c) => c.reference)).toEqual([
      '动物没有过马路，因为动物太累了。',
      '动物没有过马路，因为马路太窄了。',
      '动物没有过马路，因为马路太宽了。',
      '奖杯放不进箱子，因为奖杯太大了。',
      '奖杯放不进箱子，因为箱子太小了。',
    ]);
    for (const c of r.canonical) expect(c.exact).toBe(c.output === c.reference);
    // Three steps of training: nowhere near translating.
    expect(r.exact).toBeLessThan(0.5);
  });
});
