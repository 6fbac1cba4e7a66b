// Step (pre-LN): residual connection around attention: H = X + MHA(LN₁(X)).

import { isEncoderDecoder } from '../../shared/config';
import { layerOf, shape, sizes, tokenRows } from './common';
import type { StepModule } from './types';

export const residual1Step: StepModule = {
  kind: 'residual1',
  title: 'stepper.residual1.title',
  explain: 'stepper.residual1.explain',
  perHead: false,
  tex: (c, ref) =>
    isEncoderDecoder(c) && ref?.stack === 'decoder'
      ? String.raw`H_1 = Y + \mathrm{Self}\big(\mathrm{LN}_1(Y)\big)`
      : String.raw`H = X + \mathrm{MHA}\big(\mathrm{LN}_1(X)\big)`,
  build(ctx, ref) {
    const { T, d } = sizes(ctx);
    const l = layerOf(ctx, ref.layer);
    return {
      shapes: [shape('H', ['T', T], ['d_model', d])],
      matrices: [
        tokenRows('input', 'stepper.mat.layerInput', l.input, ctx, { showRow: false }),
        tokenRows('attention', 'stepper.mat.attention', l.self.att.attention, ctx, { showRow: false }),
        tokenRows('residual1', 'stepper.mat.residual1', l.residual1, ctx),
      ],
    };
  },
};
