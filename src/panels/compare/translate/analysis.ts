// The numbers of the Compare view for a translation model (encoder–decoder), computed from the two
// translations' traces (pure functions, unit-tested):
// - where the referent is written: the decoder row that reads 为 of 因为 and writes the next character,
//   the referent's first (row i of the decoder reads <bos> + the first i target characters and
//   predicts target character i);
// - where "it", the two nouns and the adjective are in the English source;
// - for every head, how far its row moves between A and B (L1 distance, 0 = the same row, 2 = no
//   weight in common): decoder self-attention and cross-attention at the referent row, encoder
//   self-attention at the row of "it"; and each row's weight on the two nouns;
// - the summary the view words as a sentence: how much the encoder's "it" row moves, which decoder
//   head moves most where the noun is written, which cross-attention head reads the adjective.
// Indices are from 0 here; the view adds 1 where people read them.

import type { SiteHeadRef } from '../../../shared/config';
import type { EncoderDecoderTrace, Mat } from '../../../shared/trace';

export type TranslationSite = 'encoder' | 'decoder-self' | 'cross';
/** The attention sites of an encoder–decoder, in the order data flows. */
export const TRANSLATION_SITES: readonly TranslationSite[] = ['encoder', 'decoder-self', 'cross'];
/** The sites whose row is the one that writes the referent (the decoder's). */
export const DECODER_SITES: readonly TranslationSite[] = ['decoder-self', 'cross'];

export function isTranslationSite(x: unknown): x is TranslationSite {
  return x === 'encoder' || x === 'decoder-self' || x === 'cross';
}

/** One translation as the view reads it: the English pieces, the Chinese characters (no <bos>/<eos>), the trace. */
export interface TranslationSide {
  source: readonly string[];
  target: readonly string[];
  trace: EncoderDecoderTrace;
}

/** The attention weights of one head (rows: queries, columns: keys). */
export function headWeights(trace: EncoderDecoderTrace, ref: { site: TranslationSite; layer: number; head: number }): Mat {
  switch (ref.site) {
    case 'encoder':
      return trace.encoder.layers[ref.layer].weights[ref.head];
    case 'decoder-self':
      return trace.decoder.layers[ref.layer].self.weights[ref.head];
    case 'cross':
      return trace.decoder.layers[ref.layer].cross.weights[ref.head];
  }
}

/** Layers of a site in a trace. */
export function siteLayerCount(trace: EncoderDecoderTrace, site: TranslationSite): number {
  return site === 'encoder' ? trace.encoder.layers.length : trace.decoder.layers.length;
}

/** A copy of row i of a matrix. */
export function rowOf(m: Mat, i: number): Float32Array {
  return m.data.slice(i * m.cols, (i + 1) * m.cols);
}

/**
 * L1 distance between two attention rows: Σ_j |a_j − b_j|, a missing entry (rows of different
 * lengths) counting as 0; from 0 (the same row) to 2 (no weight in common).
 */
export function rowL1(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  const n = Math.max(a.length, b.length);
  for (let j = 0; j < n; j++) s += Math.abs((j < a.length ? a[j] : 0) - (j < b.length ? b[j] : 0));
  return s;
}

/** B − A over the rows and columns both have. */
export function differenceRect(a: Mat, b: Mat): Mat {
  const rows = Math.min(a.rows, b.rows);
  const cols = Math.min(a.cols, b.cols);
  const data = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) data[i * cols + j] = b.data[i * b.cols + j] - a.data[i * a.cols + j];
  return { rows, cols, data };
}

export interface ReferentSlot {
  /** The decoder row that writes the referent's first character (its own token is 为). */
  row: number;
  /** The characters the translation writes between 因为 and the next 太 (or the end): the referent. */
  slot: string[];
}

/**
 * Where the translation resolves "it": in Chinese the noun after the first 因为; in French the pronoun
 * after "parce" (qu'il / qu'elle). Null when there is no such place followed by a token.
 */
export function findReferentSlot(target: readonly string[]): ReferentSlot | null {
  for (let k = 2; k < target.length; k++) {
    if (target[k - 2] === '因' && target[k - 1] === '为') {
      let end = k;
      while (end < target.length && target[end] !== '太' && target[end] !== '。' && target[end] !== '，') end++;
      return { row: k, slot: target.slice(k, end) };
    }
  }
  const parce = target.indexOf('parce');
  if (parce >= 0 && parce + 1 < target.length) return { row: parce + 1, slot: [target[parce + 1]] };
  return null;
}

/** The two nouns of a French translation ("le chien n'a pas traversé la rue parce …"), articles left out. */
function frenchNouns(target: readonly string[]): TranslationNouns | null {
  const na = target.indexOf("n'a");
  const crossed = target.indexOf('traversé');
  const parce = target.indexOf('parce');
  if (na < 1 || crossed <= na || parce <= crossed + 1) return null;
  const nounCols = (from: number, to: number): number[] => {
    const idx: number[] = [];
    for (let i = from; i < to; i++) if (target[i] !== 'le' && target[i] !== 'la') idx.push(i);
    return idx;
  };
  const first = nounCols(target[0] === 'hier' ? 2 : 0, na);
  const second = nounCols(crossed + 1, parce);
  if (first.length === 0 || second.length === 0) return null;
  return {
    first: first.map((i) => target[i]).join(' '),
    second: second.map((i) => target[i]).join(' '),
    firstCols: first.map((i) => i + 1),
    secondCols: second.map((i) => i + 1),
  };
}

export interface TranslationNouns {
  /** The two nouns as the translation writes them first ("A没有过B，…" / "A放不进B，…"). */
  first: string;
  second: string;
  /** Their columns in decoder self-attention (decoder positions: <bos> is 0, target character i is i + 1). */
  firstCols: number[];
  secondCols: number[];
}

/**
 * The two nouns at the start of a translation, by the templates' verbs 没有过 / 放不进 and the comma (or,
 * in French, around "n'a pas traversé"); null otherwise.
 */
export function translationNouns(target: readonly string[]): TranslationNouns | null {
  if (target.includes("n'a")) return frenchNouns(target);
  const text = target.join('');
  const verb = ['没有过', '放不进'].map((v) => ({ v, at: text.indexOf(v) })).find((x) => x.at > 0);
  if (!verb) return null;
  const comma = text.indexOf('，', verb.at + verb.v.length);
  if (comma <= verb.at + verb.v.length) return null;
  // One target token per character: string indices are token indices (the targets are CJK characters).
  if (target.some((t) => t.length !== 1)) return null;
  const span = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, k) => from + k + 1);
  return {
    first: text.slice(0, verb.at),
    second: text.slice(verb.at + verb.v.length, comma),
    firstCols: span(0, verb.at),
    secondCols: span(verb.at + verb.v.length, comma),
  };
}

export interface SourcePositions {
  /** Position of "it" (−1: none). */
  it: number;
  /** The words after the first two "the"s (−1: none). */
  first: number;
  second: number;
  /** The word after "too" (−1: none). */
  adjective: number;
}

export function sourcePositions(source: readonly string[]): SourcePositions {
  const lower = source.map((s) => s.toLowerCase());
  const nouns: number[] = [];
  for (let i = 0; i + 1 < lower.length && nouns.length < 2; i++) if (lower[i] === 'the') nouns.push(i + 1);
  const too = lower.indexOf('too');
  return {
    it: lower.indexOf('it'),
    first: nouns[0] ?? -1,
    second: nouns[1] ?? -1,
    adjective: too >= 0 && too + 1 < lower.length ? too + 1 : -1,
  };
}

/** The weights of a row on the two nouns (null where a noun was not found). */
export interface NounWeights {
  first: number;
  second: number;
}

export interface RowShift extends SiteHeadRef {
  site: TranslationSite;
  /** L1 distance between the A row and the B row (0…2). */
  l1: number;
  rowA: Float32Array;
  rowB: Float32Array;
  /** Weight on the first and the second noun in A and in B (null when the nouns were not found). */
  nounsA: NounWeights | null;
  nounsB: NounWeights | null;
}

/** The row each site compares: the referent row in the decoder, "it" in the encoder (null: not found in that side). */
export function comparedRow(side: TranslationSide, site: TranslationSite): number | null {
  if (site === 'encoder') {
    const it = sourcePositions(side.source).it;
    return it >= 0 ? it : null;
  }
  return findReferentSlot(side.target)?.row ?? null;
}

function nounWeights(side: TranslationSide, site: TranslationSite, row: Float32Array): NounWeights | null {
  const sum = (cols: readonly number[]): number => cols.reduce((s, j) => s + (j < row.length ? row[j] : 0), 0);
  if (site === 'decoder-self') {
    const n = translationNouns(side.target);
    return n ? { first: sum(n.firstCols), second: sum(n.secondCols) } : null;
  }
  const p = sourcePositions(side.source);
  return p.first >= 0 && p.second >= 0 ? { first: sum([p.first]), second: sum([p.second]) } : null;
}

/** All heads of the given sites, in site, layer, head order. */
export function headsOf(trace: EncoderDecoderTrace, sites: readonly TranslationSite[]): (SiteHeadRef & { site: TranslationSite })[] {
  const out: (SiteHeadRef & { site: TranslationSite })[] = [];
  const nHeads = trace.config.nHeads;
  for (const site of sites) for (let layer = 0; layer < siteLayerCount(trace, site); layer++) for (let head = 0; head < nHeads; head++) out.push({ site, layer, head });
  return out;
}

/**
 * Every head of `sites` with its compared row in A and in B, ranked by L1 (largest first; ties in
 * site, layer, head order). Empty when a side has no such row (no 因为 in a translation, no "it").
 */
export function rankRowShifts(a: TranslationSide, b: TranslationSide, sites: readonly TranslationSite[]): RowShift[] {
  const out: RowShift[] = [];
  const order = (r: SiteHeadRef): number => TRANSLATION_SITES.indexOf(r.site as TranslationSite);
  for (const ref of headsOf(a.trace, sites)) {
    if (ref.layer >= siteLayerCount(b.trace, ref.site) || ref.head >= b.trace.config.nHeads) continue;
    const ra = comparedRow(a, ref.site);
    const rb = comparedRow(b, ref.site);
    if (ra === null || rb === null) continue;
    const rowA = rowOf(headWeights(a.trace, ref), ra);
    const rowB = rowOf(headWeights(b.trace, ref), rb);
    out.push({ ...ref, l1: rowL1(rowA, rowB), rowA, rowB, nounsA: nounWeights(a, ref.site, rowA), nounsB: nounWeights(b, ref.site, rowB) });
  }
  return out.sort((x, y) => y.l1 - x.l1 || order(x) - order(y) || x.layer - y.layer || x.head - y.head);
}

/** A head and one figure of it. */
export interface HeadFigure extends SiteHeadRef {
  site: TranslationSite;
  value: number;
}

export interface DecisionSummary {
  /** The encoder head whose "it" row moves most, and by how much (null: no "it" in a sentence). */
  encoder: (HeadFigure & { nounsA: NounWeights | null; nounsB: NounWeights | null }) | null;
  /** The decoder head (self or cross) whose referent row moves most (null: no referent row). */
  decoder: (HeadFigure & { nounsA: NounWeights | null; nounsB: NounWeights | null }) | null;
  /** The cross-attention head with the most weight on the adjective at the referent row (mean of A and B). */
  adjective: HeadFigure | null;
  /**
   * The cross-attention head that fetches the noun each sentence means: the most weight on A's
   * referent in A and on B's in B (value: the smaller of the two); null without both referents.
   */
  fetch: (HeadFigure & { l1: number; weightA: number; weightB: number }) | null;
}

/** Which noun each sentence means (by the corpus' rule for its adjective), or null when it is not known. */
export interface ReferentRoles {
  a: 'first' | 'second' | null;
  b: 'first' | 'second' | null;
}

/** The figures the view's paragraph states, from the two rankings and the traces. */
export function decisionSummary(
  a: TranslationSide,
  b: TranslationSide,
  encoderRows: readonly RowShift[],
  decoderRows: readonly RowShift[],
  roles: ReferentRoles = { a: null, b: null },
): DecisionSummary {
  const top = (rows: readonly RowShift[]): DecisionSummary['encoder'] => {
    const r = rows[0];
    return r ? { site: r.site, layer: r.layer, head: r.head, value: r.l1, nounsA: r.nounsA, nounsB: r.nounsB } : null;
  };
  let adjective: HeadFigure | null = null;
  const adjA = sourcePositions(a.source).adjective;
  const adjB = sourcePositions(b.source).adjective;
  if (adjA >= 0 && adjB >= 0) {
    for (const r of decoderRows) {
      if (r.site !== 'cross') continue;
      const value = (r.rowA[adjA] + r.rowB[adjB]) / 2;
      if (!adjective || value > adjective.value) adjective = { site: r.site, layer: r.layer, head: r.head, value };
    }
  }
  let fetch: DecisionSummary['fetch'] = null;
  const ra = roles.a;
  const rb = roles.b;
  if (ra && rb) {
    for (const r of decoderRows) {
      if (r.site !== 'cross' || !r.nounsA || !r.nounsB) continue;
      const weightA = r.nounsA[ra];
      const weightB = r.nounsB[rb];
      const value = Math.min(weightA, weightB);
      if (!fetch || value > fetch.value) fetch = { site: r.site, layer: r.layer, head: r.head, value, l1: r.l1, weightA, weightB };
    }
  }
  return { encoder: top(encoderRows), decoder: top(decoderRows), adjective, fetch };
}
