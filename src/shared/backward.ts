// The typed trace of one training step on one sentence (the decoder-only model, CONTRACT §1): the
// loss at every position, the gradient of the loss with respect to every intermediate of the forward
// trace, the gradient of every weight, the clipping factor, and one Adam update with its payoff.
// Everything here comes from the model's own backward pass in the worker (or the CLI); the page only
// draws it. Matrices are row-major Float32Array (see trace.ts), so they transfer without copying.

import type { ModelConfig } from './config';
import { traceToJSON, type ForwardTrace, type Mat } from './trace';

/** The weight whose Adam update is traced when none is named: the first layer's query kernel W_Q. */
export const DEFAULT_TRACED_WEIGHT = 'layers/0/attention/query/kernel';

/**
 * ∂loss/∂(each intermediate of the forward trace): the same fields and shapes as ForwardTrace, each
 * holding the gradient instead of the value (the total derivative through every later use of it; a
 * layer's `input` and the previous layer's `output` are one value and hold the same gradient). In
 * `masked`, the causal mask's cells (j > i) are exactly 0; `scaled` and `scores` (= scaled / √dk) are
 * 0 there too (the mask passes nothing back). `weights` is ∂loss/∂A = δ·Vᵀ in every cell, the masked
 * ones included (what A there would change if it were not 0); the softmax multiplies those by A = 0.
 * `logits` holds (p − one-hot)/(T − 1) on rows 0…T−2 and 0 on the last row (it predicts nothing in
 * this example); `probs` is ∂loss/∂p: −1/((T − 1)·p) at each row's target, 0 elsewhere (training
 * never forms p; this is the same loss differentiated as a function of p).
 */
export type GradientTrace = Omit<ForwardTrace, 'architecture' | 'config' | 'ids'>;

/** ∂loss/∂W for one weight tensor of CONTRACT §2, before clipping. */
export interface WeightGradient {
  /** CONTRACT §2 name, e.g. `layers/0/attention/query/kernel`. */
  name: string;
  shape: number[];
  /** Row-major, `shape`'s product entries. */
  data: Float32Array;
  /** Its L2 norm. */
  norm: number;
}

/**
 * One Adam step (src/train/adam.ts) for one weight tensor, entry by entry (all Float32Array of the
 * tensor's size, row-major): t is the step number after this update (1 for a fresh optimizer).
 *   g (clipped) → m = β₁·mPrev + (1 − β₁)·g, v = β₂·vPrev + (1 − β₂)·g²,
 *   mHat = m / (1 − β₁ᵗ), vHat = v / (1 − β₂ᵗ), delta = −lr·(mHat / (√vHat + ε) + λ·before), after = before + delta.
 */
export interface AdamUpdate {
  name: string;
  shape: number[];
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  /** Decoupled weight decay λ applied to this tensor (0 when none applies). */
  weightDecay: number;
  /** The step number t after this update. */
  step: number;
  /** Whether the moments came from the training run in progress (true) or a fresh optimizer (false). */
  fromRun: boolean;
  before: Float32Array;
  /** The gradient after clipping (= the weight gradient × clipFactor). */
  grad: Float32Array;
  mPrev: Float32Array;
  vPrev: Float32Array;
  m: Float32Array;
  v: Float32Array;
  mHat: Float32Array;
  vHat: Float32Array;
  delta: Float32Array;
  after: Float32Array;
}

/** The same sentence through the model after the whole update (every weight, not only the chosen one). */
export interface AfterUpdate {
  /** −log p(target) at positions 0…T−2 after the update. */
  losses: number[];
  loss: number;
  /** softmax over the vocabulary after the update, [T, vocabSize]. */
  probs: Mat;
}

export interface BackwardTrace {
  /** The forward pass whose gradients these are (the same sentence, the model's weights before the update). */
  forward: ForwardTrace;
  /** targets[i] = ids[i + 1]: the real next token that position i is asked to predict, i = 0…T−2. */
  targets: number[];
  /** −log p(targets[i]) at positions 0…T−2 (<bos> predicting the first word at position 0). */
  losses: number[];
  /** Their mean: the loss training minimises for this one example. */
  loss: number;
  grad: GradientTrace;
  /** Every weight's gradient, in CONTRACT §2 manifest order, before clipping. */
  weights: WeightGradient[];
  /** sqrt(Σ over all weights of Σ g²), before clipping. */
  globalNorm: number;
  /** The clipping threshold of the training settings (null: no clipping). */
  clipNorm: number | null;
  /** min(1, clipNorm / globalNorm): the factor every gradient is multiplied by before Adam (1: no clipping). */
  clipFactor: number;
  /** Adam's update of the chosen weight tensor. */
  update: AdamUpdate;
  after: AfterUpdate;
}

/** Row-major values as nested arrays of `shape` (a number for shape []). */
export function nestedArray(data: ArrayLike<number>, shape: readonly number[]): unknown {
  if (shape.length === 0) return data[0];
  const inner = shape.slice(1).reduce((a, b) => a * b, 1);
  const out: unknown[] = [];
  for (let i = 0; i < shape[0]; i++) {
    const part = Array.prototype.slice.call(data, i * inner, (i + 1) * inner) as number[];
    out.push(shape.length === 1 ? data[i] : nestedArray(part, shape.slice(1)));
  }
  return out;
}

function prefixed(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) out[k === 'layers' ? k : `grad_${k}`] = v;
  return out;
}

/**
 * The gradient trace as the JSON of `probe --backward`: the names of `probe --trace` (CONTRACT §3,
 * traceToJSON) each prefixed `grad_` (`grad_embedding`, …, `layers[i].grad_q`, …, `grad_logits`,
 * `grad_probs`); `layers` keeps its name. Every value is finite (the masked cells are 0).
 */
export function gradientTraceToJSON(grad: GradientTrace, config: ModelConfig): Record<string, unknown> {
  const o = traceToJSON({ config, ids: [], ...grad });
  const layers = (o.layers as Record<string, unknown>[]).map(prefixed);
  return { ...prefixed(o), layers };
}

/** {CONTRACT §2 name: nested array of the weight's shape}, in manifest order. */
export function weightGradientsToJSON(weights: readonly WeightGradient[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const w of weights) out[w.name] = nestedArray(w.data, w.shape);
  return out;
}
