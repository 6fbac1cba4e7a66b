// Step: look the token up in the embedding table, E[t_i] (times embeddingScale).

import { shape, sizes, tokenRows, walk } from './common';
import type { StepModule, StepNote } from './types';

export const lookupStep: StepModule = {
  kind: 'lookup',
  title: 'stepper.lookup.title',
  explain: 'stepper.lookup.explain',
  perHead: false,
  tex: () => String.raw`x^{\text{emb}}_i = s \cdot E[t_i]`,
  build(ctx) {
    const { T, d, V } = sizes(ctx);
    const w = walk(ctx);
    const notes: StepNote[] = [
      {
        key: 'stepper.note.lookup',
        vars: { token: ctx.tokens[ctx.token] ?? '', id: w.ids[ctx.token], V, d, s: ctx.trace.config.embeddingScale },
      },
    ];
    // A translation model: one table for both languages.
    if (w.seq2seq) notes.push({ key: 'seq2seq.note.sharedTable' });
    return {
      shapes: [shape('E', ['V', V], ['d_model', d]), shape('s·E[t]', ['T', T], ['d_model', d])],
      matrices: [tokenRows('embedding', 'stepper.mat.embedding', w.embedding, ctx)],
      notes,
    };
  },
};
