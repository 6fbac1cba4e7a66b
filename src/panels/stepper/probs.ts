// Step: softmax over the vocabulary: the probability of each word being the next one.

import { topEntries } from '../../shared/sampling';
import { rowOf, shape, sizes, tokenRows, walk } from './common';
import type { StepModule } from './types';

export const TOP_PROBS = 10;

export const probsStep: StepModule = {
  kind: 'probs',
  title: 'stepper.probs.title',
  explain: 'stepper.probs.explain',
  perHead: false,
  tex: () => String.raw`p_i(w) = \mathrm{softmax}(\text{logits}_i)_w = \frac{e^{\text{logits}_i[w]}}{\sum_{w'} e^{\text{logits}_i[w']}}`,
  build(ctx) {
    const { T, V } = sizes(ctx);
    const w = walk(ctx);
    if (!w.probs) throw new Error('the encoder has no output layer');
    const top = topEntries(rowOf(w.probs, ctx.token), TOP_PROBS);
    const vars = { token: ctx.tokens[ctx.token] ?? '', next: ctx.tokens[ctx.token + 1] ?? '' };
    const key = w.seq2seq
      ? ctx.token === T - 1
        ? 'seq2seq.note.probsLast'
        : 'seq2seq.note.probsEarlier'
      : ctx.token === T - 1
        ? 'stepper.note.probsLast'
        : 'stepper.note.probsEarlier';
    return {
      shapes: [shape('p', ['T', T], ['V', V])],
      notes: [{ key, vars }],
      matrices: [tokenRows('probs', 'stepper.mat.probs', w.probs, ctx, { cols: 'vocab', scale: 'probability', showRow: false })],
      bars: {
        id: 'probs',
        title: 'stepper.bars.probs',
        titleVars: { n: TOP_PROBS, token: ctx.tokens[ctx.token] ?? '' },
        items: top.map((e) => ({ label: ctx.vocab[e.index] ?? `#${e.index}`, value: e.value, index: e.index })),
        probability: true,
      },
    };
  },
};
