// The worker's training run (src/worker/trainingSession.ts) in Node, with a micro model so that
// 2,000 steps take seconds: no tensor leaks (numTensors after 100 and after 2,000 steps, with the
// evaluation, snapshot and good-copy work the worker does in between), the divergence guard puts the
// last good weights back, and a run restored from its saved state continues exactly as if never stopped.

import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../../src/cli/backend';
import { MICRO } from './support/microConfig';
import { DEFAULT_TRAIN_SETTINGS, type TrainSettings } from '../../src/shared/training';
import { HistoryStore } from '../../src/worker/trainingHistory';
import { TrainingSession } from '../../src/worker/trainingSession';


const SETTINGS: TrainSettings = { ...DEFAULT_TRAIN_SETTINGS, batchSize: 2, targetSteps: 2000, seed: 3 };
const PROBE = "the animal didn't cross the street because it was too tired .";

beforeAll(async () => {
  expect(await initNodeBackend()).toBe('wasm');
});

/** The worker's per-step work: a step, and every so often a snapshot, an evaluation and a good copy. */
async function runTo(session: TrainingSession, history: HistoryStore, last: number): Promise<void> {
  while (session.step < last) {
    const r = await session.trainOnce();
    expect(r.kind).toBe('ok');
    if (r.kind !== 'ok') return;
    history.addLoss(r.step, r.loss);
    if (history.wantsSnapshot(r.step)) history.addSnapshot(await session.snapshot(PROBE, 24));
    if (r.step % 250 === 0) history.addEval(await session.evaluate());
    if (r.step % 25 === 0) expect(await session.keepGood()).toBeNull();
  }
}

describe('training session in Node', () => {
  it('keeps the number of tensors level from step 100 to step 2,000', async () => {
    const session = TrainingSession.fresh(SETTINGS, MICRO);
    const history = new HistoryStore();
    await runTo(session, history, 100);
    const at100 = tf.memory().numTensors;
    await runTo(session, history, 2000);
    const at2000 = tf.memory().numTensors;
    console.log(`numTensors after 100 steps: ${at100}, after 2000 steps: ${at2000}`);
    expect(at2000).toBe(at100);
    expect(session.step).toBe(2000);
    // The history stayed bounded and covers the run.
    const h = history.export();
    expect(h.points.length / 2).toBeLessThanOrEqual(4096);
    expect(h.snapshots.length).toBeGreaterThan(10);
    expect(h.snapshots.at(-1)!.step).toBeGreaterThan(1500);
    // It learned something: the loss fell from its first values.
    expect(h.points[h.points.length - 1]).toBeLessThan(h.points[1]);
    session.dispose();
    session.model.dispose();
  }, 240_000);

  it('rolls back to the last good weights when a weight becomes NaN', async () => {
    const session = TrainingSession.fresh(SETTINGS, MICRO);
    for (let i = 0; i < 10; i++) await session.trainOnce();
    expect(await session.keepGood()).toBeNull();
    const good = await session.model.readWeights();
    const before = tf.memory().numTensors;
    // Poison one weight, as a fault would.
    const v = session.model.variables()[0].variable;
    tf.tidy(() => v.assign(tf.fill(v.shape, Number.NaN)));
    const r = await session.trainOnce();
    expect(r.kind).toBe('diverged');
    if (r.kind === 'diverged') {
      expect(r.divergence.restoredStep).toBe(10);
      expect(r.divergence.suggestedLearningRate).toBeLessThan(SETTINGS.learningRate);
    }
    expect(session.step).toBe(10);
    const after = await session.model.readWeights();
    for (const [name, values] of good) expect(Array.from(after.get(name)!)).toEqual(Array.from(values));
    expect(tf.memory().numTensors).toBe(before);
    // Training goes on from there.
    expect((await session.trainOnce()).kind).toBe('ok');
    session.dispose();
    session.model.dispose();
  });

  it('a run restored from its saved state continues with the same losses', async () => {
    const a = TrainingSession.fresh(SETTINGS, MICRO);
    for (let i = 0; i < 10; i++) await a.trainOnce();
    const weights = await a.model.readWeights();
    const optimizer = await a.exportOptimizer();
    const lossesA: number[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await a.trainOnce();
      if (r.kind === 'ok') lossesA.push(r.loss);
    }
    const b = TrainingSession.restore(SETTINGS, MICRO, weights, optimizer);
    expect(b.step).toBe(10);
    const lossesB: number[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await b.trainOnce();
      if (r.kind === 'ok') lossesB.push(r.loss);
    }
    expect(lossesB).toEqual(lossesA);
    for (const s of [a, b]) {
      s.dispose();
      s.model.dispose();
    }
  });
});
