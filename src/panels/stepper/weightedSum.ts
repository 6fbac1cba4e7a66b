// Step: mix the values with the weights, Z_h = A_h·V_h (in cross-attention the values are the source
// tokens' V rows, computed from the encoder's output M).

import { attention, keyAxis, keyRows, shape, sizes, tokenRows, tokenSquare } from './common';
import type { StepModule } from './types';

export const weightedSumStep: StepModule = {
  kind: 'weightedSum',
  title: 'stepper.weightedSum.title',
  explain: 'stepper.weightedSum.explain',
  perHead: true,
  tex: (_c, ref) =>
    ref?.site === 'cross'
      ? String.raw`Z_h = A_h V_h, \qquad z_i = \sum_{j=1}^{S} A_h[i, j]\; v_j, \quad v_j = M_j W_V + b_V`
      : ref?.site === 'encoder'
        ? String.raw`Z_h = A_h V_h, \qquad z_i = \sum_{j=1}^{T} A_h[i, j]\; v_j`
        : String.raw`Z_h = A_h V_h, \qquad z_i = \sum_{j \le i} A_h[i, j]\; v_j`,
  build(ctx, ref) {
    const { T, S, dk } = sizes(ctx);
    const a = attention(ctx, ref);
    const l = a.att;
    const h = ctx.head;
    const K = a.cross ? (['S', S] as const) : (['T', T] as const);
    return {
      shapes: [shape('A_h', ['T', T], K), shape('V_h', K, ['d_k', dk]), shape('Z_h', ['T', T], ['d_k', dk])],
      matrices: [
        tokenSquare('weights', 'stepper.mat.weights', l.weights[h], ctx, { causal: a.causal, scale: 'probability', showRow: false, cols: keyAxis(a) }),
        keyRows('v', 'stepper.mat.v', l.v[h], a, ctx, { head: h }),
        tokenRows('head', 'stepper.mat.head', l.heads[h], ctx, { head: h }),
      ],
    };
  },
};
