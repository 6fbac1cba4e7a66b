// Step (pre-LN): LayerNorm before the feed-forward network, LN₂(H) (LN₃ in a translation model's decoder).

import { ffnNormIndex, layerOf, shape, sizes, tokenRows } from './common';
import type { StepModule } from './types';

export const preNorm2Step: StepModule = {
  kind: 'preNorm2',
  title: 'stepper.preNorm2.title',
  explain: 'stepper.preNorm2.explain',
  perHead: false,
  tex: (c, ref) => {
    const n = ffnNormIndex(c, ref);
    return String.raw`\tilde{H} = \mathrm{LN}_${n}(H) = \gamma \odot \frac{H - \mu}{\sqrt{\sigma^2 + \varepsilon}} + \beta`;
  },
  build(ctx, ref) {
    const { T, d } = sizes(ctx);
    const l = layerOf(ctx, ref.layer);
    const three = l.cross !== undefined;
    return {
      shapes: [shape(three ? 'LN₃(H)' : 'LN₂(H)', ['T', T], ['d_model', d])],
      matrices: [
        tokenRows(three ? 'residual2' : 'residual1', 'stepper.mat.residual1', l.ffnStream, ctx),
        tokenRows('ffnInput', three ? 'seq2seq.mat.norm3Pre' : 'stepper.mat.norm2Pre', l.ffnInput, ctx),
      ],
    };
  },
};
