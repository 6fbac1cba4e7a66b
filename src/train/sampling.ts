// Turning next-token logits into a choice: temperature, top-k, top-p (nucleus), seeded draws.

import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../data/rng';
import { BOS_ID, PAD_ID, type Tokenizer } from '../data/tokenizer';
import type { Transformer } from '../model/transformer';

export interface SamplingOptions {
  /** Logits are divided by this before the softmax; 0 = greedy (always the most likely token). */
  temperature: number;
  /** Keep only the k most likely tokens; 0 = off. */
  topK: number;
  /** Keep the smallest set of most likely tokens whose probability adds up to at least p; 1 = off. */
  topP: number;
}

/** Index of the largest value (the first one on ties); NaN counts as −∞. */
function argmax(values: ArrayLike<number>): number {
  let best = 0;
  let bestValue = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (x > bestValue) {
      bestValue = x;
      best = i;
    }
  }
  return best;
}

/**
 * The probabilities a token is drawn with: softmax(logits / temperature), restricted to the topK most
 * likely tokens, then to the smallest prefix of the (renormalised) sorted distribution whose mass is
 * at least topP (always at least one token), renormalised. temperature ≤ 0 gives a one-hot at the argmax.
 */
export function adjustDistribution(logits: ArrayLike<number>, opts: SamplingOptions): Float32Array {
  const n = logits.length;
  const out = new Float32Array(n);
  if (n === 0) return out;
  if (!(opts.temperature > 0)) {
    out[argmax(logits)] = 1;
    return out;
  }
  let max = -Infinity;
  for (let i = 0; i < n; i++) if (logits[i] > max) max = logits[i];
  const p = new Float64Array(n);
  if (max === -Infinity || !Number.isFinite(max)) {
    // Nothing usable (all −∞, or +∞ present): fall back to the argmax.
    out[argmax(logits)] = 1;
    return out;
  }
  for (let i = 0; i < n; i++) {
    const x = logits[i];
    p[i] = Number.isNaN(x) ? 0 : Math.exp((x - max) / opts.temperature);
  }
  // Most likely first; ties keep the lower index first, so the result is deterministic.
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => p[b] - p[a] || a - b);
  let keep = n;
  if (opts.topK > 0 && opts.topK < n) keep = Math.max(1, Math.floor(opts.topK));
  if (opts.topP < 1) {
    let mass = 0;
    for (let j = 0; j < keep; j++) mass += p[order[j]];
    const target = Math.max(0, opts.topP) * mass;
    let cum = 0;
    let j = 0;
    for (; j < keep; j++) {
      cum += p[order[j]];
      if (cum >= target - 1e-12 * mass) break;
    }
    keep = Math.min(keep, j + 1);
  }
  let total = 0;
  for (let j = 0; j < keep; j++) total += p[order[j]];
  for (let j = 0; j < keep; j++) out[order[j]] = p[order[j]] / total;
  return out;
}

/** Draws one token id from adjustDistribution(logits, opts) with one rng.next() (none when greedy). */
export function sampleToken(logits: ArrayLike<number>, opts: SamplingOptions, rng: Rng): number {
  if (!(opts.temperature > 0)) return argmax(logits);
  const dist = adjustDistribution(logits, opts);
  const r = rng.next();
  let cum = 0;
  let last = 0;
  for (let i = 0; i < dist.length; i++) {
    if (dist[i] <= 0) continue;
    cum += dist[i];
    last = i;
    if (r < cum) return i;
  }
  return last; // r fell in the rounding gap at the top end
}

/**
 * Continues `text` by `n` tokens. The prompt is encoded with <bos>; each step runs the model on the
 * last contextLength tokens and samples from the last position (<pad> and <bos> are never drawn).
 * Returns the decoded prompt + continuation (without <bos>) and the generated tokens.
 */
export async function generate(
  model: Transformer,
  tokenizer: Tokenizer,
  text: string,
  n: number,
  opts: SamplingOptions,
  seed: number,
): Promise<{ text: string; tokens: string[] }> {
  if (!(n >= 0) || !Number.isInteger(n)) throw new Error(`number of tokens must be a whole number ≥ 0, got ${n}`);
  const rng = new Rng(seed);
  const ids = [...tokenizer.encode(text).ids];
  const generated: number[] = [];
  const contextLength = model.config.contextLength;
  for (let i = 0; i < n; i++) {
    const context = ids.slice(-contextLength);
    const lastLogits = tf.tidy(() => {
      const input = tf.tensor2d(context, [1, context.length], 'int32'); // [1, T]
      const logits = model.logits(input); // [1, T, V]
      return tf.reshape(tf.slice(logits, [0, context.length - 1, 0], [1, 1, -1]), [-1]); // [V]
    });
    const values = new Float32Array(await lastLogits.data());
    lastLogits.dispose();
    if (values.length > PAD_ID) values[PAD_ID] = -Infinity;
    if (values.length > BOS_ID) values[BOS_ID] = -Infinity;
    const id = sampleToken(values, opts, rng);
    ids.push(id);
    generated.push(id);
  }
  const body = ids[0] === BOS_ID ? ids.slice(1) : ids;
  return { text: tokenizer.decode(body), tokens: generated.map((id) => tokenizer.vocab[id]) };
}
