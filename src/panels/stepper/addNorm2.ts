// Step (post-LN): residual connection around the FFN, then LayerNorm: out = LN₂(H + F) (LN₃ in a
// translation model's decoder).

import { ffnNormIndex, layerOf, shape, sizes, tokenRows } from './common';
import { ffnInputName } from './ffnW1';
import type { StepModule } from './types';

export const addNorm2Step: StepModule = {
  kind: 'addNorm2',
  title: 'stepper.addNorm2.title',
  explain: 'stepper.addNorm2.explain',
  perHead: false,
  tex: (c, ref) => String.raw`\text{out} = \mathrm{LN}_${ffnNormIndex(c, ref)}(H + F)`,
  build(ctx, ref) {
    const { T, d } = sizes(ctx);
    const l = layerOf(ctx, ref.layer);
    const three = l.cross !== undefined;
    return {
      shapes: [shape('H + F', ['T', T], ['d_model', d]), shape('out', ['T', T], ['d_model', d])],
      matrices: [
        tokenRows('ffnInput', ffnInputName(false, three), l.ffnInput, ctx, { showRow: false }),
        tokenRows('ffnOutput', 'stepper.mat.ffnOutput', l.ffnOutput, ctx, { showRow: false }),
        tokenRows(three ? 'residual3' : 'residual2', 'stepper.mat.residual2', l.ffnResidual, ctx),
        tokenRows('output', 'stepper.mat.output', l.output, ctx),
      ],
    };
  },
};
