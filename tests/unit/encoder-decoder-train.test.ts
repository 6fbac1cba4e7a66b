// Training the encoder–decoder: TF.js gradients of the masked cross-entropy (readable layers and the
// fused training path, PAD-padded sources and targets) against central finite differences of the
// independent float64 reference loss (tests/reference/encoderDecoderReference.ts), the two paths
// against each other, and the Trainer learning a small pair task.

import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initNodeBackend } from '../../src/cli/backend';
import { Rng } from '../../src/data/rng';
import type { PairBatch, TokenBatch } from '../../src/data/types';
import { EncoderDecoder, translate } from '../../src/model/encoderDecoder';
import { Transformer } from '../../src/model/transformer';
import { maskedCrossEntropy } from '../../src/train/loss';
import { Trainer } from '../../src/train/trainer';
import type { ModelConfig } from '../../src/shared/config';
import { randomEncoderDecoderWeights, referenceEncoderDecoderLoss, type RefPair } from '../reference/encoderDecoderReference';
import { reversalBatch } from './support/pairTask';

beforeAll(async () => {
  await initNodeBackend();
});

const base: ModelConfig = {
  architecture: 'encoder-decoder',
  nEncoderLayers: 2,
  vocabSize: 11,
  dModel: 8,
  nHeads: 2,
  nLayers: 2,
  dFF: 12,
  contextLength: 8,
  norm: 'post',
  positional: 'sinusoidal',
  embeddingScale: 1,
  lnEpsilon: 1e-5,
  tiedOutput: false,
};

// Two pairs: sources of 5 and 3 tokens (the second PAD-padded), decoder inputs of 4 and 2 (padded).
// Token 10 never occurs as an input, so its embedding row gets no gradient unless the output is tied.
const pairs: RefPair[] = [
  { source: [4, 5, 6, 7, 8], inputs: [2, 9, 4, 6], targets: [9, 4, 6, 3] },
  { source: [7, 1, 5], inputs: [2, 8], targets: [8, 10] },
];
const S = 5;
const T = 4;
const UNUSED = 10;

function batchOf(ps: readonly RefPair[]): PairBatch {
  const sources = new Int32Array(ps.length * S);
  const inputs = new Int32Array(ps.length * T);
  const targets = new Int32Array(ps.length * T);
  ps.forEach((p, b) => {
    sources.set(p.source, b * S);
    inputs.set(p.inputs, b * T);
    targets.set(p.targets, b * T);
  });
  return { batch: ps.length, sourceLength: S, length: T, sources, inputs, targets };
}

async function tfGradients(model: EncoderDecoder, readable: boolean): Promise<{ loss: number; grads: Map<string, Float32Array> }> {
  const named = model.variables();
  const b = batchOf(pairs);
  const src = tf.tensor2d(b.sources, [b.batch, S], 'int32');
  const inp = tf.tensor2d(b.inputs, [b.batch, T], 'int32');
  const tgt = tf.tensor2d(b.targets, [b.batch, T], 'int32');
  const { value, grads } = tf.variableGrads(
    () => maskedCrossEntropy(model.logits(src, inp, { readable }), tgt),
    named.map((n) => n.variable),
  );
  const out = new Map<string, Float32Array>();
  for (const { name, variable } of named) {
    const g = grads[variable.name];
    if (g) out.set(name, Float32Array.from(await g.data()));
  }
  const loss = (await value.data())[0];
  tf.dispose([value, src, inp, tgt, ...Object.values(grads)]);
  return { loss, grads: out };
}

function finiteDifference(config: ModelConfig, weights: Map<string, Float32Array>, name: string, index: number, h = 1e-4): number {
  const arr = Float32Array.from(weights.get(name)!);
  const copy = new Map(weights);
  copy.set(name, arr);
  const orig = arr[index];
  const plus = Math.fround(orig + h);
  const minus = Math.fround(orig - h);
  arr[index] = plus;
  const lp = referenceEncoderDecoderLoss(config, copy, pairs);
  arr[index] = minus;
  const lm = referenceEncoderDecoderLoss(config, copy, pairs);
  return (lp - lm) / (plus - minus);
}

function argmaxAbs(xs: Float32Array): number {
  let best = 0;
  for (let i = 1; i < xs.length; i++) if (Math.abs(xs[i]) > Math.abs(xs[best])) best = i;
  return best;
}

const cases: { name: string; config: ModelConfig; weightNames: string[] }[] = [
  {
    name: 'post-LN, untied',
    config: base,
    weightNames: [
      'embedding/token',
      'encoder/layers/0/attention/query/kernel',
      'encoder/layers/1/attention/value/kernel',
      'encoder/layers/0/norm2/gamma',
      'decoder/layers/0/attention/key/kernel',
      'decoder/layers/1/cross_attention/query/kernel',
      'decoder/layers/0/cross_attention/key/kernel',
      'decoder/layers/1/cross_attention/value/bias',
      'decoder/layers/0/cross_attention/output/kernel',
      'decoder/layers/1/norm3/gamma',
      'decoder/layers/1/ffn/hidden/kernel',
      'decoder/layers/0/ffn/output/kernel',
      'output/kernel',
    ],
  },
  {
    name: 'pre-LN, tied, √d scale',
    config: { ...base, norm: 'pre', tiedOutput: true, embeddingScale: Math.sqrt(8) },
    weightNames: [
      'embedding/token',
      'encoder/layers/1/attention/key/kernel',
      'encoder/layers/0/ffn/hidden/kernel',
      'encoder/final_norm/gamma',
      'decoder/layers/1/cross_attention/key/kernel',
      'decoder/layers/0/cross_attention/value/kernel',
      'decoder/layers/0/norm2/beta',
      'decoder/layers/1/ffn/output/kernel',
      'final_norm/gamma',
    ],
  },
];

const paths = [
  { label: 'fused training path', readable: false },
  { label: 'readable layers', readable: true },
];

describe('encoder–decoder gradients match finite differences of the float64 reference loss', () => {
  cases.flatMap((c, ci) => paths.map((p) => ({ ...c, ...p, ci }))).forEach(({ name, config, weightNames, label, readable, ci }) => {
    it(`${name}, ${label}`, async () => {
      const weights = randomEncoderDecoderWeights(config, 900 + ci);
      const model = EncoderDecoder.create(config, weights);
      try {
        const { loss, grads } = await tfGradients(model, readable);
        // The same loss value: the mean over the 6 non-pad targets, padded source keys ignored.
        expect(Math.abs(loss - referenceEncoderDecoderLoss(config, weights, pairs))).toBeLessThanOrEqual(1e-5);
        expect([...grads.keys()].sort()).toEqual([...weights.keys()].sort());
        const rng = new Rng(ci);
        const problems: string[] = [];
        for (const wName of weightNames) {
          const g = grads.get(wName)!;
          for (const index of new Set([argmaxAbs(g), rng.int(g.length), rng.int(g.length)])) {
            const fd = finiteDifference(config, weights, wName, index);
            if (Math.abs(g[index] - fd) > Math.max(1e-4, 1e-2 * Math.abs(fd))) {
              problems.push(`${wName}[${index}]: TF.js ${g[index]}, finite difference ${fd}`);
            }
          }
          expect(Math.abs(g[argmaxAbs(g)]), wName).toBeGreaterThan(1e-3);
        }
        expect(problems, problems.join('\n')).toEqual([]);
        // A key bias adds the same amount to a whole row of scores, which softmax ignores (padding too).
        for (const kb of ['encoder/layers/0/attention/key/bias', 'decoder/layers/1/cross_attention/key/bias']) {
          for (const v of grads.get(kb)!) expect(Math.abs(v), kb).toBeLessThanOrEqual(1e-5);
        }
        const row = grads.get('embedding/token')!.subarray(UNUSED * config.dModel, (UNUSED + 1) * config.dModel);
        if (!config.tiedOutput) expect(Array.from(row).every((v) => v === 0)).toBe(true);
      } finally {
        model.dispose();
      }
    });
  });

  it('the fused path and the readable layers give the same loss and gradients for every weight', async () => {
    for (const { config } of cases) {
      const model = EncoderDecoder.create(config, randomEncoderDecoderWeights(config, 31));
      try {
        const a = await tfGradients(model, true);
        const b = await tfGradients(model, false);
        expect(Math.abs(a.loss - b.loss)).toBeLessThan(1e-5);
        for (const [name, g] of a.grads) {
          const h = b.grads.get(name)!;
          let worst = 0;
          for (let i = 0; i < g.length; i++) worst = Math.max(worst, Math.abs(g[i] - h[i]) / Math.max(1, Math.abs(g[i])));
          expect(worst, name).toBeLessThan(1e-4);
        }
      } finally {
        model.dispose();
      }
    }
  });
});

describe('Trainer with the encoder–decoder', () => {
  it('learns to reverse short random sequences (loss far below ln V)', async () => {
    const symbols = 8;
    const config: ModelConfig = { ...base, vocabSize: 4 + symbols, dModel: 32, nHeads: 4, dFF: 64, nEncoderLayers: 1, nLayers: 1, contextLength: 8 };
    const model = EncoderDecoder.init(config, 3);
    const trainer = new Trainer(model, { learningRate: 5e-3, warmupSteps: 20, totalSteps: 300 });
    try {
      const rng = new Rng(11);
      const validation = [reversalBatch(new Rng(99), 64, symbols, 2, 5)];
      const before = await trainer.evaluate(validation);
      expect(before).toBeGreaterThan(0.8 * Math.log(config.vocabSize));
      for (let i = 0; i < 300; i++) {
        const r = await trainer.trainStep(reversalBatch(rng, 32, symbols, 2, 5));
        expect(Number.isFinite(r.loss)).toBe(true);
      }
      const after = await trainer.evaluate(validation);
      // ln 12 ≈ 2.48; a model that ignored the source could not go below ln 8 ≈ 2.08 on the symbols.
      expect(after).toBeLessThan(0.25);
      // It translates held-out sources exactly, greedily.
      const check = new Rng(5);
      let right = 0;
      for (let k = 0; k < 20; k++) {
        const src = Array.from({ length: 2 + check.int(4) }, () => 4 + check.int(symbols));
        const out = await translate(model, src, { maxTokens: 8 });
        if (out.join() === src.slice().reverse().join()) right++;
      }
      expect(right).toBeGreaterThanOrEqual(16);
    } finally {
      trainer.dispose();
      model.dispose();
    }
  });

  it('refuses a batch of the wrong kind and the readable mode trains the same maths', async () => {
    const config = base;
    const weights = randomEncoderDecoderWeights(config, 5);
    const a = EncoderDecoder.create(config, weights);
    const b = EncoderDecoder.create(config, weights);
    const ta = new Trainer(a, {}, { readable: true });
    const tb = new Trainer(b, {});
    const { architecture: _x, nEncoderLayers: _y, ...decoderConfig } = base;
    const dec = Transformer.init(decoderConfig, 1);
    const td = new Trainer(dec, {});
    try {
      const tokens: TokenBatch = { batch: 1, length: 2, inputs: Int32Array.from([2, 4]), targets: Int32Array.from([4, 5]) };
      await expect(ta.trainStep(tokens)).rejects.toThrow(/pairs/);
      await expect(td.trainStep(batchOf(pairs))).rejects.toThrow(/token batches/);
      await expect(ta.trainStep({ ...batchOf(pairs), sources: new Int32Array(3) })).rejects.toThrow(/sources/);
      const ra = await ta.trainStep(batchOf(pairs));
      const rb = await tb.trainStep(batchOf(pairs));
      expect(Math.abs(ra.loss - rb.loss)).toBeLessThan(1e-5);
      expect(Math.abs(ra.gradNorm - rb.gradNorm) / ra.gradNorm).toBeLessThan(1e-4);
      const ea = await ta.evaluate([batchOf(pairs)]);
      const eb = await tb.evaluate([batchOf(pairs)]);
      expect(Math.abs(ea - eb)).toBeLessThan(1e-4);
      expect(ea).toBeLessThan(ra.loss); // one step on the same batch lowered its loss
      // Nothing leaks: steps on both paths, evaluation, trace and translation leave no tensor behind.
      const before = tf.memory().numTensors;
      for (let i = 0; i < 3; i++) {
        await ta.trainStep(batchOf(pairs));
        await tb.trainStep(batchOf(pairs));
      }
      await tb.evaluate([batchOf(pairs)]);
      await b.trace([4, 5, 6], [2, 7]);
      await translate(b, [4, 5, 6], { maxTokens: 3 });
      await translate(b, [4, 5, 6], { maxTokens: 3, knockout: [{ site: 'cross', layer: 0, head: 1 }] });
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      [ta, tb, td].forEach((t) => t.dispose());
      [a, b, dec].forEach((m) => m.dispose());
    }
  });
});
