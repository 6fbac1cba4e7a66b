// TF.js gradients of the training loss (src/train/loss.ts over Transformer.logits) checked against
// central finite differences of the independent float64 reference loss (tests/reference/reference.ts).

import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initNodeBackend } from '../../src/cli/backend';
import { Transformer } from '../../src/model/transformer';
import { maskedCrossEntropy } from '../../src/train/loss';
import type { ModelConfig } from '../../src/shared/config';
import { Rng } from '../../src/data/rng';
import { randomWeights, referenceLoss } from '../reference/reference';
import { gradientCheckConfig } from './support/microConfig';

beforeAll(async () => {
  await initNodeBackend();
});

const base: ModelConfig = gradientCheckConfig(9);

// Token 8 never occurs in the inputs, so its embedding row gets no gradient unless the output is tied.
const ids = [
  [2, 5, 3, 7, 4, 3],
  [2, 6, 6, 1, 5, 0],
];
const targets = [
  [5, 3, 7, 4, 3, 8],
  [6, 6, 1, 5, 0, 0], // the last two targets are padding and must not count
];
const UNUSED = 8;

/** TF.js gradients of the loss for every weight, by CONTRACT name, and the loss value. */
async function tfGradients(model: Transformer, readable: boolean): Promise<{ loss: number; grads: Map<string, Float32Array> }> {
  const named = model.variables();
  const idsT = tf.tensor2d(ids, [2, 6], 'int32');
  const targetsT = tf.tensor2d(targets, [2, 6], 'int32');
  const { value, grads } = tf.variableGrads(
    () => maskedCrossEntropy(model.logits(idsT, { readable }), targetsT),
    named.map((n) => n.variable),
  );
  const out = new Map<string, Float32Array>();
  for (const { name, variable } of named) {
    const g = grads[variable.name];
    if (g) out.set(name, Float32Array.from(await g.data()));
  }
  const loss = (await value.data())[0];
  tf.dispose([value, idsT, targetsT, ...Object.values(grads)]);
  return { loss, grads: out };
}

/** Central difference of the float64 reference loss in one entry, using the float32-rounded steps actually taken. */
function finiteDifference(config: ModelConfig, weights: Map<string, Float32Array>, name: string, index: number, h = 1e-4): number {
  const w = weights.get(name)!;
  const orig = w[index];
  const copy = new Map(weights);
  const arr = Float32Array.from(w);
  copy.set(name, arr);
  const plus = Math.fround(orig + h);
  const minus = Math.fround(orig - h);
  arr[index] = plus;
  const lp = referenceLoss(config, copy, ids, targets);
  arr[index] = minus;
  const lm = referenceLoss(config, copy, ids, targets);
  return (lp - lm) / (plus - minus);
}

function argmaxAbs(xs: Float32Array): number {
  let best = 0;
  for (let i = 1; i < xs.length; i++) if (Math.abs(xs[i]) > Math.abs(xs[best])) best = i;
  return best;
}

const cases: { name: string; config: ModelConfig; weightNames: string[] }[] = [
  {
    name: 'post-LN, sinusoidal, untied output',
    config: base,
    weightNames: [
      'embedding/token',
      'layers/0/attention/query/kernel',
      'layers/1/attention/key/kernel',
      'layers/0/attention/value/bias',
      'layers/1/attention/output/kernel',
      'layers/0/norm1/gamma',
      'layers/1/norm2/beta',
      'layers/0/ffn/hidden/kernel',
      'layers/1/ffn/hidden/bias',
      'layers/0/ffn/output/kernel',
      'output/kernel',
      'output/bias',
    ],
  },
  {
    name: 'pre-LN, learned positions, tied output',
    config: { ...base, norm: 'pre', positional: 'learned', tiedOutput: true, embeddingScale: Math.sqrt(8) },
    weightNames: [
      'embedding/token',
      'embedding/position',
      'layers/1/attention/query/kernel',
      'layers/0/attention/query/bias',
      'layers/0/norm1/gamma',
      'layers/1/norm2/gamma',
      'layers/1/ffn/hidden/kernel',
      'layers/1/ffn/output/bias',
      'final_norm/gamma',
      'final_norm/beta',
    ],
  },
];

// Both ways of computing logits: the fused training path (fusedOps.ts, the default on WASM and CPU)
// and the readable layers the trace uses.
const paths = [
  { label: 'fused training path', readable: false },
  { label: 'readable layers', readable: true },
];

describe('TF.js gradients match finite differences of the float64 reference loss', () => {
  cases.flatMap((c) => paths.map((p) => ({ ...c, ...p }))).forEach(({ name, config, weightNames, label, readable }, k) => {
    const ci = k >> 1;
    it(`${name}, ${label}`, async () => {
      const weights = randomWeights(config, 500 + ci);
      const model = Transformer.create(config, weights);
      try {
        const { loss, grads } = await tfGradients(model, readable);
        // Same loss value: mean over the 10 non-pad targets.
        expect(Math.abs(loss - referenceLoss(config, weights, ids, targets))).toBeLessThanOrEqual(1e-5);
        // Every trainable weight gets a gradient.
        expect([...grads.keys()].sort()).toEqual([...weights.keys()].sort());

        const rng = new Rng(ci);
        const problems: string[] = [];
        let checked = 0;
        for (const wName of weightNames) {
          const g = grads.get(wName)!;
          const entries = new Set([argmaxAbs(g), rng.int(g.length), rng.int(g.length)]);
          for (const index of entries) {
            const fd = finiteDifference(config, weights, wName, index);
            const err = Math.abs(g[index] - fd);
            checked++;
            if (err > Math.max(1e-4, 1e-2 * Math.abs(fd))) {
              problems.push(`${wName}[${index}]: TF.js ${g[index]}, finite difference ${fd}`);
            }
          }
          // The largest entry is a real signal, not round-off.
          expect(Math.abs(g[argmaxAbs(g)]), wName).toBeGreaterThan(1e-3);
        }
        expect(problems, problems.join('\n')).toEqual([]);
        expect(checked).toBeGreaterThanOrEqual(2 * weightNames.length);

        // The key bias cannot change the loss (it adds q·b to a whole row of scores; softmax ignores that).
        const kb = grads.get('layers/0/attention/key/bias')!;
        for (let i = 0; i < kb.length; i++) expect(Math.abs(kb[i])).toBeLessThanOrEqual(1e-5);
        expect(Math.abs(finiteDifference(config, weights, 'layers/0/attention/key/bias', 3))).toBeLessThanOrEqual(1e-8);

        // A token that never occurs as input: zero gradient unless its row is also the output projection.
        const E = grads.get('embedding/token')!;
        const row = E.subarray(UNUSED * config.dModel, (UNUSED + 1) * config.dModel);
        const fd = finiteDifference(config, weights, 'embedding/token', UNUSED * config.dModel + 1);
        if (config.tiedOutput) {
          expect(Math.abs(fd)).toBeGreaterThan(1e-4);
          expect(Math.abs(row[1] - fd)).toBeLessThanOrEqual(Math.max(1e-4, 1e-2 * Math.abs(fd)));
        } else {
          expect(Array.from(row).every((v) => v === 0)).toBe(true);
          expect(fd).toBe(0);
        }
      } finally {
        model.dispose();
      }
    });
  });
});
