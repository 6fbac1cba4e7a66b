// Step (pre-LN models): LayerNorm before attention, LN₁(X).

import { layerOf, shape, sizes, tokenRows } from './common';
import type { StepModule } from './types';

export const preNorm1Step: StepModule = {
  kind: 'preNorm1',
  title: 'stepper.preNorm1.title',
  explain: 'stepper.preNorm1.explain',
  perHead: false,
  tex: () => String.raw`\tilde{X} = \mathrm{LN}_1(X) = \gamma \odot \frac{X - \mu}{\sqrt{\sigma^2 + \varepsilon}} + \beta`,
  build(ctx, ref) {
    const { T, d } = sizes(ctx);
    const l = layerOf(ctx, ref.layer);
    return {
      shapes: [shape('X', ['T', T], ['d_model', d]), shape('LN₁(X)', ['T', T], ['d_model', d])],
      matrices: [
        tokenRows('input', 'stepper.mat.layerInput', l.input, ctx),
        tokenRows('norm1', 'stepper.mat.preNorm1', l.preNorm1 ?? l.input, ctx),
      ],
    };
  },
};
