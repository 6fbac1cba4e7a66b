import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../../src/cli/backend';
import { Rng } from '../../src/data/rng';
import { BOS_ID, PAD_ID, Tokenizer } from '../../src/data/tokenizer';
import { Transformer } from '../../src/model/transformer';
import { presetConfig } from '../../src/shared/config';
import { adjustDistribution, generate, sampleToken, type SamplingOptions } from '../../src/train/sampling';

beforeAll(async () => {
  await initNodeBackend();
});

function softmax(logits: number[], temperature = 1): number[] {
  const scaled = logits.map((x) => x / temperature);
  const max = Math.max(...scaled);
  const e = scaled.map((x) => Math.exp(x - max));
  const z = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / z);
}

function nonzero(p: Float32Array): number[] {
  return Array.from(p.keys()).filter((i) => p[i] > 0);
}

const plain: SamplingOptions = { temperature: 1, topK: 0, topP: 1 };

describe('adjustDistribution', () => {
  const rng = new Rng(42);
  const logits = Array.from({ length: 20 }, () => rng.normal() * 2);
  const argmax = logits.indexOf(Math.max(...logits));

  it('temperature 0 is greedy: a one-hot at the argmax', () => {
    const p = adjustDistribution(logits, { temperature: 0, topK: 0, topP: 1 });
    expect(nonzero(p)).toEqual([argmax]);
    expect(p[argmax]).toBe(1);
    const r = new Rng(1);
    for (let i = 0; i < 5; i++) expect(sampleToken(logits, { temperature: 0, topK: 5, topP: 0.5 }, r)).toBe(argmax);
  });

  it('equals softmax(logits / T) for several temperatures', () => {
    for (const t of [0.25, 1, 3]) {
      const p = adjustDistribution(logits, { ...plain, temperature: t });
      const expected = softmax(logits, t);
      expected.forEach((x, i) => expect(p[i]).toBeCloseTo(x, 6));
    }
  });

  it('top-k keeps exactly the k most likely tokens, in their softmax proportions', () => {
    const sortedIdx = logits.map((_, i) => i).sort((a, b) => logits[b] - logits[a]);
    for (const k of [1, 3, 7]) {
      const p = adjustDistribution(logits, { ...plain, topK: k });
      expect(nonzero(p).sort((a, b) => a - b)).toEqual(sortedIdx.slice(0, k).sort((a, b) => a - b));
      const full = softmax(logits);
      const mass = sortedIdx.slice(0, k).reduce((s, i) => s + full[i], 0);
      for (const i of sortedIdx.slice(0, k)) expect(p[i]).toBeCloseTo(full[i] / mass, 6);
    }
  });

  it('top-p keeps the smallest prefix of the sorted distribution with mass ≥ p', () => {
    const probs = [0.05, 0.5, 0.15, 0.3];
    const l = probs.map(Math.log);
    const kept = (topP: number, topK = 0): number[] =>
      nonzero(adjustDistribution(l, { temperature: 1, topK, topP })).sort((a, b) => a - b);
    expect(kept(0.01)).toEqual([1]); // always at least one token
    expect(kept(0.5)).toEqual([1]);
    expect(kept(0.7)).toEqual([1, 3]);
    expect(kept(0.81)).toEqual([1, 2, 3]);
    expect(kept(0.96)).toEqual([0, 1, 2, 3]);
    // After top-3 the distribution is renormalised: [0.5, 0.3, 0.15] / 0.95 → 0.8 needs 2 tokens (0.842).
    expect(kept(0.8, 3)).toEqual([1, 3]);
    expect(kept(0.9, 3)).toEqual([1, 2, 3]);
    const p = adjustDistribution(l, { temperature: 1, topK: 0, topP: 0.7 });
    expect(p[1]).toBeCloseTo(0.5 / 0.8, 6);
    expect(p[3]).toBeCloseTo(0.3 / 0.8, 6);
    // Independently on random logits: the kept set is the shortest sorted prefix reaching p.
    const full = softmax(logits);
    const order = full.map((_, i) => i).sort((a, b) => full[b] - full[a]);
    for (const topP of [0.3, 0.6, 0.9]) {
      let cum = 0;
      let m = 0;
      while (cum < topP) cum += full[order[m++]];
      const got = nonzero(adjustDistribution(logits, { ...plain, topP }));
      expect(got.sort((a, b) => a - b)).toEqual(order.slice(0, m).sort((a, b) => a - b));
    }
  });
});

describe('sampleToken', () => {
  it('the same seed gives the same samples; frequencies follow the distribution', () => {
    const logits = [1, 0.5, -1, 2, 0];
    const opts: SamplingOptions = { temperature: 0.8, topK: 4, topP: 0.95 };
    const draw = (seed: number, n: number): number[] => {
      const rng = new Rng(seed);
      return Array.from({ length: n }, () => sampleToken(logits, opts, rng));
    };
    expect(draw(9, 50)).toEqual(draw(9, 50));
    expect(draw(9, 50)).not.toEqual(draw(10, 50));
    const samples = draw(3, 20000);
    const dist = adjustDistribution(logits, opts);
    for (let i = 0; i < logits.length; i++) {
      const freq = samples.filter((s) => s === i).length / samples.length;
      expect(Math.abs(freq - dist[i])).toBeLessThan(0.015);
    }
    expect(samples).not.toContain(2); // outside top-k
  });
});

describe('generate', () => {
  const texts = ['the cat sat on the mat .', 'the dog ran in the park .', '小猫坐在垫子上。'];
  const tokenizer = Tokenizer.fromTexts(texts);

  it('greedy generation follows the argmax of model.trace and the seed makes sampling repeatable', async () => {
    const config = { ...presetConfig('nano', tokenizer.size), contextLength: 8 };
    const model = Transformer.init(config, 5);
    const before = tf.memory().numTensors;
    const n = 10; // runs past contextLength: the window must slide
    const greedy = await generate(model, tokenizer, 'the cat', n, { temperature: 0, topK: 0, topP: 1 }, 1);
    expect(greedy.tokens).toHaveLength(n);
    // Independent greedy loop over model.trace's last-position logits (<pad>, <bos> excluded).
    const ids = tokenizer.encode('the cat').ids;
    for (let i = 0; i < n; i++) {
      const window = ids.slice(-config.contextLength);
      const trace = await model.trace(window);
      const row = Array.from(trace.logits.data.subarray((window.length - 1) * trace.logits.cols, window.length * trace.logits.cols));
      row[PAD_ID] = -Infinity;
      row[BOS_ID] = -Infinity;
      ids.push(row.indexOf(Math.max(...row)));
    }
    expect(greedy.tokens).toEqual(ids.slice(-n).map((id) => tokenizer.vocab[id]));
    expect(greedy.text).toBe(tokenizer.decode(ids));
    expect(greedy.text.startsWith('the cat')).toBe(true);

    const opts: SamplingOptions = { temperature: 1.5, topK: 0, topP: 1 };
    const a = await generate(model, tokenizer, '小猫', 12, opts, 77);
    const b = await generate(model, tokenizer, '小猫', 12, opts, 77);
    const c = await generate(model, tokenizer, '小猫', 12, opts, 78);
    expect(b).toEqual(a);
    expect(c.tokens).not.toEqual(a.tokens);
    expect(a.tokens).not.toContain('<pad>');
    expect(a.tokens).not.toContain('<bos>');
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});
