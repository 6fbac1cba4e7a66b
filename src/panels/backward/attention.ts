// Steps back through one multi-head attention, per head where the forward pass splits into heads:
// the output matrix W_O, Z_h = A_h·V_h, the softmax Jacobian, ÷√d_k with the causal mask (its cells
// get no gradient), S_h = Q_h·K_hᵀ, and into W_Q, W_K, W_V.

import type { StepNote } from '../stepper/types';
import { layerPair, maskedCells, weightMat, WEIGHT } from './read';
import { rowsSpec, shape, sizes, squareSpec, tokenOf, weightSpec } from './specs';
import type { BackwardModule } from './types';

export const attnOutStep: BackwardModule = {
  kind: 'attnOut',
  title: 'backward.attnOut.title',
  explain: 'backward.attnOut.explain',
  perHead: false,
  tex: () =>
    String.raw`O = Z W_O + b_O: \quad \frac{\partial L}{\partial Z} = \frac{\partial L}{\partial O} W_O^{\top}, \quad \frac{\partial L}{\partial W_O} = Z^{\top} \frac{\partial L}{\partial O}; \qquad \frac{\partial L}{\partial Z_h} = \Big(\frac{\partial L}{\partial Z}\Big)_{[:,\; h d_k \,:\, (h+1) d_k]}`,
  build(ctx, ref) {
    const { T, d, dk } = sizes(ctx);
    const { g } = layerPair(ctx.trace, ref.layer);
    const wo = weightMat(ctx.trace, WEIGHT.attention(ref.layer, 'output', 'kernel'));
    return {
      shapes: [shape('∂L/∂O, ∂L/∂Z', ['T', T], ['d_model', d]), shape('∂L/∂W_O', ['d_model', d], ['d_model', d]), shape('∂L/∂Z_h', ['T', T], ['d_k', dk])],
      matrices: [
        rowsSpec('dAttention', 'backward.mat.dAttention', g.attention, ctx, { showRow: false }),
        ...(wo ? [weightSpec('dWo', 'W_O', wo)] : []),
        rowsSpec('dConcat', 'backward.mat.dConcat', g.concat, ctx, { highlightCols: [ctx.head * dk, (ctx.head + 1) * dk] }),
      ],
    };
  },
};

export const attnValuesStep: BackwardModule = {
  kind: 'attnValues',
  title: 'backward.attnValues.title',
  explain: 'backward.attnValues.explain',
  perHead: true,
  tex: () =>
    String.raw`Z_h = A_h V_h: \quad \frac{\partial L}{\partial V_h} = A_h^{\top} \frac{\partial L}{\partial Z_h}, \qquad \frac{\partial L}{\partial A_h} = \frac{\partial L}{\partial Z_h} V_h^{\top}`,
  build(ctx, ref) {
    const { T, dk } = sizes(ctx);
    const { f, g } = layerPair(ctx.trace, ref.layer);
    const h = ctx.head;
    return {
      shapes: [shape('A_h, ∂L/∂A_h', ['T', T], ['T', T]), shape('∂L/∂Z_h, ∂L/∂V_h', ['T', T], ['d_k', dk])],
      notes: [{ key: 'backward.note.values', vars: { token: tokenOf(ctx) } }],
      matrices: [
        rowsSpec('dHeads', 'backward.mat.dHeads', g.heads[h], ctx, { head: h, showRow: false }),
        squareSpec('weights', 'backward.mat.weights', f.weights[h], ctx, { scale: 'probability', showRow: false }),
        rowsSpec('dV', 'backward.mat.dV', g.v[h], ctx, { head: h }),
        squareSpec('dWeights', 'backward.mat.dWeights', g.weights[h], ctx, { causal: false }),
      ],
    };
  },
};

export const attnSoftmaxStep: BackwardModule = {
  kind: 'attnSoftmax',
  title: 'backward.attnSoftmax.title',
  explain: 'backward.attnSoftmax.explain',
  perHead: true,
  tex: () =>
    String.raw`\frac{\partial L}{\partial M_h} = A_h \odot \Big(\frac{\partial L}{\partial A_h} - \mathrm{rowsum}\Big(\frac{\partial L}{\partial A_h} \odot A_h\Big)\Big)`,
  build(ctx, ref) {
    const { T } = sizes(ctx);
    const { f, g } = layerPair(ctx.trace, ref.layer);
    const h = ctx.head;
    const cells = maskedCells(g.masked[h]);
    return {
      shapes: [shape('A_h, ∂L/∂A_h, ∂L/∂M_h', ['T', T], ['T', T])],
      notes: <StepNote[]>[
        { key: 'backward.note.softmax', vars: { token: tokenOf(ctx) } },
        { key: 'backward.note.softmaxMasked' },
        { key: cells.zero === cells.masked ? 'backward.note.maskZero' : 'backward.note.maskNotZero', vars: { n: cells.masked, zero: cells.zero } },
      ],
      matrices: [
        squareSpec('weights', 'backward.mat.weights', f.weights[h], ctx, { scale: 'probability', showRow: false }),
        squareSpec('dWeights', 'backward.mat.dWeights', g.weights[h], ctx, { showRow: false, causal: false }),
        squareSpec('dMasked', 'backward.mat.dMasked', g.masked[h], ctx),
      ],
    };
  },
};

export const attnScaleStep: BackwardModule = {
  kind: 'attnScale',
  title: 'backward.attnScale.title',
  explain: 'backward.attnScale.explain',
  perHead: true,
  tex: (c) => {
    const dk = c.dModel / c.nHeads;
    return String.raw`M_h = \mathrm{mask}\Big(\frac{S_h}{\sqrt{d_k}}\Big): \quad \frac{\partial L}{\partial S_h}[i, j] = \begin{cases} \dfrac{1}{\sqrt{d_k}} \dfrac{\partial L}{\partial M_h}[i, j] & j \le i \\ 0 & j > i \end{cases}, \quad \sqrt{d_k} = \sqrt{${dk}} = ${Number(Math.sqrt(dk).toFixed(3))}`;
  },
  build(ctx, ref) {
    const { T, dk } = sizes(ctx);
    const { g } = layerPair(ctx.trace, ref.layer);
    const h = ctx.head;
    const cells = maskedCells(g.scores[h]);
    return {
      shapes: [shape('∂L/∂M_h, ∂L/∂S_h', ['T', T], ['T', T])],
      notes: <StepNote[]>[
        { key: 'backward.note.scale', vars: { root: String(Number(Math.sqrt(dk).toFixed(3))), dk } },
        { key: cells.zero === cells.masked ? 'backward.note.maskZero' : 'backward.note.maskNotZero', vars: { n: cells.masked, zero: cells.zero } },
      ],
      matrices: [
        squareSpec('dMasked', 'backward.mat.dMasked', g.masked[h], ctx, { showRow: false }),
        squareSpec('dScores', 'backward.mat.dScores', g.scores[h], ctx),
      ],
    };
  },
};

export const attnQKStep: BackwardModule = {
  kind: 'attnQK',
  title: 'backward.attnQK.title',
  explain: 'backward.attnQK.explain',
  perHead: true,
  tex: () =>
    String.raw`S_h = Q_h K_h^{\top}: \quad \frac{\partial L}{\partial Q_h} = \frac{\partial L}{\partial S_h} K_h, \qquad \frac{\partial L}{\partial K_h} = \Big(\frac{\partial L}{\partial S_h}\Big)^{\top} Q_h`,
  build(ctx, ref) {
    const { T, dk } = sizes(ctx);
    const { g } = layerPair(ctx.trace, ref.layer);
    const h = ctx.head;
    return {
      shapes: [shape('∂L/∂S_h', ['T', T], ['T', T]), shape('∂L/∂Q_h, ∂L/∂K_h', ['T', T], ['d_k', dk])],
      notes: [{ key: 'backward.note.qk', vars: { token: tokenOf(ctx) } }],
      matrices: [
        squareSpec('dScores', 'backward.mat.dScores', g.scores[h], ctx, { showRow: false }),
        rowsSpec('dQ', 'backward.mat.dQ', g.q[h], ctx, { head: h }),
        rowsSpec('dK', 'backward.mat.dK', g.k[h], ctx, { head: h }),
      ],
    };
  },
};

export const attnInputStep: BackwardModule = {
  kind: 'attnInput',
  title: 'backward.attnInput.title',
  explain: 'backward.attnInput.explain',
  perHead: false,
  tex: (c) =>
    String.raw`\begin{aligned} &\frac{\partial L}{\partial W_Q} = X^{\top} \frac{\partial L}{\partial Q}, \quad \frac{\partial L}{\partial W_K} = X^{\top} \frac{\partial L}{\partial K}, \quad \frac{\partial L}{\partial W_V} = X^{\top} \frac{\partial L}{\partial V} \\ &\frac{\partial L}{\partial X} = \frac{\partial L}{\partial Q} W_Q^{\top} + \frac{\partial L}{\partial K} W_K^{\top} + \frac{\partial L}{\partial V} W_V^{\top}${c.norm === 'post' ? String.raw` + \frac{\partial L}{\partial R_1}` : ''} \end{aligned}`,
  build(ctx, ref) {
    const { T, d } = sizes(ctx);
    const { g } = layerPair(ctx.trace, ref.layer);
    const pre = g.preNorm1 !== undefined;
    const weights = (['query', 'key', 'value'] as const).flatMap((part) => {
      const m = weightMat(ctx.trace, WEIGHT.attention(ref.layer, part, 'kernel'));
      return m ? [weightSpec(`dW${part}`, `W_${part === 'query' ? 'Q' : part === 'key' ? 'K' : 'V'}`, m)] : [];
    });
    const first = ref.layer === 0;
    return {
      shapes: [shape('∂L/∂W_Q, ∂L/∂W_K, ∂L/∂W_V', ['d_model', d], ['d_model', d]), shape('∂L/∂X', ['T', T], ['d_model', d])],
      notes: [{ key: pre ? 'backward.note.attnInputPre' : first ? 'backward.note.attnInputFirst' : 'backward.note.attnInput', layers: { layer: ref.layer, below: ref.layer - 1 } }],
      matrices: [
        ...weights,
        pre && g.preNorm1
          ? rowsSpec('dPreNorm1', 'backward.mat.dPreNorm1', g.preNorm1, ctx)
          : rowsSpec('dLayerInput', 'backward.mat.dLayerInput', g.input, ctx, { layer: ref.layer }),
      ],
    };
  },
};
