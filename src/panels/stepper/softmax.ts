// Step: softmax over each row turns scores into attention weights that add up to 1. Without a mask
// (the encoder, cross-attention) the row covers every key; with the causal mask, the keys up to the token.

import type { Mat } from '../../shared/trace';
import { attention, keyAxis, rowOf, shape, sizes, tokenSquare } from './common';
import type { StepModule } from './types';

/** Most bars drawn for one row of attention weights. */
export const MAX_BARS = 24;

export const softmaxStep: StepModule = {
  kind: 'softmax',
  title: 'stepper.softmax.title',
  explain: 'stepper.softmax.explain',
  perHead: true,
  // Without a mask the softmax reads the scaled scores themselves (and M is the encoder's output).
  tex: (_c, ref) =>
    ref?.site === 'cross' || ref?.site === 'encoder'
      ? String.raw`A_h[i, j] = \mathrm{softmax}_j\Big(\frac{S_h[i, \cdot\,]}{\sqrt{d_k}}\Big) = \frac{e^{S_h[i, j] / \sqrt{d_k}}}{\sum_{j'} e^{S_h[i, j'] / \sqrt{d_k}}}`
      : String.raw`A_h[i, j] = \mathrm{softmax}_j(M_h[i, \cdot\,]) = \frac{e^{M_h[i, j]}}{\sum_{j'} e^{M_h[i, j']}}`,
  build(ctx, ref) {
    const { T, S } = sizes(ctx);
    const a = attention(ctx, ref);
    const l = a.att;
    const weights = l.weights[ctx.head];
    const row = rowOf(weights, ctx.token);
    const keys = a.cross ? (ctx.sourceTokens ?? []) : ctx.tokens;
    const visible = a.causal ? ctx.token + 1 : weights.cols;
    let items = [];
    for (let j = 0; j < visible; j++) items.push({ label: keys[j] ?? String(j), value: row[j], index: j });
    // A long context: only the most-attended tokens, largest first (the full row is in the map below).
    if (items.length > MAX_BARS) items = items.sort((x, y) => y.value - x.value || x.index - y.index).slice(0, MAX_BARS);
    // What the softmax reads: the masked scores (or, without a mask, the scaled ones: the same numbers).
    const input: Mat = a.causal ? l.masked[ctx.head] : l.scaled[ctx.head];
    const cols = keyAxis(a);
    return {
      shapes: [shape('A_h', ['T', T], a.cross ? ['S', S] : ['T', T])],
      notes: a.cross ? [{ key: 'seq2seq.note.crossSoftmax', vars: { token: ctx.tokens[ctx.token] ?? '' } }] : undefined,
      matrices: [
        tokenSquare(a.causal ? 'masked' : 'scaled', a.causal ? 'stepper.mat.masked' : 'stepper.mat.scaled', input, ctx, { causal: a.causal, showRow: false, cols }),
        tokenSquare('weights', 'stepper.mat.weights', weights, ctx, { causal: a.causal, scale: 'probability', cols }),
      ],
      bars: { id: 'attention', title: a.cross ? 'seq2seq.bars.cross' : 'stepper.bars.attention', titleVars: { token: ctx.tokens[ctx.token] ?? '' }, items, probability: true },
    };
  },
};
