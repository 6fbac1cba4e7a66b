// Step: divide the scores by √d_k.

import { shape, sizes, tokenSquare } from './common';
import type { StepModule } from './types';

export const scaleStep: StepModule = {
  kind: 'scale',
  title: 'stepper.scale.title',
  explain: 'stepper.scale.explain',
  perHead: true,
  tex: (c) => String.raw`\frac{S_h}{\sqrt{d_k}} = \frac{S_h}{\sqrt{${c.dModel / c.nHeads}}} = \frac{S_h}{${+Math.sqrt(c.dModel / c.nHeads).toFixed(3)}}`,
  build(ctx, layer) {
    const { T } = sizes(ctx);
    const l = ctx.trace.layers[layer];
    return {
      shapes: [shape('S_h / √d_k', ['T', T], ['T', T])],
      notes: [{ key: 'stepper.note.scale', vars: { dk: ctx.trace.config.dModel / ctx.trace.config.nHeads, root: Math.sqrt(ctx.trace.config.dModel / ctx.trace.config.nHeads).toFixed(3) } }],
      matrices: [tokenSquare('scores', 'stepper.mat.scores', l.scores[ctx.head], ctx), tokenSquare('scaled', 'stepper.mat.scaled', l.scaled[ctx.head], ctx)],
    };
  },
};
