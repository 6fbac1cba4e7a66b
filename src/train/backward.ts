// One training step on one sentence, traced (src/shared/backward.ts): the loss at every position,
// ∂loss/∂(every intermediate of the forward trace), ∂loss/∂(every weight), the clipping, and Adam's
// update — all from the model's own code. The loss is the training loss (maskedCrossEntropy of
// src/train/loss.ts) of the sentence as one example: inputs ids[0…T−1], targets ids[1…T−1] and <pad>
// at the last position (which training ignores), so the mean is over positions 0…T−2.
//
// The gradients come from TF.js's backward pass, none from a formula written here: the readable
// forward pass (the one the forward trace shows) runs with a zero variable z added to each
// intermediate x where it is made (src/model/tap.ts); at z = 0 the values are unchanged and
// ∂loss/∂z = ∂loss/∂x. One tf.variableGrads gives those and the weights' gradients together.
// The clipping and the update are those of a training step (clip.ts, adam.ts), applied to a copy of
// the model: the model passed in is never changed.

import * as tf from '@tensorflow/tfjs';
import { PAD_ID } from '../data/tokenizer';
import type { Tap } from '../model/tap';
import { readDecoderTrace } from '../model/traceLayout';
import { Transformer } from '../model/transformer';
import { DEFAULT_TRACED_WEIGHT, type AdamUpdate, type AfterUpdate, type BackwardTrace, type GradientTrace, type WeightGradient } from '../shared/backward';
import { Adam, decaysWeight } from './adam';
import { clipByGlobalNorm } from './clip';
import { crossEntropyOfProbs, maskedCrossEntropy, tokenCrossEntropy } from './loss';
import { learningRateAt } from './schedule';
import { DEFAULT_TRAIN_OPTIONS, type OptimizerState, type TrainOptions } from './trainer';

export { DEFAULT_TRACED_WEIGHT };

export interface BackwardOptions {
  /** CONTRACT §2 name of the weight whose Adam update is traced entry by entry (DEFAULT_TRACED_WEIGHT). */
  weight?: string;
  /** Clipping, Adam's hyper-parameters and the learning-rate schedule (default DEFAULT_TRAIN_OPTIONS). */
  train?: TrainOptions;
  /** The optimizer state of the training run in progress (its moments and step); absent: a fresh optimizer. */
  optimizer?: OptimizerState;
  /** The learning rate of the update; absent: the schedule's rate for the optimizer's next step. */
  learningRate?: number;
}

/** Why a sentence cannot be one training example (thrown as an Error with this message). */
export function backwardProblem(config: { contextLength: number; vocabSize: number }, ids: readonly number[]): string | null {
  if (ids.length < 2) return 'a training step needs at least one token after <bos> (there is nothing to predict)';
  if (ids.length > config.contextLength) return `the sentence is ${ids.length} tokens long; this model reads at most ${config.contextLength}`;
  if (ids.slice(1).includes(PAD_ID)) return 'the sentence holds <pad>, which training never predicts';
  return null;
}

interface Gradients {
  /** The gradient trace's matrices, flattened in the forward trace's layout (with ∂loss/∂probs last). */
  trace: Float32Array;
  /** Every weight's gradient, flattened in manifest order, before clipping. */
  weights: Float32Array;
  loss: number;
  /** The global norm of the weight gradients, before clipping. */
  globalNorm: number;
  /** −log p(target) at positions 0…T−2. */
  losses: number[];
}

/** One traced training step of `model` on the sentence `ids` (<bos> first, at most contextLength ids). */
export async function backwardTrace(model: Transformer, ids: number[], opts: BackwardOptions = {}): Promise<BackwardTrace> {
  const problem = backwardProblem(model.config, ids);
  if (problem) throw new Error(problem);
  const named = model.variables();
  const weightName = opts.weight ?? DEFAULT_TRACED_WEIGHT;
  if (!named.some((n) => n.name === weightName)) throw new Error(`the model has no weight "${weightName}"`);
  const train = opts.train ?? DEFAULT_TRAIN_OPTIONS;
  const learningRate = opts.learningRate ?? learningRateAt(opts.optimizer?.step ?? 0, train);
  if (!(Number.isFinite(learningRate) && learningRate > 0)) throw new Error(`the learning rate must be a positive number, got ${learningRate}`);

  const forward = await model.trace(ids);
  const { flat, clipped } = gradients(model, ids, train.clipNorm);
  let g: Gradients;
  try {
    g = await readGradients(model, ids, flat);
  } catch (e) {
    clipped.dispose();
    throw e;
  } finally {
    flat.dispose();
  }
  let applied: { update: AdamUpdate; after: AfterUpdate };
  try {
    applied = await applyToCopy(model, ids, clipped, { weightName, learningRate, train, optimizer: opts.optimizer });
  } finally {
    clipped.dispose();
  }
  const grad = gradientTrace(model, ids, g.trace);
  const weights: WeightGradient[] = [];
  let offset = 0;
  for (const { name, variable } of named) {
    const data = g.weights.slice(offset, offset + variable.size);
    offset += variable.size;
    let sq = 0;
    for (let i = 0; i < data.length; i++) sq += data[i] * data[i];
    weights.push({ name, shape: variable.shape.slice(), data, norm: Math.sqrt(sq) });
  }
  const clipNorm = train.clipNorm > 0 && Number.isFinite(train.clipNorm) ? train.clipNorm : null;
  const clipFactor = clipNorm === null ? 1 : clipNorm / Math.max(g.globalNorm, clipNorm);
  return {
    forward,
    targets: ids.slice(1),
    losses: g.losses,
    loss: g.loss,
    grad,
    weights,
    globalNorm: g.globalNorm,
    clipNorm,
    clipFactor,
    update: applied.update,
    after: applied.after,
  };
}

/**
 * One flat tensor [∂loss/∂(trace intermediates, layout order)…, ∂loss/∂probs, ∂loss/∂(weights, manifest
 * order)…, loss, global norm, losses at 0…T−2] and the weight gradients clipped as a training step
 * clips them (one flat vector in manifest order, what Adam.applyFlat takes). The caller disposes both.
 */
function gradients(model: Transformer, ids: number[], clipNorm: number): { flat: tf.Tensor1D; clipped: tf.Tensor1D } {
  const t = ids.length;
  const named = model.variables();
  // The shape of every tapped intermediate, in the order the forward pass makes them.
  const shapes: number[][] = [];
  tf.tidy(() => {
    model.tappedForward(ids, (x) => {
      shapes.push(x.shape.slice());
      return x;
    });
  });
  // Zero variables, one per intermediate (inside tidy so that the zeros are freed once copied).
  const taps = shapes.map((shape) => tf.tidy(() => tf.variable(tf.zeros(shape), true)));
  try {
    return tf.tidy(() => {
      const targets = tf.tensor2d([...ids.slice(1), PAD_ID], [1, t], 'int32'); // [1, T]: nothing to predict after the last token
      let order: tf.Variable[] = [];
      let kept: tf.Tensor3D | null = null;
      const { value, grads } = tf.variableGrads(
        () => {
          let k = 0;
          const tapOf = new Map<tf.Tensor, tf.Variable>();
          const tap: Tap = (x) => {
            const z = taps[k++];
            if (!z || z.shape.join() !== x.shape.join()) throw new Error('the tapped forward pass changed between two runs');
            const y = tf.add(x, z) as typeof x; // the same values: x + 0
            tapOf.set(y, z);
            return y;
          };
          const { parts, logits } = model.tappedForward(ids, tap);
          order = parts.map((p) => {
            const z = tapOf.get(p);
            if (!z) throw new Error('an intermediate of the trace was not tapped');
            return z;
          });
          kept = tf.keep(logits);
          return maskedCrossEntropy(logits, targets);
        },
        [...named.map((n) => n.variable), ...taps],
      );
      if (!kept) throw new Error('the forward pass gave no logits');
      const logits: tf.Tensor3D = kept; // [1, T, V]
      const of = (v: tf.Variable): tf.Tensor => {
        const gv = grads[v.name];
        if (!gv) throw new Error(`no gradient reached ${v.name}`);
        return gv;
      };
      // ∂loss/∂p: training never forms p, so the same loss written as a function of p is differentiated.
      const probs = tf.softmax(tf.reshape(logits, [t, -1])) as tf.Tensor2D; // [T, V]
      const probGrad = tf.grad((p: tf.Tensor) => crossEntropyOfProbs(p as tf.Tensor2D, tf.reshape(targets, [t]) as tf.Tensor1D))(probs); // [T, V]
      // As a training step does it (src/train/trainer.ts): one flat vector, its global norm, clipped.
      const weightGrads = Adam.flatten(named.map((n) => of(n.variable))); // [P]
      const { grads: clippedList, norm } = clipByGlobalNorm([weightGrads], clipNorm);
      const losses = tf.slice(tf.reshape(tokenCrossEntropy(logits, targets), [t]), 0, t - 1); // [T − 1]
      const pieces = [...order.map(of), probGrad, weightGrads, value, norm, losses].map((x) => tf.reshape(x, [-1]));
      const flat = tf.concat(pieces) as tf.Tensor1D;
      logits.dispose();
      return { flat, clipped: clippedList[0] };
    });
  } finally {
    for (const z of taps) z.dispose();
  }
}

/** Splits the flat tensor of `gradients` (one read-back). */
async function readGradients(model: Transformer, ids: number[], flat: tf.Tensor1D): Promise<Gradients> {
  const data = (await flat.data()) as Float32Array;
  const t = ids.length;
  const p = model.variables().reduce((n, v) => n + v.variable.size, 0);
  const traceSize = data.length - p - 2 - (t - 1);
  const weights = data.slice(traceSize, traceSize + p);
  const at = traceSize + p;
  return {
    trace: data.slice(0, traceSize),
    weights,
    loss: data[at],
    globalNorm: data[at + 1],
    losses: Array.from(data.subarray(at + 2, at + 2 + t - 1)),
  };
}

/** The gradient trace: the fields of the forward trace, each holding ∂loss/∂(that value). */
function gradientTrace(model: Transformer, ids: number[], data: Float32Array): GradientTrace {
  // −0 (a zero gradient times a negative number) shown as 0; every other value unchanged (x + 0 = x).
  for (let i = 0; i < data.length; i++) data[i] += 0;
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { config, ids: _ids, architecture, ...grad } = readDecoderTrace(model.config, ids, data);
  return grad;
}

/**
 * The whole update (every weight, clipped gradients) applied by src/train/adam.ts to a copy of the
 * model with the optimizer state given (or a fresh one); the chosen weight's Adam quantities entry by
 * entry and the sentence through the updated copy. The copy and its optimizer are disposed.
 */
async function applyToCopy(
  model: Transformer,
  ids: number[],
  clipped: tf.Tensor1D,
  o: { weightName: string; learningRate: number; train: TrainOptions; optimizer?: OptimizerState },
): Promise<{ update: AdamUpdate; after: AfterUpdate }> {
  const before = await model.readWeights();
  const copy = Transformer.create(model.config, before);
  const adam = new Adam(copy.variables());
  try {
    if (o.optimizer) adam.importState(o.optimizer);
    const prevStep = adam.step;
    adam.applyFlat(clipped, o.learningRate, o.train);
    const state = await adam.exportState();
    const variable = copy.variables().find((n) => n.name === o.weightName)!.variable;
    const afterW = new Float32Array((await variable.data()) as Float32Array);
    const beforeW = before.get(o.weightName)!.slice();
    const n = beforeW.length;
    const zerosN = (): Float32Array => new Float32Array(n);
    const mPrev = o.optimizer?.m.get(o.weightName)?.slice() ?? zerosN();
    const vPrev = o.optimizer?.v.get(o.weightName)?.slice() ?? zerosN();
    const m = state.m.get(o.weightName)!;
    const v = state.v.get(o.weightName)!;
    const step = prevStep + 1;
    const { beta1, beta2, epsilon } = o.train;
    // The bias-corrected moments as Adam divides them (float32), and the step the weight really took.
    const mHat = zerosN();
    const vHat = zerosN();
    const delta = zerosN();
    const c1 = 1 - Math.pow(beta1, step);
    const c2 = 1 - Math.pow(beta2, step);
    for (let i = 0; i < n; i++) {
      mHat[i] = m[i] / c1;
      vHat[i] = v[i] / c2;
      delta[i] = afterW[i] - beforeW[i];
    }
    const grad = await clippedPart(model, clipped, o.weightName);
    const update: AdamUpdate = {
      name: o.weightName,
      shape: variable.shape.slice(),
      learningRate: o.learningRate,
      beta1,
      beta2,
      epsilon,
      weightDecay: decaysWeight(o.weightName) ? o.train.weightDecay : 0,
      step,
      fromRun: o.optimizer !== undefined,
      before: beforeW,
      grad,
      mPrev,
      vPrev,
      m,
      v,
      mHat,
      vHat,
      delta,
      after: afterW,
    };
    return { update, after: await sentenceThrough(copy, ids) };
  } finally {
    adam.dispose();
    copy.dispose();
  }
}

/** The chosen weight's entries of the clipped flat gradient. */
async function clippedPart(model: Transformer, clipped: tf.Tensor1D, name: string): Promise<Float32Array> {
  let offset = 0;
  for (const n of model.variables()) {
    if (n.name === name) {
      const part = tf.slice(clipped, offset, n.variable.size);
      try {
        return new Float32Array((await part.data()) as Float32Array);
      } finally {
        part.dispose();
      }
    }
    offset += n.variable.size;
  }
  throw new Error(`the model has no weight "${name}"`);
}

/** The sentence's losses at 0…T−2, their mean and the probabilities [T, V], through `model`. */
async function sentenceThrough(model: Transformer, ids: number[]): Promise<AfterUpdate> {
  const t = ids.length;
  const v = model.config.vocabSize;
  const flat = tf.tidy(() => {
    const logits = model.logits(tf.tensor2d(ids, [1, t], 'int32'), { readable: true }); // [1, T, V]
    const targets = tf.tensor2d([...ids.slice(1), PAD_ID], [1, t], 'int32'); // [1, T]
    const losses = tf.slice(tf.reshape(tokenCrossEntropy(logits, targets), [t]), 0, t - 1); // [T − 1]
    return tf.concat([losses, tf.reshape(tf.softmax(logits), [-1])]);
  });
  let data: Float32Array;
  try {
    data = (await flat.data()) as Float32Array;
  } finally {
    flat.dispose();
  }
  const losses = Array.from(data.subarray(0, t - 1));
  const loss = losses.reduce((a, b) => a + b, 0) / losses.length;
  return { losses, loss, probs: { rows: t, cols: v, data: data.slice(t - 1) } };
}
