// Step: every query against every key, S_h = Q_h·K_hᵀ.

import { shape, sizes, tokenRows, tokenSquare } from './common';
import type { StepModule } from './types';

export const scoresStep: StepModule = {
  kind: 'scores',
  title: 'stepper.scores.title',
  explain: 'stepper.scores.explain',
  perHead: true,
  tex: () => String.raw`S_h = Q_h K_h^{\top}, \qquad S_h[i, j] = q_i \cdot k_j = \sum_{c=1}^{d_k} q_{i,c}\, k_{j,c}`,
  build(ctx, layer) {
    const { T, dk } = sizes(ctx);
    const l = ctx.trace.layers[layer];
    const h = ctx.head;
    const vars = { h: h + 1 };
    return {
      shapes: [shape('Q_h', ['T', T], ['d_k', dk]), shape('K_hᵀ', ['d_k', dk], ['T', T]), shape('S_h', ['T', T], ['T', T])],
      matrices: [
        tokenRows('q', 'stepper.mat.q', l.q[h], ctx, { nameVars: vars }),
        tokenRows('k', 'stepper.mat.k', l.k[h], ctx, { nameVars: vars, highlightRow: undefined, showRow: false }),
        tokenSquare('scores', 'stepper.mat.scores', l.scores[h], ctx),
      ],
    };
  },
};
