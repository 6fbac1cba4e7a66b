import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/data/rng';
import { fitLogisticReadout, fitRidgeClassifier, readoutAccuracy, solveSpd } from '../../src/train/linearReadout';

function dataset(seed: number, n: number, d: number, signal: (x: number[]) => number): { xs: number[][]; ys: number[] } {
  const rng = new Rng(seed);
  const xs: number[][] = [];
  const ys: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = Array.from({ length: d }, () => 3 * rng.normal() + 5);
    xs.push(x);
    ys.push(signal(x) > 0 ? 1 : 0);
  }
  return { xs, ys };
}

describe('linear read-out (logistic regression)', () => {
  it('solves a symmetric positive definite system', () => {
    const a = new Float64Array([4, 2, 0.6, 2, 5, 1, 0.6, 1, 3]);
    const x = [1.5, -2, 0.25];
    const b = new Float64Array([0, 1, 2].map((i) => a[i * 3] * x[0] + a[i * 3 + 1] * x[1] + a[i * 3 + 2] * x[2]));
    const got = solveSpd(a, b, 3);
    got.forEach((v, i) => expect(v).toBeCloseTo(x[i], 12));
    expect(() => solveSpd(new Float64Array([1, 2, 2, 1]), new Float64Array([1, 1]), 2)).toThrow(/positive definite/);
  });

  it('reaches the minimum of the penalised loss (gradient ≈ 0, checked independently)', () => {
    // A noisy rule, so the classes overlap and the optimum is an interior point.
    const noise = new Rng(4);
    const { xs, ys } = dataset(1, 200, 6, (x) => x[0] - x[3] + 3 * noise.normal());
    const l2 = 0.5;
    const r = fitLogisticReadout(xs, ys, { l2 });
    // Gradient of Σ −log-likelihood + λ/2 |w|² in the standardised coordinates, from the raw data.
    const d = 6;
    const g = new Array<number>(d + 1).fill(0);
    xs.forEach((x, i) => {
      const zs = x.map((v, j) => (v - r.mean[j]) / r.scale[j]);
      const p = r.predict(x);
      zs.forEach((zj, j) => (g[j] += (p - ys[i]) * zj));
      g[d] += p - ys[i];
    });
    for (let j = 0; j < d; j++) g[j] += l2 * r.weights[j];
    for (const v of g) expect(Math.abs(v)).toBeLessThan(1e-6);
    // The standardisation is the training mean and population standard deviation.
    const mean0 = xs.reduce((s, x) => s + x[0], 0) / xs.length;
    expect(r.mean[0]).toBeCloseTo(mean0, 12);
  });

  it('reads a linear fact on held-out vectors, and not a random one', () => {
    const rule = (x: number[]): number => 2 * (x[1] - 5) - (x[4] - 5);
    const train = dataset(2, 300, 8, rule);
    const test = dataset(3, 300, 8, rule);
    const r = fitLogisticReadout(train.xs, train.ys);
    expect(readoutAccuracy(r, test.xs, test.ys)).toBeGreaterThan(0.95);
    // Labels independent of the vectors: held-out accuracy near chance.
    const noise = new Rng(9);
    const randomLabels = train.ys.map(() => (noise.next() < 0.5 ? 1 : 0));
    const testLabels = test.ys.map(() => (noise.next() < 0.5 ? 1 : 0));
    const rr = fitLogisticReadout(train.xs, randomLabels);
    const acc = readoutAccuracy(rr, test.xs, testLabels);
    expect(acc).toBeGreaterThan(0.35);
    expect(acc).toBeLessThan(0.65);
  });

  it('stays finite on separable data and ignores constant features; deterministic', () => {
    const xs = [[0, 7], [1, 7], [2, 7], [10, 7], [11, 7], [12, 7]];
    const ys = [0, 0, 0, 1, 1, 1];
    const r = fitLogisticReadout(xs, ys, { l2: 1e-3 });
    expect(Number.isFinite(r.bias)).toBe(true);
    expect(r.weights[1]).toBe(0);
    expect(readoutAccuracy(r, xs, ys)).toBe(1);
    const again = fitLogisticReadout(xs, ys, { l2: 1e-3 });
    expect(Array.from(again.weights)).toEqual(Array.from(r.weights));
    expect(() => fitLogisticReadout([], [])).toThrow();
  });
});

describe('ridge read-out of several classes', () => {
  it('recovers classes that are linear in the vectors, on held-out vectors', () => {
    // Class c sits around its own random centre in 10 dimensions.
    const rng = new Rng(21);
    const centres = Array.from({ length: 5 }, () => Array.from({ length: 10 }, () => 3 * rng.normal()));
    const draw = (n: number): { xs: number[][]; ys: number[] } => {
      const xs: number[][] = [];
      const ys: number[] = [];
      for (let i = 0; i < n; i++) {
        const c = i % 5;
        xs.push(centres[c].map((v) => v + 0.5 * rng.normal()));
        ys.push(c);
      }
      return { xs, ys };
    };
    const train = draw(200);
    const test = draw(100);
    const r = fitRidgeClassifier(train.xs, train.ys, 5);
    const acc = test.xs.filter((x, i) => r.predict(x) === test.ys[i]).length / 100;
    expect(acc).toBeGreaterThan(0.95);
    // Shuffled labels: near chance (0.2).
    const shuffled = rng.shuffle([...train.ys]);
    const rs = fitRidgeClassifier(train.xs, shuffled, 5);
    expect(test.xs.filter((x, i) => rs.predict(x) === test.ys[i]).length / 100).toBeLessThan(0.5);
    expect(() => fitRidgeClassifier(train.xs, train.ys.map(() => 7), 5)).toThrow(/not a class/);
  });
});
