// The last steps: the gradient reaches the embedding table (only the sentence's tokens' rows), the
// size of every weight's gradient and the clipping factor, Adam's update of a chosen weight, and the
// payoff: the same sentence's loss before and after the update.

import type { StepNote } from '../stepper/types';
import { adamEntries, embeddingRows, lengthOf, normItems, payoffRows, pickRows, weightMat, WEIGHT } from './read';
import { rowsSpec, shape, sizes, weightSpec } from './specs';
import type { BackwardModule } from './types';

/** A signed number with a true minus sign ("−2.38", "+0.10"). */
export function signed(v: number, digits: number): string {
  const s = Math.abs(v).toFixed(digits);
  return v < 0 ? `−${s}` : v > 0 ? `+${s}` : s;
}

/** A setting as people read it: at most 4 significant digits ("0.002995", "1e-7"). */
export function short(v: number): string {
  return String(Number(v.toPrecision(4)));
}

/** Entries of the chosen weight shown in Adam's table. */
export const ADAM_ENTRIES = 6;
/** Tensors up to this many entries are also drawn whole (gradient and step). */
export const ADAM_MAP_LIMIT = 70_000;

export const embeddingStep: BackwardModule = {
  kind: 'embedding',
  title: 'backward.embedding.title',
  explain: 'backward.embedding.explain',
  perHead: false,
  tex: (c) =>
    String.raw`X_i = s\,E[t_i] + P_i: \quad \frac{\partial L}{\partial E[w]} = s \sum_{i:\; t_i = w} \frac{\partial L}{\partial X_i}, \quad s = ${c.embeddingScale === 1 ? '1' : Number(c.embeddingScale.toFixed(3))}${c.positional === 'learned' ? String.raw`; \quad \frac{\partial L}{\partial P_i} = \frac{\partial L}{\partial X_i}` : ''}`,
  build(ctx) {
    const { T, d, V } = sizes(ctx);
    const config = ctx.trace.forward.config;
    const dE = weightMat(ctx.trace, WEIGHT.tokenEmbedding);
    const ids = ctx.trace.forward.ids;
    const found = dE ? embeddingRows(dE, ids, ctx.vocab) : { rows: [], zeroRows: 0 };
    const dP = config.positional === 'learned' ? weightMat(ctx.trace, WEIGHT.positionEmbedding) : null;
    const notes: StepNote[] = [
      config.tiedOutput
        ? { key: 'backward.note.embeddingTied', vars: { n: found.rows.length, V } }
        : { key: 'backward.note.embeddingRows', vars: { n: found.rows.length, V, zero: found.zeroRows } },
      // The last token predicts nothing here and no earlier token may look at it (the causal mask):
      // unless its word also appears earlier, its row gets nothing from the input.
      ...found.rows
        .filter((r) => r.norm === 0)
        .map((r): StepNote => ({ key: config.tiedOutput ? 'backward.note.embeddingSilentTied' : 'backward.note.embeddingSilent', vars: { word: r.word } })),
      { key: config.positional === 'learned' ? 'backward.note.positionLearned' : 'backward.note.positionFixed' },
    ];
    return {
      shapes: [shape('∂L/∂X', ['T', T], ['d_model', d]), shape('∂L/∂E', ['V', V], ['d_model', d])],
      notes,
      matrices: [
        rowsSpec('dInput', 'backward.mat.dInput', ctx.trace.grad.input, ctx),
        ...(dE
          ? [
              weightSpec(
                'dEmbeddingRows',
                'E',
                pickRows(
                  dE,
                  found.rows.map((r) => r.id),
                ),
                { name: 'backward.mat.dEmbeddingRows', rowLabels: found.rows.map((r) => r.word), highlightRow: found.rows.findIndex((r) => r.id === ids[ctx.token]) },
              ),
            ]
          : []),
        ...(dP ? [rowsSpec('dPositionRows', 'backward.mat.dPositionRows', pickRows(dP, ids.map((_, i) => i)), ctx, { showRow: false })] : []),
      ],
      widget: { kind: 'embeddingRows', rows: found.rows, zeroRows: found.zeroRows, vocabSize: V, tied: config.tiedOutput },
    };
  },
};

export const normsStep: BackwardModule = {
  kind: 'norms',
  title: 'backward.norms.title',
  explain: 'backward.norms.explain',
  perHead: false,
  tex: () =>
    String.raw`\begin{aligned} \|g_W\| &= \sqrt{\textstyle\sum g_W^2}, & G &= \sqrt{\textstyle\sum_W \|g_W\|^2}, \\ c &= \min\Big(1,\ \frac{\tau}{G}\Big), & g_W &\leftarrow c\, g_W \end{aligned}`,
  build(ctx) {
    const t = ctx.trace;
    const items = normItems(t);
    const notes: StepNote[] = [
      t.clipNorm === null
        ? { key: 'backward.note.noClip', vars: { norm: t.globalNorm.toFixed(4) } }
        : t.clipFactor < 1
          ? { key: 'backward.note.clipped', vars: { norm: t.globalNorm.toFixed(4), clip: String(t.clipNorm), factor: t.clipFactor.toFixed(4) } }
          : { key: 'backward.note.notClipped', vars: { norm: t.globalNorm.toFixed(4), clip: String(t.clipNorm) } },
    ];
    // Adding one number to every key shifts a whole row of scores at once, which the softmax ignores:
    // the key biases' gradients are (up to rounding) 0. Said when the trace shows it.
    const keyBiases = items.filter((it) => /\/attention\/key\/bias$/.test(it.name));
    if (keyBiases.length > 0 && keyBiases.every((it) => it.norm <= 1e-5 * t.globalNorm)) notes.push({ key: 'backward.note.keyBias' });
    return {
      shapes: [shape('‖g_W‖', ['W', items.length])],
      notes,
      matrices: [],
      widget: { kind: 'norms', items, globalNorm: t.globalNorm, clipNorm: t.clipNorm, clipFactor: t.clipFactor },
    };
  },
};

export const adamStep: BackwardModule = {
  kind: 'adam',
  title: 'backward.adam.title',
  explain: 'backward.adam.explain',
  perHead: false,
  tex: () =>
    String.raw`\begin{aligned} g &= c\,\nabla_W L, & m &= \beta_1 m_{t-1} + (1 - \beta_1)\, g, \\ v &= \beta_2 v_{t-1} + (1 - \beta_2)\, g^2, & \hat m &= \frac{m}{1 - \beta_1^{\,t}}, \\ \hat v &= \frac{v}{1 - \beta_2^{\,t}}, & W &\leftarrow W - \eta \Big(\frac{\hat m}{\sqrt{\hat v} + \varepsilon} + \lambda W\Big) \end{aligned}`,
  build(ctx) {
    const u = ctx.trace.update;
    const entries = adamEntries(u, ADAM_ENTRIES);
    const notes: StepNote[] = [
      {
        key: 'backward.note.adamSettings',
        vars: { lr: short(u.learningRate), b1: short(u.beta1), b2: short(u.beta2), eps: short(u.epsilon), wd: short(u.weightDecay), t: u.step },
      },
      { key: u.fromRun ? 'backward.note.adamFromRun' : 'backward.note.adamFresh' },
    ];
    const size = u.before.length;
    const rows = u.shape.length === 2 ? u.shape[0] : 1;
    const cols = u.shape.length === 2 ? u.shape[1] : size;
    const whole = size <= ADAM_MAP_LIMIT;
    return {
      shapes: [shape('W, g, m, v, ΔW', ...u.shape.map((n, i) => [u.shape.length === 2 ? (i === 0 ? 'n₁' : 'n₂') : 'n', n] as const))],
      notes,
      matrices: whole
        ? [
            weightSpec('adamGrad', '', { rows, cols, data: u.grad }, { name: 'backward.mat.adamGrad' }),
            weightSpec('adamDelta', '', { rows, cols, data: u.delta }, { name: 'backward.mat.adamDelta' }),
          ]
        : [],
      widget: { kind: 'adam', entries },
    };
  },
};

export const payoffStep: BackwardModule = {
  kind: 'payoff',
  title: 'backward.payoff.title',
  explain: 'backward.payoff.explain',
  perHead: false,
  tex: () => String.raw`\begin{aligned} &L(W) \;\longrightarrow\; L(W + \Delta W) \\ &L = \frac{1}{T-1}\sum_{i=0}^{T-2} -\log p_i(t_{i+1}) \end{aligned}`,
  build(ctx) {
    const t = ctx.trace;
    const rows = payoffRows(t, ctx.tokens, ctx.vocab);
    const up = rows.filter((r) => r.after > r.before).length;
    return {
      shapes: [shape('pᵢ(tᵢ₊₁)', ['T − 1', lengthOf(t) - 1])],
      notes: <StepNote[]>[
        {
          key: t.after.loss < t.loss ? 'backward.note.payoffDown' : 'backward.note.payoffUp',
          vars: { before: t.loss.toFixed(4), after: t.after.loss.toFixed(4), change: signed(((t.after.loss - t.loss) / t.loss) * 100, 2) },
        },
        { key: 'backward.note.payoffPositions', vars: { up, n: rows.length } },
      ],
      matrices: [],
      bars: {
        id: 'payoff',
        title: 'backward.bars.payoff',
        items: rows.map((r) => ({ label: `${r.token} → ${r.target}`, value: r.after, index: r.pos, reference: r.before })),
        probability: true,
      },
      widget: { kind: 'payoff', rows, before: t.loss, after: t.after.loss },
    };
  },
};
