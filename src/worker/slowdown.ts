// How much the page's work slows training down. On a machine with few cores, the page redrawing its
// panels and the view worker tracing them take CPU time from the training worker's thread; that shows
// as steps taking longer than usual. The meter sums, step by step, the time beyond the median of the
// recent steps; training.ts spaces the model revisions (which make every panel redraw) so that this
// cost stays a small share of the time.

function median(xs: readonly number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export class SlowdownMeter {
  private readonly recent: number[] = [];
  private excess = 0;

  /**
   * @param window how many recent step durations make the "usual" (their median)
   * @param minSamples steps recorded before any excess is counted
   */
  constructor(
    private readonly window = 41,
    private readonly minSamples = 9,
  ) {}

  /** Records the duration of one training step. */
  add(ms: number): void {
    if (this.recent.length >= this.minSamples) this.excess += ms - median(this.recent);
    this.recent.push(ms);
    if (this.recent.length > this.window) this.recent.shift();
  }

  /** Milliseconds the steps took beyond the usual since the last reset (never negative). */
  get extraMs(): number {
    return Math.max(0, this.excess);
  }

  reset(): void {
    this.excess = 0;
  }

  /** Forgets the usual step time too (a new run, another backend). */
  clear(): void {
    this.recent.length = 0;
    this.excess = 0;
  }
}
