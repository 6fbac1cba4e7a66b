// Step: add the positional encoding, X = s·E[t] + P.

import { shape, sizes, tokenRows, walk } from './common';
import type { StepModule } from './types';

export const positionalStep: StepModule = {
  kind: 'positional',
  title: 'stepper.positional.title',
  explain: 'stepper.positional.explain',
  perHead: false,
  tex: (c) =>
    c.positional === 'learned'
      ? String.raw`x_i = s \cdot E[t_i] + P[i] \quad (P \text{ learned})`
      : String.raw`x_i = s \cdot E[t_i] + P[i], \quad P[i, 2j] = \sin\frac{i}{10000^{2j/d_{\text{model}}}}, \; P[i, 2j{+}1] = \cos\frac{i}{10000^{2j/d_{\text{model}}}}`,
  build(ctx) {
    const { T, d } = sizes(ctx);
    const w = walk(ctx);
    return {
      shapes: [shape('P', ['T', T], ['d_model', d]), shape('X', ['T', T], ['d_model', d])],
      notes: [
        { key: ctx.trace.config.positional === 'learned' ? 'stepper.note.learned' : 'stepper.note.sinusoidal', vars: { pos: ctx.token } },
      ],
      matrices: [
        tokenRows('embedding', 'stepper.mat.embedding', w.embedding, ctx),
        tokenRows('positional', 'stepper.mat.positional', w.positional, ctx),
        tokenRows('input', 'stepper.mat.input', w.input, ctx),
      ],
    };
  },
};
