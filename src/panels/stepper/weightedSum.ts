// Step: mix the values with the weights, Z_h = A_h·V_h.

import { shape, sizes, tokenRows, tokenSquare } from './common';
import type { StepModule } from './types';

export const weightedSumStep: StepModule = {
  kind: 'weightedSum',
  title: 'stepper.weightedSum.title',
  explain: 'stepper.weightedSum.explain',
  perHead: true,
  tex: () => String.raw`Z_h = A_h V_h, \qquad z_i = \sum_{j \le i} A_h[i, j]\; v_j`,
  build(ctx, layer) {
    const { T, dk } = sizes(ctx);
    const l = ctx.trace.layers[layer];
    const h = ctx.head;
    const vars = { h: h + 1 };
    return {
      shapes: [shape('A_h', ['T', T], ['T', T]), shape('V_h', ['T', T], ['d_k', dk]), shape('Z_h', ['T', T], ['d_k', dk])],
      matrices: [
        tokenSquare('weights', 'stepper.mat.weights', l.weights[h], ctx, { causal: true, scale: 'probability', showRow: false }),
        tokenRows('v', 'stepper.mat.v', l.v[h], ctx, { nameVars: vars, highlightRow: undefined, showRow: false }),
        tokenRows('head', 'stepper.mat.head', l.heads[h], ctx, { nameVars: vars }),
      ],
    };
  },
};
