// Step (post-LN): residual connection, then LayerNorm: H = LN₁(X + MHA(X)).

import { shape, sizes, tokenRows } from './common';
import type { StepModule } from './types';

export const addNorm1Step: StepModule = {
  kind: 'addNorm1',
  title: 'stepper.addNorm1.title',
  explain: 'stepper.addNorm1.explain',
  perHead: false,
  tex: () => String.raw`H = \mathrm{LN}_1\big(X + \mathrm{MHA}(X)\big), \quad \mathrm{LN}(x) = \gamma \odot \frac{x - \mu}{\sqrt{\sigma^2 + \varepsilon}} + \beta`,
  build(ctx, layer) {
    const { T, d } = sizes(ctx);
    const l = ctx.trace.layers[layer];
    return {
      shapes: [shape('X + MHA(X)', ['T', T], ['d_model', d]), shape('H', ['T', T], ['d_model', d])],
      matrices: [
        tokenRows('input', 'stepper.mat.layerInput', l.input, ctx, { showRow: false }),
        tokenRows('attention', 'stepper.mat.attention', l.attention, ctx, { showRow: false }),
        tokenRows('residual1', 'stepper.mat.residual1', l.residual1, ctx),
        tokenRows('ffnInput', 'stepper.mat.norm1Post', l.ffnInput, ctx),
      ],
    };
  },
};
