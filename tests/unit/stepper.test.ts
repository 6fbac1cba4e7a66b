// The step-through reads the trace's own numbers: its list of steps follows the config, and the numbers
// of the softmax, ÷√dk and final steps equal the trace (and an independent float64 computation).
// Traces come from the float64 reference (tests/reference) converted to Mat, so no TF.js is needed.

import { describe, expect, it } from 'vitest';
import { presetConfig, type ModelConfig } from '../../src/shared/config';
import type { ForwardTrace, LayerTrace, Mat } from '../../src/shared/trace';
import { focusRow, rowOf } from '../../src/panels/stepper/common';
import { buildStep, buildSteps, STEP_MODULES } from '../../src/panels/stepper/steps';
import { STEP_KINDS, type StepContext, type StepKind, type StepRef } from '../../src/panels/stepper/types';
import { randomWeights, referenceForward, type RefMat, type RefTrace } from '../reference/reference';

function toMat(m: RefMat): Mat {
  return { rows: m.rows, cols: m.cols, data: Float32Array.from(m.data) };
}

function toTrace(config: ModelConfig, r: RefTrace): ForwardTrace {
  const layers: LayerTrace[] = r.layers.map((l) => ({
    input: toMat(l.input),
    preNorm1: l.preNorm1 ? toMat(l.preNorm1) : undefined,
    q: l.q.map(toMat),
    k: l.k.map(toMat),
    v: l.v.map(toMat),
    scores: l.scores.map(toMat),
    scaled: l.scaled.map(toMat),
    masked: l.masked.map(toMat),
    weights: l.weights.map(toMat),
    heads: l.heads.map(toMat),
    concat: toMat(l.concat),
    attention: toMat(l.attention),
    residual1: toMat(l.residual1),
    ffnInput: toMat(l.ffnInput),
    ffnHidden: toMat(l.ffnHidden),
    ffnActivation: toMat(l.ffnActivation),
    ffnOutput: toMat(l.ffnOutput),
    residual2: toMat(l.residual2),
    norm2: l.norm2 ? toMat(l.norm2) : undefined,
    output: toMat(l.output),
  }));
  return {
    config,
    ids: r.ids.slice(),
    embedding: toMat(r.embedding),
    positional: toMat(r.positional),
    input: toMat(r.input),
    layers,
    finalNorm: r.finalNorm ? toMat(r.finalNorm) : undefined,
    logits: toMat(r.logits),
    probs: toMat(r.probs),
  };
}

const VOCAB = Array.from({ length: 24 }, (_, i) => (i === 0 ? '<pad>' : i === 1 ? '<unk>' : i === 2 ? '<bos>' : `w${i}`));
const IDS = [2, 5, 9, 13, 5, 7, 21, 3];
const TOKENS = IDS.map((id) => VOCAB[id]);

function makeTrace(norm: 'post' | 'pre'): { trace: ForwardTrace; ref: RefTrace } {
  const config: ModelConfig = { ...presetConfig('nano', VOCAB.length), contextLength: 16, norm };
  const ref = referenceForward(config, randomWeights(config, 7), IDS);
  return { trace: toTrace(config, ref), ref };
}

function ctxOf(trace: ForwardTrace, token: number, head: number): StepContext {
  return { trace, token, head, tokens: TOKENS, vocab: VOCAB };
}

function find(steps: StepRef[], kind: StepKind, layer: number): StepRef {
  const s = steps.find((x) => x.kind === kind && x.layer === layer);
  if (!s) throw new Error(`no step ${kind} in layer ${layer}`);
  return s;
}

function matrix(trace: ForwardTrace, ref: StepRef, token: number, head: number, id: string) {
  const data = buildStep(ref, ctxOf(trace, token, head));
  const spec = data.matrices.find((m) => m.id === id);
  if (!spec) throw new Error(`step ${ref.kind} has no matrix ${id}`);
  return { data, spec };
}

/** Every Mat object of a trace: the steps must show these, not copies or recomputations. */
function traceMats(t: ForwardTrace): Set<Mat> {
  const set = new Set<Mat>([t.embedding, t.positional, t.input, t.logits, t.probs]);
  if (t.finalNorm) set.add(t.finalNorm);
  for (const l of t.layers) {
    for (const v of Object.values(l)) {
      if (Array.isArray(v)) v.forEach((m) => set.add(m));
      else if (v) set.add(v as Mat);
    }
  }
  return set;
}

describe('step list', () => {
  const ATT = ['qkv', 'scores', 'scale', 'mask', 'softmax', 'weightedSum', 'concat', 'outputProj'];
  it('post-LN: lookup, +positional, per layer attention → residual+LN → FFN → residual+LN, then logits, softmax', () => {
    const steps = buildSteps({ norm: 'post', nLayers: 2 });
    const perLayer = [...ATT, 'addNorm1', 'ffnW1', 'relu', 'ffnW2', 'addNorm2'];
    expect(steps).toHaveLength(2 + 2 * 13 + 2);
    expect(steps.map((s) => s.kind)).toEqual(['lookup', 'positional', ...perLayer, ...perLayer, 'logits', 'probs']);
    expect(steps.map((s) => s.layer)).toEqual([-1, -1, ...Array(13).fill(0), ...Array(13).fill(1), -1, -1]);
    expect(buildSteps({ norm: 'post', nLayers: 4 })).toHaveLength(2 + 4 * 13 + 2);
  });

  it('pre-LN: LayerNorm before attention and FFN, plain residuals, and a final LayerNorm', () => {
    const steps = buildSteps({ norm: 'pre', nLayers: 3 });
    const perLayer = ['preNorm1', ...ATT, 'residual1', 'preNorm2', 'ffnW1', 'relu', 'ffnW2', 'residual2'];
    expect(steps).toHaveLength(2 + 3 * 15 + 3);
    expect(steps.map((s) => s.kind)).toEqual(['lookup', 'positional', ...perLayer, ...perLayer, ...perLayer, 'finalNorm', 'logits', 'probs']);
  });

  it('every kind has its module with distinct title and explanation keys', () => {
    const titles = new Set<string>();
    for (const kind of STEP_KINDS) {
      expect(STEP_MODULES[kind].kind).toBe(kind);
      titles.add(STEP_MODULES[kind].title);
      expect(STEP_MODULES[kind].tex(presetConfig('tiny', 10)).length).toBeGreaterThan(5);
    }
    expect(titles.size).toBe(STEP_KINDS.length);
  });
});

describe.each(['post', 'pre'] as const)('steps read the trace (%s-LN)', (norm) => {
  const { trace, ref } = makeTrace(norm);
  const steps = buildSteps(trace.config);
  const T = IDS.length;
  const dk = trace.config.dModel / trace.config.nHeads;

  it('every step, token and head shows the trace’s own matrices with the token’s row highlighted', () => {
    const mats = traceMats(trace);
    for (const s of steps) {
      for (const token of [0, 3, T - 1]) {
        for (const head of [0, trace.config.nHeads - 1]) {
          const data = buildStep(s, ctxOf(trace, token, head));
          expect(data.matrices.length, s.kind).toBeGreaterThan(0);
          expect(data.shapes.length, s.kind).toBeGreaterThan(0);
          for (const spec of data.matrices) {
            expect(mats.has(spec.mat), `${s.kind}/${spec.id} is not a matrix of the trace`).toBe(true);
            if (spec.highlightRow !== undefined) expect(spec.highlightRow).toBe(token);
          }
        }
      }
    }
  });

  it('the softmax step’s row equals the trace’s weights row and an independent softmax', () => {
    for (const [layer, head, token] of [
      [0, 0, 0],
      [1, 2, 4],
      [1, 3, T - 1],
    ]) {
      const { data, spec } = matrix(trace, find(steps, 'softmax', layer), token, head, 'weights');
      const row = focusRow(spec)!;
      expect(Array.from(row)).toEqual(Array.from(rowOf(trace.layers[layer].weights[head], token)));
      // Independently: softmax over keys j ≤ i of the reference's raw scores / √dk (float64).
      const s = ref.layers[layer].scores[head];
      const z = Array.from({ length: token + 1 }, (_, j) => s.data[token * T + j] / Math.sqrt(dk));
      const m = Math.max(...z);
      const e = z.map((x) => Math.exp(x - m));
      const sum = e.reduce((a, b) => a + b, 0);
      for (let j = 0; j < T; j++) expect(row[j]).toBeCloseTo(j <= token ? e[j] / sum : 0, 5);
      // The bars are that row for the keys the token can see, labelled by the tokens.
      expect(data.bars!.items.map((b) => b.value)).toEqual(Array.from(row.subarray(0, token + 1)));
      expect(data.bars!.items.map((b) => b.label)).toEqual(TOKENS.slice(0, token + 1));
    }
  });

  it('the ÷√dk step’s numbers equal the trace’s scores / √dk', () => {
    for (const [layer, head, token] of [
      [0, 1, 2],
      [1, 0, T - 1],
    ]) {
      const { spec } = matrix(trace, find(steps, 'scale', layer), token, head, 'scaled');
      const row = focusRow(spec)!;
      const scores = rowOf(trace.layers[layer].scores[head], token);
      expect(row).toHaveLength(T);
      for (let j = 0; j < T; j++) expect(row[j]).toBeCloseTo(scores[j] / Math.sqrt(dk), 5);
      const before = matrix(trace, find(steps, 'scale', layer), token, head, 'scores').spec;
      expect(focusRow(before)).toEqual(scores);
    }
  });

  it('the mask step shows −∞ after the token, the scaled scores up to it', () => {
    const token = 3;
    const { spec } = matrix(trace, find(steps, 'mask', 1), token, 1, 'masked');
    const row = focusRow(spec)!;
    const scaled = rowOf(trace.layers[1].scaled[1], token);
    for (let j = 0; j < T; j++) expect(row[j]).toBe(j <= token ? scaled[j] : -Infinity);
    expect(spec.causal).toBe(true);
  });

  it('derived notes equal the trace: ReLU zero count, lookup id, √dk', () => {
    const token = 4;
    const relu = buildStep(find(steps, 'relu', 1), ctxOf(trace, token, 0));
    const hidden = rowOf(trace.layers[1].ffnHidden, token);
    const nonPositive = Array.from(hidden).filter((v) => v <= 0).length;
    expect(nonPositive).toBeGreaterThan(0);
    expect(relu.notes![0].vars!.zeros).toBe(nonPositive);
    const lookup = buildStep(steps[0], ctxOf(trace, token, 0));
    expect(lookup.notes![0].vars!.id).toBe(IDS[token]);
    const scale = buildStep(find(steps, 'scale', 0), ctxOf(trace, token, 0));
    expect(Number(scale.notes![0].vars!.root)).toBeCloseTo(Math.sqrt(dk), 3);
  });

  it('Q, K, V and concat show the selected head’s slice', () => {
    const head = 2;
    const token = 5;
    const { spec } = matrix(trace, find(steps, 'concat', 0), token, head, 'concat');
    expect(spec.highlightCols).toEqual([head * dk, (head + 1) * dk]);
    const slice = focusRow(spec)!.subarray(head * dk, (head + 1) * dk);
    expect(Array.from(slice)).toEqual(Array.from(rowOf(trace.layers[0].heads[head], token)));
    const q = matrix(trace, find(steps, 'qkv', 0), token, head, 'q').spec;
    expect(q.mat).toBe(trace.layers[0].q[head]);
  });

  it('the final step’s probabilities equal trace.probs (last row) and the top token is its argmax', () => {
    const token = T - 1;
    const { data, spec } = matrix(trace, steps[steps.length - 1], token, 0, 'probs');
    expect(steps[steps.length - 1].kind).toBe('probs');
    expect(spec.mat).toBe(trace.probs);
    const probs = rowOf(trace.probs, token);
    const bars = data.bars!;
    const sorted = Array.from(probs.keys()).sort((a, b) => probs[b] - probs[a] || a - b);
    expect(bars.items.map((b) => b.index)).toEqual(sorted.slice(0, bars.items.length));
    for (const b of bars.items) {
      expect(b.value).toBe(probs[b.index]);
      expect(b.label).toBe(VOCAB[b.index]);
    }
    // Independently: softmax of the reference logits (float64) has the same argmax and values.
    const logits = Array.from(ref.logits.data.subarray(token * VOCAB.length, (token + 1) * VOCAB.length));
    const m = Math.max(...logits);
    const z = logits.reduce((a, x) => a + Math.exp(x - m), 0);
    expect(bars.items[0].index).toBe(logits.indexOf(m));
    for (const b of bars.items) expect(b.value).toBeCloseTo(Math.exp(logits[b.index] - m) / z, 5);
    // The logits step ranks the same row of logits.
    const logitsStep = buildStep(steps[steps.length - 2], ctxOf(trace, token, 0));
    expect(logitsStep.bars!.items[0].index).toBe(bars.items[0].index);
  });
});
