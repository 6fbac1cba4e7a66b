// The Output panel's numbers: the distribution it shows is trace.probs at the defaults and matches an
// independent float64 computation under temperature / top-k / top-p; the page's seeded sampler
// repeats, follows the distribution and never draws excluded tokens; appended tokens tokenize back.

import { describe, expect, it } from 'vitest';
import { splitText } from '../../src/data/tokenizer';
import { Rng } from '../../src/data/rng';
import {
  appendToken,
  lastRow,
  nextTokenDistribution,
  pickFromDistribution,
  sampleNext,
  SeededRandom,
  topEntries,
  type SamplingOptions,
} from '../../src/shared/sampling';
import { sampleToken } from '../../src/train/sampling';
import { barGeometry, formatBarValue } from '../../src/viz/bars';
import type { Mat } from '../../src/shared/trace';

const V = 30;
const T = 5;
const rng = new Rng(11);
const logits: Mat = { rows: T, cols: V, data: Float32Array.from({ length: T * V }, () => rng.normal() * 2) };
const last = Array.from(logits.data.subarray((T - 1) * V));

/** softmax(x / t) in float64 */
function softmax(x: number[], t = 1): number[] {
  const m = Math.max(...x);
  const e = x.map((v) => Math.exp((v - m) / t));
  const z = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / z);
}

/** Independent temperature → top-k → top-p, written from the definitions. */
function independent(x: number[], o: SamplingOptions): number[] {
  const p = softmax(x, o.temperature);
  let order = p.map((_, i) => i).sort((a, b) => p[b] - p[a]);
  if (o.topK > 0) order = order.slice(0, o.topK);
  const mass = order.reduce((s, i) => s + p[i], 0);
  const kept: number[] = [];
  let cum = 0;
  for (const i of order) {
    kept.push(i);
    cum += p[i] / mass;
    if (cum >= o.topP) break;
  }
  const z = kept.reduce((s, i) => s + p[i], 0);
  const out = new Array(x.length).fill(0);
  for (const i of kept) out[i] = p[i] / z;
  return out;
}

describe('next-token distribution', () => {
  it('at the defaults it is the softmax of the last row of logits (what trace.probs holds)', () => {
    const d = nextTokenDistribution(logits, { temperature: 1, topK: 0, topP: 1 });
    expect(Array.from(lastRow(logits))).toEqual(last.map(Math.fround));
    softmax(last).forEach((p, i) => expect(d[i]).toBeCloseTo(p, 6));
  });

  it('matches an independent computation for temperature, top-k and top-p', () => {
    const cases: SamplingOptions[] = [
      { temperature: 0.5, topK: 0, topP: 1 },
      { temperature: 1.7, topK: 0, topP: 1 },
      { temperature: 1, topK: 4, topP: 1 },
      { temperature: 0.8, topK: 0, topP: 0.6 },
      { temperature: 1.3, topK: 7, topP: 0.75 },
    ];
    for (const o of cases) {
      const got = nextTokenDistribution(logits, o);
      const want = independent(last, o);
      want.forEach((p, i) => expect(got[i], JSON.stringify(o)).toBeCloseTo(p, 6));
      expect(got.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    }
    const greedy = nextTokenDistribution(logits, { temperature: 0, topK: 0, topP: 1 });
    expect(Array.from(greedy.keys()).filter((i) => greedy[i] > 0)).toEqual([last.indexOf(Math.max(...last))]);
  });

  it('top entries are the largest values, largest first, ties by lower index', () => {
    expect(topEntries([0.1, 0.5, 0.2, 0.5, 0], 3)).toEqual([
      { index: 1, value: 0.5 },
      { index: 3, value: 0.5 },
      { index: 2, value: 0.2 },
    ]);
  });
});

describe('seeded sampling on the page', () => {
  const opts: SamplingOptions = { temperature: 1, topK: 0, topP: 0.9 };
  const exclude = [0, 1, 2];

  it('repeats for a seed, differs across seeds, never draws excluded ids, follows the distribution', () => {
    const draw = (seed: number, n: number): number[] => {
      const r = new SeededRandom(seed);
      return Array.from({ length: n }, () => sampleNext(last, opts, r, exclude));
    };
    expect(draw(5, 40)).toEqual(draw(5, 40));
    expect(draw(5, 40)).not.toEqual(draw(6, 40));
    const samples = draw(1, 20000);
    for (const id of exclude) expect(samples).not.toContain(id);
    const masked = last.map((x, i) => (exclude.includes(i) ? -Infinity : x));
    const want = independent(masked, opts);
    for (let i = 0; i < V; i++) {
      const freq = samples.filter((s) => s === i).length / samples.length;
      expect(Math.abs(freq - want[i])).toBeLessThan(0.015);
    }
  });

  it('greedy picks the argmax among the allowed tokens; the same generator as the CLI gives the same draws', () => {
    const x = last.slice();
    x[2] = 100; // <bos> would win if it were allowed
    expect(sampleNext(x, { temperature: 0, topK: 0, topP: 1 }, new SeededRandom(1), exclude)).toBe(
      last.indexOf(Math.max(...last.filter((_, i) => !exclude.includes(i)))),
    );
    const a = new SeededRandom(42);
    const b = new Rng(42);
    const o: SamplingOptions = { temperature: 0.9, topK: 10, topP: 0.95 };
    for (let i = 0; i < 50; i++) expect(sampleNext(last, o, a)).toBe(sampleToken(last, o, b));
  });

  it('pickFromDistribution walks the cumulative sum and skips zeros', () => {
    const d = [0, 0.25, 0, 0.5, 0.25];
    expect(pickFromDistribution(d, 0)).toBe(1);
    expect(pickFromDistribution(d, 0.2499)).toBe(1);
    expect(pickFromDistribution(d, 0.25)).toBe(3);
    expect(pickFromDistribution(d, 0.9)).toBe(4);
    expect(pickFromDistribution(d, 0.99999999)).toBe(4);
  });
});

describe('appending a token to the sentence', () => {
  it('follows the decoding rule, so the text tokenizes to the old pieces plus the new one', () => {
    const cases: [string, string, string][] = [
      ['the animal', 'was', 'the animal was'],
      ['it refers to the', 'animal', 'it refers to the animal'],
      ['too tired', '.', 'too tired .'],
      ['它指的是', '动', '它指的是动'],
      ['动物', 'the', '动物the'],
      ['the', '。', 'the。'],
      ['', 'the', 'the'],
      ['the ', 'cat', 'the cat'],
    ];
    for (const [text, tok, want] of cases) {
      const got = appendToken(text, tok);
      expect(got).toBe(want);
      expect(splitText(got)).toEqual([...splitText(text), tok]);
    }
  });
});

describe('bar chart layout', () => {
  it('probability bars start at 0 and are proportional; signed bars grow from the zero line', () => {
    const g = barGeometry([0.5, 0.25, 0.125], 200, true);
    expect(g.zero).toBe(0);
    expect(g.bars.map((b) => b.width)).toEqual([200, 100, 50]);
    const s = barGeometry([3, -1], 200, false);
    expect(s.zero).toBeCloseTo(50);
    expect(s.bars[0]).toEqual({ x: 50, width: 150 });
    expect(s.bars[1].x).toBeCloseTo(0);
    expect(s.bars[1].width).toBeCloseTo(50);
    expect(formatBarValue(0.4213, true)).toBe('42.1%');
    expect(formatBarValue(0.0002, true)).toBe('< 0.1%');
    expect(formatBarValue(0, true)).toBe('0%');
    expect(formatBarValue(-1.2345, false)).toBe('−1.23');
  });
});
