// Where does the model resolve "it"? Three measurements on a trained model:
// 1. attention shift: for two sentences that differ in one word ("tired" / "narrow"), how far each
//    head's attention rows move, from the first differing token on (rows before it cannot move: the
//    causal mask hides the later word from them);
// 2. knock-outs: the validation accuracy left when a head (or a whole layer's heads) is zeroed;
// 3. answer attention: how much the resolving position looks at the right noun versus the other one.
// An attention map shows where a head looks, not what it decides; (2) is the causal test.

import { COREF_FAMILIES, type CorefCase, type CorefFamily } from '../data/coref';
import type { Tokenizer } from '../data/tokenizer';
import type { HeadRef, Transformer } from '../model/transformer';
import { headCode, layerCode } from '../shared/numbering';
import { matRow } from '../shared/trace';
import { evaluateCoref, type CorefReport } from './corefEval';

export interface HeadShift extends HeadRef {
  /** Mean over the compared query rows of the L1 distance between the A and B attention rows (0…2). */
  meanL1: number;
  /** The largest single-row L1 distance, and the query position where it occurs. */
  maxL1: number;
  maxAt: number;
}

export interface AttentionComparison {
  tokensA: string[];
  tokensB: string[];
  /** First position whose token differs (rows from here on are compared). */
  firstDiff: number;
  /** Largest |A − B| over every weight of every head in rows before firstDiff (0 up to float error). */
  maxDiffBefore: number;
  /** Heads sorted by meanL1, largest first. */
  shifts: HeadShift[];
}

/** Attention of two equally long sentences compared head by head (CONTRACT §1 weights). */
export async function compareAttention(
  model: Transformer,
  tokenizer: Tokenizer,
  textA: string,
  textB: string,
): Promise<AttentionComparison> {
  const a = tokenizer.encode(textA);
  const b = tokenizer.encode(textB);
  if (a.ids.length !== b.ids.length) throw new Error('the two sentences must have the same number of tokens');
  let firstDiff = a.ids.findIndex((id, i) => id !== b.ids[i] || a.tokens[i] !== b.tokens[i]);
  if (firstDiff < 0) firstDiff = a.ids.length;
  const [ta, tb] = [await model.trace(a.ids), await model.trace(b.ids)];
  const t = a.ids.length;
  let maxDiffBefore = 0;
  const shifts: HeadShift[] = [];
  ta.layers.forEach((layer, l) => {
    layer.weights.forEach((wa, h) => {
      const wb = tb.layers[l].weights[h];
      let sum = 0;
      let maxL1 = 0;
      let maxAt = firstDiff;
      for (let i = 0; i < t; i++) {
        const ra = matRow(wa, i);
        const rb = matRow(wb, i);
        let l1 = 0;
        for (let j = 0; j < t; j++) l1 += Math.abs(ra[j] - rb[j]);
        if (i < firstDiff) {
          for (let j = 0; j < t; j++) maxDiffBefore = Math.max(maxDiffBefore, Math.abs(ra[j] - rb[j]));
          continue;
        }
        sum += l1;
        if (l1 > maxL1) [maxL1, maxAt] = [l1, i];
      }
      const rows = Math.max(1, t - firstDiff);
      shifts.push({ layer: l, head: h, meanL1: sum / rows, maxL1, maxAt });
    });
  });
  shifts.sort((x, y) => y.meanL1 - x.meanL1);
  return { tokensA: a.tokens, tokensB: b.tokens, firstDiff, maxDiffBefore, shifts };
}

export interface KnockoutResult {
  /** e.g. "L1 H3", "layer 1 (all heads)", "none": named from 1 as in the app; `heads` holds the indices (from 0). */
  label: string;
  heads: HeadRef[];
  accuracy: number;
  meanPAnswer: number;
  byFamily: Record<CorefFamily, number>;
}

function summarise(label: string, heads: HeadRef[], r: CorefReport): KnockoutResult {
  const byFamily = Object.fromEntries(COREF_FAMILIES.map((f) => [f, r.byFamily[f].accuracy])) as Record<CorefFamily, number>;
  return { label, heads, accuracy: r.accuracy, meanPAnswer: r.meanPAnswer, byFamily };
}

/** Validation accuracy with nothing, each single head, each layer's heads, and every head knocked out. */
export async function knockoutStudy(
  model: Transformer,
  tokenizer: Tokenizer,
  cases: CorefCase[],
): Promise<{ baseline: KnockoutResult; singleHeads: KnockoutResult[]; layers: KnockoutResult[]; allHeads: KnockoutResult }> {
  const { nLayers, nHeads } = model.config;
  const run = async (label: string, knockout: HeadRef[]): Promise<KnockoutResult> =>
    summarise(label, knockout, await evaluateCoref(model, tokenizer, cases, { knockout }));
  const baseline = await run('none', []);
  const singleHeads: KnockoutResult[] = [];
  const layers: KnockoutResult[] = [];
  const every: HeadRef[] = [];
  for (let layer = 0; layer < nLayers; layer++) {
    const heads: HeadRef[] = [];
    for (let head = 0; head < nHeads; head++) {
      heads.push({ layer, head });
      singleHeads.push(await run(headCode(layer, head), [{ layer, head }]));
    }
    every.push(...heads);
    layers.push(await run(`${layerCode(layer)} (all heads)`, heads));
  }
  return { baseline, singleHeads, layers, allHeads: await run('every head', every) };
}

/** [layer][head]: mean attention from the resolving position to the right noun and to the other noun. */
export function meanAnswerAttention(report: CorefReport): { answer: number; distractor: number }[][] | undefined {
  const withAttention = report.cases.filter((c) => c.attention);
  if (withAttention.length === 0) return undefined;
  const first = withAttention[0].attention!;
  return first.map((heads, l) =>
    heads.map((_, h) => {
      let answer = 0;
      let distractor = 0;
      for (const c of withAttention) {
        answer += c.attention![l][h].answer;
        distractor += c.attention![l][h].distractor;
      }
      return { answer: answer / withAttention.length, distractor: distractor / withAttention.length };
    }),
  );
}
