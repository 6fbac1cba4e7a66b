// Step: look the token up in the embedding table, E[t_i] (times embeddingScale).

import { shape, sizes, tokenRows } from './common';
import type { StepModule } from './types';

export const lookupStep: StepModule = {
  kind: 'lookup',
  title: 'stepper.lookup.title',
  explain: 'stepper.lookup.explain',
  perHead: false,
  tex: () => String.raw`x^{\text{emb}}_i = s \cdot E[t_i]`,
  build(ctx) {
    const { T, d, V } = sizes(ctx);
    return {
      shapes: [shape('E', ['V', V], ['d_model', d]), shape('s·E[t]', ['T', T], ['d_model', d])],
      matrices: [tokenRows('embedding', 'stepper.mat.embedding', ctx.trace.embedding, ctx)],
      notes: [
        {
          key: 'stepper.note.lookup',
          vars: { token: ctx.tokens[ctx.token] ?? '', id: ctx.trace.ids[ctx.token], V, d, s: ctx.trace.config.embeddingScale },
        },
      ],
    };
  },
};
