// Step (pre-LN): LayerNorm before the feed-forward network, LN₂(H).

import { shape, sizes, tokenRows } from './common';
import type { StepModule } from './types';

export const preNorm2Step: StepModule = {
  kind: 'preNorm2',
  title: 'stepper.preNorm2.title',
  explain: 'stepper.preNorm2.explain',
  perHead: false,
  tex: () => String.raw`\tilde{H} = \mathrm{LN}_2(H) = \gamma \odot \frac{H - \mu}{\sqrt{\sigma^2 + \varepsilon}} + \beta`,
  build(ctx, layer) {
    const { T, d } = sizes(ctx);
    const l = ctx.trace.layers[layer];
    return {
      shapes: [shape('LN₂(H)', ['T', T], ['d_model', d])],
      matrices: [
        tokenRows('residual1', 'stepper.mat.residual1', l.residual1, ctx),
        tokenRows('ffnInput', 'stepper.mat.norm2Pre', l.ffnInput, ctx),
      ],
    };
  },
};
