// Coreference probe: after a Winograd-style prompt ("… because it was too tired . it refers to the"),
// does the model give the right noun a higher probability than the other one? Optionally records,
// per layer and head, how much the last prompt position attends to each candidate noun.

import * as tf from '@tensorflow/tfjs';
import { COREF_FAMILIES, type CorefCase, type CorefFamily } from '../data/coref';
import { BOS_ID, PAD_ID, type Tokenizer } from '../data/tokenizer';
import type { ForwardOptions, HeadRef, Transformer } from '../model/transformer';
import { matGet } from '../shared/trace';

export interface CorefCaseResult {
  family: CorefFamily;
  afterOthers: boolean;
  prompt: string;
  answer: string;
  distractor: string;
  /** Sequence probability of the candidate's tokens after the prompt (teacher forcing). */
  pAnswer: number;
  pDistractor: number;
  /** pAnswer > pDistractor */
  correct: boolean;
  /** [layer][head]: attention weight from the last prompt position to the first token of each candidate in the schema sentence. */
  attention?: { answer: number; distractor: number }[][];
}

export interface CorefReport {
  n: number;
  accuracy: number;
  meanPAnswer: number;
  byFamily: Record<CorefFamily, { n: number; accuracy: number }>;
  afterOthers: { n: number; accuracy: number };
  cases: CorefCaseResult[];
}

/** Sequences scored per model.logits call. */
const BATCH_SEQUENCES = 64;

/** One teacher-forced sequence: the input ids and, for each candidate token, where its probability is read. */
interface Scored {
  input: number[];
  positions: number[];
  tokens: number[];
}

function candidateIds(tokenizer: Tokenizer, word: string): number[] {
  const ids = tokenizer.encode(word, { bos: false }).ids;
  if (ids.length === 0) throw new Error(`coreference candidate "${word}" has no tokens`);
  return ids;
}

/** Prompt + candidate, the last token dropped (it is only a target), cropped on the left to contextLength. */
function scoredSequence(prompt: number[], candidate: number[], contextLength: number): Scored {
  const full = [...prompt, ...candidate];
  const uncropped = full.slice(0, -1);
  const drop = Math.max(0, uncropped.length - contextLength);
  const input = uncropped.slice(drop);
  const positions = candidate.map((_, j) => prompt.length - 1 + j - drop);
  if (positions[0] < 0) throw new Error('coreference candidate is longer than the context');
  return { input, positions, tokens: candidate };
}

/** Sum of log-probabilities of each sequence's candidate tokens, in batches of BATCH_SEQUENCES. */
async function scoreSequences(model: Transformer, seqs: Scored[], fwd: ForwardOptions): Promise<number[]> {
  const vocab = model.config.vocabSize;
  const result: number[] = [];
  for (let start = 0; start < seqs.length; start += BATCH_SEQUENCES) {
    const chunk = seqs.slice(start, start + BATCH_SEQUENCES);
    const b = chunk.length;
    const t = Math.max(...chunk.map((s) => s.input.length));
    // Right padding: causal attention means the pads never influence the positions we read.
    const inputs = new Int32Array(b * t).fill(PAD_ID);
    const flatIndex: number[] = [];
    chunk.forEach((s, i) => {
      inputs.set(s.input, i * t);
      s.positions.forEach((pos, j) => flatIndex.push((i * t + pos) * vocab + s.tokens[j]));
    });
    const picked = tf.tidy(() => {
      const ids = tf.tensor2d(inputs, [b, t], 'int32'); // [B, T]
      const logits = model.logits(ids, fwd); // [B, T, V]
      const logProbs = tf.logSoftmax(tf.reshape(logits, [b * t, vocab])); // [B·T, V]
      return tf.gather(tf.reshape(logProbs, [-1]), tf.tensor1d(flatIndex, 'int32')); // [K]
    });
    const values = await picked.data();
    picked.dispose();
    let k = 0;
    for (const s of chunk) {
      let sum = 0;
      for (let j = 0; j < s.tokens.length; j++) sum += values[k++];
      result.push(sum);
    }
  }
  return result;
}

function indexOfSequence(haystack: number[], needle: number[], from: number): number {
  for (let i = Math.max(0, from); i + needle.length <= haystack.length; i++) {
    let ok = true;
    for (let j = 0; j < needle.length && ok; j++) ok = haystack[i + j] === needle[j];
    if (ok) return i;
  }
  return -1;
}

/**
 * Where the schema sentence starts in the prompt: the prompt ends "<schema sentence> . it refers to the",
 * so it starts after the second-to-last sentence end ('.' or '。'), or right after <bos>.
 */
function schemaStart(ids: number[], tokenizer: Tokenizer): number {
  const ends = new Set<number>();
  for (const p of ['.', '。', '!', '?', '！', '？']) {
    const id = tokenizer.idOf(p);
    if (id !== undefined) ends.add(id);
  }
  const endPositions: number[] = [];
  ids.forEach((id, i) => {
    if (ends.has(id)) endPositions.push(i);
  });
  if (endPositions.length >= 2) return endPositions[endPositions.length - 2] + 1;
  return ids[0] === BOS_ID ? 1 : 0;
}

/** Position of the first token of `noun` in the schema sentence (else anywhere in the prompt), or −1. */
function nounPosition(ids: number[], noun: number[], start: number): number {
  const inSentence = indexOfSequence(ids, noun, start);
  return inSentence >= 0 ? inSentence : indexOfSequence(ids, noun, 0);
}

function summary(results: CorefCaseResult[]): { n: number; accuracy: number } {
  const n = results.length;
  return { n, accuracy: n > 0 ? results.filter((r) => r.correct).length / n : 0 };
}

export async function evaluateCoref(
  model: Transformer,
  tokenizer: Tokenizer,
  cases: CorefCase[],
  opts: { attention?: boolean; knockout?: readonly HeadRef[] } = {},
): Promise<CorefReport> {
  const fwd: ForwardOptions = opts.knockout ? { knockout: opts.knockout } : {};
  const contextLength = model.config.contextLength;
  const prepared = cases.map((c) => ({
    c,
    prompt: tokenizer.encode(c.prompt).ids,
    answer: candidateIds(tokenizer, c.answer),
    distractor: candidateIds(tokenizer, c.distractor),
  }));
  const seqs: Scored[] = [];
  for (const p of prepared) {
    seqs.push(scoredSequence(p.prompt, p.answer, contextLength));
    seqs.push(scoredSequence(p.prompt, p.distractor, contextLength));
  }
  const logP = await scoreSequences(model, seqs, fwd);

  const results: CorefCaseResult[] = [];
  for (let i = 0; i < prepared.length; i++) {
    const { c, prompt, answer, distractor } = prepared[i];
    const pAnswer = Math.exp(logP[2 * i]);
    const pDistractor = Math.exp(logP[2 * i + 1]);
    const r: CorefCaseResult = {
      family: c.family,
      afterOthers: c.afterOthers,
      prompt: c.prompt,
      answer: c.answer,
      distractor: c.distractor,
      pAnswer,
      pDistractor,
      correct: pAnswer > pDistractor,
    };
    if (opts.attention) {
      const ids = prompt.slice(-contextLength);
      const trace = await model.trace(ids, fwd);
      const start = schemaStart(ids, tokenizer);
      const posA = nounPosition(ids, answer, start);
      const posD = nounPosition(ids, distractor, start);
      const last = ids.length - 1;
      // NaN marks a candidate that does not occur in the prompt (never the case in builtin:coref).
      r.attention = trace.layers.map((layer) =>
        layer.weights.map((w) => ({
          answer: posA >= 0 ? matGet(w, last, posA) : Number.NaN,
          distractor: posD >= 0 ? matGet(w, last, posD) : Number.NaN,
        })),
      );
    }
    results.push(r);
  }

  const byFamily = Object.fromEntries(
    COREF_FAMILIES.map((f) => [f, summary(results.filter((r) => r.family === f))]),
  ) as Record<CorefFamily, { n: number; accuracy: number }>;
  const all = summary(results);
  return {
    n: all.n,
    accuracy: all.accuracy,
    meanPAnswer: results.length > 0 ? results.reduce((s, r) => s + r.pAnswer, 0) / results.length : 0,
    byFamily,
    afterOthers: summary(results.filter((r) => r.afterOthers)),
    cases: results,
  };
}
