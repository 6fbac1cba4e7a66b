// Step: the causal mask: a token may not look at the tokens after it (j > i → −∞).

import { attention, shape, sizes, tokenSquare } from './common';
import type { StepModule } from './types';

export const maskStep: StepModule = {
  kind: 'mask',
  title: 'stepper.mask.title',
  explain: 'stepper.mask.explain',
  perHead: true,
  tex: () => String.raw`M_h[i, j] = \begin{cases} S_h[i, j] / \sqrt{d_k} & j \le i \\ -\infty & j > i \end{cases}`,
  build(ctx, ref) {
    const { T } = sizes(ctx);
    const l = attention(ctx, ref).att;
    return {
      shapes: [shape('M_h', ['T', T], ['T', T])],
      notes: [{ key: ctx.token === T - 1 ? 'stepper.note.maskLast' : 'stepper.note.mask', vars: { token: ctx.tokens[ctx.token] ?? '', n: ctx.token + 1, hidden: T - 1 - ctx.token } }],
      matrices: [
        tokenSquare('scaled', 'stepper.mat.scaled', l.scaled[ctx.head], ctx, { showRow: false }),
        tokenSquare('masked', 'stepper.mat.masked', l.masked[ctx.head], ctx, { causal: true }),
      ],
    };
  },
};
