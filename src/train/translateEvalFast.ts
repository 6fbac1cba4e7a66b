// The translation accuracy of translateEval.ts (exact greedy translation; the referent in the slot of
// "it"), computed with far fewer decoder passes, for the training view's evaluation every few steps.
//
// Greedy decoding writes the reference exactly as long as, with the reference itself as the decoder's
// input (teacher forcing), the argmax at every position is the reference's next token. One pass over
// every case answers that at all positions at once:
// - if the argmax matches up to and including <eos>, the greedy translation IS the reference (exact);
// - if it matches through the 太 that closes the referent's slot (因为 R 太), the greedy translation
//   starts like the reference up to there, so its slot holds the referent (referent right);
// - otherwise the greedy translation leaves the reference at the first mismatch: only those cases are
//   decoded on, greedily, from that point, until <eos>, the length limit, or until their slot is
//   settled (the first 因为 and the first 太 after it are written: nothing later changes it).
// The outcome is the same as evaluateTranslate's (a unit test checks it); a model that translates well
// costs one pass instead of one pass per written token.

import * as tf from '@tensorflow/tfjs';
import { BOS_ID, EOS_ID, PAD_ID, splitText, type Tokenizer } from '../data/tokenizer';
import { slotSettled, slotText, type TranslationCase } from '../data/translationCase';
import type { EncoderDecoder } from '../model/encoderDecoder';
import { argmax } from '../shared/sampling';
import { translationTokenLimit } from './translateEval';

/** Rows per model.logits call. */
const BATCH_ROWS = 256;

export interface TranslateAccuracy {
  n: number;
  /** Share of exact greedy translations. */
  exact: number;
  /** Share of greedy translations with the right noun in the slot of "it" (translateEval's referentSlot). */
  referent: number;
  /** Cases that had to be decoded on past a mismatch (the rest took one teacher-forced pass). */
  decoded: number;
}

function padRows(rows: readonly (readonly number[])[], width: number): Int32Array {
  const out = new Int32Array(rows.length * width).fill(PAD_ID);
  rows.forEach((r, i) => out.set(r.slice(0, width), i * width));
  return out;
}

/** The token greedy decoding writes after these logits (as translate(): never <pad> or <bos>; ties to the lower id). */
function greedyToken(row: Float32Array): number {
  row[PAD_ID] = -Infinity;
  row[BOS_ID] = -Infinity;
  return argmax(row);
}

/**
 * For each row (source, decoder inputs), the greedy token at the given positions of its inputs:
 * one logits pass per BATCH_ROWS rows. Returns, per row, the tokens at `positions[row]`.
 */
async function greedyAt(
  model: EncoderDecoder,
  rows: readonly { source: readonly number[]; inputs: readonly number[]; positions: readonly number[] }[],
): Promise<number[][]> {
  const V = model.config.vocabSize;
  const out: number[][] = [];
  for (let start = 0; start < rows.length; start += BATCH_ROWS) {
    const chunk = rows.slice(start, start + BATCH_ROWS);
    const B = chunk.length;
    const S = Math.max(1, ...chunk.map((r) => r.source.length));
    const T = Math.max(1, ...chunk.map((r) => r.inputs.length));
    const flat: number[] = [];
    chunk.forEach((r, b) => r.positions.forEach((t) => flat.push(b * T + t)));
    const picked = tf.tidy(() => {
      const logits = model.logits(
        tf.tensor2d(padRows(chunk.map((r) => r.source), S), [B, S], 'int32'),
        tf.tensor2d(padRows(chunk.map((r) => r.inputs), T), [B, T], 'int32'),
      ); // [B, T, V]
      return tf.gather(tf.reshape(logits, [B * T, V]), tf.tensor1d(flat, 'int32')); // [K, V]
    });
    const values = new Float32Array(await picked.data());
    picked.dispose();
    let k = 0;
    for (const r of chunk) {
      out.push(
        r.positions.map(() => {
          const row = values.subarray(V * k, V * (k + 1));
          k++;
          return greedyToken(row);
        }),
      );
    }
  }
  return out;
}

/** Exact-translation and referent accuracy of greedy translations, as evaluateTranslate scores them. */
export async function translateAccuracy(model: EncoderDecoder, tokenizer: Tokenizer, cases: readonly TranslationCase[]): Promise<TranslateAccuracy> {
  // The length limit of evaluateTranslate: a translation longer than the longest reference + 2 is wrong anyway.
  const maxTokens = Math.min(translationTokenLimit(cases), model.config.contextLength);
  const encode = (text: string): number[] => {
    const e = tokenizer.encode(text, { bos: false });
    if (e.unknown.length > 0) throw new Error(`"${text}" has pieces outside the model's vocabulary`);
    return e.ids;
  };
  const prepared = cases.map((c) => {
    const source = encode(c.source);
    const target = encode(c.target);
    const pieces = splitText(c.target);
    // The piece that closes the referent's slot (太 after 因为, était after parce).
    const n = c.slot.open.length;
    const opens = pieces.findIndex((_, i) => c.slot.open.every((p, k) => pieces[i + k] === p));
    const closes = opens < 0 ? -1 : pieces.indexOf(c.slot.close, opens + n);
    return { c, source, target, closes, right: slotText(pieces, c.slot) === c.slot.referent };
  });

  // One teacher-forced pass: the greedy token at every position of <bos> + reference.
  const forced = await greedyAt(
    model,
    prepared.map((p) => {
      const inputs = [BOS_ID, ...p.target].slice(0, maxTokens + 1);
      return { source: p.source, inputs, positions: inputs.map((_, t) => t) };
    }),
  );

  let exact = 0;
  let referent = 0;
  // Cases whose greedy translation leaves the reference before their slot is settled: decoded on.
  const open: { p: (typeof prepared)[number]; written: number[]; done: boolean }[] = [];
  prepared.forEach((p, i) => {
    const want = [...p.target, EOS_ID];
    const predicted = forced[i];
    let m = 0;
    while (m < predicted.length && predicted[m] === want[m]) m++;
    // All of the reference and its <eos> (within the length limit): greedy writes exactly the reference.
    if (m === want.length && p.target.length <= maxTokens) {
      exact++;
      referent += p.right ? 1 : 0;
      return;
    }
    if (p.closes >= 0 && m > p.closes) {
      referent += p.right ? 1 : 0;
      return;
    }
    // Greedy wrote the reference's first m tokens, then predicted[m] instead of the reference's.
    const written = p.target.slice(0, m);
    let done = written.length >= maxTokens;
    if (!done && m < predicted.length) {
      if (predicted[m] === EOS_ID) done = true;
      else written.push(predicted[m]);
    }
    open.push({ p, written, done: done || written.length >= maxTokens });
  });

  const decoded = open.length;
  const piecesOf = (ids: readonly number[]): string[] => ids.map((id) => tokenizer.vocab[id]);
  for (const o of open) if (slotSettled(piecesOf(o.written), o.p.c.slot)) o.done = true;
  // Greedy decoding of the open cases, one token per pass each, until each is settled.
  for (;;) {
    const live = open.filter((o) => !o.done);
    if (live.length === 0) break;
    const next = await greedyAt(
      model,
      live.map((o) => {
        const inputs = [BOS_ID, ...o.written];
        return { source: o.p.source, inputs, positions: [inputs.length - 1] };
      }),
    );
    live.forEach((o, i) => {
      const id = next[i][0];
      if (id === EOS_ID) o.done = true;
      else {
        o.written.push(id);
        if (o.written.length >= maxTokens || slotSettled(piecesOf(o.written), o.p.c.slot)) o.done = true;
      }
    });
  }
  for (const o of open) referent += slotText(piecesOf(o.written), o.p.c.slot) === o.p.c.slot.referent ? 1 : 0;
  const n = cases.length;
  return { n, exact: n > 0 ? exact / n : 0, referent: n > 0 ? referent / n : 0, decoded };
}
