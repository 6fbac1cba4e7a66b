import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../../src/cli/backend';
import { Rng } from '../../src/data/rng';
import type { TokenBatch } from '../../src/data/types';
import { Transformer } from '../../src/model/transformer';
import { presetConfig } from '../../src/shared/config';
import { Adam } from '../../src/train/adam';
import { clipByGlobalNorm, globalNorm } from '../../src/train/clip';
import { maskedCrossEntropy, maskedCrossEntropyFused } from '../../src/train/loss';
import { learningRateAt } from '../../src/train/schedule';
import { DEFAULT_TRAIN_OPTIONS, Trainer } from '../../src/train/trainer';

beforeAll(async () => {
  expect(await initNodeBackend()).toBe('wasm');
});

/** Plain-JS reference: mean over non-pad targets of −log softmax(logits)[target], in float64. */
function referenceLoss(logits: Float32Array, targets: Int32Array, v: number): number {
  let sum = 0;
  let count = 0;
  for (let n = 0; n < targets.length; n++) {
    if (targets[n] === 0) continue;
    const row = Array.from(logits.subarray(n * v, (n + 1) * v));
    const max = Math.max(...row);
    const lse = max + Math.log(row.reduce((s, x) => s + Math.exp(x - max), 0));
    sum += lse - row[targets[n]];
    count++;
  }
  return sum / count;
}

describe('maskedCrossEntropy', () => {
  it('equals a hand computation and ignores PAD targets', async () => {
    const rng = new Rng(1);
    const [b, t, v] = [3, 5, 7];
    const logits = Float32Array.from({ length: b * t * v }, () => rng.normal() * 3);
    const targets = Int32Array.from({ length: b * t }, () => 1 + rng.int(v - 1));
    for (const i of [2, 4, 9, 10, 11, 14]) targets[i] = 0; // padding
    const expected = referenceLoss(logits, targets, v);
    const lossT = tf.tidy(() => maskedCrossEntropy(tf.tensor3d(logits, [b, t, v]), tf.tensor2d(targets, [b, t], 'int32')));
    const loss = (await lossT.data())[0];
    lossT.dispose();
    expect(loss).toBeCloseTo(expected, 5);
    // Changing the logits at a padded position changes nothing.
    const changed = logits.slice();
    for (let k = 0; k < v; k++) changed[2 * v + k] += 50 * (k + 1);
    const lossT2 = tf.tidy(() => maskedCrossEntropy(tf.tensor3d(changed, [b, t, v]), tf.tensor2d(targets, [b, t], 'int32')));
    expect((await lossT2.data())[0]).toBeCloseTo(expected, 5);
    lossT2.dispose();
  });

  it('is stable for huge logits and 0 for an all-pad batch', async () => {
    const logits = new Float32Array([1000, 0, -1000, 0, 1000, 0]);
    const lossT = tf.tidy(() => maskedCrossEntropy(tf.tensor3d(logits, [1, 2, 3]), tf.tensor2d([[1, 0]], [1, 2], 'int32')));
    expect((await lossT.data())[0]).toBeCloseTo(1000, 3);
    lossT.dispose();
    const padT = tf.tidy(() => maskedCrossEntropy(tf.tensor3d(logits, [1, 2, 3]), tf.tensor2d([[0, 0]], [1, 2], 'int32')));
    expect((await padT.data())[0]).toBeCloseTo(0, 12);
    padT.dispose();
  });
});

describe('maskedCrossEntropyFused', () => {
  it('has the value and the gradient of maskedCrossEntropy (padding included)', () => {
    const rng = new Rng(12);
    const [b, t, v] = [3, 5, 7];
    const logits = tf.tensor3d(Array.from({ length: b * t * v }, () => (rng.next() * 2 - 1) * 4), [b, t, v]);
    const targets = tf.tensor2d([3, 1, 6, 0, 0, 2, 5, 5, 4, 1, 0, 0, 0, 0, 0], [b, t], 'int32');
    // A weighted sum of the loss with something after it, so the incoming gradient is not 1.
    const f = (loss: (l: tf.Tensor3D, y: tf.Tensor2D) => tf.Scalar) => (l: tf.Tensor) => tf.mul(loss(l as tf.Tensor3D, targets), 2.5);
    const [vRef, gRef] = tf.tidy(() => {
      const { value, grad } = tf.valueAndGrad(f(maskedCrossEntropy))(logits);
      return [value.dataSync()[0], grad.dataSync().slice()];
    });
    const [vFused, gFused] = tf.tidy(() => {
      const { value, grad } = tf.valueAndGrad(f(maskedCrossEntropyFused))(logits);
      return [value.dataSync()[0], grad.dataSync().slice()];
    });
    expect(Math.abs(vFused - vRef)).toBeLessThan(1e-5);
    expect(Math.max(...Array.from(gRef, Math.abs))).toBeGreaterThan(0.01);
    gRef.forEach((g, i) => expect(Math.abs(gFused[i] - g)).toBeLessThan(1e-6));
    // Padding positions get no gradient at all.
    for (let i = 0; i < v; i++) expect(gFused[(2 * t + 4) * v + i]).toBe(0);
    tf.dispose([logits, targets]);
  });

  it('keeps an exact loss where p(target) underflows float32 (logits 120 apart), over a vocabulary of 300', () => {
    const rng = new Rng(13);
    const [b, t, v] = [2, 4, 300];
    const logits = tf.tensor3d(Array.from({ length: b * t * v }, () => (rng.next() * 2 - 1) * 60), [b, t, v]);
    const ids = Array.from({ length: b * t }, () => 1 + Math.floor(rng.next() * (v - 1)));
    ids[7] = 0; // one padded target
    const targets = tf.tensor2d(ids, [b, t], 'int32');
    const run = (loss: (l: tf.Tensor3D, y: tf.Tensor2D) => tf.Scalar) =>
      tf.tidy(() => {
        const { value, grad } = tf.valueAndGrad((l: tf.Tensor) => loss(l as tf.Tensor3D, targets))(logits);
        return [value.dataSync()[0], grad.dataSync().slice()] as const;
      });
    const [vRef, gRef] = run(maskedCrossEntropy);
    const [vFused, gFused] = run(maskedCrossEntropyFused);
    expect(vRef).toBeGreaterThan(30); // far from the model's best guesses: some p(target) are 0 in float32
    expect(Math.abs(vFused - vRef) / vRef).toBeLessThan(1e-6);
    gRef.forEach((g, i) => expect(Math.abs(gFused[i] - g)).toBeLessThan(1e-6));
    tf.dispose([logits, targets]);
  });
});

describe('Adam', () => {
  /** Plain-JS Adam step (Kingma & Ba, Algorithm 1). */
  function jsAdam(theta: number[], m: number[], v: number[], g: number[], t: number, lr: number, b1: number, b2: number, eps: number): void {
    for (let i = 0; i < theta.length; i++) {
      m[i] = b1 * m[i] + (1 - b1) * g[i];
      v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
      const mHat = m[i] / (1 - b1 ** t);
      const vHat = v[i] / (1 - b2 ** t);
      theta[i] -= (lr * mHat) / (Math.sqrt(vHat) + eps);
    }
  }

  it('matches a plain-JS Adam over two steps, with a learning-rate change on the second', async () => {
    const hyper = { beta1: 0.9, beta2: 0.98, epsilon: 1e-3 };
    const init = [0.5, -1.25, 2, 0.1];
    const variable = tf.variable(tf.tensor1d(init));
    const adam = new Adam([{ name: 'w', variable }]);
    const theta = init.slice();
    const m = [0, 0, 0, 0];
    const v = [0, 0, 0, 0];
    const gs = [
      [0.3, -0.2, 1.5, 0.001],
      [-0.1, 0.4, 0.5, -0.02],
    ];
    const lrs = [0.1, 0.01];
    for (let s = 0; s < 2; s++) {
      // What the plain-JS Adam gives with the first learning rate, to show the change mattered.
      const unchanged = theta.slice();
      jsAdam(unchanged, m.slice(), v.slice(), gs[s], s + 1, lrs[0], hyper.beta1, hyper.beta2, hyper.epsilon);
      tf.tidy(() => adam.apply([tf.tensor1d(gs[s])], lrs[s], hyper));
      jsAdam(theta, m, v, gs[s], s + 1, lrs[s], hyper.beta1, hyper.beta2, hyper.epsilon);
      const got = Array.from(await variable.data());
      got.forEach((x, i) => expect(x).toBeCloseTo(theta[i], 5));
      if (s === 1) got.forEach((x, i) => expect(Math.abs(x - unchanged[i])).toBeGreaterThan(1e-3));
    }
    expect(adam.step).toBe(2);
    const state = await adam.exportState();
    state.m.get('w')!.forEach((x, i) => expect(x).toBeCloseTo(m[i], 6));
    state.v.get('w')!.forEach((x, i) => expect(x).toBeCloseTo(v[i], 6));
    adam.dispose();
    variable.dispose();
  });

  it('updates several parameters of different shapes from one flat state, each like its own plain-JS Adam', async () => {
    const hyper = { beta1: 0.9, beta2: 0.98, epsilon: 1e-7 };
    const shapes = [[2, 3], [4], [1, 1]];
    const rng = new Rng(4);
    const inits = shapes.map((sh) => Array.from({ length: sh.reduce((a, b) => a * b, 1) }, () => rng.next() * 2 - 1));
    const vars = inits.map((init, i) => tf.variable(tf.tensor(init, shapes[i])));
    const adam = new Adam(vars.map((variable, i) => ({ name: `p${i}`, variable })));
    const theta = inits.map((x) => x.slice());
    const m = inits.map((x) => x.map(() => 0));
    const v = inits.map((x) => x.map(() => 0));
    for (let step = 1; step <= 3; step++) {
      const gs = inits.map((x) => x.map(() => rng.next() * 2 - 1));
      tf.tidy(() => adam.apply(gs.map((g, i) => tf.tensor(g, shapes[i])), 0.05, hyper));
      gs.forEach((g, i) => jsAdam(theta[i], m[i], v[i], g, step, 0.05, hyper.beta1, hyper.beta2, hyper.epsilon));
    }
    for (let i = 0; i < vars.length; i++) {
      expect(vars[i].shape).toEqual(shapes[i]);
      Array.from(await vars[i].data()).forEach((x, j) => expect(x).toBeCloseTo(theta[i][j], 5));
    }
    const state = await adam.exportState();
    expect([...state.m.keys()]).toEqual(['p0', 'p1', 'p2']);
    state.v.get('p1')!.forEach((x, j) => expect(x).toBeCloseTo(v[1][j], 6));
    expect(() => adam.apply([tf.zeros([2, 3])], 0.05, hyper)).toThrow(/expected 3 gradients/);
    adam.dispose();
    vars.forEach((x) => x.dispose());
  });

  it('resumes identically from an exported state and rejects a bad one', async () => {
    const hyper = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };
    const a = tf.variable(tf.tensor2d([[1, 2], [3, 4]]));
    const b = tf.variable(tf.tensor2d([[1, 2], [3, 4]]));
    const adamA = new Adam([{ name: 'w', variable: a }]);
    const g1 = tf.tensor2d([[0.1, -0.2], [0.3, 0.05]]);
    const g2 = tf.tensor2d([[-0.4, 0.2], [0.1, 0.7]]);
    adamA.apply([g1], 0.05, hyper);
    const state = await adamA.exportState();
    b.assign(a);
    const c = tf.variable(tf.tensor2d([[0, 0], [0, 0]]));
    c.assign(a);
    const adamB = new Adam([{ name: 'w', variable: b }]);
    expect(() => adamB.importState({ step: 1, m: new Map(), v: state.v })).toThrow(/missing m/);
    expect(() => adamB.importState({ ...state, m: new Map([['w', new Float32Array(3)]]) })).toThrow(/3 values/);
    adamB.importState(state);
    expect(adamB.step).toBe(1);
    adamA.apply([g2], 0.05, hyper);
    adamB.apply([g2], 0.05, hyper);
    const [va, vb] = [Array.from(await a.data()), Array.from(await b.data())];
    va.forEach((x, i) => expect(vb[i]).toBeCloseTo(x, 6));
    // A fresh optimizer (no state) moves differently from the resumed one: the import mattered.
    const adamC = new Adam([{ name: 'w', variable: c }]);
    adamC.apply([g2], 0.05, hyper);
    const vc = Array.from(await c.data());
    expect(Math.max(...vc.map((x, i) => Math.abs(x - va[i])))).toBeGreaterThan(1e-3);
    tf.dispose([g1, g2]);
    for (const x of [adamA, adamB, adamC]) x.dispose();
    for (const x of [a, b, c]) x.dispose();
  });
});

describe('clipByGlobalNorm', () => {
  it('computes the global norm and scales every gradient to clipNorm', async () => {
    const rng = new Rng(5);
    const values = [Array.from({ length: 6 }, () => rng.normal()), Array.from({ length: 4 }, () => rng.normal() * 3)];
    const expectedNorm = Math.sqrt(values.flat().reduce((s, x) => s + x * x, 0));
    const out = tf.tidy(() => {
      const grads = [tf.tensor2d(values[0], [2, 3]), tf.tensor1d(values[1])];
      const { grads: clipped, norm } = clipByGlobalNorm(grads, 1.5);
      return [norm, globalNorm(clipped), ...clipped];
    });
    const [norm, clippedNorm, c0, c1] = await Promise.all(out.map((t) => t.data()));
    expect(norm[0]).toBeCloseTo(expectedNorm, 4);
    expect(expectedNorm).toBeGreaterThan(1.5);
    expect(clippedNorm[0]).toBeCloseTo(1.5, 4);
    // Direction is kept: each entry scaled by the same factor.
    const scale = 1.5 / expectedNorm;
    [...c0, ...c1].forEach((x, i) => expect(x).toBeCloseTo(values.flat()[i] * scale, 5));
    tf.dispose(out);
  });

  it('leaves small gradients alone', async () => {
    const out = tf.tidy(() => clipByGlobalNorm([tf.tensor1d([0.3, 0.4])], 1).grads[0]);
    expect(Array.from(await out.data())).toEqual([0.30000001192092896, 0.4000000059604645]);
    out.dispose();
  });
});

describe('learningRateAt', () => {
  const o = { learningRate: 1e-2, warmupSteps: 10, totalSteps: 110, minLearningRateRatio: 0.1 };
  it('warms up linearly, decays by a cosine, then stays at the minimum', () => {
    expect(learningRateAt(0, o)).toBeCloseTo(1e-3, 12);
    expect(learningRateAt(4, o)).toBeCloseTo(5e-3, 12);
    expect(learningRateAt(9, o)).toBeCloseTo(1e-2, 12);
    expect(learningRateAt(10, o)).toBeCloseTo(1e-2, 12);
    expect(learningRateAt(60, o)).toBeCloseTo(1e-3 + 0.5 * 9e-3, 12); // half way: mean of lr and lrMin
    expect(learningRateAt(35, o)).toBeCloseTo(1e-3 + 0.5 * 9e-3 * (1 + Math.cos(Math.PI / 4)), 12);
    expect(learningRateAt(110, o)).toBeCloseTo(1e-3, 12);
    expect(learningRateAt(5000, o)).toBeCloseTo(1e-3, 12);
    expect(learningRateAt(0, { ...o, warmupSteps: 0 })).toBeCloseTo(1e-2, 12);
  });
});

/** Four fixed sentences over a 16-token vocabulary; after the first word each is deterministic. */
function fixedBatch(): TokenBatch {
  const sentences = [
    [2, 3, 4, 5, 6, 7, 8, 9],
    [2, 10, 4, 6, 5, 11, 12],
    [2, 13, 14, 4, 3, 15],
    [2, 7, 9, 11, 13, 15, 3, 4],
  ];
  const length = 8;
  const inputs = new Int32Array(sentences.length * length);
  const targets = new Int32Array(sentences.length * length);
  sentences.forEach((s, b) => {
    for (let t = 0; t + 1 < s.length; t++) {
      inputs[b * length + t] = s[t];
      targets[b * length + t] = s[t + 1];
    }
  });
  return { batch: sentences.length, length, inputs, targets };
}

describe('Trainer', () => {
  it('drives the loss of a repetitive corpus below 0.5 and leaks no tensors', async () => {
    const model = Transformer.init({ ...presetConfig('nano', 16), contextLength: 16 }, 7);
    const trainer = new Trainer(model, { learningRate: 1e-2, warmupSteps: 10, totalSteps: 300 });
    const batch = fixedBatch();
    const first = await trainer.trainStep(batch);
    expect(first.step).toBe(1);
    expect(first.learningRate).toBeCloseTo(learningRateAt(0, trainer.options), 12);
    expect(first.loss).toBeGreaterThan(2); // ≈ ln 16 at initialisation
    expect(first.gradNorm).toBeGreaterThan(0);
    let tensorsAt10 = -1;
    let last = first;
    const losses: number[] = [first.loss];
    while (trainer.step < 300) {
      last = await trainer.trainStep(batch);
      losses.push(last.loss);
      if (trainer.step === 10) tensorsAt10 = tf.memory().numTensors;
    }
    expect(tf.memory().numTensors).toBe(tensorsAt10);
    expect(last.step).toBe(300);
    // Floor: ln 4 / 25 targets ≈ 0.055 (only the first word is uncertain).
    expect(Math.min(...losses.slice(-10))).toBeLessThan(0.5);
    const evalLoss = await trainer.evaluate([batch]);
    expect(evalLoss).toBeLessThan(0.5);
    trainer.dispose();
    model.dispose();
  });

  it('evaluate equals the loss of the next step, weights batches by token count, and setOptions keeps state', async () => {
    const model = Transformer.init({ ...presetConfig('nano', 16), contextLength: 16 }, 3);
    const trainer = new Trainer(model, { warmupSteps: 2 });
    const batch = fixedBatch();
    for (let i = 0; i < 3; i++) await trainer.trainStep(batch);
    const before = await trainer.evaluate([batch]);
    trainer.setOptions({ learningRate: 5e-4 });
    const r = await trainer.trainStep(batch);
    expect(r.loss).toBeCloseTo(before, 4);
    expect(r.step).toBe(4);
    expect(r.learningRate).toBeCloseTo(learningRateAt(3, { ...DEFAULT_TRAIN_OPTIONS, warmupSteps: 2, learningRate: 5e-4 }), 12);
    expect(trainer.options.learningRate).toBe(5e-4);
    expect(() => trainer.setOptions({ learningRate: -1 })).toThrow(/learningRate/);
    expect(trainer.options.learningRate).toBe(5e-4);
    // Two batches: the mean is per token, not per batch.
    const one: TokenBatch = { ...batch, batch: 1, inputs: batch.inputs.slice(0, 8), targets: batch.targets.slice(0, 8) };
    const rest: TokenBatch = { ...batch, batch: 3, inputs: batch.inputs.slice(8), targets: batch.targets.slice(8) };
    const [l1, l2, both] = [await trainer.evaluate([one]), await trainer.evaluate([rest]), await trainer.evaluate([one, rest])];
    const n1 = one.targets.filter((x) => x !== 0).length;
    const n2 = rest.targets.filter((x) => x !== 0).length;
    expect(both).toBeCloseTo((l1 * n1 + l2 * n2) / (n1 + n2), 5);
    expect(Math.abs(both - (l1 + l2) / 2)).toBeGreaterThan(1e-4);
    trainer.dispose();
    model.dispose();
  });

  it('resumes from exported weights + optimizer state exactly', async () => {
    const config = { ...presetConfig('nano', 16), contextLength: 16 };
    const batch = fixedBatch();
    const a = Transformer.init(config, 11);
    const ta = new Trainer(a, { warmupSteps: 2 });
    for (let i = 0; i < 4; i++) await ta.trainStep(batch);
    const state = await ta.exportState();
    expect(state.step).toBe(4);
    const b = Transformer.create(config, await a.readWeights());
    const tb = new Trainer(b, { warmupSteps: 2 });
    tb.importState(state);
    expect(tb.step).toBe(4);
    const [ra, rb] = [await ta.trainStep(batch), await tb.trainStep(batch)];
    expect(rb.loss).toBeCloseTo(ra.loss, 5);
    expect(rb.learningRate).toBe(ra.learningRate);
    const [wa, wb] = [await a.readWeights(), await b.readWeights()];
    for (const [name, values] of wa) {
      const other = wb.get(name)!;
      let maxDiff = 0;
      for (let i = 0; i < values.length; i++) maxDiff = Math.max(maxDiff, Math.abs(values[i] - other[i]));
      expect(maxDiff, name).toBeLessThan(1e-5);
    }
    // A trainer without the state takes a different step (warm-up restarts at step 0).
    const c = Transformer.create(config, await a.readWeights());
    const tc = new Trainer(c, { warmupSteps: 2 });
    expect((await tc.trainStep(batch)).learningRate).not.toBe(ra.learningRate);
    for (const t of [ta, tb, tc]) t.dispose();
    for (const m of [a, b, c]) m.dispose();
  });
});
