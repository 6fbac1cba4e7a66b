// Step: the output projection mixes the heads, MHA(X) = Z·W_O + b_O.

import { shape, sizes, tokenRows } from './common';
import type { StepModule } from './types';

export const outputProjStep: StepModule = {
  kind: 'outputProj',
  title: 'stepper.outputProj.title',
  explain: 'stepper.outputProj.explain',
  perHead: false,
  tex: () => String.raw`\mathrm{MHA}(X) = Z W_O + b_O`,
  build(ctx, layer) {
    const { T, d } = sizes(ctx);
    const l = ctx.trace.layers[layer];
    return {
      shapes: [shape('Z', ['T', T], ['d_model', d]), shape('W_O', ['d_model', d], ['d_model', d]), shape('MHA(X)', ['T', T], ['d_model', d])],
      matrices: [
        tokenRows('concat', 'stepper.mat.concat', l.concat, ctx, { showRow: false }),
        tokenRows('attention', 'stepper.mat.attention', l.attention, ctx),
      ],
    };
  },
};
