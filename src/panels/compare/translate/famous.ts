// The numbers of "the famous figure" (FamousFigure.tsx), pure and unit-tested: which encoder head it
// draws, its row for "it" in A and B, and where the French translation writes the pronoun and the
// adjective that agrees with it.

import { headWeights, rowOf, sourcePositions, type RowShift, type TranslationSide } from './analysis';

export interface FamousHead {
  layer: number;
  head: number;
  /** 'ranking': the first of the view's encoder ranking (the "it" row that moves most); 'chosen': the learner picked it. */
  how: 'ranking' | 'chosen';
  /** Its place in the ranking (0 = first), and the ranking's length. */
  rank: number;
  of: number;
  l1: number;
}

/**
 * The encoder head the figure draws: the one the learner chose (an encoder head selected in the
 * view), else the first of the view's encoder ranking (rankRowShifts over the encoder: the head whose
 * "it" row moves most between A and B). Null when the ranking is empty (no "it" in a sentence).
 */
export function famousHead(encoderRows: readonly RowShift[], selected: { site: string; layer: number; head: number } | null): FamousHead | null {
  if (encoderRows.length === 0) return null;
  const chosen = selected && selected.site === 'encoder' ? encoderRows.findIndex((r) => r.layer === selected.layer && r.head === selected.head) : -1;
  const rank = chosen >= 0 ? chosen : 0;
  const r = encoderRows[rank];
  // Picking the first of the ranking is the same as not picking.
  return { layer: r.layer, head: r.head, how: rank > 0 ? 'chosen' : 'ranking', rank, of: encoderRows.length, l1: r.l1 };
}

/** One side of the figure: the source words, the row of "it" (weights on every word), where "it" is. */
export interface FamousSide {
  words: readonly string[];
  it: number;
  weights: Float32Array;
  /** Weights on the first and the second noun (null: nouns not found). */
  nouns: { first: number; second: number; firstAt: number; secondAt: number } | null;
}

export function famousSide(side: TranslationSide, ref: { layer: number; head: number }): FamousSide | null {
  const pos = sourcePositions(side.source);
  if (pos.it < 0 || ref.layer >= side.trace.encoder.layers.length) return null;
  const weights = rowOf(headWeights(side.trace, { site: 'encoder', layer: ref.layer, head: ref.head }), pos.it);
  const nouns =
    pos.first >= 0 && pos.second >= 0 ? { first: weights[pos.first], second: weights[pos.second], firstAt: pos.first, secondAt: pos.second } : null;
  return { words: side.source, it: pos.it, weights, nouns };
}

/** What the French translation writes for "it" and the adjective: indices into the target (−1: none). */
export interface FrenchMarks {
  /** The pronoun after "parce" (qu'il / qu'elle), and its gender (null when it is not one of them). */
  pronoun: number;
  gender: 'm' | 'f' | null;
  /** The word after "trop" (the adjective). */
  adjective: number;
}

export function frenchMarks(target: readonly string[]): FrenchMarks {
  const parce = target.indexOf('parce');
  const pronoun = parce >= 0 && parce + 1 < target.length ? parce + 1 : -1;
  const p = pronoun >= 0 ? target[pronoun] : '';
  const gender = p === "qu'il" ? 'm' : p === "qu'elle" ? 'f' : null;
  const trop = target.indexOf('trop', Math.max(0, pronoun));
  return { pronoun: gender ? pronoun : -1, gender, adjective: trop >= 0 && trop + 1 < target.length && target[trop + 1] !== '.' ? trop + 1 : -1 };
}

/** The encoder head whose split of weight between the two nouns moves most from A to B. */
export interface NounSwapHead {
  layer: number;
  head: number;
  /** The first noun's share of the two nouns' weight (a / (a + b); ½ when both are 0) in A and in B. */
  shareA: number;
  shareB: number;
}

/** Over the view's encoder rows: the head with the largest |share in A − share in B| (null: nouns not found). */
export function nounSwapHead(encoderRows: readonly RowShift[]): NounSwapHead | null {
  const share = (w: { first: number; second: number }): number => (w.first + w.second > 0 ? w.first / (w.first + w.second) : 0.5);
  let best: NounSwapHead | null = null;
  for (const r of encoderRows) {
    if (!r.nounsA || !r.nounsB) continue;
    const c = { layer: r.layer, head: r.head, shareA: share(r.nounsA), shareB: share(r.nounsB) };
    if (!best || Math.abs(c.shareA - c.shareB) > Math.abs(best.shareA - best.shareB)) best = c;
  }
  return best;
}
