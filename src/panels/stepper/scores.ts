// Step: every query against every key, S_h = Q_h·K_hᵀ ([T × T]; in cross-attention [T × S]: the
// keys are the source tokens).

import { attention, keyAxis, keyRows, shape, sizes, tokenRows, tokenSquare } from './common';
import type { StepModule } from './types';

export const scoresStep: StepModule = {
  kind: 'scores',
  title: 'stepper.scores.title',
  explain: 'stepper.scores.explain',
  perHead: true,
  tex: () => String.raw`S_h = Q_h K_h^{\top}, \qquad S_h[i, j] = q_i \cdot k_j = \sum_{c=1}^{d_k} q_{i,c}\, k_{j,c}`,
  build(ctx, ref) {
    const { T, S, dk } = sizes(ctx);
    const a = attention(ctx, ref);
    const l = a.att;
    const h = ctx.head;
    const K = a.cross ? (['S', S] as const) : (['T', T] as const);
    return {
      shapes: [shape('Q_h', ['T', T], ['d_k', dk]), shape('K_hᵀ', ['d_k', dk], K), shape('S_h', ['T', T], K)],
      notes: a.cross ? [{ key: 'seq2seq.note.crossScores', vars: { token: ctx.tokens[ctx.token] ?? '', S } }] : undefined,
      matrices: [
        tokenRows('q', 'stepper.mat.q', l.q[h], ctx, { head: h }),
        keyRows('k', 'stepper.mat.k', l.k[h], a, ctx, { head: h }),
        tokenSquare('scores', 'stepper.mat.scores', l.scores[h], ctx, { cols: keyAxis(a) }),
      ],
    };
  },
};
