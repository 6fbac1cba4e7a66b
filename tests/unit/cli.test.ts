// End-to-end tests of the command line (CONTRACT §3): the real entry point in a child process.
// The bundling runner is called directly (as `npm run cli` does) rather than through npm, whose own
// warnings would land on stderr.

import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CHECKPOINT_DIR, readCheckpointDir, writeCheckpointDir } from '../../src/cli/io';
import { CheckpointError, decodeCheckpoint } from '../../src/model/checkpoint';
import { initWeights } from '../../src/model/init';
import { weightSpecs } from '../../src/model/weights';
import { parameterCount, presetConfig, type ModelConfig } from '../../src/shared/config';
import { cli, ROOT, type CliRun } from './support/cli';

function lines(text: string): string[] {
  return text.split('\n').filter((l) => l.trim() !== '');
}

const tmp = mkdtempSync(join(tmpdir(), 'cli-test-'));
const ckpt = join(tmp, 'ckpt');
let trainRun: CliRun;

beforeAll(async () => {
  trainRun = await cli(['train', '--corpus', 'builtin:coref', '--steps', '0', '--seed', '5', '--preset', 'nano', '--out', ckpt]);
});

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

type Nested = (number | null)[][];

function softmax(row: number[]): number[] {
  const m = Math.max(...row);
  const e = row.map((x) => Math.exp(x - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / s);
}

function expectShape(value: unknown, shape: number[], path: string): void {
  if (shape.length === 0) {
    expect(value === null || typeof value === 'number', path).toBe(true);
    return;
  }
  expect(Array.isArray(value), `${path} is an array`).toBe(true);
  expect((value as unknown[]).length, `${path} length`).toBe(shape[0]);
  // Check the first and last entries of each level (enough to catch a transposed or ragged shape).
  const arr = value as unknown[];
  expectShape(arr[0], shape.slice(1), `${path}[0]`);
  expectShape(arr[arr.length - 1], shape.slice(1), `${path}[-1]`);
}

describe('train --steps 0', () => {
  it('writes the freshly initialised model and reports the run', () => {
    expect(trainRun.code, trainRun.stderr).toBe(0);
    const out = JSON.parse(trainRun.stdout) as Record<string, unknown>;
    expect(lines(trainRun.stdout)).toHaveLength(1);
    expect(lines(trainRun.stderr).some((l) => /backend: (wasm|cpu)/.test(l))).toBe(true);

    const c = decodeCheckpoint(readFileSync(join(ckpt, 'model.json'), 'utf8'), readFileSync(join(ckpt, 'weights.bin')));
    const config: ModelConfig = presetConfig('nano', c.tokenizer.vocab.length);
    expect(c.config).toEqual(config);
    expect(c.training).toMatchObject({ step: 0, seed: 5, corpus: 'builtin:coref', preset: 'nano' });
    // Bit-identical to the seeded initialisation.
    const init = initWeights(config, 5);
    for (const s of weightSpecs(config)) expect(c.weights.get(s.name), s.name).toEqual(init.get(s.name));

    expect(out).toMatchObject({ steps: 0, preset: 'nano', parameters: parameterCount(config), tokensPerSecond: 0 });
    expect(['wasm', 'cpu']).toContain(out.backend);
    for (const key of ['loss', 'valLoss', 'seconds']) {
      expect(typeof out[key] === 'number' && Number.isFinite(out[key]), key).toBe(true);
    }
    // An untrained model is close to uniform over the vocabulary: loss within a few nats of ln V.
    expect(out.valLoss as number).toBeGreaterThan(1);
  });
});

describe('probe --trace', () => {
  it('returns the CONTRACT §3 document, consistent with the checkpoint and the maths', async () => {
    expect(trainRun.code).toBe(0);
    const run = await cli(['probe', '--text', 'the zebra didn\'t cross the street because it was', '--checkpoint', ckpt, '--trace']);
    expect(run.code, run.stderr).toBe(0);
    const r = JSON.parse(run.stdout) as {
      tokens: string[];
      ids: number[];
      unknown: number[];
      next: { token: string; prob: number }[];
      attention: number[][][][];
      trace: Record<string, unknown> & { layers: Record<string, unknown>[] };
    };
    const c = decodeCheckpoint(readFileSync(join(ckpt, 'model.json'), 'utf8'), readFileSync(join(ckpt, 'weights.bin')));
    const { vocab } = c.tokenizer;
    const { dModel: d, nHeads: H, nLayers: L, vocabSize: V } = c.config;
    const dk = d / H;

    // Tokens, ids, unknown.
    expect(r.tokens).toEqual(['<bos>', 'the', 'zebra', "didn't", 'cross', 'the', 'street', 'because', 'it', 'was']);
    const T = r.tokens.length;
    expect(r.ids).toHaveLength(T);
    r.tokens.forEach((tok, i) => expect(r.ids[i]).toBe(vocab.includes(tok) ? vocab.indexOf(tok) : 1));
    expect(r.unknown).toEqual(r.tokens.map((t, i) => (vocab.includes(t) ? -1 : i)).filter((i) => i >= 0));
    expect(r.unknown).toContain(2); // "zebra" is not in the coref vocabulary

    // Trace shapes.
    const t = r.trace;
    for (const key of ['embedding', 'positional', 'input']) expectShape(t[key], [T, d], key);
    expectShape(t.logits, [T, V], 'logits');
    expectShape(t.probs, [T, V], 'probs');
    expect(t.layers).toHaveLength(L);
    for (const [l, layer] of t.layers.entries()) {
      for (const key of ['q', 'k', 'v', 'heads']) expectShape(layer[key], [H, T, dk], `layers[${l}].${key}`);
      for (const key of ['scores', 'scaled', 'masked', 'weights']) expectShape(layer[key], [H, T, T], `layers[${l}].${key}`);
      for (const key of ['input', 'concat', 'attention', 'residual1', 'norm1', 'ffnOutput', 'residual2', 'norm2', 'output']) {
        expectShape(layer[key], [T, d], `layers[${l}].${key}`);
      }
      for (const key of ['ffnHidden', 'ffnActivation']) expectShape(layer[key], [T, c.config.dFF], `layers[${l}].${key}`);
    }

    // Embedding rows are the checkpoint's token vectors; positions are the sinusoidal table; input is their sum.
    const E = c.weights.get('embedding/token') as Float32Array;
    const emb = t.embedding as number[][];
    const pos = t.positional as number[][];
    const inp = t.input as number[][];
    for (let i = 0; i < T; i++) {
      for (const j of [0, 1, d - 2, d - 1]) {
        expect(emb[i][j]).toBeCloseTo(E[r.ids[i] * d + j], 5);
        const angle = i / Math.pow(10000, (2 * Math.floor(j / 2)) / d);
        expect(pos[i][j]).toBeCloseTo(j % 2 === 0 ? Math.sin(angle) : Math.cos(angle), 5);
        expect(inp[i][j]).toBeCloseTo(emb[i][j] + pos[i][j], 5);
      }
    }

    // Attention stages: scaled = scores/√dk, masked has null exactly above the diagonal, weights = softmax.
    for (const [l, layer] of t.layers.entries()) {
      for (let h = 0; h < H; h++) {
        const scores = (layer.scores as Nested[])[h];
        const scaled = (layer.scaled as Nested[])[h];
        const masked = (layer.masked as Nested[])[h];
        const weights = (layer.weights as Nested[])[h];
        for (let i = 0; i < T; i++) {
          for (let j = 0; j < T; j++) {
            expect(scaled[i][j] as number).toBeCloseTo((scores[i][j] as number) / Math.sqrt(dk), 4);
            if (j > i) {
              expect(masked[i][j]).toBeNull();
              expect(weights[i][j]).toBe(0);
            } else expect(masked[i][j] as number).toBeCloseTo(scaled[i][j] as number, 5);
          }
          const expected = softmax((masked[i] as number[]).slice(0, i + 1));
          expected.forEach((p, j) => expect(weights[i][j] as number).toBeCloseTo(p, 5));
        }
        // The top-level attention field is the same matrices.
        expect(r.attention[l][h]).toEqual(weights);
      }
    }

    // attention: [L][H][T][T], rows sum to 1.
    expectShape(r.attention, [L, H, T, T], 'attention');
    for (const layer of r.attention) {
      for (const head of layer) for (const row of head) expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    }

    // probs = softmax(logits); next = the 10 largest probabilities at the last position, sorted.
    const logits = t.logits as number[][];
    const probs = t.probs as number[][];
    for (const i of [0, T - 1]) softmax(logits[i]).forEach((p, v) => expect(probs[i][v]).toBeCloseTo(p, 5));
    expect(r.next).toHaveLength(10);
    const last = probs[T - 1];
    const sorted = [...last].sort((a, b) => b - a);
    r.next.forEach((n, k) => {
      expect(vocab).toContain(n.token);
      expect(n.prob).toBeCloseTo(last[vocab.indexOf(n.token)], 7);
      expect(n.prob).toBeCloseTo(sorted[k], 7);
      if (k > 0) expect(n.prob).toBeLessThanOrEqual(r.next[k - 1].prob);
    });
    expect(r.next.reduce((s, n) => s + n.prob, 0)).toBeLessThanOrEqual(1 + 1e-6);
    expect(new Set(r.next.map((n) => n.token)).size).toBe(10);
  });
});

describe('generate', () => {
  it('continues the prompt by the requested number of tokens', async () => {
    expect(trainRun.code).toBe(0);
    const prompt = "the dog didn't cross the road because it was too";
    const run = await cli(['generate', '--text', prompt, '--tokens', '5', '--seed', '3', '--top-k', '20', '--checkpoint', ckpt]);
    expect(run.code, run.stderr).toBe(0);
    const r = JSON.parse(run.stdout) as { text: string; tokens: string[] };
    expect(r.text.startsWith(prompt)).toBe(true);
    expect(r.tokens).toHaveLength(5);
    expect(r.text.length).toBeGreaterThan(prompt.length);
  });
});

describe('failures: one line on stderr, non-zero exit, nothing on stdout', () => {
  function damaged(name: string, edit: (dir: string) => void): string {
    const dir = join(tmp, name);
    cpSync(ckpt, dir, { recursive: true });
    edit(dir);
    return dir;
  }

  function editJson(dir: string, f: (doc: Record<string, unknown>) => void): void {
    const doc = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as Record<string, unknown>;
    f(doc);
    writeFileSync(join(dir, 'model.json'), JSON.stringify(doc));
  }

  it('rejects bad checkpoint folders with a message naming the problem', async () => {
    expect(trainRun.code).toBe(0);
    const cases: [string, RegExp][] = [
      [damaged('no-weights', (d) => rmSync(join(d, 'weights.bin'))), /has no weights\.bin/],
      [damaged('no-model', (d) => rmSync(join(d, 'model.json'))), /has no model\.json/],
      [
        damaged('truncated', (d) => {
          const bin = readFileSync(join(d, 'weights.bin'));
          writeFileSync(join(d, 'weights.bin'), bin.subarray(0, bin.length - 100));
        }),
        /weights\.bin has \d+ bytes, expected \d+ bytes/,
      ],
      [
        damaged('wrong-shape', (d) =>
          editJson(d, (doc) => {
            const w = (doc.weightsManifest as { weights: { name: string; shape: number[] }[] }[])[0].weights;
            w.find((x) => x.name === 'layers/1/ffn/hidden/kernel')!.shape = [32, 64];
          }),
        ),
        /"layers\/1\/ffn\/hidden\/kernel" has shape \[32, 64\], expected \[32, 128\]/,
      ],
      [
        damaged('nan', (d) => {
          const bin = readFileSync(join(d, 'weights.bin'));
          // output/bias is the last weight: its last value is the last 4 bytes.
          bin.writeFloatLE(NaN, bin.length - 4);
          writeFileSync(join(d, 'weights.bin'), bin);
        }),
        /"output\/bias" has a non-finite value \(NaN\)/,
      ],
      [damaged('format', (d) => editJson(d, (doc) => void (doc.format = 'something-else'))), /unknown format "something-else"/],
      [damaged('json', (d) => writeFileSync(join(d, 'model.json'), '{"format": ')), /model\.json is not valid JSON/],
      [join(tmp, 'does-not-exist'), /does not exist/],
    ];
    const runs = await Promise.all(cases.map(([dir]) => cli(['probe', '--text', 'the dog', '--checkpoint', dir])));
    runs.forEach((run, i) => {
      const [, pattern] = cases[i];
      expect(run.code, `case ${i}`).not.toBe(0);
      expect(run.stdout, `case ${i}`).toBe('');
      const err = lines(run.stderr);
      expect(err, `case ${i}: ${run.stderr}`).toHaveLength(1);
      expect(err[0]).toMatch(pattern);
      expect(err[0]).not.toMatch(/\bat .*\.ts:\d+/); // no stack trace
    });
  });

  it('unknown command or option: exit 2 with the error and the usage', async () => {
    const [cmd, opt, text] = await Promise.all([
      cli(['frobnicate']),
      cli(['probe', '--text', 'x', '--colour', 'red']),
      cli(['probe', '--text', 'the dog', '--checkpoint', ckpt, '--text', 'again']),
    ]);
    expect(cmd.code).toBe(2);
    expect(lines(cmd.stderr)[0]).toMatch(/^error: unknown command "frobnicate"$/);
    expect(cmd.stderr).toMatch(/usage: npm run cli/);
    expect(cmd.stdout).toBe('');
    expect(opt.code).toBe(2);
    expect(lines(opt.stderr)[0]).toMatch(/unknown option --colour/);
    expect(text.code).toBe(2);
    expect(lines(text.stderr)[0]).toMatch(/--text given twice/);
  });
});

describe('checkpoint folders (src/cli/io.ts)', () => {
  it('the default folder is public/models/coref under the repository root, whatever the cwd', () => {
    expect(DEFAULT_CHECKPOINT_DIR.replace(/[\\/]+$/, '')).toBe(join(ROOT, 'public', 'models', 'coref'));
  });

  it('writes and reads back a checkpoint, leaving no temporary files', async () => {
    const config = presetConfig('nano', 12);
    const vocab = ['<pad>', '<unk>', '<bos>', ...Array.from({ length: 9 }, (_, i) => `t${i}`)];
    const dir = join(tmp, 'io', 'nested');
    await writeCheckpointDir(dir, {
      config,
      tokenizer: { kind: 'word', vocab },
      training: { step: 3, seed: 9, corpus: 'x.txt' },
      weights: initWeights(config, 9),
    });
    expect(readdirSync(dir).sort()).toEqual(['model.json', 'weights.bin']);
    const back = await readCheckpointDir(dir);
    expect(back.tokenizer.vocab).toEqual(vocab);
    expect(back.training).toEqual({ step: 3, seed: 9, corpus: 'x.txt' });
    expect(back.weights.get('output/kernel')).toEqual(initWeights(config, 9).get('output/kernel'));
  });

  it('refuses a 200 MB weights.bin from its size, without reading it', async () => {
    const dir = join(tmp, 'huge');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'model.json'), '{}');
    writeFileSync(join(dir, 'weights.bin'), '');
    truncateSync(join(dir, 'weights.bin'), 200 * 1024 * 1024); // sparse: no disk space, no read
    const started = performance.now();
    await expect(readCheckpointDir(dir)).rejects.toThrow(/weights\.bin is too large \(209715200 bytes/);
    await expect(readCheckpointDir(dir)).rejects.toBeInstanceOf(CheckpointError);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
