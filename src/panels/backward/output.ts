// Steps at the top of the backward pass: the loss at every position and their mean, ∂L/∂logits,
// back through the output layer, and (pre-LN) the final LayerNorm.

import type { StepNote } from '../stepper/types';
import { lastHidden, lossRows, topAbs, weightMat, WEIGHT } from './read';
import { LN_JACOBIAN, rowsSpec, shape, sizes, tokenOf, weightSpec } from './specs';
import type { BackwardModule } from './types';

/** A true minus sign in printed numbers. */
function minus(text: string): string {
  return text.replace('-', '−');
}

/** Most bars of one row of ∂L/∂logits. */
export const GRAD_BARS = 8;

export const lossStep: BackwardModule = {
  kind: 'loss',
  title: 'backward.loss.title',
  explain: 'backward.loss.explain',
  perHead: false,
  tex: () => String.raw`\begin{aligned} L_i &= -\log p_i(t_{i+1}), \quad i = 0, \dots, T-2 \\ L &= \frac{1}{T-1}\sum_{i=0}^{T-2} L_i \end{aligned}`,
  build(ctx) {
    const { T, V } = sizes(ctx);
    const rows = lossRows(ctx.trace, ctx.tokens, ctx.vocab);
    const target = ctx.trace.targets[ctx.token];
    const note: StepNote =
      ctx.token < T - 1
        ? {
            key: 'backward.note.loss',
            vars: { token: tokenOf(ctx), next: tokenOf(ctx, ctx.token + 1), p: (rows[ctx.token].p * 100).toFixed(1), loss: rows[ctx.token].loss.toFixed(3) },
          }
        : { key: 'backward.note.lossLast', vars: { token: tokenOf(ctx) } };
    return {
      shapes: [shape('p', ['T', T], ['V', V]), shape('L_i', ['T − 1', T - 1])],
      notes: [note, { key: 'backward.note.lossMean', vars: { n: T - 1, loss: ctx.trace.loss.toFixed(4) } }],
      matrices: [rowsSpec('probs', 'backward.mat.probs', ctx.trace.forward.probs, ctx, { cols: 'vocab', scale: 'probability', showRow: false, highlightCol: target })],
      bars: {
        id: 'losses',
        title: 'backward.bars.losses',
        items: rows.map((r) => ({ label: `${r.token} → ${r.target}`, value: r.loss, index: r.pos })),
        probability: false,
      },
      widget: { kind: 'losses', rows, mean: ctx.trace.loss },
    };
  },
};

export const dLogitsStep: BackwardModule = {
  kind: 'dLogits',
  title: 'backward.dLogits.title',
  explain: 'backward.dLogits.explain',
  perHead: false,
  tex: () =>
    String.raw`\delta_i = \frac{\partial L}{\partial z_i} = \frac{p_i - \mathrm{onehot}(t_{i+1})}{T-1} \quad (i \le T-2), \qquad \delta_{T-1} = 0`,
  build(ctx) {
    const { T, V } = sizes(ctx);
    const g = ctx.trace.grad.logits;
    const row = g.data.subarray(ctx.token * g.cols, (ctx.token + 1) * g.cols);
    const target = ctx.trace.targets[ctx.token];
    const notes: StepNote[] =
      ctx.token < T - 1
        ? [{ key: 'backward.note.dLogits', vars: { token: tokenOf(ctx), next: tokenOf(ctx, ctx.token + 1), value: minus(row[target].toFixed(4)), n: T - 1 } }]
        : [{ key: 'backward.note.dLogitsLast', vars: { token: tokenOf(ctx) } }];
    return {
      shapes: [shape('p, onehot', ['T', T], ['V', V]), shape('δ = ∂L/∂z', ['T', T], ['V', V])],
      notes,
      matrices: [rowsSpec('dLogits', 'backward.mat.dLogits', g, ctx, { cols: 'vocab', showRow: false, highlightCol: target })],
      bars:
        ctx.token < T - 1
          ? {
              id: 'dLogits',
              title: 'backward.bars.dLogits',
              titleVars: { n: GRAD_BARS, token: tokenOf(ctx) },
              items: topAbs(row, GRAD_BARS).map((i) => ({ label: ctx.vocab[i] ?? `#${i}`, value: row[i], index: i })),
              probability: false,
              signed: true,
            }
          : undefined,
    };
  },
};

export const outputLayerStep: BackwardModule = {
  kind: 'outputLayer',
  title: 'backward.outputLayer.title',
  explain: 'backward.outputLayer.explain',
  perHead: false,
  tex: (c) =>
    c.tiedOutput
      ? String.raw`z = h\,E^{\top}: \quad \frac{\partial L}{\partial E} \mathrel{+}= \delta^{\top} h, \qquad \frac{\partial L}{\partial h} = \delta\, E`
      : String.raw`z = h\,W_{\text{out}} + b_{\text{out}}: \quad \frac{\partial L}{\partial W_{\text{out}}} = h^{\top}\delta, \quad \frac{\partial L}{\partial b_{\text{out}}} = \sum_i \delta_i, \quad \frac{\partial L}{\partial h} = \delta\, W_{\text{out}}^{\top}`,
  build(ctx) {
    const { T, d, V } = sizes(ctx);
    const { value, grad } = lastHidden(ctx.trace);
    const tied = ctx.trace.forward.config.tiedOutput;
    const dW = tied ? null : weightMat(ctx.trace, WEIGHT.outputKernel);
    const hiddenName = ctx.trace.forward.finalNorm ? 'backward.mat.finalNorm' : 'backward.mat.lastOutput';
    // Where the selected token's hidden gradient points hardest (its largest entries).
    const gRow = grad.data.subarray(ctx.token * grad.cols, (ctx.token + 1) * grad.cols);
    const top = topAbs(gRow, 1)[0] ?? 0;
    return {
      shapes: [
        shape('h', ['T', T], ['d_model', d]),
        shape('δ', ['T', T], ['V', V]),
        shape(tied ? '∂L/∂E' : '∂L/∂W_out', tied ? ['V', V] : ['d_model', d], tied ? ['d_model', d] : ['V', V]),
        shape('∂L/∂h', ['T', T], ['d_model', d]),
      ],
      notes: [
        ...(tied ? [{ key: 'backward.note.tied' } as StepNote] : []),
        { key: 'backward.note.dHidden', vars: { token: tokenOf(ctx), dim: top, value: minus((gRow[top] ?? 0).toFixed(4)) } },
      ],
      matrices: [
        rowsSpec('hidden', hiddenName, value, ctx, { showRow: false, layer: ctx.trace.forward.layers.length - 1 }),
        rowsSpec('dHidden', 'backward.mat.dHidden', grad, ctx),
        ...(dW ? [weightSpec('dWout', 'W_out', dW, { cols: 'vocab' })] : []),
      ],
    };
  },
};

export const finalNormStep: BackwardModule = {
  kind: 'finalNorm',
  title: 'backward.finalNorm.title',
  explain: 'backward.finalNorm.explain',
  perHead: false,
  tex: () => String.raw`h = \mathrm{LN}_f(Y): \quad \frac{\partial L}{\partial Y} = J_{\mathrm{LN}}^{\top}\, \frac{\partial L}{\partial h}, \qquad ${LN_JACOBIAN}`,
  build(ctx) {
    const { T, d } = sizes(ctx);
    const last = ctx.trace.forward.layers.length - 1;
    const gFinal = ctx.trace.grad.finalNorm;
    const gOut = ctx.trace.grad.layers[last].output;
    return {
      shapes: [shape('∂L/∂h, ∂L/∂Y', ['T', T], ['d_model', d])],
      matrices: [
        ...(gFinal ? [rowsSpec('dFinalNorm', 'backward.mat.dHidden', gFinal, ctx, { showRow: false })] : []),
        rowsSpec('dLayerOutput', 'backward.mat.dLayerOutput', gOut, ctx, { layer: last }),
      ],
      notes: [{ key: 'backward.note.lnJacobian' }],
    };
  },
};
