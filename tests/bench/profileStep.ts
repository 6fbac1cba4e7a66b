// Where a training step's time goes (npm run profile [-- --backend wasm|cpu --steps N]): Node, the
// default model (preset tiny, batch 16, context 64) on builtin:coref, timed two ways in one run:
//   before — the readable layers (the path the trace uses) on padded rows, one document per row;
//   after  — the fused training path (model/fusedOps.ts) on packed rows, as the browser trains.
// For each: the median milliseconds per step, target tokens per step and per second, the number of
// kernel calls in one step and the kernels that take the most time (tf.profile). Prints one JSON
// document. Figures from Node are indicative; the browser's are measured by npm run bench.

import * as tf from '@tensorflow/tfjs';
import { initNodeBackend, type NodeBackend } from '../../src/cli/backend';
import { createCorefCorpus } from '../../src/data/coref';
import { Rng } from '../../src/data/rng';
import { PAD_ID } from '../../src/data/tokenizer';
import type { TokenBatch } from '../../src/data/types';
import { attentionKernel } from '../../src/model/attentionKernelWasm';
import { Transformer } from '../../src/model/transformer';
import { presetConfig } from '../../src/shared/config';
import { DEFAULT_TRAIN_OPTIONS, Trainer } from '../../src/train/trainer';

const args = process.argv.slice(2);
const opt = (name: string, fallback: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const STEPS = Number(opt('steps', '30'));
const WARMUP = 5;

const backend = await initNodeBackend(opt('backend', 'wasm') as NodeBackend);
const corpus = createCorefCorpus(1);
const config = presetConfig('tiny', corpus.vocab.length);

const targets = (b: TokenBatch): number => b.targets.reduce((n, t) => n + (t !== PAD_ID ? 1 : 0), 0);

async function profile(label: string, readable: boolean, pack: boolean) {
  const model = Transformer.init(config, 1);
  const trainer = new Trainer(model, { ...DEFAULT_TRAIN_OPTIONS }, { readable });
  const rng = new Rng(7);
  const batches = Array.from({ length: WARMUP + STEPS }, () => corpus.trainBatch(rng, 16, config.contextLength, pack));
  try {
    for (let i = 0; i < WARMUP; i++) await trainer.trainStep(batches[i]);
    const ms: number[] = [];
    let tokens = 0;
    for (let i = WARMUP; i < batches.length; i++) {
      const t0 = performance.now();
      await trainer.trainStep(batches[i]);
      ms.push(performance.now() - t0);
      tokens += targets(batches[i]);
    }
    ms.sort((a, b) => a - b);
    const median = ms[ms.length >> 1];
    const info = await tf.profile(async () => {
      await trainer.trainStep(batches[WARMUP]);
    });
    // Kernels run inside a custom gradient's forward are listed twice (as "forward" and as themselves).
    const byName = new Map<string, { calls: number; ms: number }>();
    for (const k of info.kernels) {
      if (k.name === 'forward') continue;
      const e = byName.get(k.name) ?? { calls: 0, ms: 0 };
      e.calls++;
      e.ms += typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
      byName.set(k.name, e);
    }
    const top = [...byName]
      .sort((a, b) => b[1].ms - a[1].ms)
      .slice(0, 8)
      .map(([name, e]) => ({ name, calls: e.calls, ms: Number(e.ms.toFixed(2)) }));
    const tokensPerStep = tokens / STEPS;
    return {
      label,
      medianMsPerStep: Number(median.toFixed(1)),
      tokensPerStep: Math.round(tokensPerStep),
      tokensPerSecond: Math.round((tokensPerStep / median) * 1000),
      kernelCalls: [...byName.values()].reduce((n, e) => n + e.calls, 0),
      topKernels: top,
    };
  } finally {
    trainer.dispose();
    model.dispose();
  }
}

const before = await profile('before: readable layers, padded rows', true, false);
const after = await profile('after: fused path, packed rows', false, true);
console.log(
  JSON.stringify(
    {
      backend,
      attentionKernel: attentionKernel().kind,
      steps: STEPS,
      before,
      after,
      speedup: { msPerStep: Number((before.medianMsPerStep / after.medianMsPerStep).toFixed(2)), tokensPerSecond: Number((after.tokensPerSecond / before.tokensPerSecond).toFixed(2)) },
    },
    null,
    2,
  ),
);
