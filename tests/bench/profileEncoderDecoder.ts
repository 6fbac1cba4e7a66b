// Milliseconds per training step of the encoder–decoder (npm run profile-seq2seq [-- --backend wasm|cpu
// --steps N --batch B]): Node, the "translate" preset's shape, a synthetic reversal task whose lengths
// resemble builtin:translate (sources of 8–12 tokens), timed two ways in one run: the readable layers
// (the path the trace uses) and the default path (encoderDecoderFused.ts where fusedPathAvailable()).
// Prints one JSON document with the median ms per step of each and their ratio.

import { initNodeBackend, type NodeBackend } from '../../src/cli/backend';
import { Rng } from '../../src/data/rng';
import { EncoderDecoder } from '../../src/model/encoderDecoder';
import { encoderDecoderPresetConfig } from '../../src/shared/config';
import { DEFAULT_TRAIN_OPTIONS, Trainer } from '../../src/train/trainer';
import { reversalBatch } from '../unit/support/pairTask';

const args = process.argv.slice(2);
const opt = (name: string, fallback: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const STEPS = Number(opt('steps', '20'));
const BATCH = Number(opt('batch', '32'));
const WARMUP = 3;
const SYMBOLS = 96;

const backend = await initNodeBackend(opt('backend', 'wasm') as NodeBackend);
const config = encoderDecoderPresetConfig('translate', 4 + SYMBOLS);

// The two paths train side by side, one step of each in turn on the same batch, so that both see the
// same load (the machines' speed drifts by up to 1.5× within minutes).
const models = [EncoderDecoder.init(config, 1), EncoderDecoder.init(config, 1)];
const trainers = models.map((m, i) => new Trainer(m, { ...DEFAULT_TRAIN_OPTIONS, learningRate: 3e-3 }, { readable: i === 0 }));
const rng = new Rng(7);
const ms: number[][] = [[], []];
const losses = [NaN, NaN];
for (let step = 0; step < WARMUP + STEPS; step++) {
  const batch = reversalBatch(rng, BATCH, SYMBOLS, 8, 12);
  for (let k = 0; k < 2; k++) {
    const i = (step + k) % 2; // alternate which path goes first
    const t0 = performance.now();
    losses[i] = (await trainers[i].trainStep(batch)).loss;
    if (step >= WARMUP) ms[i].push(performance.now() - t0);
  }
}
const median = (xs: number[]): number => {
  const sorted = xs.slice().sort((a, b) => a - b);
  return Math.round(sorted[sorted.length >> 1] * 10) / 10;
};
console.log(
  JSON.stringify(
    {
      backend,
      preset: 'translate',
      batch: BATCH,
      steps: STEPS,
      readableMsPerStep: median(ms[0]),
      defaultMsPerStep: median(ms[1]),
      speedup: Math.round((median(ms[0]) / median(ms[1])) * 100) / 100,
      lossAfter: { readable: losses[0], default: losses[1] },
    },
    null,
    1,
  ),
);
