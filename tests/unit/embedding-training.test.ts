// The training options that shape the token embeddings (issue 15, item 4): decoupled weight decay in
// Adam (AdamW) against a plain-JS reference, which parameters it applies to, the token-embedding
// initial scale, and a tied output layer in a CLI training run.

import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../../src/cli/backend';
import { runTraining } from '../../src/cli/trainLoop';
import { createCorefCorpus } from '../../src/data/coref';
import { initWeights } from '../../src/model/init';
import { presetConfig } from '../../src/shared/config';
import { Adam, decaysWeight } from '../../src/train/adam';
import { validateTrainOptions, DEFAULT_TRAIN_OPTIONS } from '../../src/train/trainer';

beforeAll(async () => {
  expect(await initNodeBackend()).toBe('wasm');
});

/** Plain-JS AdamW step (Loshchilov & Hutter 2019, Algorithm 2, decoupled decay scaled by lr). */
function jsAdamW(theta: number[], m: number[], v: number[], g: number[], t: number, lr: number, wd: number, decays: boolean): void {
  const b1 = 0.9;
  const b2 = 0.98;
  const eps = 1e-7;
  for (let i = 0; i < theta.length; i++) {
    m[i] = b1 * m[i] + (1 - b1) * g[i];
    v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
    const mHat = m[i] / (1 - b1 ** t);
    const vHat = v[i] / (1 - b2 ** t);
    theta[i] -= lr * (mHat / (Math.sqrt(vHat) + eps) + (decays ? wd * theta[i] : 0));
  }
}

describe('Adam with decoupled weight decay', () => {
  it('decays the weight matrices and the embeddings, not biases or LayerNorm parameters', () => {
    expect(decaysWeight('layers/0/attention/query/kernel')).toBe(true);
    expect(decaysWeight('output/kernel')).toBe(true);
    expect(decaysWeight('embedding/token')).toBe(true);
    expect(decaysWeight('embedding/position')).toBe(true);
    expect(decaysWeight('layers/0/attention/query/bias')).toBe(false);
    expect(decaysWeight('layers/1/norm2/gamma')).toBe(false);
    expect(decaysWeight('final_norm/beta')).toBe(false);
  });

  it('matches a plain-JS AdamW over three steps; λ = 0 is plain Adam bit for bit', async () => {
    const lrs = [0.1, 0.05, 0.02];
    const wd = 0.5;
    const grads = [
      [[0.3, -0.2, 1.5, 0.001], [0.2, -0.4]],
      [[-0.1, 0.4, 0.5, -0.02], [0.1, 0.3]],
      [[0.05, 0.05, -0.3, 0.2], [-0.2, 0.0]],
    ];
    const init = [[0.5, -1.25, 2, 0.1], [0.7, -0.3]];
    const run = async (decay: number): Promise<number[][]> => {
      const kernel = tf.variable(tf.tensor2d(init[0], [2, 2]));
      const bias = tf.variable(tf.tensor1d(init[1]));
      const adam = new Adam([
        { name: 'layers/0/ffn/hidden/kernel', variable: kernel },
        { name: 'layers/0/ffn/hidden/bias', variable: bias },
      ]);
      for (let s = 0; s < 3; s++) {
        tf.tidy(() => adam.apply([tf.tensor2d(grads[s][0], [2, 2]), tf.tensor1d(grads[s][1])], lrs[s], { beta1: 0.9, beta2: 0.98, epsilon: 1e-7, weightDecay: decay }));
      }
      const out = [Array.from(await kernel.data()), Array.from(await bias.data())];
      adam.dispose();
      kernel.dispose();
      bias.dispose();
      return out;
    };
    const reference = (decay: number): number[][] => {
      const theta = init.map((p) => p.slice());
      const m = init.map((p) => p.map(() => 0));
      const v = init.map((p) => p.map(() => 0));
      for (let s = 0; s < 3; s++) for (let p = 0; p < 2; p++) jsAdamW(theta[p], m[p], v[p], grads[s][p], s + 1, lrs[s], decay, p === 0);
      return theta;
    };
    const decayed = await run(wd);
    const ref = reference(wd);
    decayed.forEach((p, i) => p.forEach((x, j) => expect(x).toBeCloseTo(ref[i][j], 5)));
    const plain = await run(0);
    const refPlain = reference(0);
    plain.forEach((p, i) => p.forEach((x, j) => expect(x).toBeCloseTo(refPlain[i][j], 5)));
    // The decay made a difference on the kernel, none on the bias.
    decayed[0].forEach((x, j) => expect(Math.abs(x - plain[0][j])).toBeGreaterThan(1e-3));
    expect(decayed[1]).toEqual(plain[1]);
    // λ = 0 and no λ at all run the same kernels: identical float32 results.
    const kernel = tf.variable(tf.tensor2d(init[0], [2, 2]));
    const adam = new Adam([{ name: 'x/kernel', variable: kernel }]);
    for (let s = 0; s < 3; s++) tf.tidy(() => adam.apply([tf.tensor2d(grads[s][0], [2, 2])], lrs[s], { beta1: 0.9, beta2: 0.98, epsilon: 1e-7 }));
    expect(Array.from(await kernel.data())).toEqual(plain[0]);
    adam.dispose();
    kernel.dispose();
  });

  it('rejects a negative decay, or one that would flip the weights (lr·λ ≥ 1)', () => {
    expect(() => validateTrainOptions({ ...DEFAULT_TRAIN_OPTIONS, weightDecay: -0.1 })).toThrow(/weightDecay/);
    expect(() => validateTrainOptions({ ...DEFAULT_TRAIN_OPTIONS, learningRate: 0.1, weightDecay: 10 })).toThrow(/weightDecay/);
    expect(() => validateTrainOptions({ ...DEFAULT_TRAIN_OPTIONS, weightDecay: 0.1 })).not.toThrow();
  });
});

describe('token-embedding initial scale', () => {
  const config = presetConfig('nano', 40);
  it('scales only the token embeddings; every other weight is the same draw', () => {
    const a = initWeights(config, 7);
    const b = initWeights(config, 7, { tokenEmbeddingStd: 0.05 });
    const ta = a.get('embedding/token')!;
    const tb = b.get('embedding/token')!;
    ta.forEach((x, i) => expect(tb[i]).toBeCloseTo(x * 0.05, 6));
    for (const [name, values] of a) if (name !== 'embedding/token') expect(b.get(name)).toEqual(values);
    let ss = 0;
    ta.forEach((x) => (ss += x * x));
    expect(Math.sqrt(ss / ta.length)).toBeGreaterThan(0.9);
    expect(Math.sqrt(ss / ta.length)).toBeLessThan(1.1);
  });
  it('rejects a negative or non-finite scale', () => {
    expect(() => initWeights(config, 7, { tokenEmbeddingStd: -1 })).toThrow(/std/);
    expect(() => initWeights(config, 7, { tokenEmbeddingStd: Number.NaN })).toThrow(/std/);
  });
});

describe('runTraining with the embedding options', () => {
  it('the defaults (std 1, untied, λ = 0) given explicitly train bit for bit as before (the shipped checkpoint still reproduces)', async () => {
    const corpus = createCorefCorpus(5);
    const base = { corpus, corpusName: 'builtin:coref', preset: 'nano' as const, steps: 3, seed: 5, batchSize: 4, readable: true, log: () => {} };
    const a = await runTraining(base);
    const b = await runTraining({ ...base, tokenEmbeddingStd: 1, tiedOutput: false, weightDecay: 0 });
    try {
      const wa = await a.model.readWeights();
      const wb = await b.model.readWeights();
      expect([...wb.keys()]).toEqual([...wa.keys()]);
      for (const [name, values] of wa) expect(wb.get(name), name).toEqual(values);
      expect(b.loss).toBe(a.loss);
    } finally {
      a.model.dispose();
      b.model.dispose();
    }
  });

  it('trains a tied-output model from small embeddings with weight decay (no output layer in the checkpoint)', async () => {
    const corpus = createCorefCorpus(3);
    const run = await runTraining({ corpus, corpusName: 'builtin:coref', preset: 'nano', steps: 3, seed: 3, batchSize: 4, tokenEmbeddingStd: 0.1, tiedOutput: true, weightDecay: 0.1, log: () => {} });
    try {
      expect(run.config.tiedOutput).toBe(true);
      const weights = await run.model.readWeights();
      expect(weights.has('output/kernel')).toBe(false);
      expect(Number.isFinite(run.loss)).toBe(true);
      // Started at std 0.1: after 3 small steps the rows are still far below the default N(0, 1).
      const e = weights.get('embedding/token')!;
      let ss = 0;
      e.forEach((x) => (ss += x * x));
      expect(Math.sqrt(ss / e.length)).toBeLessThan(0.3);
    } finally {
      run.model.dispose();
    }
  });
});
