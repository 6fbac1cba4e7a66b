// Step: the heads' outputs side by side, Z = [Z_1 | … | Z_H].

import { attention, shape, sizes, tokenRows } from './common';
import type { StepModule } from './types';

export const concatStep: StepModule = {
  kind: 'concat',
  title: 'stepper.concat.title',
  explain: 'stepper.concat.explain',
  perHead: true,
  tex: () => String.raw`Z = \big[\, Z_1 \;\big|\; Z_2 \;\big|\; \cdots \;\big|\; Z_H \,\big]`,
  build(ctx, ref) {
    const { T, d, dk } = sizes(ctx);
    const l = attention(ctx, ref).att;
    const h = ctx.head;
    return {
      shapes: [shape('Z_h', ['T', T], ['d_k', dk]), shape('Z', ['T', T], ['H · d_k = d_model', d])],
      matrices: [
        tokenRows('head', 'stepper.mat.head', l.heads[h], ctx, { head: h }),
        tokenRows('concat', 'stepper.mat.concat', l.concat, ctx, { highlightCols: [h * dk, (h + 1) * dk] }),
      ],
    };
  },
};
