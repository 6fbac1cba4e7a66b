// Training on the real-text corpora in the worker's code, in Node (src/worker/trainingCorpora.ts,
// corpusFiles.ts, trainingSession.ts): the files are read only when a run needs them, and once; the
// validation loss and the unigram/bigram baselines are measured on the very same target tokens; the
// samples of the strip are the same for the same model (fixed seed and prompt) and the line-length
// figure is the count of finished lines of five or seven characters, counted here by hand; a run can
// start from the weights of the model in use; the loss chart's reference lines sit where its y axis
// puts those values.

import * as tf from '@tensorflow/tfjs-core';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../../src/cli/backend';
import { createDocumentCorpus } from '../../src/data/documentCorpus';
import { PAD_ID } from '../../src/data/tokenizer';
import { Transformer } from '../../src/model/transformer';
import { presetConfig, type ModelConfig } from '../../src/shared/config';
import { appendToken } from '../../src/shared/sampling';
import { CORPUS_MODELS, DEFAULT_TRAIN_SETTINGS, validateTrainSettings, type TrainSettings } from '../../src/shared/training';
import { openCorpus, prepareCorpus, TEXT_EVAL_SEQUENCES, TEXT_SAMPLE_SETTINGS } from '../../src/worker/trainingCorpora';
import { TrainingSession } from '../../src/worker/trainingSession';
import { buildLineChart } from '../../src/viz/lineChart';
import { PUBLIC_DIR, useRepositoryCorpusFiles } from './support/corpusFiles';

const TANG: TrainSettings = { ...DEFAULT_TRAIN_SETTINGS, ...CORPUS_MODELS['builtin:tang'].defaults, batchSize: 4, corpus: { kind: 'builtin', id: 'builtin:tang' } };
const ENGLISH: TrainSettings = { ...TANG, ...CORPUS_MODELS['builtin:english'].defaults, batchSize: 4, corpus: { kind: 'builtin', id: 'builtin:english' } };

/** A small decoder of a corpus's vocabulary (Node samples and trains it in a moment). */
function micro(vocabSize: number, contextLength: number): ModelConfig {
  return { ...presetConfig('tang', vocabSize), dModel: 16, nHeads: 2, nLayers: 1, dFF: 32, contextLength };
}

/** Finished line lengths counted without the app's helper: characters between the marks ，。？！；. */
function handLines(text: string): number[] {
  const out: number[] = [];
  let run = '';
  for (const ch of text) {
    if ('，。？！；'.includes(ch)) {
      out.push([...run.replace(/\s/g, '')].length);
      run = '';
    } else {
      run += ch;
    }
  }
  return out;
}

let read: string[] = [];

beforeAll(async () => {
  expect(await initNodeBackend()).toBe('wasm');
  read = useRepositoryCorpusFiles();
});

describe('real-text corpora in the worker', () => {
  it('are read only when a run needs them, once, and are refused before', async () => {
    expect(() => openCorpus(TANG)).toThrow(/not been fetched/);
    expect(read).toEqual([]);
    await prepareCorpus(TANG);
    await prepareCorpus(TANG);
    expect([...read].sort()).toEqual(['corpora/tang.json', 'corpora/tang.txt']);
    // The coreference corpus needs no file.
    await prepareCorpus({ ...DEFAULT_TRAIN_SETTINGS });
    expect(read.length).toBe(2);
    const plugin = openCorpus(TANG);
    expect(plugin.id).toBe('builtin:tang');
    expect(plugin.architecture).toBe('decoder');
    expect(plugin.tokenizer.kind).toBe('char');
    expect(validateTrainSettings(TANG)).toBeNull();
    expect(validateTrainSettings({ ...TANG, preset: 'tiny' })).toMatch(/does not fit/);
  });

  it('the baselines are measured on exactly the target tokens of the validation loss', async () => {
    await prepareCorpus(TANG);
    const plugin = openCorpus(TANG);
    const ctx = presetConfig('tang', 10).contextLength;
    const batches = plugin.validationBatches(ctx, 32);
    const rows = batches.reduce((n, b) => n + b.batch, 0);
    expect(rows).toBe(TEXT_EVAL_SEQUENCES);
    let targets = 0;
    for (const b of batches) for (const t of b.targets) if (t !== PAD_ID) targets++;
    const baselines = plugin.baselines?.(ctx);
    expect(baselines).toBeDefined();
    expect(baselines?.tokens).toBe(targets);
    // Independent of the plugin: the first windows of the validation documents, read from the files.
    const meta = JSON.parse(readFileSync(path.join(PUBLIC_DIR, 'corpora/tang.json'), 'utf8')) as unknown;
    const corpus = createDocumentCorpus('builtin:tang', meta, readFileSync(path.join(PUBLIC_DIR, 'corpora/tang.txt'), 'utf8'));
    const windows = corpus.validationSequences(ctx).slice(0, TEXT_EVAL_SEQUENCES);
    // A row reads the window and predicts it shifted by one.
    const w0 = windows[0];
    expect(Array.from(batches[0].inputs.subarray(0, w0.length - 1))).toEqual(w0.slice(0, -1));
    expect(Array.from(batches[0].targets.subarray(0, w0.length - 1))).toEqual(w0.slice(1));
    // The unigram loss by hand: add-one over the predicted tokens (all but <pad>, <bos>).
    const counts = new Map<number, number>();
    let n = 0;
    for (const d of corpus.train) for (const w of d) {
      counts.set(w, (counts.get(w) ?? 0) + 1);
      n++;
    }
    const V = corpus.vocab.length - 2;
    let sum = 0;
    let count = 0;
    for (const wdw of windows) for (const w of wdw.slice(1)) {
      sum -= Math.log(((counts.get(w) ?? 0) + 1) / (n + V));
      count++;
    }
    expect(baselines?.unigram).toBeCloseTo(sum / count, 10);
    expect(baselines!.bigram).toBeLessThan(baselines!.unigram);
  });

  it('samples with the same seed and prompt each time; the line figure counts finished lines of 5 or 7 characters', async () => {
    await prepareCorpus(TANG);
    const plugin = openCorpus(TANG);
    const model = Transformer.init(micro(plugin.tokenizer.size, 64), 3);
    try {
      const a = await plugin.evaluate(model);
      const b = await plugin.evaluate(model);
      const text = a.text;
      expect(text).toBeTruthy();
      expect(text?.samples.length).toBe(TEXT_SAMPLE_SETTINGS['builtin:tang'].count);
      expect(b.text?.samples).toEqual(text?.samples);
      let lines = 0;
      let regular = 0;
      for (const s of text?.samples ?? []) {
        for (const len of handLines(s)) {
          lines++;
          if (len === 5 || len === 7) regular++;
        }
      }
      expect(text?.lines?.lines).toBe(lines);
      expect(text?.lines?.regular).toBe(regular);
      expect(text?.lines?.share ?? null).toBe(lines > 0 ? regular / lines : null);
      expect(a.corefAccuracy).toBeNull();
      // Another model writes other samples (what the strip shows is the model's own text).
      const other = Transformer.init(micro(plugin.tokenizer.size, 64), 4);
      const c = await plugin.evaluate(other);
      other.dispose();
      expect(c.text?.samples).not.toEqual(text?.samples);
    } finally {
      model.dispose();
    }
  });

  it('English samples continue the fixed prompt and have no line figure', async () => {
    await prepareCorpus(ENGLISH);
    const plugin = openCorpus(ENGLISH);
    expect(plugin.tokenizer.kind).toBe('subword');
    const model = Transformer.init(micro(plugin.tokenizer.size, 96), 3);
    try {
      const r = await plugin.evaluate(model);
      const prompt = TEXT_SAMPLE_SETTINGS['builtin:english'].prompt;
      expect(r.text?.prompt).toBe(prompt);
      expect(r.text?.samples.length).toBe(1);
      expect(r.text?.samples[0].startsWith(prompt)).toBe(true);
      expect(r.text?.lines).toBeNull();
    } finally {
      model.dispose();
    }
  });

  it('a run can start from given weights (the model in use) and trains from there', async () => {
    await prepareCorpus(TANG);
    const config = micro(openCorpus(TANG).tokenizer.size, 64);
    const source = Transformer.init(config, 11);
    const weights = await source.readWeights();
    const session = TrainingSession.fromWeights(TANG, config, weights);
    try {
      expect(session.step).toBe(0);
      const copy = await session.model.readWeights();
      for (const [name, values] of weights) expect(Array.from(copy.get(name) ?? [])).toEqual(Array.from(values));
      // A copy of its own: training it leaves the source untouched.
      const r = await session.trainOnce();
      expect(r.kind).toBe('ok');
      const after = await source.readWeights();
      for (const [name, values] of weights) expect(Array.from(after.get(name) ?? [])).toEqual(Array.from(values));
      const fresh = TrainingSession.fresh(TANG, config);
      const freshWeights = await fresh.model.readWeights();
      fresh.dispose();
      fresh.model.dispose();
      const name = 'embedding/token';
      expect(Array.from(freshWeights.get(name) ?? [])).not.toEqual(Array.from(weights.get(name) ?? []));
      // Weights of another vocabulary are refused.
      expect(() => TrainingSession.fromWeights(TANG, { ...config, vocabSize: config.vocabSize + 1 }, weights)).toThrow(/tokens/);
    } finally {
      session.dispose();
      session.model.dispose();
      source.dispose();
    }
    expect(tf.memory().numTensors).toBeGreaterThanOrEqual(0);
  });

  it('a fresh 唐诗 run starts its token embeddings ~ N(0, 0.1²), an English one ~ N(0, 1); the other weights alike', async () => {
    const rms = (xs: Float32Array | undefined): number => Math.sqrt((xs ?? new Float32Array(1)).reduce((s, x) => s + x * x, 0) / (xs?.length ?? 1));
    const embeddings = async (settings: TrainSettings) => {
      await prepareCorpus(settings);
      const session = TrainingSession.fresh(settings);
      const w = await session.model.readWeights();
      session.dispose();
      session.model.dispose();
      return w;
    };
    const tang = await embeddings(TANG);
    const english = await embeddings(ENGLISH);
    // 4,240 × 64 and 4,096 × 64 draws: the sample RMS is within 2 % of the standard deviation.
    expect(rms(tang.get('embedding/token'))).toBeGreaterThan(0.098);
    expect(rms(tang.get('embedding/token'))).toBeLessThan(0.102);
    expect(rms(english.get('embedding/token'))).toBeGreaterThan(0.98);
    expect(rms(english.get('embedding/token'))).toBeLessThan(1.02);
    // Only the token embeddings differ from the default initialisation: W_Q of layer 1 ~ N(0, 1/64).
    expect(rms(tang.get('layers/0/attention/query/kernel'))).toBeCloseTo(0.125, 2);
  }, 120_000);
});

describe('reference lines of the loss chart', () => {
  const layout = { width: 320, height: 170, margin: { top: 8, right: 12, bottom: 30, left: 44 } };
  const series = [{ id: 'train', label: 'train', xs: [0, 10, 20], ys: [8.3, 7.1, 6.9] }];

  it('sit where the y axis puts their values, and widen the range to stay in sight', () => {
    const refs = [
      { id: 'unigram', label: 'u', y: 6.52 },
      { id: 'bigram', label: 'b', y: 5.68 },
    ];
    const chart = buildLineChart(series, layout, { references: refs });
    expect(chart.references.map((r) => r.id)).toEqual(['unigram', 'bigram']);
    const [t0, t1] = chart.yTicks;
    for (const r of chart.references) {
      const expected = t0.pos + ((r.y - t0.value) * (t1.pos - t0.pos)) / (t1.value - t0.value);
      expect(r.pos).toBeCloseTo(expected, 6);
      expect(r.pos).toBeGreaterThanOrEqual(chart.inner.y0 - 1e-9);
      expect(r.pos).toBeLessThanOrEqual(chart.inner.y1 + 1e-9);
    }
    // The lower baseline is drawn lower on the chart (a larger pixel y).
    expect(chart.references[1].pos).toBeGreaterThan(chart.references[0].pos);
    // Without references the range is the series' alone: 5.68 would be off the axis.
    const plain = buildLineChart(series, layout);
    expect(Math.min(...plain.yTicks.map((t) => t.value))).toBeGreaterThan(5.68);
    expect(plain.references).toEqual([]);
  });

  it('leaves out a value a log axis cannot show', () => {
    const chart = buildLineChart(series, layout, { logY: true, references: [{ id: 'zero', label: 'z', y: 0 }] });
    expect(chart.references).toEqual([]);
  });
});

describe('appending a token the output panel offers', () => {
  it('glues a subword piece that continues a word and spaces a new word', () => {
    expect(appendToken('the old hou', '##se')).toBe('the old house');
    expect(appendToken('the old', 'house')).toBe('the old house');
    expect(appendToken('白日依山', '尽')).toBe('白日依山尽');
  });
});

describe('the training controller on a real-text corpus', () => {
  it('continues the model in use when asked (its weights, its step said), refuses a model of another vocabulary, and announces the run only once it is not idle', async () => {
    const { ModelHost } = await import('../../src/worker/modelHost');
    const { TrainingController } = await import('../../src/worker/training');
    const { encodeCheckpoint } = await import('../../src/model/checkpoint');
    await prepareCorpus(TANG);
    const tokenizer = openCorpus(TANG).tokenizer;
    const config = presetConfig('tang', tokenizer.size);
    const shipped = Transformer.init(config, 21);
    const weights = await shipped.readWeights();
    shipped.dispose();
    const files = encodeCheckpoint({ config, tokenizer: tokenizer.toJSON(), training: { step: 40, seed: 42, corpus: 'builtin:tang' }, weights });

    const host = new ModelHost();
    const events: { event: string; data: unknown }[] = [];
    const controller = new TrainingController({ host, post: (m) => events.push(m as { event: string; data: unknown }), enqueue: (job) => job() });
    host.importFiles(files, 'shipped');
    const state = await controller.reset({ ...TANG, fromModel: true });
    expect(state.fromModelStep).toBe(40);
    expect(state.phase).toBe('paused');
    expect(state.baselines?.bigram).toBeLessThan(state.baselines?.unigram ?? 0);
    const inUse = await host.decoderModel!.readWeights();
    for (const [name, values] of weights) expect(Array.from(inUse.get(name) ?? [])).toEqual(Array.from(values));
    // The page adopts a run at its first state with a new runId: that state must not be 'idle'
    // (an idle one makes it skip the run's history, and so the snapshot of step 0).
    const states = events.filter((e) => e.event === 'trainState').map((e) => e.data as { runId: number; phase: string });
    const first = states.find((s) => s.runId === state.runId);
    expect(first?.phase).not.toBe('idle');
    // From scratch: other weights.
    const fresh = await controller.reset({ ...TANG, fromModel: false });
    expect(fresh.fromModelStep).toBeNull();
    const freshWeights = await host.decoderModel!.readWeights();
    expect(Array.from(freshWeights.get('embedding/token') ?? [])).not.toEqual(Array.from(weights.get('embedding/token') ?? []));
    // The model in use now is the run's own ('training'), of the corpus; a coreference model is refused.
    host.installRandom({ kind: 'no-shipped-checkpoint' });
    await expect(controller.reset({ ...TANG, fromModel: true })).rejects.toThrow(/not made for builtin:tang/);
    host.dispose();
  });
});
