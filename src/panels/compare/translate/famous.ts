// The numbers of "the famous figure" (FamousFigure.tsx), pure and unit-tested: which encoder head it
// draws, its row for "it" in A and B, and where the French translation writes the pronoun and the
// adjective that agrees with it.

import { headWeights, rowOf, sourcePositions, type RowShift, type TranslationSide } from './analysis';

export interface FamousHead {
  layer: number;
  head: number;
  /**
   * 'flip': the head whose "it" row moves most weight onto the noun "it" means (referentFlipHead);
   * 'ranking': the first of the view's encoder ranking (the "it" row that moves most), when no head's
   * row moves towards the referents; 'chosen': the learner picked it.
   */
  how: 'flip' | 'ranking' | 'chosen';
  /** Its place in the view's encoder ranking (0 = first), and the ranking's length. */
  rank: number;
  of: number;
  l1: number;
  /** The pair's absolute flip of this head (null when A and B do not mean different nouns). */
  flip: number | null;
}

/** Which noun each sentence's "it" means by the corpus' rule (null: not known). */
export interface ReferentRoles {
  a: 'first' | 'second' | null;
  b: 'first' | 'second' | null;
}

/**
 * The pair's absolute flip of one encoder head (docs/translate-fr.md, on two sentences instead of the
 * held-out sets): with a = its "it" row's weight on the first noun and b on the second,
 * ½·[(a in F − a in S) + (b in S − b in F)], F the sentence whose "it" means the first noun and S the
 * other. Null unless A and B mean different nouns and both rows have the nouns.
 */
export function pairFlip(r: RowShift, roles: ReferentRoles): number | null {
  if (!r.nounsA || !r.nounsB || !roles.a || !roles.b || roles.a === roles.b) return null;
  const [f, s] = roles.a === 'first' ? [r.nounsA, r.nounsB] : [r.nounsB, r.nounsA];
  return ((f.first - s.first) + (s.second - f.second)) / 2;
}

/** The encoder head with the largest pair flip, if it is above 0 (some weight moves onto the referents). */
export function referentFlipHead(encoderRows: readonly RowShift[], roles: ReferentRoles): { layer: number; head: number; flip: number } | null {
  let best: { layer: number; head: number; flip: number } | null = null;
  for (const r of encoderRows) {
    const flip = pairFlip(r, roles);
    if (flip !== null && flip > 0 && (!best || flip > best.flip)) best = { layer: r.layer, head: r.head, flip };
  }
  return best;
}

/**
 * The encoder head the figure draws: the one the learner chose (an encoder head selected in the
 * view), else the head whose row for "it" moves most weight onto the noun "it" means between A and B
 * (the famous picture: "it" → animal when tired, → street when narrow), else — when no head's row
 * moves towards the referents, or the referents are not known — the first of the view's encoder
 * ranking (the "it" row that moves most). Null when the ranking is empty (no "it" in a sentence).
 */
export function famousHead(
  encoderRows: readonly RowShift[],
  selected: { site: string; layer: number; head: number } | null,
  roles: ReferentRoles = { a: null, b: null },
): FamousHead | null {
  if (encoderRows.length === 0) return null;
  const flipHead = referentFlipHead(encoderRows, roles);
  const at = (layer: number, head: number): number => encoderRows.findIndex((r) => r.layer === layer && r.head === head);
  const chosen = selected && selected.site === 'encoder' ? at(selected.layer, selected.head) : -1;
  const fallback = flipHead ? at(flipHead.layer, flipHead.head) : 0;
  const rank = chosen >= 0 ? chosen : fallback;
  const r = encoderRows[rank];
  // Picking the head drawn by default is the same as not picking.
  const how = rank !== fallback ? 'chosen' : flipHead ? 'flip' : 'ranking';
  return { layer: r.layer, head: r.head, how, rank, of: encoderRows.length, l1: r.l1, flip: pairFlip(r, roles) };
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
