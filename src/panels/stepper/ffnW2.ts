// Step: second layer of the feed-forward network, F = ReLU(U)·W₂ + b₂ (d_ff → d_model).

import { layerOf, shape, sizes, tokenRows } from './common';
import type { StepModule } from './types';

export const ffnW2Step: StepModule = {
  kind: 'ffnW2',
  title: 'stepper.ffnW2.title',
  explain: 'stepper.ffnW2.explain',
  perHead: false,
  tex: () => String.raw`F = \mathrm{ReLU}(U)\, W_2 + b_2`,
  build(ctx, ref) {
    const { T, d, dff } = sizes(ctx);
    const l = layerOf(ctx, ref.layer);
    return {
      shapes: [shape('W₂', ['d_ff', dff], ['d_model', d]), shape('F', ['T', T], ['d_model', d])],
      matrices: [
        tokenRows('ffnActivation', 'stepper.mat.ffnActivation', l.ffnActivation, ctx, { showRow: false }),
        tokenRows('ffnOutput', 'stepper.mat.ffnOutput', l.ffnOutput, ctx),
      ],
    };
  },
};
