// Unigram and bigram baselines for a real-text corpus: the loss a model would have if it knew only
// how often each token occurs (unigram), or which token tends to follow which (bigram). Counted on
// the training documents, scored on the validation windows the model's validation loss uses
// (documentCorpus.ts), so the figures sit side by side.
//
// - Unigram: add-one smoothing over the vocabulary: P(w) = (c(w) + 1) / (N + V). <pad> and <bos> are
//   never predicted and are left out of V.
// - Bigram: Witten–Bell interpolation with that unigram:
//   P(w | u) = (c(u w) + T(u) · P_uni(w)) / (c(u) + T(u)), where c(u) counts the tokens following u and
//   T(u) the distinct ones; u is <bos> for a window's first token.
// Both are proper distributions over the same tokens the model predicts, so their losses compare.

import { BOS_ID, PAD_ID } from './tokenizer';

export interface BaselineFigures {
  /** Mean cross-entropy per validation target token, in nats. */
  loss: number;
  perplexity: number;
}

export interface NgramBaselines {
  unigram: BaselineFigures;
  bigram: BaselineFigures;
  /** Number of validation target tokens scored. */
  tokens: number;
}

export interface NgramModel {
  /** Add-one unigram probability of token w. */
  unigram(w: number): number;
  /** Witten–Bell bigram probability of w after u. */
  bigram(u: number, w: number): number;
}

/** Counts of the training documents (token ids without <bos>; each starts after <bos>). */
export function fitNgrams(trainDocs: readonly Int32Array[], vocabSize: number): NgramModel {
  const predicted = vocabSize - 2; // every token but <pad> and <bos>
  const uni = new Float64Array(vocabSize);
  let n = 0;
  const follow = new Map<number, Map<number, number>>();
  for (const doc of trainDocs) {
    let prev = BOS_ID;
    for (const w of doc) {
      uni[w]++;
      n++;
      let m = follow.get(prev);
      if (!m) follow.set(prev, (m = new Map()));
      m.set(w, (m.get(w) ?? 0) + 1);
      prev = w;
    }
  }
  const total = new Map<number, { count: number; types: number }>();
  for (const [u, m] of follow) {
    let c = 0;
    for (const k of m.values()) c += k;
    total.set(u, { count: c, types: m.size });
  }
  const unigram = (w: number): number => (w === PAD_ID || w === BOS_ID ? 0 : (uni[w] + 1) / (n + predicted));
  const bigram = (u: number, w: number): number => {
    const pu = unigram(w);
    const tot = total.get(u);
    return tot ? ((follow.get(u)?.get(w) ?? 0) + tot.types * pu) / (tot.count + tot.types) : pu;
  };
  return { unigram, bigram };
}

/**
 * Baselines from training documents (token ids without <bos>) and validation sequences (<bos> first,
 * as the model reads them); vocabSize includes the specials.
 */
export function ngramBaselines(trainDocs: readonly Int32Array[], validation: readonly (readonly number[])[], vocabSize: number): NgramBaselines {
  const m = fitNgrams(trainDocs, vocabSize);
  let lossUni = 0;
  let lossBi = 0;
  let tokens = 0;
  for (const seq of validation) {
    for (let t = 1; t < seq.length; t++) {
      const w = seq[t];
      if (w === PAD_ID || w === BOS_ID) continue;
      lossUni -= Math.log(m.unigram(w));
      lossBi -= Math.log(m.bigram(seq[t - 1], w));
      tokens++;
    }
  }
  const fig = (sum: number): BaselineFigures => {
    const loss = tokens > 0 ? sum / tokens : NaN;
    return { loss, perplexity: Math.exp(loss) };
  };
  return { unigram: fig(lossUni), bigram: fig(lossBi), tokens };
}
