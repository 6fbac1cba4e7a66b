// The history of a training run, bounded in memory: loss points (averaged in pairs when there are too
// many), validation results, and snapshots of the probe sentence every `snapshotEvery` steps (when the
// byte budget is full, every other snapshot is dropped and the interval doubles, so the whole run
// stays covered evenly). Plain data: autosaved as it is and sent to the page on resume.

import { copySnapshot, snapshotBytes, type TrainEval, type TrainHistory, type TrainSnapshot } from '../shared/training';

export const MAX_LOSS_POINTS = 4096;
export const MAX_EVALS = 1000;
/** Byte budget of all snapshots together. */
export const SNAPSHOT_BUDGET_BYTES = 4 * 1024 * 1024;
export const MIN_SNAPSHOTS = 16;
export const FIRST_SNAPSHOT_EVERY = 10;

export class HistoryStore {
  private steps: number[] = [];
  private losses: number[] = [];
  /** Losses merged into one point (doubles each time the points are halved). */
  private stride = 1;
  private pendingSum = 0;
  private pendingCount = 0;
  private lastStep = 0;
  private evalList: TrainEval[] = [];
  private snapshotList: TrainSnapshot[] = [];
  snapshotEvery = FIRST_SNAPSHOT_EVERY;

  /** Records one step's loss; returns the point added (or null while a stride is being averaged). */
  addLoss(step: number, loss: number): [number, number] | null {
    this.lastStep = step;
    this.pendingSum += loss;
    this.pendingCount++;
    if (this.pendingCount < this.stride) return null;
    const mean = this.pendingSum / this.pendingCount;
    this.pendingSum = 0;
    this.pendingCount = 0;
    this.steps.push(step);
    this.losses.push(mean);
    if (this.steps.length > MAX_LOSS_POINTS) this.halvePoints();
    return [step, mean];
  }

  private halvePoints(): void {
    const steps: number[] = [];
    const losses: number[] = [];
    for (let i = 0; i + 1 < this.steps.length; i += 2) {
      steps.push(this.steps[i + 1]);
      losses.push((this.losses[i] + this.losses[i + 1]) / 2);
    }
    if (this.steps.length % 2 === 1) {
      steps.push(this.steps[this.steps.length - 1]);
      losses.push(this.losses[this.losses.length - 1]);
    }
    this.steps = steps;
    this.losses = losses;
    this.stride *= 2;
  }

  addEval(e: TrainEval): void {
    this.evalList.push(e);
    if (this.evalList.length > MAX_EVALS) this.evalList = this.evalList.filter((_, i) => i % 2 === 0);
  }

  wantsSnapshot(step: number): boolean {
    return step % this.snapshotEvery === 0;
  }

  addSnapshot(s: TrainSnapshot): void {
    this.snapshotList.push(s);
    const bytes = this.snapshotList.reduce((n, x) => n + snapshotBytes(x), 0);
    if (bytes > SNAPSHOT_BUDGET_BYTES && this.snapshotList.length > MIN_SNAPSHOTS) {
      this.snapshotEvery *= 2;
      this.snapshotList = this.snapshotList.filter((x) => x.step % this.snapshotEvery === 0 || x === this.snapshotList[0]);
    }
  }

  get snapshots(): readonly TrainSnapshot[] {
    return this.snapshotList;
  }

  /** A copy of everything (the page and the autosave get their own buffers). */
  export(): TrainHistory {
    // Steps still being averaged into the next point are included as a partial point.
    const partial = this.pendingCount > 0 ? 1 : 0;
    const points = new Float32Array((this.steps.length + partial) * 2);
    this.steps.forEach((s, i) => {
      points[2 * i] = s;
      points[2 * i + 1] = this.losses[i];
    });
    if (partial) {
      points[2 * this.steps.length] = this.lastStep;
      points[2 * this.steps.length + 1] = this.pendingSum / this.pendingCount;
    }
    return {
      points,
      evals: this.evalList.map((e) => ({ ...e })),
      snapshots: this.snapshotList.map(copySnapshot),
    };
  }

  /** Replaces the contents with a saved history (after resume). */
  static from(h: TrainHistory, snapshotEvery: number): HistoryStore {
    const store = new HistoryStore();
    for (let i = 0; i + 1 < h.points.length; i += 2) {
      store.steps.push(h.points[i]);
      store.losses.push(h.points[i + 1]);
    }
    // Evaluations saved before the translation corpus existed have no `translation` field.
    store.evalList = h.evals.map((e) => ({ ...e, translation: e.translation ?? null }));
    store.snapshotList = h.snapshots.slice();
    store.snapshotEvery = Math.max(1, snapshotEvery);
    return store;
  }
}
