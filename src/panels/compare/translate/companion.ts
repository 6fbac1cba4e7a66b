// The decoder-only model beside the translation model, on the same pair (pure functions, unit-tested):
// the coreference model reads each sentence followed by " . it refers to the" (or "。它指的是"), so the
// row of "it" and the row of the last position can be compared between A and B in every head, and
// the token it predicts after the last position is its answer.
// - The row of "it": masked, "it" sees only itself and the words before it; when A and B differ only
//   after "it" (tired / narrow), that row — and the whole vector of "it" — must be the same in both.
//   This is measured here (L1 over every head, largest |B − A| of the vector), never assumed.
// - The last row: where the decoder-only model can see the adjective; every head ranked by how far
//   that row moves (L1, 0…2, as the translation Compare ranks its heads), with the word it looks at most.
// Indices are from 0 here; the view adds 1 where people read them.

import type { ForwardTrace, Mat } from '../../../shared/trace';
import { rowL1, rowOf, sourcePositions } from './analysis';

/** One sentence as the decoder-only model read it: its tokens (<bos> first) and the trace. */
export interface CompanionSide {
  tokens: readonly string[];
  trace: ForwardTrace;
}

/** The first pronoun of the sentence ("it", or 它 in a Chinese one) — not the one of the added clause; −1: none. */
export function pronounPosition(tokens: readonly string[]): number {
  return tokens.findIndex((w) => w.toLowerCase() === 'it' || w === '它');
}

/** The first position whose token differs between A and B (or where the shorter ends); null: the same. */
export function firstDifferingToken(a: readonly string[], b: readonly string[]): number | null {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? null : n;
}

/** Where a row puts most of its weight: the position, its token, the weight. */
export interface RowPeak {
  position: number;
  token: string;
  weight: number;
}

export function rowPeak(row: ArrayLike<number>, tokens: readonly string[]): RowPeak {
  let best = 0;
  for (let j = 1; j < row.length; j++) if (row[j] > row[best]) best = j;
  return { position: best, token: tokens[best] ?? '', weight: row[best] ?? 0 };
}

export interface DecoderRowShift {
  layer: number;
  head: number;
  /** L1 distance between the compared row in A and in B (0 = the same row, 2 = no weight in common). */
  l1: number;
  rowA: Float32Array;
  rowB: Float32Array;
  /** The word each row looks at most. */
  peakA: RowPeak;
  peakB: RowPeak;
}

/** The attention weights of one head of the decoder-only model. */
export function decoderHead(trace: ForwardTrace, layer: number, head: number): Mat {
  return trace.layers[layer].weights[head];
}

/**
 * Every head with its row `rowA` in A and `rowB` in B (each cut to the positions that row can see,
 * 0…row), ranked by L1, largest first (ties in layer, head order).
 */
export function rankDecoderRows(a: CompanionSide, b: CompanionSide, rowA: number, rowB: number): DecoderRowShift[] {
  const out: DecoderRowShift[] = [];
  const layers = Math.min(a.trace.layers.length, b.trace.layers.length);
  const heads = Math.min(a.trace.config.nHeads, b.trace.config.nHeads);
  for (let layer = 0; layer < layers; layer++) {
    for (let head = 0; head < heads; head++) {
      const ra = rowOf(decoderHead(a.trace, layer, head), rowA).slice(0, rowA + 1);
      const rb = rowOf(decoderHead(b.trace, layer, head), rowB).slice(0, rowB + 1);
      out.push({ layer, head, l1: rowL1(ra, rb), rowA: ra, rowB: rb, peakA: rowPeak(ra, a.tokens), peakB: rowPeak(rb, b.tokens) });
    }
  }
  return out.sort((x, y) => y.l1 - x.l1 || x.layer - y.layer || x.head - y.head);
}

/** Largest |B − A| between row `rowA` of `a` and row `rowB` of `b` (vectors of the same width). */
export function vectorDifference(a: Mat, rowA: number, b: Mat, rowB: number): number {
  const n = Math.min(a.cols, b.cols);
  let max = 0;
  for (let j = 0; j < n; j++) max = Math.max(max, Math.abs(b.data[rowB * b.cols + j] - a.data[rowA * a.cols + j]));
  return max;
}

/** The most likely next token after the last position, and its probability. */
export interface NextToken {
  id: number;
  token: string;
  prob: number;
}

export function topNext(trace: ForwardTrace, vocab: readonly string[]): NextToken {
  const p = trace.probs;
  const row = rowOf(p, p.rows - 1);
  let id = 0;
  for (let j = 1; j < row.length; j++) if (row[j] > row[id]) id = j;
  return { id, token: vocab[id] ?? `#${id}`, prob: row[id] };
}

export interface CompanionSummary {
  /** The row of "it" (null: no pronoun before the last position in A or B). */
  it: {
    posA: number;
    posB: number;
    /** Every head's "it" row, ranked by L1 (all 0 when the mask hides what differs). */
    rows: DecoderRowShift[];
    /** The largest L1 over every head. */
    maxL1: number;
    /** The largest |B − A| of the vector of "it" after the last layer. */
    vectorDiff: number;
    /** Whether everything A and B differ in comes after "it" (in both): what the mask hides from it. */
    hidden: boolean;
  } | null;
  /** The first position where the tokens differ (null: the same sentence) and its tokens. */
  first: { position: number; a: string; b: string } | null;
  /** The last position's row in every head, ranked by L1. */
  last: { rowA: number; rowB: number; token: string; rows: DecoderRowShift[] };
  /** The model's answers: the most likely next token after A's and after B's last position. */
  answers: { a: NextToken; b: NextToken };
  /** Where the two nouns and the adjective are in A and in B (−1: not found), for the view's marks. */
  nounsA: { first: number; second: number; adjective: number };
  nounsB: { first: number; second: number; adjective: number };
}

/** Everything the decoder-only card and the paragraph state, from the two traces. */
export function companionSummary(a: CompanionSide, b: CompanionSide, vocab: readonly string[]): CompanionSummary {
  const lastA = a.tokens.length - 1;
  const lastB = b.tokens.length - 1;
  const first = firstDifferingToken(a.tokens, b.tokens);
  const itA = pronounPosition(a.tokens);
  const itB = pronounPosition(b.tokens);
  let it: CompanionSummary['it'] = null;
  if (itA >= 0 && itB >= 0 && itA < lastA && itB < lastB) {
    const rows = rankDecoderRows(a, b, itA, itB);
    const outA = a.trace.layers[a.trace.layers.length - 1].output;
    const outB = b.trace.layers[b.trace.layers.length - 1].output;
    it = {
      posA: itA,
      posB: itB,
      rows,
      maxL1: rows.reduce((m, r) => Math.max(m, r.l1), 0),
      vectorDiff: vectorDifference(outA, itA, outB, itB),
      hidden: itA === itB && (first === null || first > itA),
    };
  }
  const where = (tokens: readonly string[]): { first: number; second: number; adjective: number } => {
    const p = sourcePositions(tokens);
    return { first: p.first, second: p.second, adjective: p.adjective };
  };
  return {
    it,
    first: first === null ? null : { position: first, a: a.tokens[first] ?? '', b: b.tokens[first] ?? '' },
    last: { rowA: lastA, rowB: lastB, token: a.tokens[lastA] === b.tokens[lastB] ? a.tokens[lastA] : `${a.tokens[lastA]}|${b.tokens[lastB]}`, rows: rankDecoderRows(a, b, lastA, lastB) },
    answers: { a: topNext(a.trace, vocab), b: topNext(b.trace, vocab) },
    nounsA: where(a.tokens),
    nounsB: where(b.tokens),
  };
}
