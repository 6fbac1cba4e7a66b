// The linear read-out of translateAnalysis.ts (which noun "it" refers to, read from one token's
// encoder vector at each depth) over many cases at once: the encoder runs once per batch of sources of
// one length (model.encoderStates, no padding) instead of one trace per case, and only the rows of the
// four tokens the read-out needs ("it", the two nouns, the adjective) are read back. The vectors are
// those of encoderVectors(trace, c); readoutByLayer then fits and scores exactly as readoutStudy does.
// This is what the app's worker runs for the Compare view's read-out chart.

import * as tf from '@tensorflow/tfjs';
import type { Tokenizer } from '../data/tokenizer';
import type { TranslationCase as TranslateCase } from '../data/translationCase';
import type { EncoderDecoder } from '../model/encoderDecoder';
import { READOUT_TOKENS, readoutByLayer, type ReadoutLayer, type ReadoutToken } from './translateAnalysis';

/** Sources per encoder pass. */
const BATCH_ROWS = 512;

export interface CaseVectors {
  /** Per depth (0 = embedding + positions, l = after encoder layer l), the vector of each token. */
  vectors: Record<ReadoutToken, Float32Array>[];
  c: TranslateCase;
}

function encodeStrict(tokenizer: Tokenizer, text: string): number[] {
  const e = tokenizer.encode(text, { bos: false });
  if (e.unknown.length > 0) throw new Error(`"${text}" has pieces outside the model's vocabulary`);
  return e.ids;
}

/** The encoder vectors of "it", the two nouns and the adjective of every case, at every depth (in the order of `cases`). */
export async function encoderVectorsBatched(model: EncoderDecoder, tokenizer: Tokenizer, cases: readonly TranslateCase[]): Promise<CaseVectors[]> {
  const ids = cases.map((c) => encodeStrict(tokenizer, c.source));
  const out: (CaseVectors | undefined)[] = new Array(cases.length);
  // Cases grouped by source length (the two families' templates differ by one word).
  const byLength = new Map<number, number[]>();
  ids.forEach((x, i) => byLength.set(x.length, [...(byLength.get(x.length) ?? []), i]));
  const d = model.config.dModel;
  const depths = (model.config.nEncoderLayers ?? 0) + 1;
  const k = READOUT_TOKENS.length;
  for (const [s, members] of byLength) {
    for (let start = 0; start < members.length; start += BATCH_ROWS) {
      const group = members.slice(start, start + BATCH_ROWS);
      const b = group.length;
      // Rows of the flattened [B·S, d] states: per case, its four tokens in READOUT_TOKENS order.
      const rows = new Int32Array(b * k);
      group.forEach((ci, r) => {
        const pos = cases[ci].sourcePositions;
        const at: Record<ReadoutToken, number> = { it: pos.it, first: pos.first, second: pos.second, adjective: pos.adjective };
        READOUT_TOKENS.forEach((tok, j) => {
          rows[r * k + j] = r * s + at[tok];
        });
      });
      const picked = tf.tidy(() => {
        const src = tf.tensor2d(group.flatMap((ci) => ids[ci]), [b, s], 'int32'); // [B, S]
        const idx = tf.tensor1d(rows, 'int32'); // [B·4]
        const states = model.encoderStates(src); // depths × [B, S, d]
        return tf.stack(states.map((x) => tf.gather(tf.reshape(x, [b * s, d]), idx))); // [depths, B·4, d]
      });
      const data = (await picked.data()) as Float32Array;
      picked.dispose();
      group.forEach((ci, r) => {
        const vectors: Record<ReadoutToken, Float32Array>[] = [];
        for (let depth = 0; depth < depths; depth++) {
          const v = {} as Record<ReadoutToken, Float32Array>;
          READOUT_TOKENS.forEach((tok, j) => {
            const from = (depth * b * k + r * k + j) * d;
            v[tok] = data.slice(from, from + d);
          });
          vectors.push(v);
        }
        out[ci] = { vectors, c: cases[ci] };
      });
    }
  }
  return out.map((x, i) => {
    if (!x) throw new Error(`case ${i} was not encoded`);
    return x;
  });
}

/** readoutStudy of translateAnalysis.ts with batched encoder passes: the same read-outs, much faster. */
export async function readoutStudyBatched(
  model: EncoderDecoder,
  tokenizer: Tokenizer,
  trainCases: readonly TranslateCase[],
  heldOutCases: readonly TranslateCase[],
): Promise<ReadoutLayer[]> {
  const train = await encoderVectorsBatched(model, tokenizer, trainCases);
  const heldOut = await encoderVectorsBatched(model, tokenizer, heldOutCases);
  return readoutByLayer(train, heldOut);
}
