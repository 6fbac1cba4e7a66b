// The translation model in the worker and in the panels: the 'translate' request (translation, then
// one trace over <bos> + the translation; knockout and limits checked; each request serves only its
// model kind), the trace packed into one transferred buffer, the attention sites read from the
// model's stacks (cross-attention target × source, masks where they belong), the step-through of a
// target token through cross-attention and of a source token through the encoder (the trace's own
// matrices; the cross softmax row equals an independent softmax of its scaled scores), and the
// output panel's translation steps (greedy: each token the most likely one).

import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../../src/cli/backend';
import { BadRequestError, ModelHost } from '../../src/worker/modelHost';
import { packTrace } from '../../src/worker/transfer';
import type { TranslateResult } from '../../src/shared/protocol';
import type { AttentionTrace, EncoderDecoderTrace, Mat } from '../../src/shared/trace';
import { attentionSites } from '../../src/panels/attention/sites';
import { stageMatrix } from '../../src/panels/attention/data';
import { buildStep, stepsFor } from '../../src/panels/stepper/steps';
import { focusRow, rowOf } from '../../src/panels/stepper/common';
import type { StepContext, StepRef } from '../../src/panels/stepper/types';
import { translationSteps } from '../../src/panels/TranslationOutputPanel';
import { BOS_ID, EOS_ID, PAD_ID } from '../../src/data/tokenizer';

const SOURCE = "the animal didn't cross the street because it was too tired .";

let host: ModelHost;
let full: TranslateResult;
let vocab: string[];

beforeAll(async () => {
  await initNodeBackend();
  host = new ModelHost();
  host.installRandom({ kind: 'no-shipped-checkpoint' }, 'builtin:translate');
  vocab = host.info().vocab;
  full = await host.translate(SOURCE);
});

function attentionMats(a: AttentionTrace): Mat[] {
  return [...a.q, ...a.k, ...a.v, ...a.scores, ...a.scaled, ...a.masked, ...a.weights, ...a.heads, a.concat, a.attention];
}

/** Every Mat object of the trace (the steps must show these, not copies). */
function traceMats(t: EncoderDecoderTrace): Set<Mat> {
  const set = new Set<Mat>([t.logits, t.probs, t.encoder.embedding, t.encoder.positional, t.encoder.input, t.encoder.output, t.decoder.embedding, t.decoder.positional, t.decoder.input]);
  if (t.encoder.finalNorm) set.add(t.encoder.finalNorm);
  if (t.decoder.finalNorm) set.add(t.decoder.finalNorm);
  for (const l of t.encoder.layers) {
    for (const v of Object.values(l)) {
      if (Array.isArray(v)) v.forEach((m) => set.add(m as Mat));
      else if (v) set.add(v as Mat);
    }
  }
  for (const l of t.decoder.layers) {
    for (const m of [...attentionMats(l.self), ...attentionMats(l.cross)]) set.add(m);
    for (const m of [l.input, l.preNorm1, l.residual1, l.crossInput, l.residual2, l.ffnInput, l.ffnHidden, l.ffnActivation, l.ffnOutput, l.residual3, l.norm3, l.output]) if (m) set.add(m);
  }
  return set;
}

function argmaxExcept(row: Float32Array, except: number[]): number {
  let best = -1;
  for (let i = 0; i < row.length; i++) if (!except.includes(i) && (best < 0 || row[i] > row[best])) best = i;
  return best;
}

describe('the translate request', () => {
  it('translates, then traces the source and <bos> + the translation', () => {
    const c = full.trace.config;
    expect(full.source).toEqual(SOURCE.split(' '));
    expect(full.sourceIds).toEqual(full.trace.sourceIds);
    expect(full.unknown).toEqual([]);
    expect(full.trace.targetIds).toEqual([BOS_ID, ...full.targetIds]);
    expect(full.target).toEqual(full.targetIds.map((id) => vocab[id]));
    expect(full.targetIds).not.toContain(EOS_ID);
    // The decoder's rows fit the context: at most contextLength − 1 tokens after <bos>.
    expect(full.targetIds.length).toBeLessThanOrEqual(c.contextLength - 1);
    expect(full.finished).toBe(full.targetIds.length < c.contextLength - 1);
    // Greedy: every token written is the most likely one at its row (<pad>, <bos> never written), and
    // a finished translation's last row puts <eos> first — the trace agrees with the decoding.
    full.targetIds.forEach((id, row) => expect(argmaxExcept(rowOf(full.trace.logits, row), [PAD_ID, BOS_ID])).toBe(id));
    if (full.finished) expect(argmaxExcept(rowOf(full.trace.logits, full.targetIds.length), [PAD_ID, BOS_ID])).toBe(EOS_ID);
  });

  it('step by step: a shorter limit writes a prefix of the same translation (greedy and seeded sampling)', async () => {
    for (const k of [0, 1, 3]) {
      const part = await host.translate(SOURCE, { maxTokens: k });
      expect(part.targetIds).toEqual(full.targetIds.slice(0, k));
      expect(part.trace.targetIds).toEqual([BOS_ID, ...part.targetIds]);
      expect(part.finished).toBe(part.targetIds.length < k);
    }
    const sampling = { temperature: 1.5, seed: 7 };
    const a = await host.translate(SOURCE, { sampling, maxTokens: 12 });
    const b = await host.translate(SOURCE, { sampling, maxTokens: 12 });
    expect(b.targetIds).toEqual(a.targetIds);
    const prefix = await host.translate(SOURCE, { sampling, maxTokens: 4 });
    expect(prefix.targetIds).toEqual(a.targetIds.slice(0, 4));
  });

  it('knockout of a head changes that head only where it runs, and bad requests are refused', async () => {
    const ko = await host.translate(SOURCE, { knockout: [{ site: 'cross', layer: 1, head: 2 }], maxTokens: 2 });
    const cross = ko.trace.decoder.layers[1].cross;
    // A knocked-out head contributes nothing: its output rows are zero.
    expect(Array.from(cross.heads[2].data).every((v) => v === 0)).toBe(true);
    await expect(host.translate(SOURCE, { knockout: [{ site: 'decoder', layer: 0, head: 0 }] })).rejects.toThrow(BadRequestError);
    await expect(host.translate(SOURCE, { knockout: [{ site: 'encoder', layer: 2, head: 0 }] })).rejects.toThrow(/no encoder head/);
    await expect(host.translate(SOURCE, { maxTokens: -1 })).rejects.toThrow(BadRequestError);
    await expect(host.translate(SOURCE, { maxTokens: 1.5 })).rejects.toThrow(BadRequestError);
    await expect(host.translate(SOURCE, { sampling: { temperature: Number.NaN, seed: 1 } })).rejects.toThrow(BadRequestError);
    await expect(host.translate('   ')).rejects.toThrow(/no text/);
    // The decoder-only request is refused by a translation model, and the other way round.
    await expect(host.trace(SOURCE)).rejects.toThrow(BadRequestError);
    const coref = new ModelHost();
    coref.installRandom({ kind: 'no-shipped-checkpoint' });
    await expect(coref.translate(SOURCE)).rejects.toThrow(BadRequestError);
    expect((await coref.trace('the dog was tired .')).trace.layers.length).toBe(2);
  });

  it('the view worker’s copy (export, then import into another host) translates the same, number for number', async () => {
    const files = await host.exportFiles();
    const copy = new ModelHost();
    const info = copy.importFiles(files, 'imported');
    expect(info.config.architecture).toBe('encoder-decoder');
    expect(info.vocab).toEqual(vocab);
    const again = await copy.translate(SOURCE);
    expect(again.targetIds).toEqual(full.targetIds);
    expect(Array.from(again.trace.decoder.layers[1].cross.weights[0].data)).toEqual(Array.from(full.trace.decoder.layers[1].cross.weights[0].data));
  });

  it('a long source is cut to the context and says so', async () => {
    const c = full.trace.config;
    const long = Array.from({ length: c.contextLength + 5 }, () => 'the').join(' ');
    const r = await host.translate(long, { maxTokens: 1 });
    expect(r.truncated).toBe(true);
    expect(r.sourceIds).toHaveLength(c.contextLength);
  });

  it('the trace travels as one transferred buffer holding the same numbers', () => {
    const { trace, transfer } = packTrace(full.trace);
    expect(transfer).toHaveLength(1);
    const a = full.trace.decoder.layers[1].cross.weights[3];
    const b = trace.decoder.layers[1].cross.weights[3];
    expect(b).not.toBe(a);
    expect(b.data.buffer).toBe(transfer[0]);
    expect(Array.from(b.data)).toEqual(Array.from(a.data));
    expect(Array.from(trace.encoder.output.data)).toEqual(Array.from(full.trace.encoder.output.data));
    expect(trace.targetIds).toEqual(full.trace.targetIds);
    // Every matrix lives in the one buffer.
    for (const m of traceMats(trace)) expect(m.data.buffer).toBe(transfer[0]);
  });
});

describe('attention sites of the translation model', () => {
  it('encoder (S × S, no mask), decoder self (T × T, causal), cross (T × S, no mask), read by typed field', () => {
    const t = full.trace;
    const S = t.sourceIds.length;
    const T = t.targetIds.length;
    const sites = attentionSites(t);
    expect(sites.map((s) => [s.site, s.causal, s.rows, s.cols])).toEqual([
      ['encoder', false, 'source', 'source'],
      ['decoder-self', true, 'target', 'target'],
      ['cross', false, 'target', 'source'],
    ]);
    const [enc, self, cross] = sites;
    for (let l = 0; l < 2; l++) {
      for (let h = 0; h < t.config.nHeads; h++) {
        expect(stageMatrix(enc, { layer: l, head: h }, 'weights')).toBe(t.encoder.layers[l].weights[h]);
        expect(stageMatrix(self, { layer: l, head: h }, 'masked')).toBe(t.decoder.layers[l].self.masked[h]);
        const w = stageMatrix(cross, { layer: l, head: h }, 'weights');
        expect(w).toBe(t.decoder.layers[l].cross.weights[h]);
        expect([w.rows, w.cols]).toEqual([T, S]);
        for (let r = 0; r < T; r++) expect(rowOf(w, r).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
        // No mask: the masked stage is the scaled one, nothing is −∞.
        const scaled = stageMatrix(cross, { layer: l, head: h }, 'scaled');
        expect(Array.from(stageMatrix(cross, { layer: l, head: h }, 'masked').data)).toEqual(Array.from(scaled.data));
        expect(Array.from(scaled.data).every(Number.isFinite)).toBe(true);
      }
    }
  });
});

describe('step-through of the translation model', () => {
  const ctxOf = (side: 'source' | 'target', token: number, head: number): StepContext => {
    const t = full.trace;
    return {
      trace: t,
      side,
      token,
      head,
      tokens: side === 'source' ? full.source : ['<bos>', ...full.target],
      sourceTokens: full.source,
      vocab,
    };
  };

  it('a target token: per decoder layer masked self-attention, then cross-attention (no mask step), FFN; then the next token', () => {
    const steps = stepsFor(full.trace.config, 'target');
    const kinds = steps.map((s) => `${s.kind}${s.site ? `@${s.site}` : ''}`);
    const self = ['qkv', 'scores', 'scale', 'mask', 'softmax', 'weightedSum', 'concat', 'outputProj'].map((k) => `${k}@decoder-self`);
    const cross = ['crossQkv', 'scores', 'scale', 'softmax', 'weightedSum', 'concat', 'outputProj'].map((k) => `${k}@cross`);
    const layer = [...self, 'addNorm1', ...cross, 'addNormCross', 'ffnW1', 'relu', 'ffnW2', 'addNorm2'];
    expect(kinds).toEqual(['lookup', 'positional', ...layer, ...layer, 'logits', 'probs']);
    expect(steps.every((s) => s.stack === 'decoder')).toBe(true);
  });

  it('a source token: per encoder layer self-attention without a mask, FFN; ending with the encoder output M', () => {
    const steps = stepsFor(full.trace.config, 'source');
    const kinds = steps.map((s) => `${s.kind}${s.site ? `@${s.site}` : ''}`);
    const layer = [...['qkv', 'scores', 'scale', 'softmax', 'weightedSum', 'concat', 'outputProj'].map((k) => `${k}@encoder`), 'addNorm1', 'ffnW1', 'relu', 'ffnW2', 'addNorm2'];
    expect(kinds).toEqual(['lookup', 'positional', ...layer, ...layer, 'memory']);
  });

  it('every step of both walks shows the trace’s own matrices, the token’s row highlighted', () => {
    const mats = traceMats(full.trace);
    for (const side of ['source', 'target'] as const) {
      const n = side === 'source' ? full.source.length : full.trace.targetIds.length;
      for (const s of stepsFor(full.trace.config, side)) {
        for (const token of [0, n - 1]) {
          for (const head of [0, 3]) {
            const data = buildStep(s, ctxOf(side, token, head));
            expect(data.matrices.length, s.kind).toBeGreaterThan(0);
            for (const spec of data.matrices) {
              expect(mats.has(spec.mat), `${side} ${s.kind}/${spec.id} is not a matrix of the trace`).toBe(true);
              if (spec.highlightRow !== undefined) expect(spec.highlightRow).toBe(token);
            }
          }
        }
      }
    }
  });

  it('cross-attention: Q from the decoder row, K and V from M; the softmax row is softmax of the scaled [1 × S] row', () => {
    const t = full.trace;
    const S = t.sourceIds.length;
    const dk = t.config.dModel / t.config.nHeads;
    const steps = stepsFor(t.config, 'target');
    const find = (kind: string, layer: number): StepRef => steps.find((s) => s.kind === kind && s.layer === layer && (s.site === 'cross' || kind === 'crossQkv'))!;
    const token = Math.min(2, t.targetIds.length - 1);
    for (const [layer, head] of [
      [0, 1],
      [1, 3],
    ]) {
      const qkv = buildStep(find('crossQkv', layer), ctxOf('target', token, head));
      const byId = (id: string) => qkv.matrices.find((m) => m.id === id)!;
      expect(byId('memory').mat).toBe(t.encoder.output);
      expect(byId('memory').rows).toBe('source');
      expect(byId('q').mat).toBe(t.decoder.layers[layer].cross.q[head]);
      expect(byId('k').mat).toBe(t.decoder.layers[layer].cross.k[head]);
      expect(byId('k').mat.rows).toBe(S);
      expect(byId('input').mat).toBe(t.decoder.layers[layer].crossInput);
      // Q·Kᵀ/√dk of this row, from Q and K independently, equals the scaled row the step shows.
      const scaled = buildStep(find('scale', layer), ctxOf('target', token, head)).matrices.find((m) => m.id === 'scaled')!;
      const q = rowOf(t.decoder.layers[layer].cross.q[head], token);
      const k = t.decoder.layers[layer].cross.k[head];
      const z = Array.from({ length: S }, (_, j) => rowOf(k, j).reduce((a, v, c) => a + v * q[c], 0) / Math.sqrt(dk));
      const shown = focusRow(scaled)!;
      z.forEach((v, j) => expect(shown[j]).toBeCloseTo(v, 4));
      const soft = buildStep(find('softmax', layer), ctxOf('target', token, head));
      const row = focusRow(soft.matrices.find((m) => m.id === 'weights')!)!;
      const m = Math.max(...z);
      const e = z.map((v) => Math.exp(v - m));
      const sum = e.reduce((a, b) => a + b, 0);
      expect(row).toHaveLength(S);
      e.forEach((v, j) => expect(row[j]).toBeCloseTo(v / sum, 5));
      expect(soft.bars!.items.map((b) => b.label)).toEqual(full.source);
      expect(soft.bars!.items.map((b) => b.value)).toEqual(Array.from(row));
      // A·V: the head's output row is the weighted sum of the V rows (the source tokens').
      const ws = buildStep(find('weightedSum', layer), ctxOf('target', token, head));
      const v = t.decoder.layers[layer].cross.v[head];
      const zRow = focusRow(ws.matrices.find((mm) => mm.id === 'head')!)!;
      for (let c = 0; c < dk; c++) {
        let acc = 0;
        for (let j = 0; j < S; j++) acc += row[j] * rowOf(v, j)[c];
        expect(zRow[c]).toBeCloseTo(acc, 4);
      }
    }
  });

  it('the encoder looks both ways: a source token’s softmax bars cover every source token', () => {
    const steps = stepsFor(full.trace.config, 'source');
    const s = steps.find((x) => x.kind === 'softmax' && x.layer === 0)!;
    const it = full.source.indexOf('it');
    const data = buildStep(s, ctxOf('source', it, 0));
    expect(data.bars!.items).toHaveLength(full.source.length);
    expect(data.bars!.items.reduce((a, b) => a + b.value, 0)).toBeCloseTo(1, 5);
    const spec = data.matrices.find((m) => m.id === 'weights')!;
    expect(spec.causal).toBe(false);
    expect(spec.mat).toBe(full.trace.encoder.layers[0].weights[0]);
  });
});

describe('translation steps of the output panel', () => {
  it('greedy: the token of each step is its row’s most likely one, with the probability of the trace', () => {
    const steps = translationSteps(full, vocab, EOS_ID, 0);
    expect(steps.length).toBe(full.targetIds.length + (full.finished ? 1 : 0));
    steps.forEach((s, row) => {
      const p = rowOf(full.trace.probs, row);
      expect(s.row).toBe(row);
      expect(s.id).toBe(row < full.targetIds.length ? full.targetIds[row] : EOS_ID);
      expect(s.prob).toBe(p[s.id]);
      expect(s.id).toBe(argmaxExcept(p, [PAD_ID, BOS_ID]));
      expect(s.drawProb).toBe(1);
    });
  });
});
