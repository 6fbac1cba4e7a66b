// Step: the output projection mixes the heads, MHA(X) = Z·W_O + b_O.

import { attention, shape, sizes, tokenRows } from './common';
import type { StepModule } from './types';

export const outputProjStep: StepModule = {
  kind: 'outputProj',
  title: 'stepper.outputProj.title',
  explain: 'stepper.outputProj.explain',
  perHead: false,
  tex: (_c, ref) => (ref?.site === 'cross' ? String.raw`\mathrm{Cross}(H_1, M) = Z W_O + b_O` : String.raw`\mathrm{MHA}(X) = Z W_O + b_O`),
  build(ctx, ref) {
    const { T, d } = sizes(ctx);
    const a = attention(ctx, ref);
    return {
      shapes: [shape('Z', ['T', T], ['d_model', d]), shape('W_O', ['d_model', d], ['d_model', d]), shape(a.cross ? 'Cross(H₁, M)' : 'MHA(X)', ['T', T], ['d_model', d])],
      matrices: [
        tokenRows('concat', 'stepper.mat.concat', a.att.concat, ctx, { showRow: false }),
        tokenRows('attention', a.cross ? 'seq2seq.mat.cross' : 'stepper.mat.attention', a.att.attention, ctx),
      ],
    };
  },
};
