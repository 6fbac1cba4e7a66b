// Step (post-LN): residual connection around the FFN, then LayerNorm: out = LN₂(H + F).

import { shape, sizes, tokenRows } from './common';
import type { StepModule } from './types';

export const addNorm2Step: StepModule = {
  kind: 'addNorm2',
  title: 'stepper.addNorm2.title',
  explain: 'stepper.addNorm2.explain',
  perHead: false,
  tex: () => String.raw`\text{out} = \mathrm{LN}_2(H + F)`,
  build(ctx, layer) {
    const { T, d } = sizes(ctx);
    const l = ctx.trace.layers[layer];
    return {
      shapes: [shape('H + F', ['T', T], ['d_model', d]), shape('out', ['T', T], ['d_model', d])],
      matrices: [
        tokenRows('ffnInput', 'stepper.mat.norm1Post', l.ffnInput, ctx, { showRow: false }),
        tokenRows('ffnOutput', 'stepper.mat.ffnOutput', l.ffnOutput, ctx, { showRow: false }),
        tokenRows('residual2', 'stepper.mat.residual2', l.residual2, ctx),
        tokenRows('output', 'stepper.mat.output', l.output, ctx),
      ],
    };
  },
};
