// The batched read-out the app's worker runs (translateReadoutBatched.ts) against the per-case
// reference of translateAnalysis.ts: the same encoder vectors as a trace of each case (both families,
// both source lengths, with and without a knock-out), and the same read-out accuracies.

import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../../src/cli/backend';
import { BOS_ID } from '../../src/data/tokenizer';
import { createTranslateCorpus, translateCases } from '../../src/data/translate';
import { EncoderDecoder } from '../../src/model/encoderDecoder';
import { encoderDecoderPresetConfig } from '../../src/shared/config';
import { matRow } from '../../src/shared/trace';
import { encoderVectors, READOUT_TOKENS, readoutByLayer, sampleCases } from '../../src/train/translateAnalysis';
import { encoderVectorsBatched, readoutStudyBatched } from '../../src/train/translateReadoutBatched';

const corpus = createTranslateCorpus(42);
const tokenizer = corpus.tokenizer;
let model: EncoderDecoder;

beforeAll(async () => {
  await initNodeBackend();
  model = EncoderDecoder.init(encoderDecoderPresetConfig('translate', tokenizer.size), 5);
});

const ids = (text: string): number[] => tokenizer.encode(text, { bos: false }).ids;

function maxDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe('batched encoder vectors for the linear read-out', () => {
  it('equal the trace of each case, token by token and depth by depth', async () => {
    // Both families (12- and 13-piece sources), in a mixed order.
    const cases = sampleCases(translateCases(42, 'train'), 40, 7);
    expect(new Set(cases.map((c) => c.family)).size).toBe(2);
    const batched = await encoderVectorsBatched(model, tokenizer, cases);
    expect(batched.map((x) => x.c)).toEqual(cases);
    let worst = 0;
    for (let i = 0; i < cases.length; i++) {
      const trace = await model.trace(ids(cases[i].source), [BOS_ID]);
      const ref = encoderVectors(trace, cases[i]);
      expect(batched[i].vectors.length).toBe(ref.length);
      expect(ref.length).toBe((model.config.nEncoderLayers ?? 0) + 1);
      for (let depth = 0; depth < ref.length; depth++) {
        for (const tok of READOUT_TOKENS) worst = Math.max(worst, maxDiff(batched[i].vectors[depth][tok], ref[depth][tok]));
      }
    }
    expect(worst).toBeLessThan(1e-4);
  });

  it('follow a knock-out as the trace does', async () => {
    const c = translateCases(42, 'heldOut')[3];
    const knockout = [{ site: 'encoder' as const, layer: 0, head: 1 }];
    const src = tf.tensor2d([ids(c.source)], [1, ids(c.source).length], 'int32');
    const states = model.encoderStates(src, { knockout });
    const plain = model.encoderStates(src);
    const trace = await model.trace(ids(c.source), [BOS_ID], { knockout });
    const last = states.length - 1;
    const got = new Float32Array(await states[last].data());
    const without = new Float32Array(await plain[last].data());
    src.dispose();
    for (const t of [...states, ...plain]) t.dispose();
    const want = trace.encoder.layers[last - 1].output.data;
    expect(maxDiff(got, want)).toBeLessThan(1e-4);
    // The knock-out changes something (the test can fail).
    expect(maxDiff(without, want)).toBeGreaterThan(1e-4);
    expect(matRow(trace.encoder.layers[0].output, c.sourcePositions.it).length).toBe(model.config.dModel);
  });

  it('give the read-out accuracies of the per-case reference, and leak no tensors', async () => {
    const train = sampleCases(translateCases(42, 'train'), 60, 11);
    const heldOut = sampleCases(translateCases(42, 'heldOut'), 30, 12);
    const before = tf.memory().numTensors;
    const fast = await readoutStudyBatched(model, tokenizer, train, heldOut);
    expect(tf.memory().numTensors).toBe(before);
    const vectors = async (cases: typeof train) => {
      const out = [];
      for (const c of cases) out.push({ vectors: encoderVectors(await model.trace(ids(c.source), [BOS_ID]), c), c });
      return out;
    };
    const ref = readoutByLayer(await vectors(train), await vectors(heldOut));
    expect(fast.length).toBe(ref.length);
    for (let l = 0; l < ref.length; l++) {
      for (const tok of READOUT_TOKENS) {
        expect(fast[l].heldOut[tok]).toBeCloseTo(ref[l].heldOut[tok], 6);
        expect(fast[l].train[tok]).toBeCloseTo(ref[l].train[tok], 6);
        expect(fast[l].identity[tok]).toBeCloseTo(ref[l].identity[tok], 6);
      }
    }
    // Accuracies are shares of the held-out cases.
    for (const l of fast) for (const tok of READOUT_TOKENS) expect(l.heldOut[tok] * heldOut.length).toBeCloseTo(Math.round(l.heldOut[tok] * heldOut.length), 9);
  });
});
