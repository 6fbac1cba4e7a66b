// The training-step walk-through (src/panels/backward/) reads the BackwardTrace and shows its numbers
// unchanged: the step list follows the config (blocks in reverse, pre-LN's extra norms), every matrix a
// step shows is an array of the trace (or rows of one, or the ReLU's gate from the forward pass),
// the loss table, Adam's entries and the payoff are the trace's numbers, the causal mask's cells and
// the ReLU's stopped places read exactly 0, and the update lowers the sentence's loss. The traces come
// from the model's own backward pass (src/train/backward.ts) on small random models in Node.

import { beforeAll, describe, expect, it } from 'vitest';
import { autoRefreshKey } from '../../src/app/useBackwardTrace';
import { initNodeBackend } from '../../src/cli/backend';
import { Transformer } from '../../src/model/transformer';
import { weightSpecs } from '../../src/model/weights';
import {
  adamEntries,
  defaultRow,
  embeddingRows,
  gatedRow,
  maskedCells,
  pickRows,
  reluGate,
  topAbs,
  weightGradient,
  weightNamesFor,
  weightSymbol,
} from '../../src/panels/backward/read';
import { transpose, weightSpec } from '../../src/panels/backward/specs';
import { backwardSteps, buildBackwardStep, BACKWARD_MODULES } from '../../src/panels/backward/steps';
import { BACKWARD_KINDS, type BackwardContext } from '../../src/panels/backward/types';
import type { BackwardTrace } from '../../src/shared/backward';
import { modelStacks, type ModelConfig } from '../../src/shared/config';
import { layoutMap } from '../../src/panels/map/layout';
import { backwardStepOfBox, boxOfBackwardStep } from '../../src/panels/map/steps';
import type { Mat } from '../../src/shared/trace';
import { backwardTrace } from '../../src/train/backward';

beforeAll(async () => {
  await initNodeBackend();
});

function config(over: Partial<ModelConfig> = {}): ModelConfig {
  return {
    vocabSize: 24,
    dModel: 16,
    nHeads: 2,
    nLayers: 2,
    dFF: 32,
    contextLength: 16,
    norm: 'post',
    positional: 'sinusoidal',
    embeddingScale: 1,
    lnEpsilon: 1e-5,
    tiedOutput: false,
    ...over,
  };
}

const IDS = [2, 5, 9, 5, 11, 7, 3];
const VOCAB = Array.from({ length: 24 }, (_, i) => `w${i}`);
const TOKENS = IDS.map((id) => VOCAB[id]);

const traces = new Map<string, Promise<BackwardTrace>>();
function traceOf(name: string, c: ModelConfig, weight?: string): Promise<BackwardTrace> {
  const key = `${name}:${weight ?? ''}`;
  let p = traces.get(key);
  if (!p) {
    const model = Transformer.init(c, 7);
    p = backwardTrace(model, IDS, { weight, learningRate: 1e-3 }).finally(() => model.dispose());
    traces.set(key, p);
  }
  return p;
}

/** Every Float32Array the trace holds (the numbers a step may show as they are). */
function arraysOf(t: BackwardTrace): Set<Float32Array> {
  const out = new Set<Float32Array>();
  const visit = (v: unknown): void => {
    if (v instanceof Float32Array) out.add(v);
    else if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') Object.values(v).forEach(visit);
  };
  visit(t);
  return out;
}

const VARIANTS: [string, ModelConfig][] = [
  ['post', config()],
  ['pre', config({ norm: 'pre' })],
  ['learned+tied', config({ positional: 'learned', tiedOutput: true, embeddingScale: 4 })],
];

describe('the step list', () => {
  it('walks from the loss down through the blocks in reverse, then the update', () => {
    const post = backwardSteps({ norm: 'post', nLayers: 2 });
    expect(post.length).toBe(3 + 2 * 11 + 4);
    expect(post.slice(0, 3).map((s) => s.kind)).toEqual(['loss', 'dLogits', 'outputLayer']);
    expect(post.slice(3, 14).map((s) => s.kind)).toEqual(['addNorm2', 'ffnW2', 'relu', 'ffnW1', 'addNorm1', 'attnOut', 'attnValues', 'attnSoftmax', 'attnScale', 'attnQK', 'attnInput']);
    expect(post.slice(3, 14).every((s) => s.layer === 1)).toBe(true);
    expect(post.slice(14, 25).every((s) => s.layer === 0)).toBe(true);
    expect(post.slice(-4).map((s) => s.kind)).toEqual(['embedding', 'norms', 'adam', 'payoff']);
    const pre = backwardSteps({ norm: 'pre', nLayers: 3 });
    expect(pre.length).toBe(4 + 3 * 11 + 4);
    expect(pre[3].kind).toBe('finalNorm');
    expect(pre.slice(4, 15).map((s) => s.kind)).toEqual(['ffnW2', 'relu', 'ffnW1', 'preNorm2', 'attnOut', 'attnValues', 'attnSoftmax', 'attnScale', 'attnQK', 'attnInput', 'preNorm1']);
    // Every kind has a module with its own title and explanation.
    const titles = new Set(BACKWARD_KINDS.map((k) => BACKWARD_MODULES[k].title));
    expect(titles.size).toBe(BACKWARD_KINDS.length);
    for (const k of BACKWARD_KINDS) expect(BACKWARD_MODULES[k].kind).toBe(k);
  });

  it('names every weight of CONTRACT §2 in manifest order, each with a symbol', () => {
    for (const [, c] of VARIANTS) {
      expect(weightNamesFor(c)).toEqual(weightSpecs(c).map((s) => s.name));
      for (const n of weightNamesFor(c)) expect(weightSymbol(n).symbol).not.toBe(n);
    }
    expect(weightSymbol('layers/1/attention/query/kernel')).toEqual({ layer: 1, symbol: 'W_Q' });
    expect(weightSymbol('layers/0/attention/output/bias')).toEqual({ layer: 0, symbol: 'b_O' });
    expect(weightSymbol('layers/0/norm2/gamma')).toEqual({ layer: 0, symbol: 'γ₂' });
    expect(weightSymbol('layers/3/ffn/hidden/kernel')).toEqual({ layer: 3, symbol: 'W₁' });
    expect(weightSymbol('embedding/token')).toEqual({ layer: null, symbol: 'E' });
  });
});

describe('pure helpers', () => {
  const m = (rows: number, cols: number, values: number[]): Mat => ({ rows, cols, data: Float32Array.from(values) });
  it('top |values|, masked cells, the ReLU gate, rows, the default row', () => {
    expect(topAbs([0.1, -3, 2, -2], 3)).toEqual([1, 2, 3]);
    expect(maskedCells(m(3, 3, [1, 0, 0, 1, 1, 0, 1, 1, 1]))).toEqual({ masked: 3, zero: 3 });
    expect(maskedCells(m(3, 3, [1, 0, 0.5, 1, 1, 0, 1, 1, 1]))).toEqual({ masked: 3, zero: 2 });
    const gate = reluGate(m(1, 4, [-1, 0, 2, 3]));
    expect(Array.from(gate.data)).toEqual([0, 0, 1, 1]);
    expect(gatedRow(gate, m(1, 4, [0, 0, 5, -1]), 0)).toEqual({ open: 2, closed: 2, closedAllZero: true });
    expect(gatedRow(gate, m(1, 4, [0.1, 0, 5, -1]), 0).closedAllZero).toBe(false);
    expect(Array.from(pickRows(m(3, 2, [1, 2, 3, 4, 5, 6]), [2, 0]).data)).toEqual([5, 6, 1, 2]);
    const rows = embeddingRows(m(4, 2, [0, 0, 3, 4, 0, 0, 1, 0]), [1, 3, 1], ['a', 'b', 'c', 'd']);
    expect(rows.rows).toEqual([
      { id: 1, word: 'b', norm: 5, positions: [0, 2] },
      { id: 3, word: 'd', norm: 1, positions: [1] },
    ]);
    expect(rows.zeroRows).toBe(2);
    expect(defaultRow({ losses: [0.1, 2, 0.5] })).toBe(1);
  });

  it('a tall weight is shown on its side (the same numbers), a square one beside the others', () => {
    const tall = m(130, 2, Array.from({ length: 260 }, (_, i) => i));
    const spec = weightSpec('w', 'W₂', tall);
    expect(spec.transposed).toBe(true);
    expect([spec.mat.rows, spec.mat.cols]).toEqual([2, 130]);
    expect(spec.mat.data[1 * 130 + 5]).toBe(tall.data[5 * 2 + 1]);
    expect(Array.from(transpose(spec.mat).data)).toEqual(Array.from(tall.data));
    const square = weightSpec('q', 'W_Q', m(64, 64, new Array(4096).fill(0)));
    expect(square.transposed).toBeUndefined();
    expect(square.maxWidth).toBe(400);
  });

  it('recomputes only when another model is in use, not at every revision of a model in training', () => {
    const c = config();
    const shipped = { source: 'shipped' as const, revision: 1, corpus: 'builtin:coref', config: c };
    expect(autoRefreshKey(shipped)).not.toBe(autoRefreshKey({ ...shipped, revision: 2 }));
    const training = { ...shipped, source: 'training' as const, revision: 5 };
    expect(autoRefreshKey(training)).toBe(autoRefreshKey({ ...training, revision: 9 }));
    expect(autoRefreshKey(training)).not.toBe(autoRefreshKey({ ...training, config: { ...c, vocabSize: 30 } }));
    expect(autoRefreshKey(training)).not.toBe(autoRefreshKey(shipped));
  });
});

describe.each(VARIANTS)('every step shows the trace’s own numbers (%s)', (name, c) => {
  it('matrices are the trace’s arrays, rows of them, or the ReLU gate of the forward pass', async () => {
    const t = await traceOf(name, c);
    const own = arraysOf(t);
    const steps = backwardSteps(c);
    for (const token of [0, 3, IDS.length - 1]) {
      for (let head = 0; head < c.nHeads; head++) {
        const ctx: BackwardContext = { trace: t, token, head, tokens: TOKENS, vocab: VOCAB };
        for (const ref of steps) {
          const data = buildBackwardStep(ref, ctx);
          expect(BACKWARD_MODULES[ref.kind].tex(c, ref)).not.toMatch(/\\text\{[^}]*[a-z]{4,}/); // no words in the maths
          for (const spec of data.matrices) {
            const where = `${ref.kind}@${ref.layer} ${spec.id}`;
            if (spec.id === 'reluGate') {
              const hidden = t.forward.layers[ref.layer].ffnHidden.data;
              expect(Array.from(spec.mat.data), where).toEqual(Array.from(hidden, (v) => (v > 0 ? 1 : 0)));
            } else if (spec.id === 'dEmbeddingRows' || spec.id === 'dPositionRows') {
              const w = weightGradient(t, spec.id === 'dEmbeddingRows' ? 'embedding/token' : 'embedding/position')!;
              const rows = spec.id === 'dEmbeddingRows' ? [...new Set(IDS)] : IDS.map((_, i) => i);
              expect(spec.mat.data, where).toEqual(pickRows({ rows: w.shape[0], cols: w.shape[1], data: w.data }, rows).data);
            } else {
              expect(own.has(spec.mat.data), where).toBe(true);
            }
            expect(spec.mat.rows * spec.mat.cols, where).toBe(spec.mat.data.length);
          }
        }
      }
    }
  });

  it('the loss, the mask, the ReLU, Adam and the payoff read as the trace says', async () => {
    const t = await traceOf(name, c);
    const T = IDS.length;
    const ctx: BackwardContext = { trace: t, token: 2, head: 1, tokens: TOKENS, vocab: VOCAB };
    const loss = buildBackwardStep({ kind: 'loss', layer: -1 }, ctx);
    expect(loss.widget?.kind).toBe('losses');
    if (loss.widget?.kind !== 'losses') return;
    expect(loss.widget.rows.map((r) => r.loss)).toEqual(t.losses);
    expect(loss.widget.rows.length).toBe(T - 1);
    expect(loss.widget.mean).toBe(t.loss);
    for (const r of loss.widget.rows) {
      expect(r.targetId).toBe(IDS[r.pos + 1]);
      expect(r.p).toBe(t.forward.probs.data[r.pos * c.vocabSize + r.targetId]);
      expect(-Math.log(r.p)).toBeCloseTo(r.loss, 4);
    }
    for (let layer = 0; layer < c.nLayers; layer++) {
      for (let head = 0; head < c.nHeads; head++) {
        for (const kind of ['attnSoftmax', 'attnScale'] as const) {
          const d = buildBackwardStep({ kind, layer }, { ...ctx, head });
          expect(d.notes?.map((n) => n.key)).toContain('backward.note.maskZero');
        }
      }
      for (let token = 0; token < T; token++) {
        const relu = buildBackwardStep({ kind: 'relu', layer }, { ...ctx, token });
        expect(relu.notes?.some((n) => n.key === 'backward.note.reluNotZero')).toBe(false);
      }
    }
    // The key biases get no gradient (a whole row of scores moving together leaves the softmax as it is).
    expect(buildBackwardStep({ kind: 'norms', layer: -1 }, ctx).notes?.map((n) => n.key)).toContain('backward.note.keyBias');
    const adam = buildBackwardStep({ kind: 'adam', layer: -1 }, ctx);
    if (adam.widget?.kind !== 'adam') throw new Error('no Adam table');
    expect(adam.widget.entries.length).toBe(6);
    const u = t.update;
    for (const e of adam.widget.entries) {
      expect([e.before, e.grad, e.m, e.v, e.mHat, e.vHat, e.delta, e.after]).toEqual([u.before, u.grad, u.m, u.v, u.mHat, u.vHat, u.delta, u.after].map((a) => a[e.index]));
      expect(e.after).toBeCloseTo(e.before + e.delta, 6);
    }
    // The entries are the largest |g|, largest first.
    const largest = Math.max(...Array.from(u.grad, Math.abs));
    expect(Math.abs(adam.widget.entries[0].grad)).toBe(largest);
    const payoff = buildBackwardStep({ kind: 'payoff', layer: -1 }, ctx);
    if (payoff.widget?.kind !== 'payoff') throw new Error('no payoff');
    expect(payoff.widget.before).toBe(t.loss);
    expect(payoff.widget.after).toBe(t.after.loss);
    expect(payoff.widget.rows.map((r) => r.lossAfter)).toEqual(t.after.losses);
    expect(payoff.widget.after).toBeLessThan(payoff.widget.before);
    expect(payoff.notes?.[0].key).toBe('backward.note.payoffDown');
  });

  it('only the sentence’s words’ rows of E get a gradient (every row when E is also the output layer)', async () => {
    const t = await traceOf(name, c);
    const d = buildBackwardStep({ kind: 'embedding', layer: -1 }, { trace: t, token: 0, head: 0, tokens: TOKENS, vocab: VOCAB });
    if (d.widget?.kind !== 'embeddingRows') throw new Error('no embedding rows');
    const distinct = new Set(IDS).size;
    expect(d.widget.rows.map((r) => r.id)).toEqual([...new Set(IDS)]);
    // The last token (w3, only there) predicts nothing and no earlier token may look at it: its row is 0
    // unless E is also the output layer; every other word of the sentence gets a gradient.
    const last = IDS[IDS.length - 1];
    expect(d.widget.rows.filter((r) => r.id !== last).every((r) => r.norm > 0)).toBe(true);
    expect(d.widget.rows.find((r) => r.id === last)!.norm > 0).toBe(c.tiedOutput);
    expect(d.notes?.some((n) => n.key === 'backward.note.embeddingSilent')).toBe(!c.tiedOutput);
    expect(d.widget.zeroRows).toBe(c.tiedOutput ? 0 : c.vocabSize - distinct);
  });
});

describe('Adam for a chosen weight', () => {
  it('shows the update of the weight asked for', async () => {
    const c = config();
    const t = await traceOf('post', c, 'layers/1/ffn/output/bias');
    expect(t.update.name).toBe('layers/1/ffn/output/bias');
    const d = buildBackwardStep({ kind: 'adam', layer: -1 }, { trace: t, token: 0, head: 0, tokens: TOKENS, vocab: VOCAB });
    if (d.widget?.kind !== 'adam') throw new Error('no Adam table');
    expect(d.widget.entries.every((e) => e.col === -1)).toBe(true);
    expect(adamEntries(t.update, 100).length).toBe(c.dModel);
  });
});

describe('the model map follows the training walk-through', () => {
  it('lights a box of the map for every step of the backward pass, and a box opens its first step', () => {
    for (const [, c] of VARIANTS) {
      const stacks = modelStacks(c);
      const ids = new Set(layoutMap({ stacks, norm: c.norm }, 'strip', 0).boxes.map((b) => b.id));
      const steps = backwardSteps(c);
      steps.forEach((s, i) => {
        const box = boxOfBackwardStep(s, stacks);
        if (s.kind === 'norms' || s.kind === 'adam' || s.kind === 'payoff') expect(box).toBeNull();
        else {
          expect(ids.has(box!), `${s.kind}@${s.layer} → ${box}`).toBe(true);
          expect(backwardStepOfBox(box!, c)).toBeLessThanOrEqual(i);
        }
      });
      expect(steps[backwardStepOfBox(`decoder.L0.decoder`, c)]).toEqual({ kind: 'attnOut', layer: 0 });
      expect(backwardStepOfBox('decoder.softmax', c)).toBe(0);
    }
  });
});
