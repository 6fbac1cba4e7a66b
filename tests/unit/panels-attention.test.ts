// What the Attention panel shows: each stage of the large map is the trace's own matrix of that stage
// and head; the softmax weights it draws are softmax of the masked row it draws one stage earlier; the
// line view has one line per visible weight, as thick as the weight says.

import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../../src/cli/backend';
import { ModelHost } from '../../src/worker/modelHost';
import type { TraceResult } from '../../src/shared/protocol';
import { ATTENTION_STAGES, stageMatrix } from '../../src/panels/attention/data';
import { attentionLines, rowY } from '../../src/viz/lines';
import type { Mat } from '../../src/shared/trace';

let result: TraceResult;

beforeAll(async () => {
  await initNodeBackend();
  const host = new ModelHost();
  host.installRandom({ kind: 'no-shipped-checkpoint' });
  result = await host.trace("the animal didn't cross the street because it was too tired .");
});

describe('attention stages', () => {
  it('every stage of every head is the trace matrix of that name', () => {
    const t = result.trace;
    for (let l = 0; l < t.config.nLayers; l++) {
      for (let h = 0; h < t.config.nHeads; h++) {
        expect(stageMatrix(t, { layer: l, head: h }, 'scores')).toBe(t.layers[l].scores[h]);
        expect(stageMatrix(t, { layer: l, head: h }, 'scaled')).toBe(t.layers[l].scaled[h]);
        expect(stageMatrix(t, { layer: l, head: h }, 'masked')).toBe(t.layers[l].masked[h]);
        expect(stageMatrix(t, { layer: l, head: h }, 'weights')).toBe(t.layers[l].weights[h]);
      }
    }
    expect(ATTENTION_STAGES).toEqual(['scores', 'scaled', 'masked', 'weights']);
  });

  it('the stages follow each other: ÷√dk, mask above the diagonal, softmax of the masked row', () => {
    const t = result.trace;
    const T = result.ids.length;
    const dk = t.config.dModel / t.config.nHeads;
    const head = { layer: 1, head: 2 };
    const raw = stageMatrix(t, head, 'scores');
    const scaled = stageMatrix(t, head, 'scaled');
    const masked = stageMatrix(t, head, 'masked');
    const weights = stageMatrix(t, head, 'weights');
    for (let i = 0; i < T; i++) {
      let max = -Infinity;
      for (let j = 0; j <= i; j++) max = Math.max(max, masked.data[i * T + j]);
      let sum = 0;
      for (let j = 0; j <= i; j++) sum += Math.exp(masked.data[i * T + j] - max);
      for (let j = 0; j < T; j++) {
        expect(scaled.data[i * T + j]).toBeCloseTo(raw.data[i * T + j] / Math.sqrt(dk), 4);
        if (j > i) {
          expect(masked.data[i * T + j]).toBe(-Infinity);
          expect(weights.data[i * T + j]).toBe(0);
        } else {
          expect(masked.data[i * T + j]).toBeCloseTo(scaled.data[i * T + j], 5);
          expect(weights.data[i * T + j]).toBeCloseTo(Math.exp(masked.data[i * T + j] - max) / sum, 5);
        }
      }
    }
  });
});

describe('line view geometry', () => {
  it('one line per weight ≥ the threshold, width and height from the weight and the rows', () => {
    const w = result.trace.layers[0].weights[1];
    const layout = attentionLines(w, { rowHeight: 20, top: 5, minWeight: 0.05, maxWidth: 6 });
    let expected = 0;
    for (let q = 0; q < w.rows; q++) for (let k = 0; k < w.cols; k++) if (w.data[q * w.cols + k] >= 0.05) expected++;
    expect(layout.lines).toHaveLength(expected);
    for (const l of layout.lines) {
      expect(l.weight).toBe(w.data[l.query * w.cols + l.key]);
      expect(l.key).toBeLessThanOrEqual(l.query); // causal: no line to a later token
      expect(l.width).toBeCloseTo(0.5 + 5.5 * l.weight, 10);
      expect(l.y1).toBe(5 + (l.query + 0.5) * 20);
      expect(l.y2).toBe(rowY(layout, l.key));
    }
    // Row 0 attends only to itself with weight 1: the widest possible line.
    const first = layout.lines.find((l) => l.query === 0)!;
    expect(first.key).toBe(0);
    expect(first.width).toBeCloseTo(6, 5);
    // Strong lines are drawn last (on top).
    for (let i = 1; i < layout.lines.length; i++) expect(layout.lines[i].weight).toBeGreaterThanOrEqual(layout.lines[i - 1].weight);
  });

  it('skips non-finite values', () => {
    const m: Mat = { rows: 2, cols: 2, data: new Float32Array([1, -Infinity, 0.5, NaN]) };
    expect(attentionLines(m).lines.map((l) => [l.query, l.key])).toEqual([
      [1, 0],
      [0, 0],
    ]);
  });
});
