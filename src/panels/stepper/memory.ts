// Step (a translation model's encoder): the end of the encoder. Its output M — one vector per source
// token — is what every decoder layer's cross-attention reads (its keys and values).

import { shape, sizes, tokenRows, walk } from './common';
import type { StepModule } from './types';

export const memoryStep: StepModule = {
  kind: 'memory',
  title: 'seq2seq.step.memory.title',
  explain: 'seq2seq.step.memory.explain',
  perHead: false,
  tex: (c) =>
    c.norm === 'pre'
      ? String.raw`M = \mathrm{LN}_{\text{final}}\big(\text{out}^{(${c.nEncoderLayers ?? 0})}\big)`
      : String.raw`M = \text{out}^{(${c.nEncoderLayers ?? 0})}`,
  build(ctx) {
    const { T, d } = sizes(ctx);
    const w = walk(ctx);
    if (!w.memory) throw new Error('only an encoder has a memory');
    return {
      shapes: [shape('M', ['S', T], ['d_model', d])],
      notes: [{ key: 'seq2seq.note.memory', vars: { token: ctx.tokens[ctx.token] ?? '', n: w.layers.length } }],
      matrices: [tokenRows('memory', 'seq2seq.mat.memory', w.memory, ctx)],
    };
  },
};
