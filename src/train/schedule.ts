// Learning-rate schedule: linear warm-up, then cosine decay to minLearningRateRatio · lr at
// totalSteps, constant afterwards.

export interface ScheduleOptions {
  learningRate: number;
  warmupSteps: number;
  totalSteps: number;
  minLearningRateRatio: number;
}

/**
 * The learning rate of update number `step` (0-based: the first update uses step 0).
 * - step < warmupSteps: lr · (step + 1) / warmupSteps (so update warmupSteps − 1 already uses lr);
 * - warmupSteps ≤ step ≤ totalSteps: lrMin + ½(lr − lrMin)(1 + cos(π · (step − warmupSteps) / (totalSteps − warmupSteps)));
 * - step ≥ totalSteps: lrMin = minLearningRateRatio · lr.
 */
export function learningRateAt(step: number, o: ScheduleOptions): number {
  const lr = o.learningRate;
  const lrMin = o.minLearningRateRatio * lr;
  const warmup = Math.max(0, Math.floor(o.warmupSteps));
  if (step < warmup) return (lr * (step + 1)) / warmup;
  const decaySteps = o.totalSteps - warmup;
  if (decaySteps <= 0) return lrMin;
  const progress = Math.min(1, Math.max(0, (step - warmup) / decaySteps));
  return lrMin + 0.5 * (lr - lrMin) * (1 + Math.cos(Math.PI * progress));
}
