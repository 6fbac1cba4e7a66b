// Step: one score (logit) per vocabulary word, logits = h·W_out + b_out (or h·Eᵀ when tied).

import { topEntries } from '../../shared/sampling';
import { lastHidden, rowOf, shape, sizes, tokenRows, walk } from './common';
import type { StepModule } from './types';

export const TOP_N = 10;

export const logitsStep: StepModule = {
  kind: 'logits',
  title: 'stepper.logits.title',
  explain: 'stepper.logits.explain',
  perHead: false,
  tex: (c) => (c.tiedOutput ? String.raw`\text{logits}_i = h_i\, E^{\top}` : String.raw`\text{logits}_i = h_i\, W_{\text{out}} + b_{\text{out}}`),
  build(ctx) {
    const { T, d, V } = sizes(ctx);
    const w = walk(ctx);
    if (!w.logits) throw new Error('the encoder has no output layer');
    const top = topEntries(rowOf(w.logits, ctx.token), TOP_N);
    return {
      shapes: [
        shape('h', ['T', T], ['d_model', d]),
        shape(ctx.trace.config.tiedOutput ? 'Eᵀ' : 'W_out', ['d_model', d], ['V', V]),
        shape('logits', ['T', T], ['V', V]),
      ],
      notes: [{ key: 'stepper.note.predicts', vars: { token: ctx.tokens[ctx.token] ?? '' } }],
      matrices: [
        tokenRows('hidden', w.finalNorm ? 'stepper.mat.finalNorm' : 'stepper.mat.output', lastHidden(ctx), ctx, { showRow: false }),
        tokenRows('logits', 'stepper.mat.logits', w.logits, ctx, { cols: 'vocab', showRow: false }),
      ],
      bars: {
        id: 'logits',
        title: 'stepper.bars.logits',
        titleVars: { n: TOP_N },
        items: top.map((e) => ({ label: ctx.vocab[e.index] ?? `#${e.index}`, value: e.value, index: e.index })),
        probability: false,
      },
    };
  },
};
