// Pure next-token distribution maths, used by the page (Output panel) and by src/train/sampling.ts:
// temperature, top-k, top-p (nucleus), a tiny seeded random source and a draw from a distribution.
// No TF.js, no DOM: the same numbers in the browser, in the CLI and in the tests.

export interface SamplingOptions {
  /** Logits are divided by this before the softmax; 0 = greedy (always the most likely token). */
  temperature: number;
  /** Keep only the k most likely tokens; 0 = off. */
  topK: number;
  /** Keep the smallest set of most likely tokens whose probability adds up to at least p; 1 = off. */
  topP: number;
}

export const DEFAULT_SAMPLING: SamplingOptions = { temperature: 1, topK: 0, topP: 1 };

/** Index of the largest value (the first one on ties); NaN counts as −∞. */
export function argmax(values: ArrayLike<number>): number {
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

/**
 * The index whose cumulative probability first exceeds `u` (u uniform in [0, 1)); zero entries are
 * never chosen. When u falls in the rounding gap at the top end, the last non-zero entry is chosen.
 */
export function pickFromDistribution(dist: ArrayLike<number>, u: number): number {
  let cum = 0;
  let last = 0;
  for (let i = 0; i < dist.length; i++) {
    if (!(dist[i] > 0)) continue;
    cum += dist[i];
    last = i;
    if (u < cum) return i;
  }
  return last;
}

/**
 * A tiny seeded source of uniform numbers in [0, 1) (mulberry32), so the page's draws repeat for the
 * same seed; src/data/rng.ts builds the data and initialisation draws on it.
 */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = (Math.floor(seed) ^ 0x9e3779b9) >>> 0;
  }

  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
}

/** logits with the given ids set to −∞ (a copy), so they can never be drawn. */
export function excludeIds(logits: ArrayLike<number>, ids: readonly number[]): Float32Array {
  const out = Float32Array.from(logits);
  for (const id of ids) if (id >= 0 && id < out.length) out[id] = -Infinity;
  return out;
}

/**
 * One seeded draw of a next token: from adjustDistribution(logits with `exclude` set to −∞, opts);
 * greedy (argmax, no random number used) when temperature ≤ 0.
 */
export function sampleNext(
  logits: ArrayLike<number>,
  opts: SamplingOptions,
  random: { next(): number },
  exclude: readonly number[] = [],
): number {
  const usable = excludeIds(logits, exclude);
  if (!(opts.temperature > 0)) return argmax(usable);
  return pickFromDistribution(adjustDistribution(usable, opts), random.next());
}

export interface RankedEntry {
  index: number;
  value: number;
}

/** The k largest values with their indices, largest first (ties: lower index first). */
export function topEntries(values: ArrayLike<number>, k: number): RankedEntry[] {
  const out: RankedEntry[] = [];
  for (let i = 0; i < values.length; i++) out.push({ index: i, value: values[i] });
  out.sort((a, b) => (b.value > a.value ? 1 : b.value < a.value ? -1 : a.index - b.index));
  return out.slice(0, Math.max(0, k));
}

const CJK_START =
  /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Bopomofo}\u2E80-\u2FDF\u3000-\u33FF\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFFEF]/u;
const CJK_END =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Bopomofo}\u2E80-\u2FDF\u3000-\u33FF\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFFEF]$/u;

/**
 * `text` with one more token appended by the tokenizer's decoding rule: a space between two pieces,
 * none next to a CJK character (and none after existing whitespace or at the start); a subword piece
 * that continues a word ("##ing", the English model) is glued to it without its marks.
 */
export function appendToken(text: string, token: string): string {
  if (token.startsWith('##') && token.length > 2) return text + token.slice(2);
  if (text.length === 0 || /\s$/.test(text) || CJK_START.test(token) || CJK_END.test(text)) return text + token;
  return `${text} ${token}`;
}

/** The last row of a [T, V] logits matrix (the next-token scores after the last token), as a view. */
export function lastRow(m: { rows: number; cols: number; data: Float32Array }): Float32Array {
  return m.data.subarray((m.rows - 1) * m.cols, m.rows * m.cols);
}

/** What the Output panel shows: adjustDistribution of the logits at the last position. */
export function nextTokenDistribution(logits: { rows: number; cols: number; data: Float32Array }, opts: SamplingOptions): Float32Array {
  return adjustDistribution(lastRow(logits), opts);
}
