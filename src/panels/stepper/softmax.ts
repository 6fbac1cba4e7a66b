// Step: softmax over each row turns scores into attention weights that add up to 1.

import { rowOf, shape, sizes, tokenSquare } from './common';
import type { StepModule } from './types';

/** Most bars drawn for one row of attention weights. */
export const MAX_BARS = 24;

export const softmaxStep: StepModule = {
  kind: 'softmax',
  title: 'stepper.softmax.title',
  explain: 'stepper.softmax.explain',
  perHead: true,
  tex: () => String.raw`A_h[i, j] = \mathrm{softmax}_j(M_h[i, \cdot\,]) = \frac{e^{M_h[i, j]}}{\sum_{j'} e^{M_h[i, j']}}`,
  build(ctx, layer) {
    const { T } = sizes(ctx);
    const l = ctx.trace.layers[layer];
    const weights = l.weights[ctx.head];
    const row = rowOf(weights, ctx.token);
    let items = [];
    for (let j = 0; j <= ctx.token; j++) items.push({ label: ctx.tokens[j] ?? String(j), value: row[j], index: j });
    // A long context: only the most-attended tokens, largest first (the full row is in the map below).
    if (items.length > MAX_BARS) items = items.sort((a, b) => b.value - a.value || a.index - b.index).slice(0, MAX_BARS);
    return {
      shapes: [shape('A_h', ['T', T], ['T', T])],
      matrices: [
        tokenSquare('masked', 'stepper.mat.masked', l.masked[ctx.head], ctx, { causal: true, showRow: false }),
        tokenSquare('weights', 'stepper.mat.weights', weights, ctx, { causal: true, scale: 'probability' }),
      ],
      bars: { id: 'attention', title: 'stepper.bars.attention', titleVars: { token: ctx.tokens[ctx.token] ?? '' }, items, probability: true },
    };
  },
};
