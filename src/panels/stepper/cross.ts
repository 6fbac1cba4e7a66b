// The steps only a translation model's decoder layer has (CONTRACT §5): cross-attention's queries,
// keys and values — Q from the decoder's rows, K and V from the encoder's output M — and the residual
// connection and LayerNorm around it. The rest of cross-attention (scores, ÷√d_k, softmax, A·V, heads,
// W_O) uses the same steps as self-attention, on [T × S] maps.

import { attention, layerOf, shape, sizes, sourceRows, tokenRows } from './common';
import type { StepModule } from './types';

export const crossQkvStep: StepModule = {
  kind: 'crossQkv',
  title: 'seq2seq.step.crossQkv.title',
  explain: 'seq2seq.step.crossQkv.explain',
  perHead: true,
  tex: () => String.raw`Q = H_1 W_Q + b_Q,\quad K = M W_K + b_K,\quad V = M W_V + b_V`,
  build(ctx, ref) {
    const { T, S, d, dk } = sizes(ctx);
    const a = attention(ctx, ref);
    const h = ctx.head;
    const pre = ctx.trace.config.norm === 'pre';
    return {
      shapes: [
        shape(pre ? 'LN₂(H₁)' : 'H₁', ['T', T], ['d_model', d]),
        shape('M', ['S', S], ['d_model', d]),
        shape('Q_h', ['T', T], ['d_k', dk]),
        shape('K_h, V_h', ['S', S], ['d_k', dk]),
      ],
      notes: [{ key: 'seq2seq.note.crossQkv', vars: { token: ctx.tokens[ctx.token] ?? '', S } }],
      matrices: [
        tokenRows('input', pre ? 'seq2seq.mat.norm2Pre' : 'seq2seq.mat.h1', a.queryIn, ctx, { showRow: false }),
        sourceRows('memory', 'seq2seq.mat.memory', a.keyIn),
        tokenRows('q', 'stepper.mat.q', a.att.q[h], ctx, { head: h }),
        sourceRows('k', 'stepper.mat.k', a.att.k[h], { head: h }),
        sourceRows('v', 'stepper.mat.v', a.att.v[h], { head: h }),
      ],
    };
  },
};

/** pre-LN: LayerNorm before cross-attention, LN₂(H₁). */
export const preNormCrossStep: StepModule = {
  kind: 'preNormCross',
  title: 'seq2seq.step.preNormCross.title',
  explain: 'seq2seq.step.preNormCross.explain',
  perHead: false,
  tex: () => String.raw`\tilde{H}_1 = \mathrm{LN}_2(H_1) = \gamma \odot \frac{H_1 - \mu}{\sqrt{\sigma^2 + \varepsilon}} + \beta`,
  build(ctx, ref) {
    const { T, d } = sizes(ctx);
    const l = layerOf(ctx, ref.layer);
    if (!l.cross) throw new Error('this layer has no cross-attention');
    return {
      shapes: [shape('LN₂(H₁)', ['T', T], ['d_model', d])],
      matrices: [tokenRows('residual1', 'stepper.mat.residual1', l.residual1, ctx), tokenRows('crossInput', 'seq2seq.mat.norm2Pre', l.cross.input, ctx)],
    };
  },
};

/** post-LN: H₂ = LN₂(H₁ + Cross(H₁, M)). */
export const addNormCrossStep: StepModule = {
  kind: 'addNormCross',
  title: 'seq2seq.step.addNormCross.title',
  explain: 'seq2seq.step.addNormCross.explain',
  perHead: false,
  tex: () => String.raw`H_2 = \mathrm{LN}_2\big(H_1 + \mathrm{Cross}(H_1, M)\big)`,
  build(ctx, ref) {
    const { T, d } = sizes(ctx);
    const l = layerOf(ctx, ref.layer);
    if (!l.cross) throw new Error('this layer has no cross-attention');
    return {
      shapes: [shape('H₁ + Cross(H₁, M)', ['T', T], ['d_model', d]), shape('H₂', ['T', T], ['d_model', d])],
      matrices: [
        tokenRows('crossInput', 'seq2seq.mat.h1', l.cross.input, ctx, { showRow: false }),
        tokenRows('cross', 'seq2seq.mat.cross', l.cross.attention.att.attention, ctx, { showRow: false }),
        tokenRows('residual2', 'stepper.mat.residual1', l.cross.residual, ctx),
        tokenRows('ffnInput', 'seq2seq.mat.h2', l.ffnInput, ctx),
      ],
    };
  },
};

/** pre-LN: H₂ = H₁ + Cross(LN₂(H₁), M). */
export const residualCrossStep: StepModule = {
  kind: 'residualCross',
  title: 'seq2seq.step.residualCross.title',
  explain: 'seq2seq.step.residualCross.explain',
  perHead: false,
  tex: () => String.raw`H_2 = H_1 + \mathrm{Cross}\big(\mathrm{LN}_2(H_1), M\big)`,
  build(ctx, ref) {
    const { T, d } = sizes(ctx);
    const l = layerOf(ctx, ref.layer);
    if (!l.cross) throw new Error('this layer has no cross-attention');
    return {
      shapes: [shape('H₂', ['T', T], ['d_model', d])],
      matrices: [
        tokenRows('residual1', 'stepper.mat.residual1', l.residual1, ctx, { showRow: false }),
        tokenRows('cross', 'seq2seq.mat.cross', l.cross.attention.att.attention, ctx, { showRow: false }),
        tokenRows('residual2', 'stepper.mat.residual1', l.cross.residual, ctx),
      ],
    };
  },
};
