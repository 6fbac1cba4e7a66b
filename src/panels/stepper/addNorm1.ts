// Step (post-LN): residual connection, then LayerNorm: H = LN₁(X + MHA(X)).

import { isEncoderDecoder } from '../../shared/config';
import { layerOf, shape, sizes, tokenRows } from './common';
import type { StepModule } from './types';

export const addNorm1Step: StepModule = {
  kind: 'addNorm1',
  title: 'stepper.addNorm1.title',
  explain: 'stepper.addNorm1.explain',
  perHead: false,
  tex: (c, ref) =>
    isEncoderDecoder(c) && ref?.stack === 'decoder'
      ? String.raw`H_1 = \mathrm{LN}_1\big(Y + \mathrm{Self}(Y)\big), \quad \mathrm{LN}(x) = \gamma \odot \frac{x - \mu}{\sqrt{\sigma^2 + \varepsilon}} + \beta`
      : String.raw`H = \mathrm{LN}_1\big(X + \mathrm{MHA}(X)\big), \quad \mathrm{LN}(x) = \gamma \odot \frac{x - \mu}{\sqrt{\sigma^2 + \varepsilon}} + \beta`,
  build(ctx, ref) {
    const { T, d } = sizes(ctx);
    const l = layerOf(ctx, ref.layer);
    // What LN₁ gives: the FFN's input, or (a translation model's decoder) cross-attention's input.
    const after = l.afterSelf ?? l.residual1;
    return {
      shapes: [shape('X + MHA(X)', ['T', T], ['d_model', d]), shape('H', ['T', T], ['d_model', d])],
      matrices: [
        tokenRows('input', 'stepper.mat.layerInput', l.input, ctx, { showRow: false }),
        tokenRows('attention', 'stepper.mat.attention', l.self.att.attention, ctx, { showRow: false }),
        tokenRows('residual1', 'stepper.mat.residual1', l.residual1, ctx),
        l.cross ? tokenRows('crossInput', 'seq2seq.mat.h1', after, ctx) : tokenRows('ffnInput', 'stepper.mat.norm1Post', after, ctx),
      ],
    };
  },
};
