// Where does the translation model resolve "it"? Measurements on a trained encoder–decoder, read from
// traces of builtin:translate cases decoded with the reference target (teacher forcing):
//
// 1. Noun weights per head. For each attention site, the row that matters and the two nouns' columns:
//    - encoder self-attention: the row of "it"; columns: the first and the second noun (source tokens);
//    - cross-attention: the decoder row that writes the referent (row i reads <bos> + the first i
//      target characters, so it is the row whose NEXT token is the referent's first character, the
//      one right after 因为); columns: the two nouns in the source;
//    - decoder self-attention: the same row; columns: the characters of the two nouns already written
//      at the start of the translation (a noun's weight is the sum over its characters).
//    With a = the weight on the first noun and b on the second, over the cases F whose referent is the
//    first noun (tired, big, …) and S whose referent is the second (narrow, small, …):
//      right = mean over all cases of the weight on the referent, other = on the other noun;
//      absolute flip = ½·[(mean_F a − mean_S a) + (mean_S b − mean_F b)]
//        — how much weight moves onto a noun when it becomes the referent (−1…1);
//      relative flip = mean_F a/(a+b) − mean_S a/(a+b)   (a share of ½ when a + b = 0)
//        — how far the split of the two nouns' weight follows the referent: 1 all of it moves from the
//          other noun to the referent, 0 the split does not move, negative it moves the wrong way.
//    For the canonical pairs F and S are single sentences (tired / narrow, big / small). For the
//    encoder and cross-attention the row's mean weight on the adjective is reported too.
// 2. Knock-outs: exact and referent accuracy with each head (encoder, decoder self, cross) zeroed,
//    each site's layer zeroed, each site zeroed. An attention map shows where a head looks; this is
//    the causal test.
// 3. Linear read-outs per encoder layer (0 = embedding + positions, l = after layer l): a logistic
//    regression fitted on training cases and scored on held-out ones, predicting whether the referent
//    is the first or the second noun, from the vector of "it", of each noun and (a control the answer
//    is plainly readable from) of the adjective; and a ridge read-out of WHICH word the referent is
//    (animal, street, …), the stronger claim that "it" has absorbed the referent's information.
// 4. Row shifts between two sentences (the Compare view): for every head, the L1 distance between the
//    two sentences' rows above ("it" in the encoder, the referent row in the decoder).

import { BOS_ID, type Tokenizer } from '../data/tokenizer';
import { canonicalTranslations, TRANSLATE_FAMILIES, TRANSLATE_WORDS } from '../data/translate';
import type { TranslationCase as TranslateCase } from '../data/translationCase';
import { Rng } from '../data/rng';
import type { EncoderDecoder } from '../model/encoderDecoder';
import type { AttentionSite, SiteHeadRef } from '../shared/config';
import { IT_HEAD_RELATIVE_FLIP } from '../shared/itHead';
import { headCode, layerCode } from '../shared/numbering';
import { matGet, matRow, type EncoderDecoderTrace, type Mat } from '../shared/trace';
import { fitLogisticReadout, fitRidgeClassifier, readoutAccuracy } from './linearReadout';
import { evaluateTranslate, type TranslateReport } from './translateEval';

/** The attention sites of the encoder–decoder, in the order data flows. */
export const TRANSLATION_SITES: readonly Exclude<AttentionSite, 'decoder'>[] = ['encoder', 'decoder-self', 'cross'];

// ---------------------------------------------------------------------------------------------------
// Traces.

function encodeStrict(tokenizer: Tokenizer, text: string): number[] {
  const e = tokenizer.encode(text, { bos: false });
  if (e.unknown.length > 0) throw new Error(`"${text}" has pieces outside the model's vocabulary`);
  return e.ids;
}

/** The trace of a case with its reference translation as decoder input (<bos> + the whole target). */
export async function traceCase(
  model: EncoderDecoder,
  tokenizer: Tokenizer,
  c: TranslateCase,
  opts: { knockout?: readonly SiteHeadRef[] } = {},
): Promise<EncoderDecoderTrace> {
  const source = encodeStrict(tokenizer, c.source);
  const target = encodeStrict(tokenizer, c.target);
  return model.trace(source, [BOS_ID, ...target], opts.knockout && opts.knockout.length > 0 ? { knockout: opts.knockout } : {});
}

/** The attention weights of one head of one site in a trace. */
export function siteWeights(trace: EncoderDecoderTrace, ref: SiteHeadRef): Mat {
  switch (ref.site) {
    case 'encoder':
      return trace.encoder.layers[ref.layer].weights[ref.head];
    case 'decoder-self':
      return trace.decoder.layers[ref.layer].self.weights[ref.head];
    case 'cross':
      return trace.decoder.layers[ref.layer].cross.weights[ref.head];
    default:
      throw new Error(`a translation model has no "${ref.site}" attention`);
  }
}

/** Every head of every site, in site, layer, head order. */
export function allHeads(model: { config: EncoderDecoder['config'] }): SiteHeadRef[] {
  const { nLayers, nHeads } = model.config;
  const nEncoder = model.config.nEncoderLayers ?? 0;
  const out: SiteHeadRef[] = [];
  for (const site of TRANSLATION_SITES) {
    const layers = site === 'encoder' ? nEncoder : nLayers;
    for (let layer = 0; layer < layers; layer++) for (let head = 0; head < nHeads; head++) out.push({ site, layer, head });
  }
  return out;
}

/** The row of a site that concerns the referent: "it" in the encoder, the row that writes the referent in the decoder. */
export function referentRow(site: AttentionSite, c: TranslateCase): number {
  return site === 'encoder' ? c.sourcePositions.it : c.referentIndex;
}

/** Columns of the first and the second noun at a site: source positions, or target positions + 1 (<bos> is row/column 0) for decoder self-attention. */
export function nounColumns(site: AttentionSite, c: TranslateCase): { first: number[]; second: number[] } {
  if (site !== 'decoder-self') return { first: [c.sourcePositions.first], second: [c.sourcePositions.second] };
  // Decoder column j holds target piece j − 1 (<bos> is column 0).
  return { first: c.targetNouns.first.map((j) => j + 1), second: c.targetNouns.second.map((j) => j + 1) };
}

// ---------------------------------------------------------------------------------------------------
// 1. Noun weights and flips.

export interface NounWeights {
  /** Weight on the first noun (the animal / the trophy) and on the second (the street / the suitcase). */
  first: number;
  second: number;
}

export interface HeadNounWeights extends SiteHeadRef {
  /** Means over the cases whose referent is the first noun, and over those whose referent is the second. */
  referentFirst: NounWeights;
  referentSecond: NounWeights;
  /** Mean weight on the referent and on the other noun over all cases. */
  right: number;
  other: number;
  /** See the top of this file. */
  absoluteFlip: number;
  relativeFlip: number;
  /**
   * Mean weight of the same row on the adjective (tired / narrow …), over all cases: encoder and
   * cross-attention only (null for decoder self-attention, whose rows cannot see the source).
   */
  adjective: number | null;
}

/** The weights of one head's referent row on the two nouns, for one traced case. */
export function caseNounWeights(trace: EncoderDecoderTrace, c: TranslateCase, ref: SiteHeadRef): NounWeights {
  const w = siteWeights(trace, ref);
  const row = referentRow(ref.site, c);
  const cols = nounColumns(ref.site, c);
  const sum = (js: number[]): number => js.reduce((s, j) => s + matGet(w, row, j), 0);
  return { first: sum(cols.first), second: sum(cols.second) };
}

const mean = (xs: readonly number[]): number => (xs.length > 0 ? xs.reduce((s, x) => s + x, 0) / xs.length : Number.NaN);
const share = (w: NounWeights): number => (w.first + w.second > 0 ? w.first / (w.first + w.second) : 0.5);

/** Noun weights and flips of every head over traced cases (needs cases of both referent kinds). */
export function nounWeightsByHead(traced: readonly { trace: EncoderDecoderTrace; c: TranslateCase }[], heads: readonly SiteHeadRef[]): HeadNounWeights[] {
  return flipsOf(traced, heads, (t, ref, row, col) => matGet(siteWeights(t.trace, ref), row, col));
}

/**
 * Noun weights and flips of every head over cases whose attention weights `weightAt` reads (the
 * weight of `ref`'s row `row` on column `col`), from a trace per case or from a batched pass.
 */
function flipsOf<T extends { c: TranslateCase }>(
  items: readonly T[],
  heads: readonly SiteHeadRef[],
  weightAt: (item: T, ref: SiteHeadRef, row: number, col: number) => number,
): HeadNounWeights[] {
  const F = items.filter((t) => t.c.referentRole === 'first');
  const S = items.filter((t) => t.c.referentRole === 'second');
  if (F.length === 0 || S.length === 0) throw new Error('noun weights need cases of both referent kinds');
  const nounsOf = (t: T, ref: SiteHeadRef): NounWeights => {
    const row = referentRow(ref.site, t.c);
    const cols = nounColumns(ref.site, t.c);
    const sum = (js: number[]): number => js.reduce((acc, j) => acc + weightAt(t, ref, row, j), 0);
    return { first: sum(cols.first), second: sum(cols.second) };
  };
  return heads.map((ref) => {
    const wf = F.map((t) => nounsOf(t, ref));
    const ws = S.map((t) => nounsOf(t, ref));
    const referentFirst = { first: mean(wf.map((w) => w.first)), second: mean(wf.map((w) => w.second)) };
    const referentSecond = { first: mean(ws.map((w) => w.first)), second: mean(ws.map((w) => w.second)) };
    const adjective = ref.site === 'decoder-self' ? null : mean(items.map((t) => weightAt(t, ref, referentRow(ref.site, t.c), t.c.sourcePositions.adjective)));
    return {
      ...ref,
      adjective,
      referentFirst,
      referentSecond,
      right: mean([...wf.map((w) => w.first), ...ws.map((w) => w.second)]),
      other: mean([...wf.map((w) => w.second), ...ws.map((w) => w.first)]),
      absoluteFlip: 0.5 * (referentFirst.first - referentSecond.first + (referentSecond.second - referentFirst.second)),
      relativeFlip: mean(wf.map(share)) - mean(ws.map(share)),
    };
  });
}

/**
 * Every encoder head's "it" row on the two nouns, with both flips, as encoderItStudy's `heads` — from
 * one batched encoder pass per source length instead of a trace per sentence (the training view
 * measures it at every evaluation, where a trace per sentence would cost several training steps).
 */
export async function encoderItFlips(model: EncoderDecoder, tokenizer: Tokenizer, cases: readonly TranslateCase[]): Promise<HeadNounWeights[]> {
  const heads = allHeads(model).filter((h) => h.site === 'encoder');
  const nHeads = model.config.nHeads;
  const byLength = new Map<number, { c: TranslateCase; ids: number[] }[]>();
  for (const c of cases) {
    const ids = encodeStrict(tokenizer, c.source);
    byLength.set(ids.length, [...(byLength.get(ids.length) ?? []), { c, ids }]);
  }
  // For each case, each encoder layer's rows of "it" (all heads: [H · S]).
  const items: { c: TranslateCase; length: number; itRows: Float32Array[] }[] = [];
  for (const [length, group] of byLength) {
    const weights = model.encoderAttention(group.flatMap((g) => g.ids), group.length, length); // per layer [B, H, S, S]
    const data = await Promise.all(weights.map((w) => w.data() as Promise<Float32Array>));
    for (const w of weights) w.dispose();
    group.forEach((g, b) => {
      const it = g.c.sourcePositions.it;
      const itRows = data.map((d) => {
        const rows = new Float32Array(nHeads * length);
        for (let h = 0; h < nHeads; h++) rows.set(d.subarray(((b * nHeads + h) * length + it) * length, ((b * nHeads + h) * length + it + 1) * length), h * length);
        return rows;
      });
      items.push({ c: g.c, length, itRows });
    });
  }
  return flipsOf(items, heads, (item, ref, row, col) => {
    if (ref.site !== 'encoder' || row !== item.c.sourcePositions.it) throw new Error('only the encoder rows of "it" are read');
    return item.itRows[ref.layer][ref.head * item.length + col];
  });
}

// ---------------------------------------------------------------------------------------------------
// 2. Knock-outs.

export interface TranslateKnockout {
  /** e.g. "cross L2 H3", "encoder layer 1 (all heads)", "none": named from 1 as in the app; `heads` holds the indices (from 0). */
  label: string;
  heads: SiteHeadRef[];
  exact: number;
  referent: number;
  forcedReferent: number;
  byFamily: Record<string, { exact: number; referent: number }>;
}

function knockoutSummary(label: string, heads: SiteHeadRef[], r: TranslateReport): TranslateKnockout {
  return {
    label,
    heads,
    exact: r.exact,
    referent: r.referent,
    forcedReferent: r.forcedReferent,
    byFamily: Object.fromEntries(Object.entries(r.byFamily).map(([f, s]) => [f, { exact: s.exact, referent: s.referent }])),
  };
}

/** Accuracy with nothing, each single head, each layer of each site, and each whole site knocked out. */
export async function translateKnockoutStudy(
  model: EncoderDecoder,
  tokenizer: Tokenizer,
  cases: readonly TranslateCase[],
): Promise<{ baseline: TranslateKnockout; singleHeads: TranslateKnockout[]; layers: TranslateKnockout[]; sites: TranslateKnockout[] }> {
  const run = async (label: string, heads: SiteHeadRef[]): Promise<TranslateKnockout> =>
    knockoutSummary(label, heads, await evaluateTranslate(model, tokenizer, cases, { knockout: heads }));
  const baseline = await run('none', []);
  const heads = allHeads(model);
  const singleHeads: TranslateKnockout[] = [];
  for (const h of heads) singleHeads.push(await run(`${h.site} ${headCode(h.layer, h.head)}`, [h]));
  const layers: TranslateKnockout[] = [];
  const sites: TranslateKnockout[] = [];
  for (const site of TRANSLATION_SITES) {
    const ofSite = heads.filter((h) => h.site === site);
    const layerIds = [...new Set(ofSite.map((h) => h.layer))];
    for (const layer of layerIds) layers.push(await run(`${site} ${layerCode(layer)} (all heads)`, ofSite.filter((h) => h.layer === layer)));
    sites.push(await run(`${site} (every head)`, ofSite));
  }
  return { baseline, singleHeads, layers, sites };
}

// ---------------------------------------------------------------------------------------------------
// 3. Linear read-outs.

export type ReadoutToken = 'it' | 'first' | 'second' | 'adjective';
export const READOUT_TOKENS: readonly ReadoutToken[] = ['it', 'first', 'second', 'adjective'];

export interface ReadoutLayer {
  /** 0 = embedding + positions, l = the output of encoder layer l (1-based here: "after layer l"). */
  layer: number;
  /** Which noun is the referent, first or second: accuracy on the held-out cases (and on the training cases it was fitted on) per token's vector. */
  heldOut: Record<ReadoutToken, number>;
  train: Record<ReadoutToken, number>;
  /**
   * Which word the referent is (animal, street, … — 32 nouns, chance ≈ 1/20): held-out accuracy of a
   * ridge read-out per token's vector. A vector that has "absorbed the referent" should tell this.
   */
  identity: Record<ReadoutToken, number>;
}

/** The encoder vectors of the four tokens of a case, at every depth (0 … nEncoderLayers). */
export function encoderVectors(trace: EncoderDecoderTrace, c: TranslateCase): Record<ReadoutToken, Float32Array>[] {
  const mats = [trace.encoder.input, ...trace.encoder.layers.map((l) => l.output)];
  const pos = c.sourcePositions;
  const at: Record<ReadoutToken, number> = { it: pos.it, first: pos.first, second: pos.second, adjective: pos.adjective };
  return mats.map((m) => ({
    it: matRow(m, at.it).slice(),
    first: matRow(m, at.first).slice(),
    second: matRow(m, at.second).slice(),
    adjective: matRow(m, at.adjective).slice(),
  }));
}

/**
 * Read-out accuracy per encoder depth: logistic regressions (λ = 1 on standardised features) fitted on
 * the training cases' vectors, scored on the held-out cases', predicting "the referent is the first
 * noun". The label is balanced, so chance is 50 %.
 */
export function readoutByLayer(
  train: readonly { vectors: Record<ReadoutToken, Float32Array>[]; c: TranslateCase }[],
  heldOut: readonly { vectors: Record<ReadoutToken, Float32Array>[]; c: TranslateCase }[],
  opts: { l2?: number } = {},
): ReadoutLayer[] {
  if (train.length === 0 || heldOut.length === 0) throw new Error('read-outs need training and held-out cases');
  const label = (c: TranslateCase): number => (c.referentRole === 'first' ? 1 : 0);
  const yTrain = train.map((t) => label(t.c));
  const yTest = heldOut.map((t) => label(t.c));
  // builtin:translate's 32 nouns, then any other corpus's nouns in the order the cases name them.
  const nouns = [
    ...new Set([
      ...TRANSLATE_FAMILIES.flatMap((f) => [...TRANSLATE_WORDS[f].first, ...TRANSLATE_WORDS[f].second]),
      ...[...train, ...heldOut].flatMap((t) => [t.c.first, t.c.second]),
    ]),
  ];
  const idTrain = train.map((t) => nouns.indexOf(t.c.referent));
  const idTest = heldOut.map((t) => nouns.indexOf(t.c.referent));
  const depth = train[0].vectors.length;
  const out: ReadoutLayer[] = [];
  for (let layer = 0; layer < depth; layer++) {
    const heldOutAcc = {} as Record<ReadoutToken, number>;
    const trainAcc = {} as Record<ReadoutToken, number>;
    const identity = {} as Record<ReadoutToken, number>;
    for (const token of READOUT_TOKENS) {
      const xs = train.map((t) => t.vectors[layer][token]);
      const testXs = heldOut.map((t) => t.vectors[layer][token]);
      const r = fitLogisticReadout(xs, yTrain, { l2: opts.l2 ?? 1 });
      trainAcc[token] = readoutAccuracy(r, xs, yTrain);
      heldOutAcc[token] = readoutAccuracy(r, testXs, yTest);
      const ridge = fitRidgeClassifier(xs, idTrain, nouns.length, { l2: opts.l2 ?? 1 });
      identity[token] = testXs.filter((x, i) => ridge.predict(x) === idTest[i]).length / testXs.length;
    }
    out.push({ layer, heldOut: heldOutAcc, train: trainAcc, identity });
  }
  return out;
}

/** Traces the cases (encoder only matters: the decoder reads just <bos>) and runs readoutByLayer. */
export async function readoutStudy(
  model: EncoderDecoder,
  tokenizer: Tokenizer,
  trainCases: readonly TranslateCase[],
  heldOutCases: readonly TranslateCase[],
): Promise<ReadoutLayer[]> {
  const vectors = async (cases: readonly TranslateCase[]) => {
    const out: { vectors: Record<ReadoutToken, Float32Array>[]; c: TranslateCase }[] = [];
    for (const c of cases) {
      const trace = await model.trace(encodeStrict(tokenizer, c.source), [BOS_ID]);
      out.push({ vectors: encoderVectors(trace, c), c });
    }
    return out;
  };
  return readoutByLayer(await vectors(trainCases), await vectors(heldOutCases));
}

/** A seeded sample of n cases (all of them when n ≥ their number), in their original order. */
export function sampleCases<C extends TranslateCase>(cases: readonly C[], n: number, seed: number): C[] {
  if (n >= cases.length) return [...cases];
  const order = new Rng(seed).shuffle(cases.map((_, i) => i)).slice(0, n).sort((a, b) => a - b);
  return order.map((i) => cases[i]);
}

// ---------------------------------------------------------------------------------------------------
// 4. Row shifts between two sentences (Compare view).

export interface RowShift extends SiteHeadRef {
  /** L1 distance between the two sentences' referent rows (0…2). */
  l1: number;
  /** The rows themselves (A, B). */
  rowA: Float32Array;
  rowB: Float32Array;
}

/**
 * How much each head's referent row ("it" in the encoder, the row writing the referent in the decoder)
 * differs between two sentences of the same length, largest first.
 */
export function rowShifts(a: { trace: EncoderDecoderTrace; c: TranslateCase }, b: { trace: EncoderDecoderTrace; c: TranslateCase }, heads: readonly SiteHeadRef[]): RowShift[] {
  const out = heads.map((ref) => {
    const wa = siteWeights(a.trace, ref);
    const wb = siteWeights(b.trace, ref);
    const ra = matRow(wa, referentRow(ref.site, a.c)).slice();
    const rb = matRow(wb, referentRow(ref.site, b.c)).slice();
    if (ra.length !== rb.length) throw new Error('the two sentences must have rows of the same length');
    let l1 = 0;
    for (let j = 0; j < ra.length; j++) l1 += Math.abs(ra[j] - rb[j]);
    return { ...ref, l1, rowA: ra, rowB: rb };
  });
  return out.sort((x, y) => y.l1 - x.l1);
}

// ---------------------------------------------------------------------------------------------------
// Everything at once (the CLI's analyze-translate).

export interface CanonicalAnalysis {
  /** The two sentences compared: referent first (tired / big) and second (narrow / small). */
  pair: [string, string];
  heads: HeadNounWeights[];
  /** Heads ranked by how far their referent row moves between the two sentences (rows not included). */
  shifts: Omit<RowShift, 'rowA' | 'rowB'>[];
}

export interface TranslateAnalysis {
  /** The canonical pairs of the corpus (builtin:translate: cross and fit; builtin:translate-fr: cross). */
  canonical: { cross: CanonicalAnalysis; fit?: CanonicalAnalysis };
  /** Noun weights and flips over the held-out cases. */
  heldOut: HeadNounWeights[];
  knockout: Awaited<ReturnType<typeof translateKnockoutStudy>>;
  readout: ReadoutLayer[];
  cases: { heldOut: number; readoutTrain: number };
}

export async function analyzeTranslation(
  model: EncoderDecoder,
  tokenizer: Tokenizer,
  heldOutCases: readonly TranslateCase[],
  trainCases: readonly TranslateCase[],
  log: (line: string) => void = () => {},
  opts: { canonical?: { cross: readonly [TranslateCase, TranslateCase]; fit?: readonly [TranslateCase, TranslateCase] } } = {},
): Promise<TranslateAnalysis> {
  const heads = allHeads(model);
  const [tired, narrow, , big, small] = canonicalTranslations();
  const pairs = opts.canonical ?? { cross: [tired, narrow] as const, fit: [big, small] as const };
  const canonicalOf = async (x: TranslateCase, y: TranslateCase): Promise<CanonicalAnalysis> => {
    const a = { trace: await traceCase(model, tokenizer, x), c: x };
    const b = { trace: await traceCase(model, tokenizer, y), c: y };
    return {
      pair: [x.source, y.source],
      heads: nounWeightsByHead([a, b], heads),
      shifts: rowShifts(a, b, heads).map(({ rowA: _a, rowB: _b, ...rest }) => rest),
    };
  };
  log('canonical pairs');
  const canonical: TranslateAnalysis['canonical'] = { cross: await canonicalOf(...pairs.cross) };
  if (pairs.fit) canonical.fit = await canonicalOf(...pairs.fit);
  log(`noun weights over ${heldOutCases.length} held-out cases`);
  const traced = [];
  for (const c of heldOutCases) traced.push({ trace: await traceCase(model, tokenizer, c), c });
  const heldOut = nounWeightsByHead(traced, heads);
  log(`knock-outs (${heads.length} heads)`);
  const knockout = await translateKnockoutStudy(model, tokenizer, heldOutCases);
  log(`linear read-outs (${trainCases.length} training cases)`);
  const readout = await readoutStudy(model, tokenizer, trainCases, heldOutCases);
  return { canonical, heldOut, knockout, readout, cases: { heldOut: heldOutCases.length, readoutTrain: trainCases.length } };
}

// ---------------------------------------------------------------------------------------------------
// 5. The encoder's "it" head (docs/translate-fr.md): every encoder head's row for "it", on the two nouns.


export interface EncoderItStudy {
  /** Cases measured; `distinct`: those whose slot tells the two nouns apart (French nouns of different genders). */
  cases: number;
  distinct: number;
  /** Every encoder head over all cases, in layer, head order. */
  heads: HeadNounWeights[];
  /** The same over the distinct cases only (null when there are none of both referent kinds). */
  headsDistinct: HeadNounWeights[] | null;
  /** The head with the largest relative flip over all cases, and whether it is an "it" head (≥ IT_HEAD_RELATIVE_FLIP). */
  best: HeadNounWeights;
  hasItHead: boolean;
}

/** Every encoder head's "it" row on the two nouns, with both flips, over traced cases (teacher forcing). */
export async function encoderItStudy(model: EncoderDecoder, tokenizer: Tokenizer, cases: readonly TranslateCase[]): Promise<EncoderItStudy> {
  const heads = allHeads(model).filter((h) => h.site === 'encoder');
  const traced: { trace: EncoderDecoderTrace; c: TranslateCase }[] = [];
  for (const c of cases) traced.push({ trace: await traceCase(model, tokenizer, c), c });
  return encoderItOf(traced, heads);
}

/** encoderItStudy on cases already traced. */
export function encoderItOf(traced: readonly { trace: EncoderDecoderTrace; c: TranslateCase }[], heads: readonly SiteHeadRef[]): EncoderItStudy {
  const all = nounWeightsByHead(traced, heads);
  const distinct = traced.filter((t) => t.c.slot.referent !== t.c.slot.distractor);
  const bothKinds = distinct.some((t) => t.c.referentRole === 'first') && distinct.some((t) => t.c.referentRole === 'second');
  const best = all.reduce((b, h) => (h.relativeFlip > b.relativeFlip ? h : b));
  return {
    cases: traced.length,
    distinct: distinct.length,
    heads: all,
    headsDistinct: bothKinds ? nounWeightsByHead(distinct, heads) : null,
    best,
    hasItHead: best.relativeFlip >= IT_HEAD_RELATIVE_FLIP,
  };
}
