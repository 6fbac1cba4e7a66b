// The traced training step (src/train/backward.ts) checked three ways:
// 1. every gradient of the backward trace (intermediates and weights) against the float64 reference
//    backward pass written from the formulas (tests/reference/referenceBackward.ts), on random weights,
//    post-LN and pre-LN, sinusoidal and learned positions, untied and tied output. Error measure, per
//    tensor: max |TF.js − reference| / max |reference| (the key bias, whose gradient is 0 in exact
//    arithmetic, is checked against an absolute bound instead);
// 2. finite differences of the float64 reference loss against the reference backward (a few entries of
//    every weight and of every intermediate) and against the trace's weight gradients (entries of every
//    weight tensor);
// 3. on the shipped model: the softmax-Jacobian and ReLU-mask steps against their closed forms with the
//    trace's own numbers, Adam's entries against their formulas, the sentence's loss after the update
//    below the loss before, the model in use unchanged, no tensor left behind.

import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../../src/cli/backend';
import { DEFAULT_CHECKPOINT_DIR, readCheckpointDir } from '../../src/cli/io';
import { Rng } from '../../src/data/rng';
import { Tokenizer } from '../../src/data/tokenizer';
import { Transformer } from '../../src/model/transformer';
import type { BackwardTrace, GradientTrace } from '../../src/shared/backward';
import type { ModelConfig } from '../../src/shared/config';
import type { Mat } from '../../src/shared/trace';
import { CORPUS_MODELS } from '../../src/shared/training';
import { trainOptionsOf } from '../../src/worker/trainingSession';
import { backwardTrace, DEFAULT_TRACED_WEIGHT } from '../../src/train/backward';
import { DEFAULT_TRAIN_OPTIONS, Trainer } from '../../src/train/trainer';
import { randomWeights, referenceLoss, referenceWeightShapes, type RefMat, type RefSite } from '../reference/reference';
import { referenceBackward, type RefGradTrace } from '../reference/referenceBackward';

beforeAll(async () => {
  await initNodeBackend();
});

const base: ModelConfig = {
  vocabSize: 11,
  dModel: 8,
  nHeads: 2,
  nLayers: 2,
  dFF: 16,
  contextLength: 8,
  norm: 'post',
  positional: 'sinusoidal',
  embeddingScale: 1,
  lnEpsilon: 1e-5,
  tiedOutput: false,
};

const CASES: { name: string; config: ModelConfig; seed: number }[] = [
  { name: 'post-LN, sinusoidal, untied output', config: base, seed: 71 },
  { name: 'pre-LN, learned positions, tied output, embeddingScale √d', config: { ...base, norm: 'pre', positional: 'learned', tiedOutput: true, embeddingScale: Math.sqrt(8) }, seed: 72 },
  { name: 'pre-LN, sinusoidal, untied output', config: { ...base, norm: 'pre' }, seed: 73 },
];

// <bos> first; token 3 occurs twice, token 10 never (its embedding row gets no gradient unless tied).
const IDS = [2, 5, 3, 7, 3, 9, 4];
const UNUSED = 10;

// ------------------------------------------------------------------------------------------------
// Pairing the gradient trace with the reference, field by field.

/** One intermediate of the reference gradient trace: where it is, and its gradient. */
interface RefSiteGrad {
  label: string;
  /** null for probs (computed from the logits; not an intermediate that can be perturbed on its own). */
  site: RefSite | null;
  ref: RefMat;
}

const LAYER_MATS = ['input', 'preNorm1', 'concat', 'attention', 'residual1', 'ffnInput', 'ffnHidden', 'ffnActivation', 'ffnOutput', 'residual2', 'norm2', 'output'] as const;
const HEAD_MATS = ['q', 'k', 'v', 'scores', 'scaled', 'masked', 'weights', 'heads'] as const;
const TOP_MATS = ['embedding', 'positional', 'input', 'finalNorm', 'logits'] as const;

function refSites(r: RefGradTrace): RefSiteGrad[] {
  const out: RefSiteGrad[] = [];
  for (const f of TOP_MATS) {
    const m = r[f];
    if (m) out.push({ label: f, site: { field: f }, ref: m });
  }
  r.layers.forEach((l, layer) => {
    for (const f of LAYER_MATS) {
      const m = l[f];
      if (m) out.push({ label: `layers[${layer}].${f}`, site: { field: f === 'input' ? 'layerInput' : f, layer }, ref: m });
    }
    for (const f of HEAD_MATS) l[f].forEach((m, head) => out.push({ label: `layers[${layer}].${f}[${head}]`, site: { field: f, layer, head }, ref: m }));
  });
  out.push({ label: 'probs', site: null, ref: r.probs });
  return out;
}

/** The gradient trace's matrix at a reference site (undefined where the trace has none). */
function traceMat(g: GradientTrace, s: RefSiteGrad): Mat | undefined {
  if (!s.site) return g.probs;
  const { field, layer, head } = s.site;
  if (layer === undefined) return g[field as (typeof TOP_MATS)[number]];
  const l = g.layers[layer];
  if (head !== undefined) return l[field as (typeof HEAD_MATS)[number]][head];
  return l[field === 'layerInput' ? 'input' : (field as Exclude<(typeof LAYER_MATS)[number], 'input'>)];
}

/** The trace's gradients paired with the reference's, every field of both (the same fields on each side). */
function pairs(g: GradientTrace, r: RefGradTrace): { label: string; tf: Mat; ref: RefMat }[] {
  expect(g.finalNorm === undefined).toBe(r.finalNorm === undefined);
  g.layers.forEach((l, i) => {
    expect(l.preNorm1 === undefined, `layers[${i}].preNorm1`).toBe(r.layers[i].preNorm1 === undefined);
    expect(l.norm2 === undefined, `layers[${i}].norm2`).toBe(r.layers[i].norm2 === undefined);
  });
  return refSites(r).map((s) => {
    const m = traceMat(g, s);
    if (!m) throw new Error(`the gradient trace has no ${s.label}`);
    return { label: s.label, tf: m, ref: s.ref };
  });
}

function maxAbs(xs: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < xs.length; i++) m = Math.max(m, Math.abs(xs[i]));
  return m;
}

/** max |a − b| / max |b|. */
function relError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let e = 0;
  for (let i = 0; i < a.length; i++) e = Math.max(e, Math.abs(a[i] - b[i]));
  return e / maxAbs(b);
}

function argmaxAbs(xs: ArrayLike<number>, allowed: (i: number) => boolean = () => true): number {
  let best = -1;
  for (let i = 0; i < xs.length; i++) if (allowed(i) && (best < 0 || Math.abs(xs[i]) > Math.abs(xs[best]))) best = i;
  return best;
}

const KEY_BIAS = /attention\/key\/bias$/;

// ------------------------------------------------------------------------------------------------
// Finite differences of the float64 reference loss.

const TARGETS = [...IDS.slice(1), 0]; // the last position predicts nothing (0 = <pad>)

function lossWith(config: ModelConfig, weights: Map<string, Float32Array>, perturb?: (site: RefSite, m: RefMat) => void): number {
  return referenceLoss(config, weights, IDS, TARGETS, perturb ? { perturb } : {});
}

/** Central difference with respect to entry `index` of an intermediate (float64 step h). */
function fdIntermediate(config: ModelConfig, weights: Map<string, Float32Array>, site: RefSite, index: number, h = 1e-5): number {
  const at = (delta: number): number =>
    lossWith(config, weights, (s, m) => {
      if (s.field === site.field && s.layer === site.layer && s.head === site.head) m.data[index] += delta;
    });
  return (at(h) - at(-h)) / (2 * h);
}

/** Central difference with respect to one weight entry, using the float32-rounded steps actually taken. */
function fdWeight(config: ModelConfig, weights: Map<string, Float32Array>, name: string, index: number, h = 1e-5): number {
  const w = weights.get(name)!;
  const copy = new Map(weights);
  const arr = Float32Array.from(w);
  copy.set(name, arr);
  const plus = Math.fround(w[index] + h);
  const minus = Math.fround(w[index] - h);
  arr[index] = plus;
  const lp = lossWith(config, copy);
  arr[index] = minus;
  const lm = lossWith(config, copy);
  return (lp - lm) / (plus - minus);
}

// Worst relative errors, printed once at the end (the figures the report quotes).
const worst: { what: string; error: number }[] = [];

describe('backward trace against the float64 reference backward (random weights)', () => {
  for (const { name, config, seed } of CASES) {
    it(name, async () => {
      const weights = randomWeights(config, seed);
      const model = Transformer.create(config, weights);
      let bt: BackwardTrace;
      try {
        bt = await backwardTrace(model, IDS);
      } finally {
        model.dispose();
      }
      const ref = referenceBackward(config, weights, IDS);

      // The loss: training's (maskedCrossEntropy) and the reference's, per position and mean.
      expect(Math.abs(bt.loss - ref.loss)).toBeLessThanOrEqual(1e-5 * Math.max(1, ref.loss));
      expect(Math.abs(bt.loss - referenceLoss(config, weights, IDS, TARGETS))).toBeLessThanOrEqual(1e-5 * Math.max(1, ref.loss));
      bt.losses.forEach((l, i) => expect(Math.abs(l - ref.losses[i]), `loss at ${i}`).toBeLessThanOrEqual(1e-5 * Math.max(1, ref.losses[i])));
      expect(bt.targets).toEqual(IDS.slice(1));

      // Every intermediate's gradient.
      let worstTrace = { label: '', error: 0 };
      for (const p of pairs(bt.grad, ref.grad)) {
        expect([p.tf.rows, p.tf.cols], p.label).toEqual([p.ref.rows, p.ref.cols]);
        expect(maxAbs(p.ref.data), `${p.label} carries a real signal`).toBeGreaterThan(1e-6);
        const e = relError(p.tf.data, p.ref.data);
        expect(e, p.label).toBeLessThanOrEqual(1e-4);
        if (e > worstTrace.error) worstTrace = { label: p.label, error: e };
      }
      // The causal mask's cells receive no gradient: exactly 0 (not −0) in masked, scaled and scores.
      const t = IDS.length;
      for (const l of bt.grad.layers) {
        for (const m of [...l.masked, ...l.scaled, ...l.scores]) {
          for (let i = 0; i < t; i++) for (let j = i + 1; j < t; j++) expect(Object.is(m.data[i * t + j], 0)).toBe(true);
        }
      }
      // The last position predicts nothing here.
      expect(maxAbs(bt.grad.logits.data.subarray((t - 1) * config.vocabSize))).toBe(0);

      // Every weight's gradient, in manifest order.
      expect(bt.weights.map((w) => w.name)).toEqual(referenceWeightShapes(config).map((s) => s.name));
      let worstWeight = { label: '', error: 0 };
      for (const w of bt.weights) {
        const r = ref.weights.get(w.name)!;
        expect(w.shape, w.name).toEqual(referenceWeightShapes(config).find((s) => s.name === w.name)!.shape);
        if (KEY_BIAS.test(w.name)) {
          // Adds the same q·b to a whole row of scores, which softmax ignores: 0 up to float32 round-off.
          expect(maxAbs(w.data), w.name).toBeLessThanOrEqual(1e-6);
          expect(maxAbs(r), w.name).toBeLessThanOrEqual(1e-12);
          continue;
        }
        const e = relError(w.data, r);
        expect(e, w.name).toBeLessThanOrEqual(1e-4);
        if (e > worstWeight.error) worstWeight = { label: w.name, error: e };
        let sq = 0;
        for (const x of w.data) sq += x * x;
        expect(w.norm).toBeCloseTo(Math.sqrt(sq), 6);
      }
      // Only the rows of the sentence's tokens that some prediction reads get a gradient (unless the
      // output is tied): the last token (4, only at the end) predicts nothing here, so its row gets none.
      const E = bt.weights.find((w) => w.name === 'embedding/token')!.data;
      const d = config.dModel;
      const rowUsed = (row: number): boolean => maxAbs(E.subarray(row * d, (row + 1) * d)) > 0;
      const read = IDS.slice(0, -1);
      for (let row = 0; row < config.vocabSize; row++) {
        if (read.includes(row)) expect(rowUsed(row), `row ${row}`).toBe(true);
        else if (!config.tiedOutput) expect(rowUsed(row), `row ${row}`).toBe(false);
      }
      if (config.tiedOutput) expect(rowUsed(UNUSED)).toBe(true);
      // The last position's gradients are 0 everywhere (nothing later reads it).
      expect(maxAbs(bt.grad.input.data.subarray((t - 1) * d))).toBe(0);

      // Global norm and clipping as a training step computes them.
      const norm = Math.sqrt(bt.weights.reduce((s, w) => s + w.norm * w.norm, 0));
      expect(bt.globalNorm).toBeCloseTo(norm, 5);
      expect(bt.clipNorm).toBe(DEFAULT_TRAIN_OPTIONS.clipNorm);
      expect(bt.clipFactor).toBeCloseTo(Math.min(1, DEFAULT_TRAIN_OPTIONS.clipNorm / bt.globalNorm), 6);

      worst.push({ what: `${name}: intermediates (${worstTrace.label})`, error: worstTrace.error });
      worst.push({ what: `${name}: weights (${worstWeight.label})`, error: worstWeight.error });
    });
  }
});

describe('finite differences of the float64 reference loss', () => {
  for (const { name, config, seed } of CASES.slice(0, 2)) {
    it(`agree with the reference backward, every weight and every intermediate (${name})`, () => {
      const weights = randomWeights(config, seed);
      const ref = referenceBackward(config, weights, IDS);
      const rng = new Rng(seed);
      const problems: string[] = [];
      let checked = 0;
      const t = IDS.length;
      for (const p of refSites(ref.grad)) {
        const site = p.site;
        if (!site) continue; // p is computed from the logits, not perturbed on its own
        const causal = ['scores', 'scaled', 'masked', 'weights'].includes(site.field);
        const visible = (i: number): boolean => !causal || i % t <= Math.floor(i / t);
        const entries = new Set([argmaxAbs(p.ref.data, visible), argmaxAbs(p.ref.data.map((_, i) => (visible(i) ? rng.normal() : 0)))]);
        for (const index of entries) {
          const fd = fdIntermediate(config, weights, site, index);
          const g = p.ref.data[index];
          checked++;
          if (Math.abs(fd - g) > 1e-7 + 1e-4 * Math.abs(g)) problems.push(`${p.label}[${index}]: backward ${g}, finite difference ${fd}`);
        }
      }
      for (const [wName, g] of ref.weights) {
        const entries = new Set([argmaxAbs(g), rng.int(g.length)]);
        for (const index of entries) {
          const fd = fdWeight(config, weights, wName, index);
          checked++;
          if (Math.abs(fd - g[index]) > 1e-6 + 1e-4 * maxAbs(g)) problems.push(`${wName}[${index}]: backward ${g[index]}, finite difference ${fd}`);
        }
      }
      expect(problems, problems.join('\n')).toEqual([]);
      expect(checked).toBeGreaterThan(100);
    });
  }

  it("agree with the trace's weight gradients, entries of every weight tensor (both norm placements)", async () => {
    for (const { name, config, seed } of CASES.slice(0, 2)) {
      const weights = randomWeights(config, seed);
      const model = Transformer.create(config, weights);
      let bt: BackwardTrace;
      try {
        bt = await backwardTrace(model, IDS);
      } finally {
        model.dispose();
      }
      const rng = new Rng(seed + 1);
      const problems: string[] = [];
      for (const w of bt.weights) {
        const entries = new Set([argmaxAbs(w.data), rng.int(w.data.length), rng.int(w.data.length)]);
        for (const index of entries) {
          const fd = fdWeight(config, weights, w.name, index);
          if (Math.abs(fd - w.data[index]) > 1e-6 + 1e-4 * maxAbs(w.data)) problems.push(`${name} ${w.name}[${index}]: trace ${w.data[index]}, finite difference ${fd}`);
        }
      }
      expect(problems, problems.join('\n')).toEqual([]);
    }
  });
});

// ------------------------------------------------------------------------------------------------
// The shipped model.

const SENTENCE = "the animal didn't cross the street because it was too tired";

describe('the shipped model, one training step on the default sentence', () => {
  let model: Transformer;
  let ids: number[];
  let bt: BackwardTrace;
  let weightsBefore: Map<string, Float32Array>;

  beforeAll(async () => {
    const checkpoint = await readCheckpointDir(DEFAULT_CHECKPOINT_DIR);
    model = Transformer.create(checkpoint.config, checkpoint.weights);
    ids = new Tokenizer(checkpoint.tokenizer.vocab).encode(SENTENCE).ids;
    weightsBefore = await model.readWeights();
    bt = await backwardTrace(model, ids);
  });

  it('the softmax Jacobian: ∂S = A ⊙ (∂A − rowsum(∂A ⊙ A)), ∂(S/√dk) = ∂masked, ∂S_raw = ∂(S/√dk)/√dk', () => {
    const t = ids.length;
    const dk = model.config.dModel / model.config.nHeads;
    let worstJacobian = 0;
    bt.grad.layers.forEach((l, li) => {
      l.masked.forEach((dM, h) => {
        const A = bt.forward.layers[li].weights[h].data;
        const dA = l.weights[h].data;
        const closed = new Float64Array(t * t);
        for (let i = 0; i < t; i++) {
          let rowsum = 0;
          for (let j = 0; j < t; j++) rowsum += dA[i * t + j] * A[i * t + j];
          for (let j = 0; j < t; j++) closed[i * t + j] = A[i * t + j] * (dA[i * t + j] - rowsum);
        }
        const e = relError(dM.data, closed);
        worstJacobian = Math.max(worstJacobian, e);
        expect(e, `layer ${li} head ${h}`).toBeLessThanOrEqual(1e-4);
        expect(Array.from(l.scaled[h].data)).toEqual(Array.from(dM.data));
        const scores = l.scores[h].data;
        for (let i = 0; i < t * t; i++) expect(Math.abs(scores[i] - dM.data[i] / Math.sqrt(dk))).toBeLessThanOrEqual(1e-7 * Math.max(1e-3, maxAbs(dM.data)));
      });
    });
    worst.push({ what: 'shipped model: softmax Jacobian step', error: worstJacobian });
  });

  it('the ReLU mask: ∂hidden = ∂activation where hidden > 0, else 0', () => {
    bt.grad.layers.forEach((l, li) => {
      const hidden = bt.forward.layers[li].ffnHidden.data;
      const dAct = l.ffnActivation.data;
      const dHidden = l.ffnHidden.data;
      let passed = 0;
      let blocked = 0;
      for (let i = 0; i < hidden.length; i++) {
        if (hidden[i] > 0) {
          expect(dHidden[i], `layer ${li} [${i}]`).toBe(dAct[i]);
          passed++;
        } else {
          expect(Object.is(dHidden[i], 0), `layer ${li} [${i}]`).toBe(true);
          blocked++;
        }
      }
      // The mask does something: some units pass, some are blocked, and blocked ones had a gradient to block.
      expect(passed).toBeGreaterThan(0);
      expect(blocked).toBeGreaterThan(0);
    });
  });

  it("Adam's update of the traced weight follows its formulas (a fresh optimizer)", () => {
    const u = bt.update;
    expect(u.name).toBe(DEFAULT_TRACED_WEIGHT);
    expect(u.fromRun).toBe(false);
    expect(u.step).toBe(1);
    expect(u.beta1).toBe(DEFAULT_TRAIN_OPTIONS.beta1);
    expect(u.beta2).toBe(DEFAULT_TRAIN_OPTIONS.beta2);
    expect(u.epsilon).toBe(DEFAULT_TRAIN_OPTIONS.epsilon);
    expect(u.weightDecay).toBe(0);
    expect(u.learningRate).toBeCloseTo(DEFAULT_TRAIN_OPTIONS.learningRate / DEFAULT_TRAIN_OPTIONS.warmupSteps, 12);
    const g = bt.weights.find((w) => w.name === u.name)!.data;
    expect(Array.from(u.before)).toEqual(Array.from(weightsBefore.get(u.name)!));
    expect(u.mPrev.every((x) => x === 0) && u.vPrev.every((x) => x === 0)).toBe(true);
    checkAdam(u, g, bt.clipFactor);
    // Every entry moved, by about the learning rate (Adam's first step is about lr·sign(g)).
    let moved = 0;
    for (let i = 0; i < u.delta.length; i++) if (u.delta[i] !== 0) moved++;
    expect(moved).toBeGreaterThan(0.9 * u.delta.length);
    expect(maxAbs(u.delta)).toBeLessThanOrEqual(1.01 * u.learningRate);
  });

  it("after the update the sentence's loss is lower; the model in use is unchanged; no tensor is left behind", async () => {
    expect(bt.after.loss).toBeLessThan(bt.loss);
    expect(bt.after.losses.length).toBe(ids.length - 1);
    expect(bt.after.probs.rows).toBe(ids.length);
    const mean = bt.after.losses.reduce((a, b) => a + b, 0) / bt.after.losses.length;
    expect(bt.after.loss).toBeCloseTo(mean, 6);
    const now = await model.readWeights();
    for (const [name, w] of weightsBefore) expect(Array.from(now.get(name)!), name).toEqual(Array.from(w));
    const before = tf.memory().numTensors;
    await backwardTrace(model, ids, { weight: 'output/bias' });
    await backwardTrace(model, ids);
    expect(tf.memory().numTensors).toBe(before);
    worst.push({ what: `shipped model loss before → after (lr ${bt.update.learningRate})`, error: Number.NaN });
    console.log(`shipped model, "${SENTENCE}": loss ${bt.loss} → ${bt.after.loss}, global norm ${bt.globalNorm}, clip factor ${bt.clipFactor}`);
  });

  it("at the worker's rate without a run (step 0 of a fresh run of the corpus' default settings) the loss is lower too", async () => {
    const train = trainOptionsOf(CORPUS_MODELS['builtin:coref'].defaults);
    const r = await backwardTrace(model, ids, { train });
    expect(r.update.learningRate).toBeCloseTo(train.learningRate / train.warmupSteps, 12);
    expect(r.after.loss).toBeLessThan(r.loss);
    console.log(`shipped model at lr ${r.update.learningRate}: loss ${r.loss} → ${r.after.loss}`);
  });

  it('with the optimizer state of a run: its moments, its step, its next learning rate', async () => {
    // A run on a copy, so the shipped model is not changed.
    const copy = Transformer.create(model.config, weightsBefore);
    const run = new Trainer(copy, { ...DEFAULT_TRAIN_OPTIONS, learningRate: 1e-3 });
    try {
      const batch = { batch: 1, length: ids.length, inputs: Int32Array.from(ids), targets: Int32Array.from([...ids.slice(1), 0]) };
      await run.trainStep(batch);
      await run.trainStep(batch);
      const state = await run.exportState();
      const traced = await backwardTrace(copy, ids, { optimizer: state, train: run.options, weight: 'layers/1/ffn/hidden/kernel' });
      const u = traced.update;
      expect(u.fromRun).toBe(true);
      expect(u.step).toBe(3);
      expect(Array.from(u.mPrev)).toEqual(Array.from(state.m.get(u.name)!));
      expect(Array.from(u.vPrev)).toEqual(Array.from(state.v.get(u.name)!));
      expect(u.learningRate).toBeCloseTo((1e-3 * 3) / DEFAULT_TRAIN_OPTIONS.warmupSteps, 12);
      checkAdam(u, traced.weights.find((w) => w.name === u.name)!.data, traced.clipFactor);
    } finally {
      run.dispose();
      copy.dispose();
    }
  });
});

/** m, v, m̂, v̂, the step and the new weight against Adam's formulas, entry by entry. */
function checkAdam(u: BackwardTrace['update'], rawGrad: Float32Array, clipFactor: number): void {
  const n = u.before.length;
  for (const a of [u.grad, u.mPrev, u.vPrev, u.m, u.v, u.mHat, u.vHat, u.delta, u.after]) expect(a.length).toBe(n);
  const c1 = 1 - Math.pow(u.beta1, u.step);
  const c2 = 1 - Math.pow(u.beta2, u.step);
  const close = (a: number, b: number, what: string, i: number): void => {
    expect(Math.abs(a - b), `${what}[${i}]: ${a} vs ${b}`).toBeLessThanOrEqual(2e-6 * Math.max(Math.abs(b), 1e-6) + 1e-12);
  };
  for (let i = 0; i < n; i++) {
    close(u.grad[i], rawGrad[i] * clipFactor, 'clipped gradient', i);
    close(u.m[i], u.beta1 * u.mPrev[i] + (1 - u.beta1) * u.grad[i], 'm', i);
    close(u.v[i], u.beta2 * u.vPrev[i] + (1 - u.beta2) * u.grad[i] ** 2, 'v', i);
    close(u.mHat[i], u.m[i] / c1, 'mHat', i);
    close(u.vHat[i], u.v[i] / c2, 'vHat', i);
    const step = -u.learningRate * (u.mHat[i] / (Math.sqrt(u.vHat[i]) + u.epsilon) + u.weightDecay * u.before[i]);
    // The step the float32 weight really took: within a float32 rounding of the weight of the formula.
    expect(Math.abs(u.delta[i] - step), `delta[${i}]`).toBeLessThanOrEqual(1e-4 * Math.abs(step) + 2 ** -23 * Math.abs(u.before[i]) * 2);
    expect(Math.abs(u.before[i] + u.delta[i] - u.after[i]), `after[${i}]`).toBeLessThanOrEqual(2 ** -23 * Math.abs(u.after[i]) * 2);
  }
}

describe('report', () => {
  it('prints the worst relative errors', () => {
    for (const w of worst) console.log(`${w.what}: ${Number.isNaN(w.error) ? '' : w.error.toExponential(2)}`);
    expect(worst.length).toBeGreaterThan(0);
  });
});
