// The meter the training loop spaces model revisions with: time beyond the median of recent steps.
import { describe, expect, it } from 'vitest';
import { SlowdownMeter } from '../../src/worker/slowdown';

describe('SlowdownMeter', () => {
  it('counts nothing while steps take their usual time, noise included', () => {
    const m = new SlowdownMeter();
    const noise = [0, 3, -2, 1, -3, 2, -1, 0];
    for (let i = 0; i < 200; i++) m.add(75 + noise[i % noise.length]);
    expect(m.extraMs).toBeLessThan(5);
  });

  it('sums the extra time of a burst of slow steps, and starts again after reset', () => {
    const m = new SlowdownMeter();
    for (let i = 0; i < 30; i++) m.add(75);
    for (let i = 0; i < 5; i++) m.add(125); // the page redraws: five steps 50 ms slower
    for (let i = 0; i < 20; i++) m.add(75);
    expect(m.extraMs).toBeCloseTo(250, 6);
    m.reset();
    expect(m.extraMs).toBe(0);
    m.add(95);
    expect(m.extraMs).toBeCloseTo(20, 6);
  });

  it('counts nothing before it knows the usual step time', () => {
    const m = new SlowdownMeter(41, 9);
    for (let i = 0; i < 9; i++) m.add(i === 0 ? 3000 : 75); // the first step of a run compiles shaders
    expect(m.extraMs).toBe(0);
    m.add(80);
    expect(m.extraMs).toBeCloseTo(5, 6);
    m.clear();
    m.add(500);
    expect(m.extraMs).toBe(0);
  });
});
