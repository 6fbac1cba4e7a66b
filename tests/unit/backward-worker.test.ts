// The worker's backwardTrace request (src/worker/backwardTrace.ts) in Node: with no training run it
// uses a fresh optimizer; during a run it uses the run's optimizer state and the learning rate of its
// next step, between two steps, and leaves the model being trained as it was. The packed result
// (transfer.ts) holds the same numbers in one transferable buffer.

import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../../src/cli/backend';
import type { EventMessage } from '../../src/shared/protocol';
import { DEFAULT_TRAIN_SETTINGS, type TrainSettings } from '../../src/shared/training';
import { learningRateAt } from '../../src/train/schedule';
import { runBackwardTrace } from '../../src/worker/backwardTrace';
import { BadRequestError, ModelHost } from '../../src/worker/modelHost';
import { TrainingController } from '../../src/worker/training';
import { packBackwardTrace } from '../../src/worker/transfer';
import { trainOptionsOf } from '../../src/worker/trainingSession';

beforeAll(async () => {
  await initNodeBackend();
});

const SETTINGS: TrainSettings = { ...DEFAULT_TRAIN_SETTINGS, preset: 'nano', batchSize: 4, targetSteps: 1000 };
const TEXT = 'the animal was too tired .';

function setUp() {
  const host = new ModelHost();
  const events: EventMessage[] = [];
  let queue: Promise<void> = Promise.resolve();
  const enqueue = (job: () => Promise<void>): Promise<void> => {
    const done = queue.then(job);
    queue = done.catch(() => {});
    return done;
  };
  const controller = new TrainingController({ host, post: (m) => events.push(m), enqueue });
  const request = <T>(fn: () => Promise<T> | T): Promise<T> => {
    let out!: T;
    return enqueue(async () => {
      out = await fn();
    }).then(() => out);
  };
  return { host, controller, request };
}

async function waitFor(cond: () => boolean, ms = 60_000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('backwardTrace request', () => {
  it('without a run: a fresh optimizer at step 1; bad requests are refused', async () => {
    const { host, controller } = setUp();
    host.installRandom({ kind: 'no-shipped-checkpoint' });
    const r = await runBackwardTrace(host, controller, { text: TEXT });
    expect(r.tokens[0]).toBe('<bos>');
    expect(r.ids.length).toBe(r.trace.forward.ids.length);
    expect(r.trace.update.fromRun).toBe(false);
    expect(r.trace.update.step).toBe(1);
    expect(r.trace.update.name).toBe('layers/0/attention/query/kernel');
    await expect(runBackwardTrace(host, controller, { text: '' })).rejects.toThrow(BadRequestError);
    await expect(runBackwardTrace(host, controller, { text: TEXT, weight: 'nope' })).rejects.toThrow(BadRequestError);
    await expect(runBackwardTrace(host, controller, { text: TEXT, learningRate: -1 })).rejects.toThrow(BadRequestError);
    const own = await runBackwardTrace(host, controller, { text: TEXT, weight: 'layers/0/ffn/output/bias', learningRate: 0.01 });
    expect(own.trace.update.name).toBe('layers/0/ffn/output/bias');
    expect(own.trace.update.learningRate).toBe(0.01);

    // Packed for postMessage: one buffer, the same numbers.
    const packed = packBackwardTrace(own.trace);
    expect(packed.transfer.length).toBe(1);
    const buffer = packed.transfer[0];
    expect(packed.trace.grad.layers[0].q[0].data.buffer).toBe(buffer);
    expect(packed.trace.weights[3].data.buffer).toBe(buffer);
    expect(packed.trace.update.mHat.buffer).toBe(buffer);
    expect(packed.trace.after.probs.data.buffer).toBe(buffer);
    expect(Array.from(packed.trace.grad.layers[0].weights[1].data)).toEqual(Array.from(own.trace.grad.layers[0].weights[1].data));
    expect(Array.from(packed.trace.update.delta)).toEqual(Array.from(own.trace.update.delta));
    expect(Array.from(packed.trace.forward.probs.data)).toEqual(Array.from(own.trace.forward.probs.data));
  });

  it('during a run: its optimizer state and next learning rate, between two steps, the model unchanged', async () => {
    const { host, controller, request } = setUp();
    await request(() => controller.start(SETTINGS));
    await waitFor(() => controller.state().step >= 5);
    try {
      const { r, stepBefore, weightsBefore, weightsAfter, stepAfter } = await request(async () => {
        const model = host.decoderModel!;
        const stepBefore = controller.state().step;
        const weightsBefore = await model.readWeights();
        const r = await runBackwardTrace(host, controller, { text: TEXT });
        const weightsAfter = await model.readWeights();
        return { r, stepBefore, weightsBefore, weightsAfter, stepAfter: controller.state().step };
      });
      expect(stepAfter).toBe(stepBefore);
      expect(r.trace.update.fromRun).toBe(true);
      expect(r.trace.update.step).toBe(stepBefore + 1);
      expect(r.trace.update.learningRate).toBeCloseTo(learningRateAt(stepBefore, trainOptionsOf(SETTINGS)), 12);
      expect(r.trace.clipNorm).toBe(trainOptionsOf(SETTINGS).clipNorm);
      // Moments that a run has built up are not zero.
      expect(r.trace.update.mPrev.some((x) => x !== 0)).toBe(true);
      for (const [name, w] of weightsBefore) expect(Array.from(weightsAfter.get(name)!), name).toEqual(Array.from(w));
    } finally {
      await request(() => controller.pause());
    }
  });
});
