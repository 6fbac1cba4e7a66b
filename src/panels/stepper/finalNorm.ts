// Step (pre-LN): the final LayerNorm after the last layer (of the encoder, or of the decoder).

import { shape, sizes, tokenRows, walk } from './common';
import type { StepModule } from './types';

export const finalNormStep: StepModule = {
  kind: 'finalNorm',
  title: 'stepper.finalNorm.title',
  explain: 'stepper.finalNorm.explain',
  perHead: false,
  tex: () => String.raw`h = \mathrm{LN}_{\text{final}}(\text{out})`,
  build(ctx) {
    const { T, d } = sizes(ctx);
    const w = walk(ctx);
    const last = w.layers[w.layers.length - 1];
    return {
      shapes: [shape('h', ['T', T], ['d_model', d])],
      matrices: [
        tokenRows('output', 'stepper.mat.output', last.output, ctx, { showRow: false }),
        tokenRows('finalNorm', 'stepper.mat.finalNorm', w.finalNorm ?? last.output, ctx),
      ],
    };
  },
};
