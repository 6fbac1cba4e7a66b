// `probe --backward` (the command line, in a child process): the loss, the gradient of every
// intermediate by --trace's names with a grad_ prefix, every weight's gradient in its shape — the same
// numbers as the backward trace computed in this process on the shipped checkpoint.

import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../../src/cli/backend';
import { DEFAULT_CHECKPOINT_DIR, readCheckpointDir } from '../../src/cli/io';
import { Tokenizer } from '../../src/data/tokenizer';
import { Transformer } from '../../src/model/transformer';
import type { BackwardTrace } from '../../src/shared/backward';
import type { ModelConfig } from '../../src/shared/config';
import { matToJSON, type Mat } from '../../src/shared/trace';
import { backwardTrace } from '../../src/train/backward';
import { cli, type CliRun } from './support/cli';

const TEXT = "the animal didn't cross the street because it was too tired";

let run: CliRun;
let out: Record<string, unknown>;
let bt: BackwardTrace;
let config: ModelConfig;

beforeAll(async () => {
  const cliRun = cli(['probe', '--text', TEXT, '--trace', '--backward']);
  await initNodeBackend();
  const checkpoint = await readCheckpointDir(DEFAULT_CHECKPOINT_DIR);
  config = checkpoint.config;
  const model = Transformer.create(checkpoint.config, checkpoint.weights);
  try {
    bt = await backwardTrace(model, new Tokenizer(checkpoint.tokenizer.vocab).encode(TEXT).ids);
  } finally {
    model.dispose();
  }
  run = await cliRun;
  out = JSON.parse(run.stdout) as Record<string, unknown>;
}, 120_000);

type Json = Record<string, unknown>;

/** Every number of a nested array, in order. */
function flat(x: unknown): number[] {
  if (typeof x === 'number') return [x];
  if (!Array.isArray(x)) throw new Error(`not a nested array of numbers: ${JSON.stringify(x)?.slice(0, 80)}`);
  return x.flatMap(flat);
}

function shapeOf(x: unknown): number[] {
  return Array.isArray(x) ? [x.length, ...shapeOf(x[0])] : [];
}

function expectClose(got: unknown, want: (number | null)[][] | Float32Array, what: string): void {
  const a = flat(got);
  const b = want instanceof Float32Array ? Array.from(want) : want.flat().map((v) => v as number);
  expect(a.length, what).toBe(b.length);
  let scale = 0;
  for (const v of b) scale = Math.max(scale, Math.abs(v));
  for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i]), `${what}[${i}]`).toBeLessThanOrEqual(1e-6 * Math.max(scale, 1e-12));
}

describe('probe --backward', () => {
  it('answers one JSON document with loss, losses, backward and weightGradients', () => {
    expect(run.code, run.stderr).toBe(0);
    for (const key of ['tokens', 'ids', 'next', 'attention', 'trace', 'loss', 'losses', 'backward', 'weightGradients']) expect(out, key).toHaveProperty(key);
    const ids = out.ids as number[];
    expect(out.losses as number[]).toHaveLength(ids.length - 1);
    expect(Math.abs((out.loss as number) - bt.loss)).toBeLessThanOrEqual(1e-6);
  });

  it('names every intermediate as --trace does, with a grad_ prefix, in the same shapes; the masked cells are 0', () => {
    const trace = out.trace as Json;
    const backward = out.backward as Json;
    const prefixed = (o: Json): string[] => Object.keys(o).map((k) => (k === 'layers' ? k : `grad_${k}`));
    expect(Object.keys(backward)).toEqual(prefixed(trace));
    const traceLayers = trace.layers as Json[];
    const gradLayers = backward.layers as Json[];
    expect(gradLayers).toHaveLength(config.nLayers);
    gradLayers.forEach((l, i) => {
      expect(Object.keys(l)).toEqual(prefixed(traceLayers[i]));
      for (const k of Object.keys(traceLayers[i])) expect(shapeOf(l[`grad_${k}`]), `layers[${i}].grad_${k}`).toEqual(shapeOf(traceLayers[i][k]));
    });
    for (const k of Object.keys(trace)) if (k !== 'layers') expect(shapeOf(backward[`grad_${k}`]), k).toEqual(shapeOf(trace[k]));
    const t = (out.ids as number[]).length;
    for (const l of gradLayers) {
      for (const name of ['grad_masked', 'grad_scaled', 'grad_scores']) {
        for (const head of l[name] as number[][][]) for (let i = 0; i < t; i++) for (let j = i + 1; j < t; j++) expect(head[i][j]).toBe(0);
      }
    }
  });

  it('holds the numbers of the backward trace: intermediates and every weight gradient (CONTRACT §2 names, their shapes)', () => {
    const backward = out.backward as Json;
    const g = bt.grad;
    expectClose(backward.grad_embedding, matToJSON(g.embedding), 'grad_embedding');
    expectClose(backward.grad_logits, matToJSON(g.logits), 'grad_logits');
    expectClose(backward.grad_probs, matToJSON(g.probs), 'grad_probs');
    (backward.layers as Json[]).forEach((l, i) => {
      const gl = g.layers[i];
      const perHead = (ms: Mat[]): (number | null)[][] => ms.flatMap(matToJSON);
      expectClose(l.grad_q, perHead(gl.q), `layers[${i}].grad_q`);
      expectClose(l.grad_masked, perHead(gl.masked), `layers[${i}].grad_masked`);
      expectClose(l.grad_weights, perHead(gl.weights), `layers[${i}].grad_weights`);
      expectClose(l.grad_ffnHidden, matToJSON(gl.ffnHidden), `layers[${i}].grad_ffnHidden`);
      expectClose(l.grad_output, matToJSON(gl.output), `layers[${i}].grad_output`);
    });
    const weights = out.weightGradients as Json;
    expect(Object.keys(weights)).toEqual(bt.weights.map((w) => w.name));
    for (const w of bt.weights) {
      expect(shapeOf(weights[w.name]), w.name).toEqual(w.shape);
      expectClose(weights[w.name], w.data, w.name);
    }
  });

  it('refuses a text with nothing to predict, with one line on stderr', async () => {
    const r = await cli(['probe', '--text', '', '--backward']);
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/nothing to predict/);
  });
});
