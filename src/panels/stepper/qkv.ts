// Step: the query, key and value of every token, Q = X·W_Q + b_Q (and K, V); head h takes its d_k columns.

import { attention, shape, sizes, tokenRows, walk } from './common';
import type { StepModule } from './types';

export const qkvStep: StepModule = {
  kind: 'qkv',
  title: 'stepper.qkv.title',
  explain: 'stepper.qkv.explain',
  perHead: true,
  tex: () =>
    String.raw`Q = X W_Q + b_Q,\quad K = X W_K + b_K,\quad V = X W_V + b_V;\quad Q_h = Q_{[:,\; h d_k \,:\, (h+1) d_k]}`,
  build(ctx, ref) {
    const { T, d, dk } = sizes(ctx);
    const a = attention(ctx, ref);
    const l = a.att;
    const h = ctx.head;
    return {
      shapes: [
        shape('X', ['T', T], ['d_model', d]),
        shape('W_Q, W_K, W_V', ['d_model', d], ['d_model', d]),
        shape('Q_h, K_h, V_h', ['T', T], ['d_k', dk]),
      ],
      notes: a.site === 'encoder' ? [{ key: 'seq2seq.note.encoderQkv' }] : undefined,
      matrices: [
        tokenRows('input', walk(ctx).layers[ref.layer].preNorm1 ? 'stepper.mat.preNorm1' : 'stepper.mat.layerInput', a.queryIn, ctx, {
          showRow: false,
        }),
        tokenRows('q', 'stepper.mat.q', l.q[h], ctx, { head: h }),
        tokenRows('k', 'stepper.mat.k', l.k[h], ctx, { head: h }),
        tokenRows('v', 'stepper.mat.v', l.v[h], ctx, { head: h }),
      ],
    };
  },
};
