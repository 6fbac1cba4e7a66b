// Translation accuracy of an encoder–decoder on builtin:translate cases (CONTRACT §6):
// - exact: the greedy translation (argmax at every step, from <bos> until <eos>) equals the reference;
// - referent: in the greedy translation, the characters between the first 因为 and the 太 after it
//   (the slot where the English has "it") are the referent's Chinese noun;
// - forced referent: with the reference written up to 因为 (teacher forcing), the referent's
//   characters followed by 太 are more probable than the other noun's followed by 太 (a score that
//   does not depend on earlier mistakes, like builtin:coref's pAnswer > pDistractor). The 太 closes
//   the slot: without it 马 (horse) would always beat 马路 (street), which starts with it.
// Greedy decoding runs all cases together in batches (one model.logits call per output position);
// it gives the same tokens as translate() of src/model/encoderDecoder.ts for each case (a unit test
// checks it), only faster. Faster still: greedy decoding reproduces the reference exactly if and only
// if, reading the reference (teacher forcing), the argmax at every position is the next reference
// token and finally <eos> — so one batched pass finds the exact cases, and only the others are
// decoded step by step (this matters with heads knocked out, where the readable layers run).

import * as tf from '@tensorflow/tfjs';
import { BOS_ID, EOS_ID, PAD_ID, splitText, type Tokenizer } from '../data/tokenizer';
import { TRANSLATE_FAMILIES, TRANSLATE_MAX_LENGTHS, CHINESE_SLOT } from '../data/translate';
import { slotText, type TranslateFamily, type TranslationCase } from '../data/translationCase';
import type { EncoderDecoder } from '../model/encoderDecoder';
import type { SiteHeadRef } from '../shared/config';
import { argmax } from '../shared/sampling';

/** Rows per model.logits call. */
const BATCH_ROWS = 256;

export interface TranslateOptions {
  /** Heads whose output is zeroed (encoder, decoder self-attention or cross-attention). */
  knockout?: readonly SiteHeadRef[];
  /** Target tokens written at most (without <eos>); default and upper bound: contextLength, as translate(). */
  maxTokens?: number;
}

function padRows(rows: readonly (readonly number[])[], width: number): Int32Array {
  const out = new Int32Array(rows.length * width).fill(PAD_ID);
  rows.forEach((r, i) => out.set(r.slice(0, width), i * width));
  return out;
}

/**
 * Greedy translations of many sources at once: target ids without <bos>/<eos>, one list per source.
 * Every row is decoded as translate() decodes it alone (sources are PAD-padded and PAD keys are masked
 * out; the decoder is causal, so a finished row's later inputs change nothing before them).
 */
export async function greedyTranslateBatch(
  model: EncoderDecoder,
  sources: readonly (readonly number[])[],
  opts: TranslateOptions = {},
): Promise<number[][]> {
  const maxTokens = Math.min(opts.maxTokens ?? model.config.contextLength, model.config.contextLength);
  const fwd = opts.knockout && opts.knockout.length > 0 ? { knockout: opts.knockout } : {};
  const V = model.config.vocabSize;
  const out: number[][] = sources.map(() => []);
  for (let start = 0; start < sources.length; start += BATCH_ROWS) {
    const rows = sources.slice(start, start + BATCH_ROWS);
    const B = rows.length;
    const S = Math.max(1, ...rows.map((r) => r.length));
    if (S > model.config.contextLength) throw new Error(`a source is ${S} tokens long; this model reads at most ${model.config.contextLength}`);
    const written = out.slice(start, start + B);
    const done = new Array<boolean>(B).fill(false);
    const src = tf.tensor2d(padRows(rows, S), [B, S], 'int32'); // [B, S]
    try {
      for (let step = 0; step < maxTokens && done.some((d) => !d); step++) {
        const T = step + 1;
        const inputs = padRows(written.map((w) => [BOS_ID, ...w]), T);
        const last = tf.tidy(() => {
          const logits = model.logits(src, tf.tensor2d(inputs, [B, T], 'int32'), fwd); // [B, T, V]
          return tf.reshape(tf.slice(logits, [0, T - 1, 0], [B, 1, V]), [B, V]); // [B, V]
        });
        const values = new Float32Array(await last.data());
        last.dispose();
        for (let b = 0; b < B; b++) {
          if (done[b]) continue;
          // As translate() chooses: <pad> and <bos> are never written; ties go to the lower id.
          const row = values.subarray(b * V, (b + 1) * V);
          row[PAD_ID] = -Infinity;
          row[BOS_ID] = -Infinity;
          const id = argmax(row);
          if (id === EOS_ID) done[b] = true;
          else written[b].push(id);
        }
      }
    } finally {
      src.dispose();
    }
  }
  return out;
}

/**
 * Sum of log-probabilities of each candidate's tokens written after a decoder prefix (teacher forcing):
 * the decoder reads <bos> + prefix + candidate[:-1]; row |prefix| + j scores candidate[j].
 */
export async function scoreContinuations(
  model: EncoderDecoder,
  items: readonly { source: readonly number[]; prefix: readonly number[]; candidate: readonly number[] }[],
  opts: { knockout?: readonly SiteHeadRef[] } = {},
): Promise<number[]> {
  const fwd = opts.knockout && opts.knockout.length > 0 ? { knockout: opts.knockout } : {};
  const V = model.config.vocabSize;
  const result: number[] = [];
  for (let start = 0; start < items.length; start += BATCH_ROWS) {
    const chunk = items.slice(start, start + BATCH_ROWS);
    const B = chunk.length;
    const S = Math.max(1, ...chunk.map((c) => c.source.length));
    const decoderRows = chunk.map((c) => [BOS_ID, ...c.prefix, ...c.candidate.slice(0, -1)]);
    const T = Math.max(...decoderRows.map((r) => r.length));
    if (T > model.config.contextLength || S > model.config.contextLength) throw new Error('a scored sequence is longer than the context');
    const flat: number[] = [];
    chunk.forEach((c, b) => c.candidate.forEach((id, j) => flat.push((b * T + c.prefix.length + j) * V + id)));
    const picked = tf.tidy(() => {
      const logits = model.logits(
        tf.tensor2d(padRows(chunk.map((c) => c.source), S), [B, S], 'int32'),
        tf.tensor2d(padRows(decoderRows, T), [B, T], 'int32'),
        fwd,
      ); // [B, T, V]
      const logProbs = tf.logSoftmax(tf.reshape(logits, [B * T, V])); // [B·T, V]
      return tf.gather(tf.reshape(logProbs, [-1]), tf.tensor1d(flat, 'int32')); // [K]
    });
    const values = await picked.data();
    picked.dispose();
    let k = 0;
    for (const c of chunk) {
      let sum = 0;
      for (let j = 0; j < c.candidate.length; j++) sum += values[k++];
      result.push(sum);
    }
  }
  return result;
}

/**
 * For each pair, whether greedy decoding would write exactly `target` then <eos>: with <bos> + target
 * as decoder input, the argmax at row t (as translate() chooses: <pad> and <bos> excluded, ties to the
 * lower id) is target[t] for every t and <eos> at the last row.
 */
export async function greedyReproduces(
  model: EncoderDecoder,
  items: readonly { source: readonly number[]; target: readonly number[] }[],
  opts: { knockout?: readonly SiteHeadRef[] } = {},
): Promise<boolean[]> {
  const fwd = opts.knockout && opts.knockout.length > 0 ? { knockout: opts.knockout } : {};
  const V = model.config.vocabSize;
  const n = model.config.contextLength;
  // A pair too long to be read whole could not be written by greedy decoding either.
  const result: boolean[] = items.map(() => false);
  const fitting = items.flatMap((c, i) => (c.source.length >= 1 && c.source.length <= n && c.target.length + 1 <= n ? [i] : []));
  for (let start = 0; start < fitting.length; start += BATCH_ROWS) {
    const indices = fitting.slice(start, start + BATCH_ROWS);
    const chunk = indices.map((i) => items[i]);
    const B = chunk.length;
    const S = Math.max(...chunk.map((c) => c.source.length));
    const T = Math.max(...chunk.map((c) => c.target.length + 1));
    const logits = tf.tidy(() =>
      model.logits(
        tf.tensor2d(padRows(chunk.map((c) => c.source), S), [B, S], 'int32'),
        tf.tensor2d(padRows(chunk.map((c) => [BOS_ID, ...c.target]), T), [B, T], 'int32'),
        fwd,
      ),
    ); // [B, T, V]
    const values = new Float32Array(await logits.data());
    logits.dispose();
    chunk.forEach((c, b) => {
      const expected = [...c.target, EOS_ID];
      let ok = true;
      for (let t = 0; t < expected.length && ok; t++) {
        const row = values.subarray((b * T + t) * V, (b * T + t + 1) * V);
        row[PAD_ID] = -Infinity;
        row[BOS_ID] = -Infinity;
        ok = argmax(row) === expected[t];
      }
      result[indices[b]] = ok;
    });
  }
  return result;
}

/**
 * What a translation writes in the slot of "it" (src/data/translationCase.ts): by default the Chinese
 * slot, the characters between the first 因为 and the next 太; null when there is no such slot.
 */
export function referentSlot(target: string, rule: { open: readonly string[]; close: string } = CHINESE_SLOT): string | null {
  return slotText(splitText(target), rule);
}

/** Target tokens a greedy translation may write for these cases: the longest reference + 2 (a longer one is wrong anyway). */
export function translationTokenLimit(cases: readonly TranslationCase[]): number {
  const longest = Math.max(TRANSLATE_MAX_LENGTHS.target, ...cases.map((c) => splitText(c.target).length));
  return longest + 2;
}

export interface TranslateCaseResult {
  family: TranslateFamily;
  source: string;
  reference: string;
  /** The greedy translation, characters joined. */
  output: string;
  exact: boolean;
  /** What the greedy translation wrote where the English has "it" (see referentSlot). */
  slot: string | null;
  referentCorrect: boolean;
  referentRole: 'first' | 'second';
  adjective: string;
  /** What the slot should hold (the referent: 动物, qu'il …) and what the other noun would put there. */
  referentSlot: string;
  distractorSlot: string;
  /**
   * Teacher forced after the reference up to the slot: log p(the referent's slot + its closing piece),
   * log p(the other noun's + the closing piece) — 动物太 / 马路太, qu'il était / qu'elle était.
   */
  logPReferent: number;
  logPDistractor: number;
  forcedCorrect: boolean;
}

export interface TranslateScores {
  n: number;
  /** Share of exact greedy translations. */
  exact: number;
  /** Share of greedy translations with the right noun in the slot of "it". */
  referent: number;
  /**
   * Share of cases where the referent's slot (+ its closing piece) is more probable than the other
   * noun's after the reference prefix; a case whose two slots are the same text (French nouns of one
   * gender) counts as right.
   */
  forcedReferent: number;
}

export interface TranslateReport extends TranslateScores {
  byFamily: Record<TranslateFamily, TranslateScores>;
  /** By which noun "it" refers to: the first (tired, big…) or the second (narrow, small…). */
  byRole: Record<'first' | 'second', TranslateScores>;
  cases: TranslateCaseResult[];
}

function scores(rs: readonly TranslateCaseResult[]): TranslateScores {
  const n = rs.length;
  const share = (f: (r: TranslateCaseResult) => boolean): number => (n > 0 ? rs.filter(f).length / n : 0);
  return { n, exact: share((r) => r.exact), referent: share((r) => r.referentCorrect), forcedReferent: share((r) => r.forcedCorrect) };
}

function encodeStrict(tokenizer: Tokenizer, text: string): number[] {
  const e = tokenizer.encode(text, { bos: false });
  if (e.unknown.length > 0) throw new Error(`"${text}" has pieces outside the model's vocabulary`);
  return e.ids;
}

/** Exact-translation and referent accuracy of the model on the cases (usually the held-out ones). */
export async function evaluateTranslate(
  model: EncoderDecoder,
  tokenizer: Tokenizer,
  cases: readonly TranslationCase[],
  opts: TranslateOptions = {},
): Promise<TranslateReport> {
  const prepared = cases.map((c) => {
    const source = encodeStrict(tokenizer, c.source);
    const target = encodeStrict(tokenizer, c.target);
    return {
      c,
      source,
      target,
      prefix: target.slice(0, c.referentIndex),
      referent: [...encodeStrict(tokenizer, c.slot.referent), ...encodeStrict(tokenizer, c.slot.close)],
      distractor: [...encodeStrict(tokenizer, c.slot.distractor), ...encodeStrict(tokenizer, c.slot.close)],
    };
  });
  // A translation longer than the longest reference + 2 is wrong anyway: stop there.
  const maxTokens = Math.min(opts.maxTokens ?? translationTokenLimit(cases), model.config.contextLength);
  // Exact cases are found in one pass (their greedy output is the reference); the rest are decoded.
  const reproduced = await greedyReproduces(model, prepared, { knockout: opts.knockout });
  const failing = prepared.flatMap((p, i) => (reproduced[i] && p.target.length <= maxTokens ? [] : [i]));
  const decoded = await greedyTranslateBatch(
    model,
    failing.map((i) => prepared[i].source),
    { knockout: opts.knockout, maxTokens },
  );
  const outputs: number[][] = prepared.map((p) => [...p.target]);
  failing.forEach((i, k) => (outputs[i] = decoded[k]));
  const forced = await scoreContinuations(
    model,
    prepared.flatMap((p) => [
      { source: p.source, prefix: p.prefix, candidate: p.referent },
      { source: p.source, prefix: p.prefix, candidate: p.distractor },
    ]),
    { knockout: opts.knockout },
  );
  const results: TranslateCaseResult[] = prepared.map((p, i) => {
    const pieces = outputs[i].map((id) => tokenizer.vocab[id]);
    const output = tokenizer.decode(outputs[i]);
    const slot = slotText(pieces, p.c.slot);
    const logPReferent = forced[2 * i];
    const logPDistractor = forced[2 * i + 1];
    return {
      family: p.c.family,
      source: p.c.source,
      reference: p.c.target,
      output,
      exact: outputs[i].length === p.target.length && outputs[i].every((id, j) => id === p.target[j]),
      slot,
      referentCorrect: slot === p.c.slot.referent,
      referentRole: p.c.referentRole,
      adjective: p.c.adjective,
      referentSlot: p.c.slot.referent,
      distractorSlot: p.c.slot.distractor,
      logPReferent,
      logPDistractor,
      forcedCorrect: p.c.slot.referent === p.c.slot.distractor || logPReferent > logPDistractor,
    };
  });
  const byFamily = Object.fromEntries(TRANSLATE_FAMILIES.map((f) => [f, scores(results.filter((r) => r.family === f))])) as Record<
    TranslateFamily,
    TranslateScores
  >;
  return {
    ...scores(results),
    byFamily,
    byRole: {
      first: scores(results.filter((r) => r.referentRole === 'first')),
      second: scores(results.filter((r) => r.referentRole === 'second')),
    },
    cases: results,
  };
}
