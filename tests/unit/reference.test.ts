// The float64 reference (tests/reference/reference.ts) checked against numbers worked out by hand on
// tiny configurations, so that the reference itself can be trusted as the yardstick of the model.

import { describe, expect, it } from 'vitest';
import type { ModelConfig } from '../../src/shared/config';
import {
  randomWeights,
  referenceForward,
  referenceLoss,
  referenceWeightShapes,
  sinusoidalValue,
  toRows,
  type RefMat,
} from '../reference/reference';

const f32 = (xs: number[]): Float32Array => Float32Array.from(xs);

function expectRows(m: RefMat, want: number[][], digits = 12): void {
  expect(m.rows).toBe(want.length);
  expect(m.cols).toBe(want[0].length);
  toRows(m).forEach((row, i) =>
    row.forEach((v, j) => {
      if (want[i][j] === -Infinity) expect(v).toBe(-Infinity);
      else expect(v, `(${i}, ${j})`).toBeCloseTo(want[i][j], digits);
    }),
  );
}

/** Two-element LayerNorm: x − mean = ±(a − b)/2, var = ((a − b)/2)². */
function ln2(a: number, b: number, eps: number, gamma = [1, 1], beta = [0, 0]): number[] {
  const half = (a - b) / 2;
  const s = Math.sqrt(half * half + eps);
  return [gamma[0] * (half / s) + beta[0], gamma[1] * (-half / s) + beta[1]];
}

describe('reference forward, post-LN, dModel 2, one head, T = 2 (all by hand)', () => {
  const eps = 1e-5;
  const config: ModelConfig = {
    vocabSize: 3,
    dModel: 2,
    nHeads: 1,
    nLayers: 1,
    dFF: 2,
    contextLength: 2,
    norm: 'post',
    positional: 'learned',
    embeddingScale: 1,
    lnEpsilon: eps,
    tiedOutput: false,
  };
  const w = new Map<string, Float32Array>([
    ['embedding/token', f32([0, 0, 1, 0, 0, 1])], // E[1] = [1, 0], E[2] = [0, 1]
    ['embedding/position', f32([0, 0, 0, 0])],
    ['layers/0/attention/query/kernel', f32([1, 0, 0, 1])],
    ['layers/0/attention/query/bias', f32([0, 0])],
    ['layers/0/attention/key/kernel', f32([1, 0, 0, 1])],
    ['layers/0/attention/key/bias', f32([0, 0])],
    ['layers/0/attention/value/kernel', f32([1, 0, 0, 1])],
    ['layers/0/attention/value/bias', f32([0, 0])],
    ['layers/0/attention/output/kernel', f32([1, 0, 0, 1])],
    ['layers/0/attention/output/bias', f32([0, 0])],
    ['layers/0/norm1/gamma', f32([1, 1])],
    ['layers/0/norm1/beta', f32([0, 0])],
    ['layers/0/norm2/gamma', f32([2, 1])],
    ['layers/0/norm2/beta', f32([0, 1])],
    ['layers/0/ffn/hidden/kernel', f32([1, -1, 0, 1])], // W1 = [[1, −1], [0, 1]]
    ['layers/0/ffn/hidden/bias', f32([0, -0.5])],
    ['layers/0/ffn/output/kernel', f32([1, 2, 3, -1])], // W2 = [[1, 2], [3, −1]]
    ['layers/0/ffn/output/bias', f32([0.5, 0])], // 0.5 is exact in float32
    ['output/kernel', f32([1, 0, -1, 0, 1, 1])], // W_out = [[1, 0, −1], [0, 1, 1]]
    ['output/bias', f32([0, 0, 0.5])],
  ]);
  const tr = referenceForward(config, w, [1, 2]);
  const L = tr.layers[0];

  // X = [[1, 0], [0, 1]]; Q = K = V = X.
  const r = 1 / Math.sqrt(2);
  // Row 1 of the attention weights: softmax(0, 1/√2).
  const a0 = 1 / (1 + Math.exp(r));
  const a1 = Math.exp(r) / (1 + Math.exp(r));

  it('embeds and adds positions', () => {
    expectRows(tr.embedding, [
      [1, 0],
      [0, 1],
    ]);
    expectRows(tr.input, [
      [1, 0],
      [0, 1],
    ]);
    expect(L.input).toBe(tr.input);
  });

  it('computes Q, K, V, raw, scaled, masked scores and softmax weights', () => {
    expectRows(L.q[0], [
      [1, 0],
      [0, 1],
    ]);
    expectRows(L.scores[0], [
      [1, 0],
      [0, 1],
    ]);
    expectRows(L.scaled[0], [
      [r, 0],
      [0, r],
    ]);
    expectRows(L.masked[0], [
      [r, -Infinity],
      [0, r],
    ]);
    expectRows(L.weights[0], [
      [1, 0],
      [a0, a1],
    ]);
    expect(L.weights[0].data[1]).toBe(0);
  });

  it('mixes the values and applies the output projection', () => {
    expectRows(L.heads[0], [
      [1, 0],
      [a0, a1],
    ]);
    expectRows(L.concat, [
      [1, 0],
      [a0, a1],
    ]);
    expectRows(L.attention, [
      [1, 0],
      [a0, a1],
    ]);
    expectRows(L.residual1, [
      [2, 0],
      [a0, 1 + a1],
    ]);
  });

  // LN1(residual1): row 0 is [2, 0] → ±1/√(1 + ε); row 1 has mean 1 (a0 + a1 = 1).
  const u = 1 / Math.sqrt(1 + eps);
  const wv = a1 / Math.sqrt(a1 * a1 + eps);
  it('normalises the first residual (biased variance, ε inside the root)', () => {
    expectRows(L.ffnInput, [
      [u, -u],
      [-wv, wv],
    ]);
    expectRows(L.ffnInput, [ln2(2, 0, eps), ln2(a0, 1 + a1, eps)]);
    expect(L.preNorm1).toBeUndefined();
  });

  // hidden = ffnInput·W1 + b1: [x0, −x0 + x1 − 0.5]
  const h0 = [u, -2 * u - 0.5];
  const h1 = [-wv, 2 * wv - 0.5];
  const act1 = Math.max(0, h1[1]);
  it('runs the FFN with ReLU', () => {
    expectRows(L.ffnHidden, [h0, h1]);
    expectRows(L.ffnActivation, [
      [u, 0],
      [0, act1],
    ]);
    // act·W2 + b2 = [a·1 + b·3 + 0.5, a·2 − b]
    expectRows(L.ffnOutput, [
      [u + 0.5, 2 * u],
      [3 * act1 + 0.5, -act1],
    ]);
  });

  const res2 = [
    [u + u + 0.5, -u + 2 * u],
    [-wv + 3 * act1 + 0.5, wv - act1],
  ];
  const out = res2.map(([a, b]) => ln2(a, b, eps, [2, 1], [0, 1]));
  it('adds the second residual to the FFN input and normalises it (post-LN)', () => {
    expectRows(L.residual2, res2);
    expectRows(L.norm2!, out);
    expect(L.output).toBe(L.norm2);
    expect(tr.finalNorm).toBeUndefined();
  });

  const logits = out.map(([a, b]) => [a, b, -a + b + 0.5]);
  const probs = logits.map((row) => {
    const s = row.reduce((acc, v) => acc + Math.exp(v), 0);
    return row.map((v) => Math.exp(v) / s);
  });
  it('projects to logits and probabilities', () => {
    expectRows(tr.logits, logits);
    expectRows(tr.probs, probs);
  });

  it('loss is the mean −log p of the non-pad targets', () => {
    expect(referenceLoss(config, w, [1, 2], [2, 0])).toBeCloseTo(-Math.log(probs[0][2]), 12);
    expect(referenceLoss(config, w, [1, 2], [2, 1])).toBeCloseTo(-(Math.log(probs[0][2]) + Math.log(probs[1][1])) / 2, 12);
    // A batch averages over all non-pad targets of all sequences (3 here), not per sequence.
    // Position 0 of [2, 1] sees only token 2, as does the single sequence [2].
    const p2 = toRows(referenceForward(config, w, [2]).probs)[0];
    expect(toRows(referenceForward(config, w, [2, 1]).probs)[0][1]).toBeCloseTo(p2[1], 14);
    const want = -(Math.log(probs[0][2]) + Math.log(probs[1][1]) + Math.log(p2[1])) / 3;
    expect(referenceLoss(config, w, [[1, 2], [2, 1]], [[2, 1], [1, 0]])).toBeCloseTo(want, 12);
    expect(() => referenceLoss(config, w, [1, 2], [0, 0])).toThrow(/padding/);
  });

  it('knocking out the only head zeroes its output and leaves the bias', () => {
    const k = referenceForward(config, w, [1, 2], { knockout: [{ layer: 0, head: 0 }] });
    expectRows(k.layers[0].heads[0], [
      [0, 0],
      [0, 0],
    ]);
    expectRows(k.layers[0].attention, [
      [0, 0],
      [0, 0],
    ]);
    expectRows(k.layers[0].weights[0], [
      [1, 0],
      [a0, a1],
    ]);
    expectRows(k.layers[0].residual1, [
      [1, 0],
      [0, 1],
    ]);
  });

  it('embeddingScale multiplies E and learned positions are added', () => {
    const cfg = { ...config, embeddingScale: 2 };
    const w2 = new Map(w);
    w2.set('embedding/position', f32([0.25, -1, 3, 0.5]));
    const t2 = referenceForward(cfg, w2, [2, 1]);
    expectRows(t2.embedding, [
      [0, 2],
      [2, 0],
    ]);
    expectRows(t2.positional, [
      [0.25, -1],
      [3, 0.5],
    ]);
    expectRows(t2.input, [
      [0.25, 1],
      [5, 0.5],
    ]);
  });
});

describe('reference forward, pre-LN, dModel 4, two heads, tied output (by hand)', () => {
  const eps = 1e-12;
  const config: ModelConfig = {
    vocabSize: 3,
    dModel: 4,
    nHeads: 2,
    nLayers: 1,
    dFF: 2,
    contextLength: 4,
    norm: 'pre',
    positional: 'learned',
    embeddingScale: 1,
    lnEpsilon: eps,
    tiedOutput: true,
  };
  const I4 = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];
  const w = new Map<string, Float32Array>([
    ['embedding/token', f32([0, 0, 0, 0, 1, 0, 0, 1, 2, 0, 0, 0])], // E[1] = [1, 0, 0, 1], E[2] = [2, 0, 0, 0]
    ['embedding/position', new Float32Array(16)],
    ['layers/0/attention/query/kernel', f32(I4)],
    ['layers/0/attention/query/bias', f32([1, 0, 0, 0])],
    ['layers/0/attention/key/kernel', f32(I4)],
    ['layers/0/attention/key/bias', f32([0, 0, 0, 0])],
    ['layers/0/attention/value/kernel', f32(I4)],
    ['layers/0/attention/value/bias', f32([0, 0, 0, 0])],
    ['layers/0/attention/output/kernel', f32(I4)],
    ['layers/0/attention/output/bias', f32([0, 0, 0, 1])],
    ['layers/0/norm1/gamma', f32([1, 1, 1, 1])],
    ['layers/0/norm1/beta', f32([0, 0, 0, 0])],
    ['layers/0/norm2/gamma', f32([1, 1, 1, 1])],
    ['layers/0/norm2/beta', f32([0, 0, 0, 0])],
    ['layers/0/ffn/hidden/kernel', new Float32Array(8)],
    ['layers/0/ffn/hidden/bias', f32([1, -1])],
    ['layers/0/ffn/output/kernel', f32([0.5, 0, 0, 0, 7, 7, 7, 7])], // row 1 multiplies a ReLU output of 0
    ['layers/0/ffn/output/bias', f32([0, 0, 0, 0])],
    ['final_norm/gamma', f32([2, 2, 2, 2])],
    ['final_norm/beta', f32([0, 0, 0, 1])],
  ]);
  const tr = referenceForward(config, w, [1, 2]);
  const L = tr.layers[0];
  const s3 = Math.sqrt(3);
  // LN1([1, 0, 0, 1]) = [1, −1, −1, 1]; LN1([2, 0, 0, 0]): mean ½, var ¾ → [√3, −1/√3, −1/√3, −1/√3].
  const n0 = [1, -1, -1, 1];
  const n1 = [s3, -1 / s3, -1 / s3, -1 / s3];

  it('normalises before attention', () => {
    expectRows(L.preNorm1!, [n0, n1], 9);
  });

  // Q = N + [1, 0, 0, 0]; K = V = N. Head 0 takes columns 0–1, head 1 columns 2–3.
  const S0 = [
    [2 * 1 + -1 * -1, 2 * s3 + -1 * (-1 / s3)],
    [(s3 + 1) * 1 + (-1 / s3) * -1, (s3 + 1) * s3 + (-1 / s3) * (-1 / s3)],
  ];
  const S1 = [
    [-1 * -1 + 1 * 1, -1 * (-1 / s3) + 1 * (-1 / s3)],
    [(-1 / s3) * -1 + (-1 / s3) * 1, 2 / 3],
  ];
  it('splits heads by columns and computes Q·Kᵀ per head (not K·Qᵀ)', () => {
    expectRows(L.q[0], [
      [2, -1],
      [s3 + 1, -1 / s3],
    ], 9);
    expectRows(L.q[1], [
      [-1, 1],
      [-1 / s3, -1 / s3],
    ], 9);
    expectRows(L.k[1], [
      [-1, 1],
      [-1 / s3, -1 / s3],
    ], 9);
    expectRows(L.v[0], [
      [1, -1],
      [s3, -1 / s3],
    ], 9);
    expectRows(L.scores[0], S0, 9);
    expectRows(L.scores[1], S1, 9);
    expectRows(
      L.scaled[0],
      S0.map((row) => row.map((v) => v / Math.SQRT2)),
      9,
    );
    expectRows(L.masked[1], [
      [2 / Math.SQRT2, -Infinity],
      [0, 2 / 3 / Math.SQRT2],
    ], 9);
  });

  const sm = (x: number, y: number): number[] => [Math.exp(x) / (Math.exp(x) + Math.exp(y)), Math.exp(y) / (Math.exp(x) + Math.exp(y))];
  const A0 = sm(S0[1][0] / Math.SQRT2, S0[1][1] / Math.SQRT2);
  const A1 = sm(0, 2 / 3 / Math.SQRT2);
  const z0 = [A0[0] * 1 + A0[1] * s3, A0[0] * -1 + A0[1] * (-1 / s3)];
  const z1 = [A1[0] * -1 + A1[1] * (-1 / s3), A1[0] * 1 + A1[1] * (-1 / s3)];
  it('mixes values per head and concatenates heads in order', () => {
    expectRows(L.weights[0], [[1, 0], A0], 9);
    expectRows(L.weights[1], [[1, 0], A1], 9);
    expectRows(L.heads[0], [[1, -1], z0], 9);
    expectRows(L.heads[1], [[-1, 1], z1], 9);
    expectRows(L.concat, [
      [1, -1, -1, 1],
      [...z0, ...z1],
    ], 9);
    expectRows(L.attention, [
      [1, -1, -1, 2],
      [z0[0], z0[1], z1[0], z1[1] + 1],
    ], 9);
    // Residual adds the raw layer input x (not LN1(x)).
    expectRows(L.residual1, [
      [2, -1, -1, 3],
      [2 + z0[0], z0[1], z1[0], z1[1] + 1],
    ], 9);
  });

  it('FFN acts on LN2(residual1); second residual adds to residual1; final norm then tied logits', () => {
    const r1 = toRows(L.residual1);
    // ffnInput = LN2(residual1): every row has mean 0 and variance 1 (γ = 1, β = 0, ε ≈ 0).
    toRows(L.ffnInput).forEach((row, i) => {
      const mean = row.reduce((a, b) => a + b, 0) / 4;
      expect(mean).toBeCloseTo(0, 12);
      expect(row.reduce((a, b) => a + (b - mean) ** 2, 0) / 4).toBeCloseTo(1, 9);
      // Same direction as the centred residual.
      const m = r1[i].reduce((a, b) => a + b, 0) / 4;
      const c = r1[i].map((v) => v - m);
      const sd = Math.sqrt(c.reduce((a, b) => a + b * b, 0) / 4);
      row.forEach((v, j) => expect(v).toBeCloseTo(c[j] / sd, 9));
    });
    // W1 = 0, b1 = [1, −1]: hidden [1, −1], ReLU [1, 0], output [0.5, 0, 0, 0].
    expectRows(L.ffnHidden, [
      [1, -1],
      [1, -1],
    ]);
    expectRows(L.ffnActivation, [
      [1, 0],
      [1, 0],
    ]);
    expectRows(L.ffnOutput, [
      [0.5, 0, 0, 0],
      [0.5, 0, 0, 0],
    ]);
    const r2 = r1.map((row) => [row[0] + 0.5, row[1], row[2], row[3]]);
    expectRows(L.residual2, r2, 12);
    expect(L.output).toBe(L.residual2);
    expect(L.norm2).toBeUndefined();
    // final norm: 2·(x − mean)/sd + [0, 0, 0, 1]
    const fn = r2.map((row) => {
      const m = row.reduce((a, b) => a + b, 0) / 4;
      const sd = Math.sqrt(row.reduce((a, b) => a + (b - m) ** 2, 0) / 4 + eps);
      return row.map((v, j) => (2 * (v - m)) / sd + (j === 3 ? 1 : 0));
    });
    expectRows(tr.finalNorm!, fn, 9);
    // Tied: logit[v] = finalNorm · E[v]: E[0] = 0, E[1] = [1, 0, 0, 1], E[2] = [2, 0, 0, 0].
    expectRows(
      tr.logits,
      fn.map((f) => [0, f[0] + f[3], 2 * f[0]]),
      9,
    );
  });

  it('knocking out head 1 zeroes its columns of concat only', () => {
    const k = referenceForward(config, w, [1, 2], { knockout: [{ layer: 0, head: 1 }] });
    expectRows(k.layers[0].heads[1], [
      [0, 0],
      [0, 0],
    ]);
    expectRows(k.layers[0].concat, [
      [1, -1, 0, 0],
      [...z0, 0, 0],
    ], 9);
  });
});

describe('sinusoidal positions', () => {
  it('matches the closed form of "Attention Is All You Need" §3.5 (interleaved sin/cos)', () => {
    expect(sinusoidalValue(0, 0, 4)).toBe(0);
    expect(sinusoidalValue(0, 1, 4)).toBe(1);
    expect(sinusoidalValue(0, 3, 4)).toBe(1);
    expect(sinusoidalValue(1, 0, 4)).toBeCloseTo(Math.sin(1), 15);
    expect(sinusoidalValue(1, 1, 4)).toBeCloseTo(Math.cos(1), 15);
    // 10000^(2/4) = 100
    expect(sinusoidalValue(1, 2, 4)).toBeCloseTo(Math.sin(0.01), 15);
    expect(sinusoidalValue(1, 3, 4)).toBeCloseTo(Math.cos(0.01), 15);
    expect(sinusoidalValue(7, 3, 4)).toBeCloseTo(Math.cos(0.07), 15);
    // dModel 8, dim 5 → i = 2, 10000^(4/8) = 100
    expect(sinusoidalValue(3, 5, 8)).toBeCloseTo(Math.cos(0.03), 15);
    expect(sinusoidalValue(3, 4, 8)).toBeCloseTo(Math.sin(0.03), 15);
    // dModel 64, dim 62/63 → 10000^(62/64)
    expect(sinusoidalValue(50, 63, 64)).toBeCloseTo(Math.cos(50 / Math.pow(10000, 62 / 64)), 15);
  });

  it('the sinusoidal config puts the table into the positional trace', () => {
    const config: ModelConfig = {
      vocabSize: 5,
      dModel: 4,
      nHeads: 2,
      nLayers: 1,
      dFF: 4,
      contextLength: 3,
      norm: 'post',
      positional: 'sinusoidal',
      embeddingScale: 2,
      lnEpsilon: 1e-5,
      tiedOutput: false,
    };
    const w = randomWeights(config, 3);
    const tr = referenceForward(config, w, [4, 0, 3]);
    expectRows(
      tr.positional,
      [
        [0, 1, 0, 1],
        [Math.sin(1), Math.cos(1), Math.sin(0.01), Math.cos(0.01)],
        [Math.sin(2), Math.cos(2), Math.sin(0.02), Math.cos(0.02)],
      ],
      14,
    );
    const E = w.get('embedding/token')!;
    toRows(tr.embedding).forEach((row, i) => row.forEach((v, j) => expect(v).toBe(2 * E[[4, 0, 3][i] * 4 + j])));
    expect(w.has('embedding/position')).toBe(false);
  });
});

describe('random weights and shapes', () => {
  it('lists every weight of CONTRACT §2 for each variant', () => {
    const base: ModelConfig = {
      vocabSize: 7,
      dModel: 4,
      nHeads: 2,
      nLayers: 2,
      dFF: 6,
      contextLength: 5,
      norm: 'post',
      positional: 'sinusoidal',
      embeddingScale: 1,
      lnEpsilon: 1e-5,
      tiedOutput: false,
    };
    const names = referenceWeightShapes(base).map((s) => s.name);
    expect(names).toHaveLength(1 + 2 * 16 + 2);
    expect(names).toContain('layers/1/ffn/output/bias');
    expect(names).not.toContain('final_norm/gamma');
    const pre = referenceWeightShapes({ ...base, norm: 'pre', positional: 'learned', tiedOutput: true });
    expect(pre.map((s) => s.name)).toEqual(expect.arrayContaining(['final_norm/gamma', 'final_norm/beta', 'embedding/position']));
    expect(pre.map((s) => s.name)).not.toContain('output/kernel');
    expect(pre.find((s) => s.name === 'embedding/position')!.shape).toEqual([5, 4]);
    const w = randomWeights(base, 1);
    const w2 = randomWeights(base, 1);
    expect(w.get('layers/0/attention/query/kernel')).toEqual(w2.get('layers/0/attention/query/kernel'));
    const gamma = Array.from(w.get('layers/1/norm2/gamma')!);
    expect(gamma.some((g) => g !== 1)).toBe(true);
    expect(gamma.every((g) => g > 0.2 && g < 1.8)).toBe(true);
    expect(Array.from(w.get('layers/1/norm2/beta')!).some((b) => b !== 0)).toBe(true);
  });

  it('rows of attention weights sum to 1 and the trace is causal', () => {
    const config: ModelConfig = {
      vocabSize: 9,
      dModel: 8,
      nHeads: 2,
      nLayers: 2,
      dFF: 8,
      contextLength: 6,
      norm: 'pre',
      positional: 'sinusoidal',
      embeddingScale: 1,
      lnEpsilon: 1e-5,
      tiedOutput: false,
    };
    const w = randomWeights(config, 5);
    const a = referenceForward(config, w, [2, 3, 4, 5, 6, 7]);
    const b = referenceForward(config, w, [2, 3, 4, 8, 6, 7]);
    for (const l of a.layers)
      for (const A of l.weights)
        toRows(A).forEach((row, i) => {
          expect(row.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
          row.forEach((v, j) => (j > i ? expect(v).toBe(0) : expect(v).toBeGreaterThan(0)));
        });
    for (let i = 0; i < 6; i++) {
      const ra = toRows(a.logits)[i];
      const rb = toRows(b.logits)[i];
      if (i < 3) expect(ra).toEqual(rb);
      else expect(ra).not.toEqual(rb);
    }
  });
});
