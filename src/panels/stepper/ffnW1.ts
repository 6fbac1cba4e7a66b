// Step: first layer of the feed-forward network, U = H·W₁ + b₁ (d_model → d_ff).

import { shape, sizes, tokenRows } from './common';
import type { StepModule } from './types';

export const ffnW1Step: StepModule = {
  kind: 'ffnW1',
  title: 'stepper.ffnW1.title',
  explain: 'stepper.ffnW1.explain',
  perHead: false,
  tex: () => String.raw`U = H W_1 + b_1`,
  build(ctx, layer) {
    const { T, d, dff } = sizes(ctx);
    const l = ctx.trace.layers[layer];
    return {
      shapes: [shape('H', ['T', T], ['d_model', d]), shape('W₁', ['d_model', d], ['d_ff', dff]), shape('U', ['T', T], ['d_ff', dff])],
      matrices: [
        tokenRows('ffnInput', ctx.trace.config.norm === 'pre' ? 'stepper.mat.norm2Pre' : 'stepper.mat.norm1Post', l.ffnInput, ctx, { showRow: false }),
        tokenRows('ffnHidden', 'stepper.mat.ffnHidden', l.ffnHidden, ctx),
      ],
    };
  },
};
