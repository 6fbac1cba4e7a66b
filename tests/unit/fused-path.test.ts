// The fused training path (fusedOps.ts, attentionKernel*.ts) against the readable layers the trace
// uses: the attention kernels (WebAssembly SIMD and plain TypeScript) against TF.js's own batched
// attention and its automatic gradient, and whole-model logits and gradients of both paths.

import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { execFileSync } from 'node:child_process';
import { initNodeBackend } from '../../src/cli/backend';
import { causalMask } from '../../src/model/attention';
import type { AttentionShape } from '../../src/model/attentionKernel';
import { allAttentionKernels, attentionKernel } from '../../src/model/attentionKernelWasm';
import { oneHotRows } from '../../src/model/embedding';
import { embeddingOp, GATHER_MIN_VOCAB, gatherRowsOp } from '../../src/model/fusedOps';
import { Transformer } from '../../src/model/transformer';
import { maskedCrossEntropy } from '../../src/train/loss';
import { createCorefCorpus } from '../../src/data/coref';
import { Rng } from '../../src/data/rng';
import { presetConfig, type ModelConfig } from '../../src/shared/config';

beforeAll(async () => {
  await initNodeBackend();
});

function randomArray(n: number, rng: Rng, scale = 1): Float32Array {
  return Float32Array.from({ length: n }, () => (rng.next() * 2 - 1) * scale);
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/**
 * The attention of CONTRACT §1 in TF.js's own batched ops on qkv [B·T, 3d]: Z [B·T, d], weights
 * [B, H, T, T] and, for the loss Σ Z ⊙ R, its gradient with respect to qkv by TF.js's autodiff.
 */
function reference(qkv: Float32Array, r: Float32Array, s: AttentionShape) {
  const d = s.heads * s.headSize;
  const n = s.batch * s.length;
  const heads = (x: tf.Tensor) => tf.transpose(tf.reshape(x, [s.batch, s.length, s.heads, s.headSize]), [0, 2, 1, 3]);
  const run = (input: tf.Tensor) => {
    const [q, k, v] = tf.split(input, 3, 1).map(heads);
    const scores = tf.div(tf.matMul(q, k, false, true), Math.sqrt(s.headSize));
    const weights = tf.softmax(tf.add(scores, causalMask(s.length)));
    const z = tf.reshape(tf.transpose(tf.matMul(weights, v), [0, 2, 1, 3]), [n, d]);
    return { z, weights };
  };
  return tf.tidy(() => {
    const x = tf.tensor2d(qkv, [n, 3 * d]);
    const rT = tf.tensor2d(r, [n, d]);
    const { z, weights } = run(x);
    const grad = tf.grad((input: tf.Tensor) => tf.sum(tf.mul(run(input).z, rT)))(x);
    return { z: z.dataSync().slice(), weights: weights.dataSync().slice(), grad: grad.dataSync().slice() };
  });
}

const shapes: AttentionShape[] = [
  { batch: 2, length: 12, heads: 4, headSize: 16 }, // the presets' head size
  { batch: 3, length: 7, heads: 2, headSize: 6 }, // a head size that is not a multiple of 4
  { batch: 1, length: 1, heads: 3, headSize: 5 }, // one token: it attends to itself only
];

describe('attention kernels', () => {
  it('the WebAssembly SIMD kernel is the one used in Node', () => {
    expect(attentionKernel().kind).toBe('wasm-simd');
    expect(allAttentionKernels().map((k) => k.kind)).toEqual(['wasm-simd', 'typescript']);
  });

  for (const kernel of allAttentionKernels()) {
    for (const s of shapes) {
      it(`${kernel.kind}: B${s.batch} T${s.length} H${s.heads} dk${s.headSize} equals TF.js's attention and gradient`, () => {
        const rng = new Rng(s.length * 31 + s.headSize);
        const d = s.heads * s.headSize;
        const n = s.batch * s.length;
        const qkv = randomArray(n * 3 * d, rng, 2);
        const r = randomArray(n * d, rng);
        const ref = reference(qkv, r, s);
        const { z, weights } = kernel.forward(qkv, s);
        expect(maxAbsDiff(z, ref.z)).toBeLessThan(1e-5);
        expect(maxAbsDiff(weights, ref.weights)).toBeLessThan(1e-6);
        // Causal: every weight above the diagonal is exactly 0, every row sums to 1.
        for (let bh = 0; bh < s.batch * s.heads; bh++) {
          for (let i = 0; i < s.length; i++) {
            let sum = 0;
            for (let j = 0; j < s.length; j++) {
              const w = weights[(bh * s.length + i) * s.length + j];
              if (j > i) expect(w).toBe(0);
              sum += w;
            }
            expect(Math.abs(sum - 1)).toBeLessThan(1e-5);
          }
        }
        const grad = kernel.backward(qkv, weights, r, s);
        expect(maxAbsDiff(grad, ref.grad)).toBeLessThan(1e-4);
        // Not a vacuous comparison: the gradient has real size.
        expect(Math.max(...Array.from(ref.grad, Math.abs))).toBeGreaterThan(0.1);
      });
    }
  }

  it('the generated module matches kernels/attention.ts', () => {
    execFileSync(process.execPath, ['scripts/build-kernels.mjs', '--check'], { stdio: 'pipe' });
  });
});

describe('token rows: gather with a scatter-add gradient = the one-hot product', () => {
  for (const [vocab, n] of [[4240, 1024], [300, 64], [7, 40]] as const) {
    it(`V ${vocab}, ${n} random ids (repeats included): the same rows and the same table gradient`, () => {
      const rng = new Rng(vocab + n);
      const d = 16;
      const idList = Array.from({ length: n }, () => Math.floor(rng.next() * vocab));
      idList[n - 1] = idList[0]; // at least one id twice: its gradient rows add up
      const table = tf.variable(tf.tensor2d(randomArray(vocab * d, rng), [vocab, d]));
      const r = tf.tensor2d(randomArray(n * d, rng), [n, d]);
      const ids = tf.tensor2d(idList, [1, n], 'int32');
      const run = (gather: boolean) =>
        tf.tidy(() => {
          const rows = () => (gather ? gatherRowsOp(tf.reshape(ids, [n]) as tf.Tensor1D, table) : embeddingOp(oneHotRows(ids, vocab), table));
          const value = rows().dataSync().slice();
          const { grads } = tf.variableGrads(() => tf.sum(tf.mul(rows(), r)), [table]);
          return { value, grad: grads[table.name].dataSync().slice() };
        });
      try {
        const before = tf.memory().numTensors;
        const g = run(true);
        const o = run(false);
        expect(tf.memory().numTensors).toBe(before);
        expect(maxAbsDiff(g.value, o.value)).toBe(0);
        expect(maxAbsDiff(g.grad, o.grad)).toBeLessThan(1e-5);
        // Not vacuous: the repeated id's row holds the sum of two rows of r.
        const row = idList[0] * d;
        const expected = Array.from({ length: d }, (_, k) => idList.reduce((sum, id, i) => sum + (id === idList[0] ? r.dataSync()[i * d + k] : 0), 0));
        expect(maxAbsDiff(g.grad.slice(row, row + d), expected)).toBeLessThan(1e-5);
      } finally {
        tf.dispose([table, r, ids]);
      }
    });
  }
});

describe('fused training path = readable layers', () => {
  const corpus = createCorefCorpus(3);
  const configs: [string, ModelConfig][] = [
    ['tiny preset (post-LN)', presetConfig('tiny', corpus.vocab.length)],
    [
      'pre-LN, learned positions, tied output, scaled embedding',
      { ...presetConfig('nano', corpus.vocab.length), norm: 'pre', positional: 'learned', tiedOutput: true, embeddingScale: Math.sqrt(32) },
    ],
    // A vocabulary large enough for the fused path's gather (fusedOps.ts tokenRowsOp), as 唐诗's and English's.
    [`a vocabulary of ${GATHER_MIN_VOCAB + 44} (token rows by gather)`, presetConfig('nano', GATHER_MIN_VOCAB + 44)],
  ];
  for (const [name, config] of configs) {
    it(`${name}: logits, loss and every weight's gradient agree`, async () => {
      const model = Transformer.init(config, 11);
      const batch = corpus.trainBatch(new Rng(5), 8, config.contextLength);
      const ids = tf.tensor2d(batch.inputs, [batch.batch, batch.length], 'int32');
      const targets = tf.tensor2d(batch.targets, [batch.batch, batch.length], 'int32');
      const vars = model.variables();
      const run = (readable: boolean) => {
        const logits = tf.tidy(() => model.logits(ids, { readable }).dataSync().slice());
        const { value, grads } = tf.variableGrads(
          () => maskedCrossEntropy(model.logits(ids, { readable }), targets),
          vars.map((v) => v.variable),
        );
        const out = {
          logits,
          loss: value.dataSync()[0],
          grads: vars.map((v) => grads[v.variable.name].dataSync().slice()),
        };
        tf.dispose([value, ...Object.values(grads)]);
        return out;
      };
      try {
        const before = tf.memory().numTensors;
        const fused = run(false);
        const readable = run(true);
        expect(tf.memory().numTensors).toBe(before);
        expect(maxAbsDiff(fused.logits, readable.logits)).toBeLessThan(2e-5);
        expect(Math.abs(fused.loss - readable.loss)).toBeLessThan(1e-5);
        vars.forEach((v, i) => {
          const scale = Math.max(...Array.from(readable.grads[i], Math.abs));
          expect(maxAbsDiff(fused.grads[i], readable.grads[i]), v.name).toBeLessThanOrEqual(1e-4 * Math.max(scale, 1e-2));
        });
      } finally {
        tf.dispose([ids, targets]);
        model.dispose();
      }
    });

    it(`${name}: lastLogits is each row's last position of logits, on both paths`, () => {
      const model = Transformer.init(config, 12);
      const rng = new Rng(9);
      const [b, t, V] = [5, 13, config.vocabSize];
      const ids = tf.tensor2d(Array.from({ length: b * t }, () => 3 + Math.floor(rng.next() * (V - 3))), [b, t], 'int32');
      try {
        for (const readable of [false, true]) {
          const full = tf.tidy(() => model.logits(ids, { readable }).dataSync().slice());
          const last = tf.tidy(() => model.lastLogits(ids, { readable }));
          expect(last.shape).toEqual([b, V]);
          const got = last.dataSync();
          last.dispose();
          const want = new Float32Array(b * V);
          for (let r = 0; r < b; r++) want.set(full.subarray((r * t + t - 1) * V, (r * t + t) * V), r * V);
          // The same product row by row: equal to the bit on the fused path, and on the readable one.
          expect(maxAbsDiff(got, want), readable ? 'readable' : 'fused').toBe(0);
        }
      } finally {
        ids.dispose();
        model.dispose();
      }
    });
  }
});
