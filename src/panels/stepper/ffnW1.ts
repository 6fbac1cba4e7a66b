// Step: first layer of the feed-forward network, U = H·W₁ + b₁ (d_model → d_ff).

import { layerOf, shape, sizes, tokenRows } from './common';
import type { MatrixSpec, StepModule } from './types';

/** The name of the FFN's input: LN₁ after attention (post), LN₂ before the FFN (pre); in a translation model's decoder LN₂ / LN₃. */
export function ffnInputName(pre: boolean, seq2seqDecoder: boolean): MatrixSpec['name'] {
  if (seq2seqDecoder) return pre ? 'seq2seq.mat.norm3Pre' : 'seq2seq.mat.h2';
  return pre ? 'stepper.mat.norm2Pre' : 'stepper.mat.norm1Post';
}

export const ffnW1Step: StepModule = {
  kind: 'ffnW1',
  title: 'stepper.ffnW1.title',
  explain: 'stepper.ffnW1.explain',
  perHead: false,
  tex: () => String.raw`U = H W_1 + b_1`,
  build(ctx, ref) {
    const { T, d, dff } = sizes(ctx);
    const l = layerOf(ctx, ref.layer);
    return {
      shapes: [shape('H', ['T', T], ['d_model', d]), shape('W₁', ['d_model', d], ['d_ff', dff]), shape('U', ['T', T], ['d_ff', dff])],
      matrices: [
        tokenRows('ffnInput', ffnInputName(ctx.trace.config.norm === 'pre', l.cross !== undefined), l.ffnInput, ctx, { showRow: false }),
        tokenRows('ffnHidden', 'stepper.mat.ffnHidden', l.ffnHidden, ctx),
      ],
    };
  },
};
