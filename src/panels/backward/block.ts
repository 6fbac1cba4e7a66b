// Steps through one block, in reverse: add & norm (the LayerNorm Jacobian, the skip connection's
// copy), the FFN's second matrix, the ReLU's gate (the gradient passes only where the input was
// positive), the FFN's first matrix; pre-LN: the LayerNorms before each sublayer.

import type { MatrixSpec, StepNote } from '../stepper/types';
import { gatedRow, layerPair, reluGate, weightMat, WEIGHT } from './read';
import { LN_JACOBIAN, rowsSpec, shape, sizes, tokenOf, weightSpec } from './specs';
import type { BackwardContext, BackwardModule } from './types';

/** γ and β of a LayerNorm, as thin strips. */
function normWeights(ctx: BackwardContext, names: readonly [string, string], n: string): MatrixSpec[] {
  const out: MatrixSpec[] = [];
  const g = weightMat(ctx.trace, names[0]);
  const b = weightMat(ctx.trace, names[1]);
  if (g) out.push(weightSpec('dGamma', `γ${n}`, g));
  if (b) out.push(weightSpec('dBeta', `β${n}`, b));
  return out;
}

export const addNorm2Step: BackwardModule = {
  kind: 'addNorm2',
  title: 'backward.addNorm2.title',
  explain: 'backward.addNorm2.explain',
  perHead: false,
  tex: () =>
    String.raw`\begin{aligned} &Y = \mathrm{LN}_2(R_2),\ R_2 = H + F: \quad \frac{\partial L}{\partial R_2} = J_{\mathrm{LN}_2}^{\top}\frac{\partial L}{\partial Y}, \quad \frac{\partial L}{\partial F} = \frac{\partial L}{\partial R_2} \\ &${LN_JACOBIAN} \end{aligned}`,
  build(ctx, ref) {
    const { T, d } = sizes(ctx);
    const { g } = layerPair(ctx.trace, ref.layer);
    return {
      shapes: [shape('∂L/∂Y, ∂L/∂R₂', ['T', T], ['d_model', d]), shape('∂L/∂γ₂, ∂L/∂β₂', ['d_model', d])],
      notes: [{ key: 'backward.note.lnJacobian' }, { key: 'backward.note.skipCopy' }],
      matrices: [
        rowsSpec('dOutput', 'backward.mat.dLayerOutput', g.output, ctx, { showRow: false, layer: ref.layer }),
        rowsSpec('dResidual2', 'backward.mat.dResidual2', g.residual2, ctx),
        ...normWeights(ctx, [WEIGHT.norm(ref.layer, 2, 'gamma'), WEIGHT.norm(ref.layer, 2, 'beta')], '₂'),
      ],
    };
  },
};

export const ffnW2Step: BackwardModule = {
  kind: 'ffnW2',
  title: 'backward.ffnW2.title',
  explain: 'backward.ffnW2.explain',
  perHead: false,
  tex: () =>
    String.raw`F = A W_2 + b_2: \quad \frac{\partial L}{\partial A} = \frac{\partial L}{\partial F} W_2^{\top}, \quad \frac{\partial L}{\partial W_2} = A^{\top} \frac{\partial L}{\partial F}, \quad \frac{\partial L}{\partial b_2} = \sum_i \frac{\partial L}{\partial F_i}`,
  build(ctx, ref) {
    const { T, d, dff } = sizes(ctx);
    const { g } = layerPair(ctx.trace, ref.layer);
    const w2 = weightMat(ctx.trace, WEIGHT.ffn(ref.layer, 'output', 'kernel'));
    return {
      shapes: [shape('∂L/∂F', ['T', T], ['d_model', d]), shape('∂L/∂W₂', ['d_ff', dff], ['d_model', d]), shape('∂L/∂A', ['T', T], ['d_ff', dff])],
      notes: ctx.trace.forward.config.norm === 'pre' ? [{ key: 'backward.note.preResidual2' }] : undefined,
      matrices: [
        rowsSpec('dFfnOutput', 'backward.mat.dFfnOutput', g.ffnOutput, ctx, { showRow: false }),
        ...(w2 ? [weightSpec('dW2', 'W₂', w2)] : []),
        rowsSpec('dFfnActivation', 'backward.mat.dFfnActivation', g.ffnActivation, ctx),
      ],
    };
  },
};

export const reluStep: BackwardModule = {
  kind: 'relu',
  title: 'backward.relu.title',
  explain: 'backward.relu.explain',
  perHead: false,
  tex: () => String.raw`A = \max(0, U): \quad \frac{\partial L}{\partial U} = \frac{\partial L}{\partial A} \odot \mathbb{1}[U > 0]`,
  build(ctx, ref) {
    const { T, dff } = sizes(ctx);
    const { f, g } = layerPair(ctx.trace, ref.layer);
    const gate = reluGate(f.ffnHidden);
    const row = gatedRow(gate, g.ffnHidden, ctx.token);
    const notes: StepNote[] = [{ key: 'backward.note.relu', vars: { token: tokenOf(ctx), open: row.open, closed: row.closed, n: dff } }];
    if (row.closed > 0) notes.push({ key: row.closedAllZero ? 'backward.note.reluZero' : 'backward.note.reluNotZero' });
    return {
      shapes: [shape('U, 𝟙[U > 0], ∂L/∂U', ['T', T], ['d_ff', dff])],
      notes,
      matrices: [
        rowsSpec('dFfnActivation', 'backward.mat.dFfnActivation', g.ffnActivation, ctx, { showRow: false }),
        rowsSpec('reluGate', 'backward.mat.reluGate', gate, ctx, { scale: 'probability', showRow: false }),
        rowsSpec('dFfnHidden', 'backward.mat.dFfnHidden', g.ffnHidden, ctx),
      ],
    };
  },
};

export const ffnW1Step: BackwardModule = {
  kind: 'ffnW1',
  title: 'backward.ffnW1.title',
  explain: 'backward.ffnW1.explain',
  perHead: false,
  tex: (c) =>
    c.norm === 'post'
      ? String.raw`U = H W_1 + b_1: \quad \frac{\partial L}{\partial W_1} = H^{\top} \frac{\partial L}{\partial U}, \quad \frac{\partial L}{\partial H} = \frac{\partial L}{\partial U} W_1^{\top} + \frac{\partial L}{\partial R_2}`
      : String.raw`U = X_2 W_1 + b_1: \quad \frac{\partial L}{\partial W_1} = X_2^{\top} \frac{\partial L}{\partial U}, \quad \frac{\partial L}{\partial X_2} = \frac{\partial L}{\partial U} W_1^{\top}`,
  build(ctx, ref) {
    const { T, d, dff } = sizes(ctx);
    const { g } = layerPair(ctx.trace, ref.layer);
    const w1 = weightMat(ctx.trace, WEIGHT.ffn(ref.layer, 'hidden', 'kernel'));
    const post = ctx.trace.forward.config.norm === 'post';
    return {
      shapes: [shape('∂L/∂U', ['T', T], ['d_ff', dff]), shape('∂L/∂W₁', ['d_model', d], ['d_ff', dff]), shape(post ? '∂L/∂H' : '∂L/∂X₂', ['T', T], ['d_model', d])],
      notes: post ? [{ key: 'backward.note.skipJoin' }] : undefined,
      matrices: [
        rowsSpec('dFfnHidden', 'backward.mat.dFfnHidden', g.ffnHidden, ctx, { showRow: false }),
        ...(w1 ? [weightSpec('dW1', 'W₁', w1)] : []),
        rowsSpec('dFfnInput', 'backward.mat.dFfnInput', g.ffnInput, ctx),
      ],
    };
  },
};

export const addNorm1Step: BackwardModule = {
  kind: 'addNorm1',
  title: 'backward.addNorm1.title',
  explain: 'backward.addNorm1.explain',
  perHead: false,
  tex: () =>
    String.raw`\begin{aligned} &H = \mathrm{LN}_1(R_1),\ R_1 = X + O: \quad \frac{\partial L}{\partial R_1} = J_{\mathrm{LN}_1}^{\top}\frac{\partial L}{\partial H}, \quad \frac{\partial L}{\partial O} = \frac{\partial L}{\partial R_1} \\ &${LN_JACOBIAN} \end{aligned}`,
  build(ctx, ref) {
    const { T, d } = sizes(ctx);
    const { g } = layerPair(ctx.trace, ref.layer);
    return {
      shapes: [shape('∂L/∂H, ∂L/∂R₁', ['T', T], ['d_model', d]), shape('∂L/∂γ₁, ∂L/∂β₁', ['d_model', d])],
      notes: [{ key: 'backward.note.lnJacobian' }, { key: 'backward.note.skipCopy1' }],
      matrices: [
        rowsSpec('dFfnInput', 'backward.mat.dFfnInput', g.ffnInput, ctx, { showRow: false }),
        rowsSpec('dResidual1', 'backward.mat.dResidual1', g.residual1, ctx),
        ...normWeights(ctx, [WEIGHT.norm(ref.layer, 1, 'gamma'), WEIGHT.norm(ref.layer, 1, 'beta')], '₁'),
      ],
    };
  },
};

export const preNorm2Step: BackwardModule = {
  kind: 'preNorm2',
  title: 'backward.preNorm2.title',
  explain: 'backward.preNorm2.explain',
  perHead: false,
  tex: () =>
    String.raw`\begin{aligned} &X_2 = \mathrm{LN}_2(R_1),\ R_2 = R_1 + F(X_2): \quad \frac{\partial L}{\partial R_1} = \frac{\partial L}{\partial R_2} + J_{\mathrm{LN}_2}^{\top}\frac{\partial L}{\partial X_2} \\ &${LN_JACOBIAN} \end{aligned}`,
  build(ctx, ref) {
    const { T, d } = sizes(ctx);
    const { g } = layerPair(ctx.trace, ref.layer);
    return {
      shapes: [shape('∂L/∂X₂, ∂L/∂R₁', ['T', T], ['d_model', d])],
      notes: [{ key: 'backward.note.lnJacobian' }, { key: 'backward.note.preSkip' }],
      matrices: [
        rowsSpec('dFfnInput', 'backward.mat.dFfnInputPre', g.ffnInput, ctx, { showRow: false }),
        rowsSpec('dResidual1', 'backward.mat.dResidual1', g.residual1, ctx),
        ...normWeights(ctx, [WEIGHT.norm(ref.layer, 2, 'gamma'), WEIGHT.norm(ref.layer, 2, 'beta')], '₂'),
      ],
    };
  },
};

export const preNorm1Step: BackwardModule = {
  kind: 'preNorm1',
  title: 'backward.preNorm1.title',
  explain: 'backward.preNorm1.explain',
  perHead: false,
  tex: () =>
    String.raw`\begin{aligned} &X' = \mathrm{LN}_1(X),\ R_1 = X + \mathrm{MHA}(X'): \quad \frac{\partial L}{\partial X} = \frac{\partial L}{\partial R_1} + J_{\mathrm{LN}_1}^{\top}\frac{\partial L}{\partial X'} \\ &${LN_JACOBIAN} \end{aligned}`,
  build(ctx, ref) {
    const { T, d } = sizes(ctx);
    const { g } = layerPair(ctx.trace, ref.layer);
    return {
      shapes: [shape("∂L/∂X', ∂L/∂X", ['T', T], ['d_model', d])],
      notes: [{ key: 'backward.note.lnJacobian' }, { key: 'backward.note.preSkip' }],
      matrices: [
        ...(g.preNorm1 ? [rowsSpec('dPreNorm1', 'backward.mat.dPreNorm1', g.preNorm1, ctx, { showRow: false })] : []),
        rowsSpec('dLayerInput', 'backward.mat.dLayerInput', g.input, ctx, { layer: ref.layer }),
        ...normWeights(ctx, [WEIGHT.norm(ref.layer, 1, 'gamma'), WEIGHT.norm(ref.layer, 1, 'beta')], '₁'),
      ],
    };
  },
};
