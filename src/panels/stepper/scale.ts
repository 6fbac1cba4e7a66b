// Step: divide the scores by √d_k.

import { attention, keyAxis, shape, sizes, tokenSquare } from './common';
import type { StepModule, StepNote } from './types';

export const scaleStep: StepModule = {
  kind: 'scale',
  title: 'stepper.scale.title',
  explain: 'stepper.scale.explain',
  perHead: true,
  tex: (c) => String.raw`\frac{S_h}{\sqrt{d_k}} = \frac{S_h}{\sqrt{${c.dModel / c.nHeads}}} = \frac{S_h}{${+Math.sqrt(c.dModel / c.nHeads).toFixed(3)}}`,
  build(ctx, ref) {
    const { T, S } = sizes(ctx);
    const a = attention(ctx, ref);
    const l = a.att;
    const cols = keyAxis(a);
    const dk = ctx.trace.config.dModel / ctx.trace.config.nHeads;
    const notes: StepNote[] = [{ key: 'stepper.note.scale', vars: { dk, root: Math.sqrt(dk).toFixed(3) } }];
    // No mask in this attention: the next step is the softmax, and the learner is told why.
    if (!a.causal) notes.push({ key: a.cross ? 'seq2seq.note.noMaskCross' : 'seq2seq.note.noMaskEncoder' });
    return {
      shapes: [shape('S_h / √d_k', ['T', T], a.cross ? ['S', S] : ['T', T])],
      notes,
      matrices: [tokenSquare('scores', 'stepper.mat.scores', l.scores[ctx.head], ctx, { cols }), tokenSquare('scaled', 'stepper.mat.scaled', l.scaled[ctx.head], ctx, { cols })],
    };
  },
};
