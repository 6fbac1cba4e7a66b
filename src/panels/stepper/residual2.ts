// Step (pre-LN): residual connection around the FFN: out = H + F.

import { layerOf, shape, sizes, tokenRows } from './common';
import type { StepModule } from './types';

export const residual2Step: StepModule = {
  kind: 'residual2',
  title: 'stepper.residual2.title',
  explain: 'stepper.residual2.explain',
  perHead: false,
  tex: () => String.raw`\text{out} = H + F`,
  build(ctx, ref) {
    const { T, d } = sizes(ctx);
    const l = layerOf(ctx, ref.layer);
    return {
      shapes: [shape('out', ['T', T], ['d_model', d])],
      matrices: [
        tokenRows(l.cross ? 'residual2' : 'residual1', 'stepper.mat.residual1', l.ffnStream, ctx, { showRow: false }),
        tokenRows('ffnOutput', 'stepper.mat.ffnOutput', l.ffnOutput, ctx, { showRow: false }),
        tokenRows('output', 'stepper.mat.output', l.output, ctx),
      ],
    };
  },
};
