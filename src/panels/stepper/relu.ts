// Step: ReLU keeps the positive values and sets the negative ones to 0.

import { layerOf, rowOf, shape, sizes, tokenRows } from './common';
import type { StepModule } from './types';

export const reluStep: StepModule = {
  kind: 'relu',
  title: 'stepper.relu.title',
  explain: 'stepper.relu.explain',
  perHead: false,
  tex: () => String.raw`\mathrm{ReLU}(u) = \max(0,\, u)`,
  build(ctx, ref) {
    const { T, dff } = sizes(ctx);
    const l = layerOf(ctx, ref.layer);
    const act = rowOf(l.ffnActivation, ctx.token);
    let zeros = 0;
    for (const v of act) if (v === 0) zeros++;
    return {
      shapes: [shape('ReLU(U)', ['T', T], ['d_ff', dff])],
      notes: [{ key: 'stepper.note.relu', vars: { token: ctx.tokens[ctx.token] ?? '', zeros, n: dff } }],
      matrices: [
        tokenRows('ffnHidden', 'stepper.mat.ffnHidden', l.ffnHidden, ctx),
        tokenRows('ffnActivation', 'stepper.mat.ffnActivation', l.ffnActivation, ctx),
      ],
    };
  },
};
