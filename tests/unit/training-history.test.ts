// The bounded training history (src/worker/trainingHistory.ts), the training settings' validation
// (src/shared/training.ts) and the line-chart maths of the training curves (src/viz/lineChart.ts).

import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TRAIN_SETTINGS,
  TRAIN_LIMITS,
  copySnapshot,
  snapshotBuffers,
  snapshotSites,
  validateTrainSettings,
  type DecoderSnapshot,
  type EncoderDecoderSnapshot,
  type TrainEval,
} from '../../src/shared/training';
import { buildLineChart } from '../../src/viz/lineChart';
import { HistoryStore, MAX_LOSS_POINTS, SNAPSHOT_BUDGET_BYTES } from '../../src/worker/trainingHistory';

function snapshot(step: number, t: number): DecoderSnapshot {
  return {
    step,
    loss: 1,
    tokens: Array.from({ length: t }, (_, i) => `w${i}`),
    nLayers: 2,
    nHeads: 4,
    attention: new Float32Array(2 * 4 * t * t).fill(step),
    embeddings: new Float32Array(t * 64),
    dModel: 64,
  };
}

describe('training history', () => {
  it('keeps every loss point until the cap, then averages pairs (the mean loss is preserved)', () => {
    const h = new HistoryStore();
    const n = MAX_LOSS_POINTS * 3;
    let sum = 0;
    for (let step = 1; step <= n; step++) {
      const loss = Math.sin(step) + 2;
      sum += loss;
      h.addLoss(step, loss);
    }
    const { points } = h.export();
    const count = points.length / 2;
    expect(count).toBeLessThanOrEqual(MAX_LOSS_POINTS);
    expect(count).toBeGreaterThan(MAX_LOSS_POINTS / 2);
    // Steps increase and end at the last step; each point is the mean of equally many steps.
    for (let i = 1; i < count; i++) expect(points[2 * i]).toBeGreaterThan(points[2 * i - 2]);
    expect(points[2 * (count - 1)]).toBe(n);
    let mean = 0;
    for (let i = 0; i < count; i++) mean += points[2 * i + 1];
    expect(mean / count).toBeCloseTo(sum / n, 2);
  });

  it('stays within its snapshot budget and still covers the whole run', () => {
    const h = new HistoryStore();
    for (let step = 0; step <= 20_000; step++) if (h.wantsSnapshot(step)) h.addSnapshot(snapshot(step, 24));
    const snaps = h.export().snapshots;
    const bytes = snaps.reduce((n, s) => n + (snapshotSites(s)[0].weights.length + s.embeddings.length) * 4, 0);
    expect(bytes).toBeLessThanOrEqual(SNAPSHOT_BUDGET_BYTES);
    expect(snaps[0].step).toBe(0);
    expect(snaps.at(-1)!.step).toBeGreaterThan(15_000);
    // Evenly spaced after the first one.
    const gaps = new Set(snaps.slice(1).map((s, i) => s.step - snaps[i].step));
    expect(gaps.size).toBeLessThanOrEqual(2);
  });

  it('exports copies: changing the export does not change the store', () => {
    const h = new HistoryStore();
    h.addSnapshot(snapshot(10, 4));
    const a = h.export();
    snapshotSites(a.snapshots[0])[0].weights[0] = -1;
    expect(snapshotSites(h.export().snapshots[0])[0].weights[0]).toBe(10);
  });

  it('keeps encoder–decoder snapshots (three sites, each its own buffer) and copies them deeply', () => {
    const h = new HistoryStore();
    const s = encoderDecoderSnapshot(20, 5, 4);
    h.addSnapshot(s);
    const out = h.export().snapshots[0];
    expect(out.architecture).toBe('encoder-decoder');
    const sites = snapshotSites(out);
    expect(sites.map((x) => x.site)).toEqual(['encoder', 'decoder-self', 'cross']);
    expect(sites.map((x) => [x.rowTokens.length, x.colTokens.length])).toEqual([[5, 5], [4, 4], [4, 5]]);
    expect(sites[2].weights.length).toBe(2 * 4 * 4 * 5);
    // Transferable: one buffer per array, none shared (a shared one could not be transferred twice).
    const buffers = snapshotBuffers(out);
    expect(buffers.length).toBe(4);
    expect(new Set(buffers).size).toBe(4);
    sites[2].weights[0] = -1;
    expect(snapshotSites(h.export().snapshots[0])[2].weights[0]).toBe(20);
    const copy = copySnapshot(s);
    expect(copy).toEqual(s);
    expect(snapshotBuffers(copy).some((b) => snapshotBuffers(s).includes(b))).toBe(false);
  });

  it('reads back a history saved before the translation figures existed (evaluations without them)', () => {
    const old = { step: 50, valLoss: 1.2, corefAccuracy: 0.75, corefCases: 24 } as unknown as TrainEval;
    const h = HistoryStore.from({ points: new Float32Array([1, 2]), evals: [old], snapshots: [snapshot(0, 3)] }, 10);
    expect(h.export().evals).toEqual([{ ...old, translation: null }]);
    // A saved decoder snapshot has no `architecture`: it is the decoder-only model's.
    expect(snapshotSites(h.export().snapshots[0])[0].site).toBe('decoder');
  });
});

function encoderDecoderSnapshot(step: number, s: number, t: number): EncoderDecoderSnapshot {
  const source = Array.from({ length: s }, (_, i) => `e${i}`);
  const target = ['<bos>', ...Array.from({ length: t - 1 }, (_, i) => `字${i}`)];
  const site = (name: 'encoder' | 'decoder-self' | 'cross', rows: string[], cols: string[]) => ({
    site: name,
    layers: 2,
    heads: 4,
    rowTokens: rows,
    colTokens: cols,
    weights: new Float32Array(2 * 4 * rows.length * cols.length).fill(step),
  });
  return {
    architecture: 'encoder-decoder',
    step,
    loss: 1,
    tokens: source,
    targetTokens: target,
    sites: [site('encoder', source, source), site('decoder-self', target, target), site('cross', target, source)],
    embeddings: new Float32Array(s * 8),
    dModel: 8,
  };
}

describe('training settings', () => {
  it('accepts the defaults and names the field that is out of bounds', () => {
    expect(validateTrainSettings(DEFAULT_TRAIN_SETTINGS)).toBeNull();
    expect(validateTrainSettings({ ...DEFAULT_TRAIN_SETTINGS, batchSize: 1000 })).toMatch(/batchSize/);
    expect(validateTrainSettings({ ...DEFAULT_TRAIN_SETTINGS, learningRate: Number.NaN })).toMatch(/learningRate/);
    expect(validateTrainSettings({ ...DEFAULT_TRAIN_SETTINGS, seed: 1.5 })).toMatch(/seed/);
    const long = 'a '.repeat(TRAIN_LIMITS.textChars);
    expect(validateTrainSettings({ ...DEFAULT_TRAIN_SETTINGS, corpus: { kind: 'text', text: long, name: 'x' } })).toMatch(/limit/);
  });

  it('takes the translation corpus with its own preset, and settings saved before it existed', () => {
    const translate = { kind: 'builtin', id: 'builtin:translate' } as const;
    expect(validateTrainSettings({ ...DEFAULT_TRAIN_SETTINGS, corpus: translate, preset: 'translate' })).toBeNull();
    // A preset of the other model kind does not fit.
    expect(validateTrainSettings({ ...DEFAULT_TRAIN_SETTINGS, corpus: translate, preset: 'tiny' })).toMatch(/does not fit/);
    expect(validateTrainSettings({ ...DEFAULT_TRAIN_SETTINGS, preset: 'translate' })).toMatch(/does not fit/);
    // No id: the coreference corpus, as every setting saved before the choice existed.
    expect(validateTrainSettings({ ...DEFAULT_TRAIN_SETTINGS, corpus: { kind: 'builtin' } })).toBeNull();
    const unknown = { kind: 'builtin', id: 'builtin:nope' } as unknown as typeof translate;
    expect(validateTrainSettings({ ...DEFAULT_TRAIN_SETTINGS, corpus: unknown })).toMatch(/unknown corpus/);
  });
});

describe('line chart maths', () => {
  const layout = { width: 300, height: 150, margin: { top: 10, right: 10, bottom: 20, left: 40 } };

  it('maps points linearly into the plotting area', () => {
    const chart = buildLineChart([{ id: 'train', label: 'train', xs: [0, 50, 100], ys: [0, 5, 10] }], layout);
    const nums = chart.paths[0].d.match(/-?\d+(\.\d+)?/g)!.map(Number);
    // M x0,y0 L x1,y1 L x2,y2 with x from 40 to 290 and y from 130 (bottom) to 10 (top).
    expect(nums).toEqual([40, 130, 165, 70, 290, 10]);
    expect(chart.xTicks.map((t) => t.value)).toContain(100);
  });

  it('log scale puts equal ratios at equal distances and skips values ≤ 0', () => {
    const chart = buildLineChart([{ id: 'train', label: 'train', xs: [1, 2, 3, 4], ys: [1, 10, 100, 0] }], layout, { logY: true });
    const nums = chart.paths[0].d.match(/-?\d+(\.\d+)?/g)!.map(Number);
    expect(nums.length).toBe(6); // the 0 is left out
    const [, y1, , y2, , y3] = nums;
    expect(y1 - y2).toBeCloseTo(y2 - y3, 6);
    expect(chart.yTicks.every((t) => t.value > 0)).toBe(true);
  });

  it('thins very long series but keeps the last point', () => {
    const xs = Array.from({ length: 10_000 }, (_, i) => i + 1);
    const chart = buildLineChart([{ id: 'train', label: 'train', xs, ys: xs.map((x) => 1 / x) }], layout);
    const moves = chart.paths[0].d.split(/[ML]/).filter(Boolean);
    expect(moves.length).toBeLessThanOrEqual(1501);
    expect(Number(moves.at(-1)!.split(',')[0])).toBeCloseTo(290, 6);
  });
});
