// The worker's training controller (src/worker/training.ts) in Node, with the worker's messaging
// replaced by a serial job queue and a list of posted events: requests run between steps, progress is
// throttled, pause stops the steps, learning-rate changes apply without a reset, the model in use is
// the model being trained, and without IndexedDB (as in a private window) training goes on and the
// state says saving is off.

import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../../src/cli/backend';
import type { EventMessage, Events } from '../../src/shared/protocol';
import { CORPUS_MODELS, DEFAULT_TRAIN_SETTINGS, snapshotSites, type TrainSettings } from '../../src/shared/training';
import { ModelHost } from '../../src/worker/modelHost';
import { PROGRESS_EVERY_MS, TrainingController } from '../../src/worker/training';

beforeAll(async () => {
  expect(await initNodeBackend()).toBe('wasm');
});

const SETTINGS: TrainSettings = { ...DEFAULT_TRAIN_SETTINGS, preset: 'nano', batchSize: 4, targetSteps: 1000 };

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
  /** Runs `fn` as a request would: in the queue, between two steps. */
  const request = <T>(fn: () => Promise<T> | T): Promise<T> => {
    let out!: T;
    return enqueue(async () => {
      out = await fn();
    }).then(() => out);
  };
  const of = <E extends keyof Events>(name: E): Events[E][] =>
    events.filter((e) => e.event === name).map((e) => e.data as Events[E]);
  return { host, events, controller, request, of };
}

async function waitFor(cond: () => boolean, ms = 60_000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('training controller', () => {
  it('trains between requests, throttles progress, pauses, changes the learning rate live, reports that saving is off', async () => {
    const { host, controller, request, of } = setUp();
    const started = Date.now();
    const s = await request(() => controller.start(SETTINGS));
    expect(s.phase).toBe('running');
    // The model in use is the model being trained.
    expect(host.info().source).toBe('training');
    await waitFor(() => controller.state().step >= 10);
    const tensorsAt10 = tf.memory().numTensors;

    // A request between steps sees a consistent model and training goes on.
    const stepBefore = controller.state().step;
    const trace = await request(() => host.trace('the animal was too tired .'));
    expect(trace.tokens[0]).toBe('<bos>');
    await request(() => controller.configure({ learningRate: 1e-3 }));
    expect(controller.state().settings?.learningRate).toBe(1e-3);
    await waitFor(() => controller.state().step >= stepBefore + 30);
    // After warm-up the learning rate in the progress reports follows the new peak (cosine below it).
    const lastProgress = of('trainProgress').at(-1)!;
    expect(lastProgress.learningRate).toBeLessThanOrEqual(1e-3 + 1e-12);

    const paused = await request(() => controller.pause());
    expect(paused.phase).toBe('paused');
    const stepAtPause = controller.state().step;
    await new Promise((r) => setTimeout(r, 300));
    expect(controller.state().step).toBe(stepAtPause);
    expect(host.info().step).toBe(stepAtPause);

    // Progress: at most one report per PROGRESS_EVERY_MS (plus the forced ones at phase changes),
    // and the loss points they carry add up to every step.
    const elapsed = Date.now() - started;
    const progress = of('trainProgress');
    expect(progress.length).toBeLessThanOrEqual(Math.ceil(elapsed / PROGRESS_EVERY_MS) + 6);
    const points = progress.reduce((n, p) => n + p.points.length / 2, 0);
    expect(points).toBe(stepAtPause);
    // Snapshots of the probe (step 0 and every 10 steps) and no leak while running.
    expect(of('trainSnapshot').filter((x) => !x.live).map((x) => x.step).slice(0, 3)).toEqual([0, 10, 20]);
    expect(tf.memory().numTensors).toBe(tensorsAt10);
    // No IndexedDB in Node: saving is off, and the state says why.
    expect(controller.state().autosaveError).toMatch(/IndexedDB/);
    expect(of('trainState').at(-1)!.phase).toBe('paused');

    // Loading another model ends the run.
    host.installRandom({ kind: 'no-shipped-checkpoint' });
    expect(controller.state().phase).toBe('idle');
  }, 120_000);

  it('one step at a time, and reset starts again at step 0 from the same seed', async () => {
    const { controller, request, host } = setUp();
    const a = await request(() => controller.stepOnce(SETTINGS));
    expect(a.step).toBe(1);
    expect(a.phase).toBe('paused');
    const w1 = await host.model!.readWeights();
    await request(() => controller.stepOnce(SETTINGS));
    expect(controller.state().step).toBe(2);
    const r = await request(() => controller.reset(SETTINGS));
    expect(r.step).toBe(0);
    expect(r.runId).toBeGreaterThan(a.runId);
    await request(() => controller.stepOnce(SETTINGS));
    const again = await host.model!.readWeights();
    for (const [name, values] of w1) expect(Array.from(again.get(name)!)).toEqual(Array.from(values));
  }, 60_000);

  it('refuses settings out of bounds with a reason', async () => {
    const { controller, request } = setUp();
    await expect(request(() => controller.start({ ...SETTINGS, batchSize: 10_000 }))).rejects.toThrow(/batchSize/);
    await expect(
      request(() => controller.start({ ...SETTINGS, corpus: { kind: 'text', text: 'too short', name: 'x' } })),
    ).rejects.toThrow(/too short/);
    expect(controller.state().phase).toBe('idle');
  });

  it('the translation corpus trains the encoder–decoder: its snapshots hold three sites, its evaluations the translation accuracy', async () => {
    const { controller, request, host, of } = setUp();
    const coref = await request(() => controller.stepOnce(SETTINGS));
    expect(coref.corpusId).toBe('builtin:coref');
    expect(host.info().config.architecture ?? 'decoder').toBe('decoder');
    const translate: TrainSettings = {
      ...SETTINGS,
      ...CORPUS_MODELS['builtin:translate'].defaults,
      batchSize: 4,
      corpus: { kind: 'builtin', id: 'builtin:translate' },
    };
    // Another model kind chosen: Train starts a new run (a run of the same kind would go on).
    const s = await request(() => controller.start(translate));
    expect(s.runId).toBeGreaterThan(coref.runId);
    expect(s.corpusId).toBe('builtin:translate');
    expect(host.info().source).toBe('training');
    expect(host.info().config.architecture).toBe('encoder-decoder');
    await waitFor(() => of('trainEval').some((e) => e.translation !== null), 120_000);
    await request(() => controller.pause());
    const e = of('trainEval').find((x) => x.translation !== null)!;
    expect(e.step).toBe(50);
    expect(e.corefAccuracy).toBeNull();
    expect(e.translation!.cases).toBe(48);
    for (const x of [e.translation!.exact, e.translation!.referent]) expect(x >= 0 && x <= 1).toBe(true);
    const snaps = of('trainSnapshot').filter((x) => x.architecture === 'encoder-decoder');
    expect(snaps.length).toBeGreaterThan(0);
    expect(snapshotSites(snaps[0]).map((x) => x.site)).toEqual(['encoder', 'decoder-self', 'cross']);
    // The history the page reloads holds them too.
    const h = controller.historyCopy();
    expect(h.evals.at(-1)!.translation).not.toBeNull();
    expect(h.snapshots.every((x) => x.architecture === 'encoder-decoder')).toBe(true);
  }, 180_000);

  it('trains on the user\'s own text, with its own vocabulary', async () => {
    const { controller, request, host } = setUp();
    const text = Array.from({ length: 60 }, (_, i) => `the cat ${i % 7} sat on the mat number ${i % 5} . 小猫坐在垫子上。`).join(' ');
    const s = await request(() => controller.stepOnce({ ...SETTINGS, corpus: { kind: 'text', text, name: 'cats.txt' } }));
    expect(s.step).toBe(1);
    expect(s.corpusId).toBe('text:cats.txt');
    expect(s.textStats!.vocabSize).toBe(host.info().vocab.length);
    expect(host.info().vocab).toContain('mat');
    expect(host.info().vocab).toContain('猫');
    // The text stays in the worker: states carry the settings without it.
    expect(s.settings!.corpus).toEqual({ kind: 'text', text: '', name: 'cats.txt' });
  });
});
