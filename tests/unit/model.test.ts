// The TF.js Transformer (src/model) checked against the independent float64 reference
// (tests/reference/reference.ts) on every intermediate of the trace, plus the properties a decoder must
// have: softmax rows sum to 1, causality, batched = per-sequence, head knockout, weight validation.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initNodeBackend } from '../../src/cli/backend';
import { Transformer } from '../../src/model/transformer';
import { sinusoidalTable } from '../../src/model/positional';
import { presetConfig, type ModelConfig } from '../../src/shared/config';
import type { ForwardTrace, Mat } from '../../src/shared/trace';
import { Rng } from '../../src/data/rng';
import { randomWeights, referenceForward, sinusoidalValue, type RefMat, type RefTrace } from '../reference/reference';

const TOL = 1e-4;

beforeAll(async () => {
  await initNodeBackend();
});

/**
 * Differences between a TF.js matrix and a reference one: max |got − want| / max(1, |want|) must be
 * ≤ tol, and −Infinity must sit at exactly the same places. Returns a description of each problem.
 */
function compareMat(label: string, got: Mat | undefined, want: RefMat | undefined, tol = TOL): string[] {
  if (!want) return got ? [`${label}: present in the model trace but not in the reference`] : [];
  if (!got) return [`${label}: missing from the model trace`];
  if (got.rows !== want.rows || got.cols !== want.cols) {
    return [`${label}: shape ${got.rows}x${got.cols}, reference ${want.rows}x${want.cols}`];
  }
  if (got.data.length !== want.rows * want.cols) return [`${label}: data length ${got.data.length}`];
  let worst = 0;
  let at = -1;
  for (let i = 0; i < want.data.length; i++) {
    const g = got.data[i];
    const w = want.data[i];
    if (w === -Infinity || g === -Infinity) {
      if (g !== w) return [`${label}: at (${Math.floor(i / want.cols)}, ${i % want.cols}) model ${g}, reference ${w} (−∞ mismatch)`];
      continue;
    }
    const d = Number.isFinite(g) ? Math.abs(g - w) / Math.max(1, Math.abs(w)) : Infinity;
    if (d > worst) {
      worst = d;
      at = i;
    }
  }
  if (worst > tol) {
    const r = Math.floor(at / want.cols);
    const c = at % want.cols;
    return [`${label}: max diff ${worst.toExponential(2)} at (${r}, ${c}): model ${got.data[at]}, reference ${want.data[at]}`];
  }
  return [];
}

function compareTrace(got: ForwardTrace, want: RefTrace, tol = TOL): string[] {
  const p: string[] = [];
  if (got.ids.join(',') !== want.ids.join(',')) p.push(`ids ${got.ids.join(',')} vs ${want.ids.join(',')}`);
  p.push(...compareMat('embedding', got.embedding, want.embedding, tol));
  p.push(...compareMat('positional', got.positional, want.positional, tol));
  p.push(...compareMat('input', got.input, want.input, tol));
  if (got.layers.length !== want.layers.length) p.push(`layers: ${got.layers.length} vs ${want.layers.length}`);
  want.layers.forEach((wl, l) => {
    const gl = got.layers[l];
    if (!gl) return;
    const pre = `layers[${l}].`;
    for (const key of ['q', 'k', 'v', 'scores', 'scaled', 'masked', 'weights', 'heads'] as const) {
      if (gl[key].length !== wl[key].length) p.push(`${pre}${key}: ${gl[key].length} heads, reference ${wl[key].length}`);
      wl[key].forEach((m, h) => p.push(...compareMat(`${pre}${key}[${h}]`, gl[key][h], m, tol)));
    }
    for (const key of [
      'input',
      'preNorm1',
      'concat',
      'attention',
      'residual1',
      'ffnInput',
      'ffnHidden',
      'ffnActivation',
      'ffnOutput',
      'residual2',
      'norm2',
      'output',
    ] as const) {
      p.push(...compareMat(pre + key, gl[key], wl[key], tol));
    }
  });
  p.push(...compareMat('finalNorm', got.finalNorm, want.finalNorm, tol));
  p.push(...compareMat('logits', got.logits, want.logits, tol));
  p.push(...compareMat('probs', got.probs, want.probs, tol));
  return p;
}

function randomIds(rng: Rng, n: number, vocab: number): number[] {
  // Start with <bos> (2) like every real input; the rest anywhere in the vocabulary, pad included.
  return [2, ...Array.from({ length: n - 1 }, () => rng.int(vocab))];
}

const base: ModelConfig = {
  vocabSize: 11,
  dModel: 8,
  nHeads: 2,
  nLayers: 2,
  dFF: 12,
  contextLength: 16,
  norm: 'post',
  positional: 'sinusoidal',
  embeddingScale: 1,
  lnEpsilon: 1e-5,
  tiedOutput: false,
};

const variants: { name: string; config: ModelConfig }[] = [];
for (const norm of ['post', 'pre'] as const)
  for (const positional of ['sinusoidal', 'learned'] as const)
    for (const tiedOutput of [false, true])
      variants.push({ name: `${norm}/${positional}/${tiedOutput ? 'tied' : 'untied'}`, config: { ...base, norm, positional, tiedOutput } });
variants.push({ name: 'post/sinusoidal/√d scale, 4 heads', config: { ...base, nHeads: 4, embeddingScale: Math.sqrt(8) } });
variants.push({ name: 'pre/learned/1 head, 3 layers, ε 1e-3', config: { ...base, norm: 'pre', positional: 'learned', nHeads: 1, nLayers: 3, lnEpsilon: 1e-3 } });

describe('TF.js trace equals the float64 reference on every intermediate', () => {
  variants.forEach(({ name, config }, vi) => {
    it(name, async () => {
      const weights = randomWeights(config, 100 + vi);
      const model = Transformer.create(config, weights);
      const rng = new Rng(7 + vi);
      const problems: string[] = [];
      try {
        for (const T of [1, 2, 5, config.contextLength]) {
          const ids = randomIds(rng, T, config.vocabSize);
          const got = await model.trace(ids);
          expect(got.config).toEqual(config);
          problems.push(...compareTrace(got, referenceForward(config, weights, ids)).map((s) => `T=${T} ${s}`));
        }
      } finally {
        model.dispose();
      }
      expect(problems, problems.join('\n')).toEqual([]);
    });
  });

  it('tiny preset, T = 64 (full context)', async () => {
    const config = presetConfig('tiny', 40);
    const weights = randomWeights(config, 64, 0.15);
    const model = Transformer.create(config, weights);
    try {
      const ids = randomIds(new Rng(64), 64, config.vocabSize);
      const problems = compareTrace(await model.trace(ids), referenceForward(config, weights, ids));
      expect(problems, problems.join('\n')).toEqual([]);
    } finally {
      model.dispose();
    }
  });
});

describe('properties of the model', () => {
  const config: ModelConfig = { ...base, norm: 'pre', nHeads: 4 };
  const weights = randomWeights(config, 2024);
  let model: Transformer;
  beforeAll(() => {
    model = Transformer.create(config, weights);
  });
  afterAll(() => model.dispose());

  it('attention rows sum to 1 and every weight above the diagonal is exactly 0', async () => {
    const tr = await model.trace(randomIds(new Rng(1), 12, config.vocabSize));
    for (const layer of tr.layers)
      for (const A of layer.weights) {
        for (let i = 0; i < A.rows; i++) {
          let s = 0;
          for (let j = 0; j < A.cols; j++) {
            const v = A.data[i * A.cols + j];
            if (j > i) expect(v).toBe(0);
            s += v;
          }
          expect(Math.abs(s - 1)).toBeLessThanOrEqual(1e-5);
        }
      }
    for (const layer of tr.layers)
      for (const M of layer.masked)
        for (let i = 0; i < M.rows; i++)
          for (let j = 0; j < M.cols; j++) expect(M.data[i * M.cols + j] === -Infinity).toBe(j > i);
  });

  it('is causal: changing token j leaves the logits of positions < j unchanged and changes position j', async () => {
    const T = 10;
    const ids = randomIds(new Rng(2), T, config.vocabSize);
    const logitsOf = async (seq: number[]): Promise<Float32Array> => {
      const out = tf.tidy(() => model.logits(tf.tensor2d([seq], [1, T], 'int32')));
      const data = (await out.data()) as Float32Array;
      out.dispose();
      return data;
    };
    const before = await logitsOf(ids);
    const V = config.vocabSize;
    for (const j of [1, 4, 9]) {
      const changed = [...ids];
      changed[j] = (changed[j] + 3) % V;
      const after = await logitsOf(changed);
      for (let i = 0; i < T; i++) {
        let diff = 0;
        for (let c = 0; c < V; c++) diff = Math.max(diff, Math.abs(after[i * V + c] - before[i * V + c]));
        if (i < j) expect(diff, `position ${i} after changing token ${j}`).toBeLessThanOrEqual(1e-6);
        if (i === j) expect(diff, `position ${j} after changing it`).toBeGreaterThan(1e-3);
      }
    }
  });

  it('batched logits [B, T] equal the trace logits of each sequence', async () => {
    const rng = new Rng(3);
    const T = 7;
    const seqs = [0, 1, 2].map(() => randomIds(rng, T, config.vocabSize));
    const out = tf.tidy(() => model.logits(tf.tensor2d(seqs, [3, T], 'int32')));
    expect(out.shape).toEqual([3, T, config.vocabSize]);
    const data = (await out.data()) as Float32Array;
    out.dispose();
    const n = T * config.vocabSize;
    for (let b = 0; b < 3; b++) {
      const tr = await model.trace(seqs[b]);
      const row = data.subarray(b * n, (b + 1) * n);
      let diff = 0;
      for (let i = 0; i < n; i++) diff = Math.max(diff, Math.abs(row[i] - tr.logits.data[i]));
      expect(diff, `sequence ${b}`).toBeLessThanOrEqual(1e-5);
    }
  });

  it('knocked-out heads output zeros and the rest matches the reference with the same knockout', async () => {
    const knockout = [
      { layer: 0, head: 1 },
      { layer: 1, head: 3 },
      { layer: 1, head: 0 },
    ];
    const ids = randomIds(new Rng(4), 9, config.vocabSize);
    const tr = await model.trace(ids, { knockout });
    for (const { layer, head } of knockout) {
      expect(Array.from(tr.layers[layer].heads[head].data).every((v) => v === 0)).toBe(true);
      // The head's attention pattern is still computed and shown.
      expect(Array.from(tr.layers[layer].weights[head].data).some((v) => v > 0)).toBe(true);
    }
    const problems = compareTrace(tr, referenceForward(config, weights, ids, { knockout }));
    expect(problems, problems.join('\n')).toEqual([]);
    // The knockout really changes the output, and logits() honours it the same way.
    const plain = referenceForward(config, weights, ids);
    expect(compareMat('logits', tr.logits, plain.logits).length).toBe(1);
    const out = tf.tidy(() => model.logits(tf.tensor2d([ids], [1, ids.length], 'int32'), { knockout }));
    const data = (await out.data()) as Float32Array;
    out.dispose();
    let diff = 0;
    for (let i = 0; i < data.length; i++) diff = Math.max(diff, Math.abs(data[i] - tr.logits.data[i]));
    expect(diff).toBeLessThanOrEqual(1e-5);
  });

  it('trace and logits leave no tensors behind', async () => {
    const ids = randomIds(new Rng(5), 6, config.vocabSize);
    await model.trace(ids);
    const before = tf.memory().numTensors;
    await model.trace(ids);
    const out = tf.tidy(() => model.logits(tf.tensor2d([ids], [1, 6], 'int32')));
    out.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('sinusoidal table', () => {
  const points: [number, number][] = [
    [0, 0],
    [0, 1],
    [0, 7],
    [1, 0],
    [1, 1],
    [3, 5],
    [15, 6],
    [15, 7],
    [9, 3],
  ];

  it('the trace positional field equals the closed form (incl. pos 0 and odd dimensions)', async () => {
    const config = base;
    const model = Transformer.create(config, randomWeights(config, 9));
    try {
      const tr = await model.trace(randomIds(new Rng(9), 16, config.vocabSize));
      for (const [pos, dim] of points) {
        const want = dim % 2 === 0 ? Math.sin(pos / 10000 ** ((dim - (dim % 2)) / 8)) : Math.cos(pos / 10000 ** ((dim - 1) / 8));
        expect(want).toBeCloseTo(sinusoidalValue(pos, dim, 8), 14);
        expect(Math.abs(tr.positional.data[pos * 8 + dim] - want), `P[${pos}, ${dim}]`).toBeLessThanOrEqual(1e-6);
      }
    } finally {
      model.dispose();
    }
  });

  it('sinusoidalTable(length, dModel) is the row-major closed form', () => {
    const table = sinusoidalTable(64, 64);
    expect(table.length).toBe(64 * 64);
    for (const [pos, dim] of [...points, [63, 0], [63, 1], [63, 62], [63, 63], [40, 33]] as [number, number][]) {
      expect(Math.abs(table[pos * 64 + dim] - sinusoidalValue(pos, dim, 64)), `P[${pos}, ${dim}]`).toBeLessThanOrEqual(1e-6);
    }
    const small = sinusoidalTable(3, 4);
    expect(Array.from(small)).toEqual(Array.from(Float32Array.from([0, 1, 0, 1, Math.sin(1), Math.cos(1), Math.sin(0.01), Math.cos(0.01), Math.sin(2), Math.cos(2), Math.sin(0.02), Math.cos(0.02)])));
  });
});

describe('Transformer.create validates the weights', () => {
  const config: ModelConfig = { ...base, positional: 'learned' };

  it('rejects a missing weight, naming it', () => {
    for (const name of ['layers/1/norm1/gamma', 'embedding/position', 'output/bias']) {
      const w = randomWeights(config, 1);
      w.delete(name);
      expect(() => Transformer.create(config, w)).toThrow(name);
    }
    const pre = { ...config, norm: 'pre' as const };
    const w = randomWeights(pre, 1);
    w.delete('final_norm/beta');
    expect(() => Transformer.create(pre, w)).toThrow('final_norm/beta');
  });

  it('rejects a misshaped weight, naming it', () => {
    for (const name of ['layers/0/ffn/hidden/kernel', 'embedding/token', 'layers/1/attention/key/bias']) {
      const w = randomWeights(config, 1);
      w.set(name, new Float32Array(w.get(name)!.length + 1));
      expect(() => Transformer.create(config, w)).toThrow(name);
    }
  });

  it('accepts the full set and reproduces it in readWeights', async () => {
    const w = randomWeights(config, 1);
    const model = Transformer.create(config, w);
    try {
      const back = await model.readWeights();
      expect([...back.keys()].sort()).toEqual([...w.keys()].sort());
      for (const [name, value] of w) expect(back.get(name), name).toEqual(value);
    } finally {
      model.dispose();
    }
  });
});

describe('the plain CPU backend gives the same numbers', () => {
  it('pre/learned/tied and post/sinusoidal on tf cpu', async () => {
    const previous = tf.getBackend();
    await initNodeBackend('cpu');
    expect(tf.getBackend()).toBe('cpu');
    try {
      for (const config of ['pre/learned/tied', 'post/sinusoidal/untied'].map((n) => variants.find((v) => v.name === n)!.config)) {
        const weights = randomWeights(config, 31);
        const model = Transformer.create(config, weights);
        try {
          const ids = randomIds(new Rng(31), config.contextLength, config.vocabSize);
          const problems = compareTrace(await model.trace(ids), referenceForward(config, weights, ids));
          expect(problems, problems.join('\n')).toEqual([]);
        } finally {
          model.dispose();
        }
      }
    } finally {
      await tf.setBackend(previous);
    }
  });
});
