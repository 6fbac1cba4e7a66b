// An absurdly high learning rate (the hardening issue, item 4). Adam moves every weight by about the
// learning rate per step, so the loss can climb to millions and stay finite: a NaN-only guard never
// fires and the model is silently ruined. The session must notice the explosion, put the last good
// weights back (one whose weights gave a sane loss afterwards, not one taken right after the bad
// update), and suggest a usable learning rate.

import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../../src/cli/backend';
import { MICRO } from './support/microConfig';
import { DEFAULT_TRAIN_SETTINGS, type TrainSettings } from '../../src/shared/training';
import { TrainingSession, explodedLoss } from '../../src/worker/trainingSession';

const SETTINGS: TrainSettings = { ...DEFAULT_TRAIN_SETTINGS, batchSize: 2, targetSteps: 200, seed: 5 };

beforeAll(async () => {
  expect(await initNodeBackend()).toBe('wasm');
});

async function weightsNow(s: TrainingSession): Promise<Map<string, Float32Array>> {
  const out = new Map<string, Float32Array>();
  for (const v of s.model.variables()) out.set(v.name, (await v.variable.data()) as Float32Array);
  return out;
}

describe('an exploding learning rate', () => {
  it('the limit is well above a fresh model’s loss (ln V) and never below 10', () => {
    expect(explodedLoss(MICRO.vocabSize)).toBeCloseTo(3 * Math.log(MICRO.vocabSize), 10);
    expect(explodedLoss(MICRO.vocabSize)).toBeGreaterThan(2 * Math.log(MICRO.vocabSize));
    expect(explodedLoss(6)).toBe(10);
  });

  it('is caught although the loss stays finite, and the confirmed good weights are put back', async () => {
    const s = TrainingSession.fresh(SETTINGS, MICRO);
    try {
      expect(await s.keepGood()).toBeNull();
      for (let i = 0; i < 3; i++) expect((await s.trainOnce()).kind).toBe('ok');
      expect(await s.keepGood()).toBeNull(); // a good copy at step 3…
      const first = await s.trainOnce(); // …confirmed by a sane loss at step 4
      expect(first.kind).toBe('ok');
      expect(await s.keepGood()).toBeNull(); // step 4: not confirmed yet
      const good = await weightsNow(s);
      // Past the settings' bounds (the worker refuses 1e3 from the page; here it is forced in).
      s.configure({ learningRate: 1e3 });
      const blown = await s.trainOnce(); // loss measured on the step-4 weights: still sane, step 4 confirmed
      expect(blown.kind).toBe('ok');
      expect(await s.keepGood()).toBeNull(); // step 5: finite, but ruined by the update of step 5
      let outcome = await s.trainOnce();
      for (let i = 0; i < 5 && outcome.kind === 'ok'; i++) outcome = await s.trainOnce();
      expect(outcome.kind).toBe('diverged');
      if (outcome.kind !== 'diverged') return;
      const d = outcome.divergence;
      expect(d.what).toBe('exploded');
      expect(Number.isFinite(d.loss)).toBe(true);
      expect(d.loss).toBeGreaterThan(d.lossLimit as number);
      expect(d.lossLimit).toBeCloseTo(explodedLoss(MICRO.vocabSize), 10);
      // Not the step-5 copy taken right after the ruinous update: the step-4 one, confirmed by a sane loss.
      expect(d.restoredStep).toBe(4);
      expect(s.step).toBe(4);
      expect(s.goodStep).toBe(4);
      expect(d.learningRate).toBe(1e3);
      expect(d.suggestedLearningRate).toBe(DEFAULT_TRAIN_SETTINGS.learningRate);
      const back = await weightsNow(s);
      for (const [name, values] of good) expect(Array.from(back.get(name) as Float32Array), name).toEqual(Array.from(values));
      // With the suggested rate, training goes on with a sane loss.
      s.configure({ learningRate: d.suggestedLearningRate });
      const after = await s.trainOnce();
      expect(after.kind).toBe('ok');
      if (after.kind === 'ok') expect(after.loss).toBeLessThan(explodedLoss(MICRO.vocabSize));
    } finally {
      s.dispose();
      s.model.dispose();
    }
  }, 60_000);

  it('a suggested rate is a third of a lower one', async () => {
    const s = TrainingSession.fresh({ ...SETTINGS, learningRate: 3e-4 }, MICRO);
    try {
      expect(await s.keepGood()).toBeNull();
      expect((await s.trainOnce()).kind).toBe('ok');
      // A NaN in the weights: rolled back, suggestion lr / 3.
      const v = s.model.variables()[0].variable;
      tf.tidy(() => v.assign(tf.fill(v.shape, Number.NaN)));
      const d = await s.keepGood();
      expect(d?.what).toBe('weights');
      expect(d?.suggestedLearningRate).toBe(1e-4);
      expect(d?.restoredStep).toBe(0);
    } finally {
      s.dispose();
      s.model.dispose();
    }
  }, 60_000);
});
