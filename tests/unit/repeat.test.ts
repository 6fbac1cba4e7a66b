// The induction task builtin:repeat (src/data/repeat.ts, its evaluation src/train/repeatEval.ts and its
// plugin in src/worker/trainingCorpora.ts): the generator is deterministic for a seed, each example's
// second half is its first half, the validation sequences come from a stream of their own; the loss on
// each half is the mean of the per-token losses counted here by hand; the plugin reports both halves
// and reads its own repeated sentence in snapshots when the page's sentence is not made of syllables.

import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../../src/cli/backend';
import { rowSequence } from '../../src/data/batching';
import {
  createRepeatCorpus,
  halfMask,
  maxHalfFor,
  REPEAT_MAX_HALF,
  REPEAT_MIN_HALF,
  REPEAT_SYLLABLES,
  REPEAT_VALIDATION_SEQUENCES,
  repeatProbeText,
  type RepeatExample,
} from '../../src/data/repeat';
import { Rng } from '../../src/data/rng';
import { BOS_ID, PAD_ID } from '../../src/data/tokenizer';
import { Transformer } from '../../src/model/transformer';
import { presetConfig, PRESETS } from '../../src/shared/config';
import { CORPUS_MODELS, DEFAULT_TRAIN_SETTINGS, validateTrainSettings, type TrainSettings } from '../../src/shared/training';
import { repeatHalvesLoss } from '../../src/train/repeatEval';
import { openCorpus } from '../../src/worker/trainingCorpora';
import { TrainingSession } from '../../src/worker/trainingSession';

const CONTEXT = PRESETS.repeat.contextLength;
/** The short run of the last test and the bounds it must pass (measured: see there). */
const STEPS = 1000;
const INDUCTION_BOUND = 0.45;
const PREVIOUS_BOUND = 0.45;
const RATIO_BOUND = 0.3;
const REPEAT: TrainSettings = { ...DEFAULT_TRAIN_SETTINGS, ...CORPUS_MODELS['builtin:repeat'].defaults, corpus: { kind: 'builtin', id: 'builtin:repeat' } };

beforeAll(async () => {
  expect(await initNodeBackend()).toBe('wasm');
});

function halves(e: RepeatExample): [number[], number[]] {
  return [e.ids.slice(1, 1 + e.half), e.ids.slice(1 + e.half)];
}

describe('builtin:repeat: the generator', () => {
  it('has <pad>, <unk>, <bos> and 60 distinct two-letter syllables', () => {
    const corpus = createRepeatCorpus(1);
    expect(corpus.vocab.slice(0, 3)).toEqual(['<pad>', '<unk>', '<bos>']);
    expect(corpus.vocab.slice(3)).toEqual([...REPEAT_SYLLABLES]);
    expect(new Set(REPEAT_SYLLABLES).size).toBe(60);
    for (const s of REPEAT_SYLLABLES) expect(s).toMatch(/^[bdfgklmnprst][aeiou]$/);
    // Each syllable is one token of the tokenizer, and text round-trips.
    const text = REPEAT_SYLLABLES.join(' ');
    const encoded = corpus.tokenizer.encode(text);
    expect(encoded.unknown).toEqual([]);
    expect(encoded.ids.slice(1)).toEqual(REPEAT_SYLLABLES.map((_, i) => i + 3));
    expect(corpus.tokenizer.decode(encoded.ids)).toBe(text);
  });

  it('is deterministic for a seed, and another seed draws other sequences', () => {
    const a = createRepeatCorpus(5);
    const b = createRepeatCorpus(5);
    const c = createRepeatCorpus(6);
    expect(a.validationExamples(CONTEXT)).toEqual(b.validationExamples(CONTEXT));
    expect(a.validationExamples(CONTEXT)).toEqual(a.validationExamples(CONTEXT));
    expect(a.validationExamples(CONTEXT)).not.toEqual(c.validationExamples(CONTEXT));
    const ta = a.trainBatch(new Rng(9), 8, CONTEXT);
    const tb = b.trainBatch(new Rng(9), 8, CONTEXT);
    expect(Array.from(ta.inputs)).toEqual(Array.from(tb.inputs));
    expect(Array.from(ta.targets)).toEqual(Array.from(tb.targets));
    expect(Array.from(a.trainBatch(new Rng(10), 8, CONTEXT).inputs)).not.toEqual(Array.from(ta.inputs));
  });

  it('writes <bos>, n syllables and the same n again, n in its range, every syllable used', () => {
    const corpus = createRepeatCorpus(1);
    const rng = new Rng(3);
    const lengths = new Set<number>();
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const e = corpus.sampleExample(rng, CONTEXT);
      expect(e.ids[0]).toBe(BOS_ID);
      expect(e.ids.length).toBe(2 * e.half + 1);
      expect(e.ids.length - 1).toBeLessThanOrEqual(CONTEXT);
      const [first, second] = halves(e);
      expect(second).toEqual(first);
      for (const id of first) {
        expect(id).toBeGreaterThanOrEqual(3);
        expect(id).toBeLessThan(corpus.vocab.length);
        seen.add(id);
      }
      lengths.add(e.half);
    }
    expect(Math.min(...lengths)).toBe(REPEAT_MIN_HALF);
    expect(Math.max(...lengths)).toBe(Math.min(REPEAT_MAX_HALF, maxHalfFor(CONTEXT)));
    expect(seen.size).toBe(60);
    // A short context clips n so that the example still fits.
    for (let i = 0; i < 50; i++) expect(corpus.sampleExample(rng, 10).half).toBeLessThanOrEqual(5);
  });

  it('lays the examples out as next-token rows (padded or packed) whose second half repeats the first', () => {
    const corpus = createRepeatCorpus(2);
    const padded = corpus.trainBatch(new Rng(4), 6, CONTEXT);
    for (let b = 0; b < padded.batch; b++) {
      const seq = rowSequence(padded, b);
      const n = (seq.length - 1) / 2;
      expect(Number.isInteger(n)).toBe(true);
      expect(seq.slice(1 + n)).toEqual(seq.slice(1, 1 + n));
    }
    const packed = corpus.trainBatch(new Rng(4), 6, CONTEXT, true);
    // Packed rows have no padding except the target of each example's last token (the next <bos>).
    for (let i = 0; i < packed.inputs.length; i++) {
      expect(packed.inputs[i]).not.toBe(PAD_ID);
      if (packed.targets[i] === PAD_ID) expect(packed.inputs[i + 1] ?? BOS_ID).toBe(BOS_ID);
    }
  });

  it('draws its validation sequences from a stream of its own, never among the training sequences', () => {
    const corpus = createRepeatCorpus(1);
    const validation = corpus.validationExamples(CONTEXT);
    expect(validation).toHaveLength(REPEAT_VALIDATION_SEQUENCES);
    const key = (ids: readonly number[]): string => ids.join(',');
    const held = new Set(validation.map((e) => key(e.ids)));
    // The training batches of the first 200 steps of a run of seed 1 (rows drawn as the trainer does).
    const rng = new Rng(1);
    for (let i = 0; i < 200 * 16; i++) expect(held.has(key(corpus.sampleExample(rng, CONTEXT).ids))).toBe(false);
    // The validation batches are those sequences, in order.
    const batches = corpus.validationBatches(32, CONTEXT);
    expect(batches.reduce((n, b) => n + b.batch, 0)).toBe(validation.length);
    expect(rowSequence(batches[1], 3)).toEqual(validation[35].ids);
  });

  it('marks the targets of each half', () => {
    const examples: RepeatExample[] = [
      { ids: [BOS_ID, 5, 6, 5, 6], half: 2 },
      { ids: [BOS_ID, 7, 8, 9, 7, 8, 9], half: 3 },
    ];
    expect(Array.from(halfMask(examples, 8))).toEqual([1, 1, 2, 2, 0, 0, 0, 0, 1, 1, 1, 2, 2, 2, 0, 0]);
  });

  it('has a probe sentence of 11 different syllables, then the same 11', () => {
    const words = repeatProbeText().split(' ');
    expect(words).toHaveLength(22);
    expect(new Set(words).size).toBe(11);
    expect(words.slice(11)).toEqual(words.slice(0, 11));
    for (const w of words) expect(REPEAT_SYLLABLES).toContain(w);
  });
});

describe('builtin:repeat: the loss on each half', () => {
  it('is the mean of the per-token losses of each half, counted by hand', async () => {
    const corpus = createRepeatCorpus(1);
    const model = Transformer.init({ ...presetConfig('repeat', corpus.vocab.length), dModel: 16, nHeads: 2, dFF: 32 }, 3);
    try {
      const examples = corpus.validationExamples(CONTEXT).slice(0, 5);
      const report = await repeatHalvesLoss(model, examples, 2);
      let first = 0;
      let repeated = 0;
      let nFirst = 0;
      let nRepeated = 0;
      for (const e of examples) {
        // One sequence at a time through the readable trace: −log p(target) at each position.
        const trace = await model.trace(e.ids.slice(0, -1));
        for (let t = 0; t < 2 * e.half; t++) {
          const p = trace.probs.data[t * trace.probs.cols + e.ids[t + 1]];
          if (t < e.half) {
            first -= Math.log(p);
            nFirst++;
          } else {
            repeated -= Math.log(p);
            nRepeated++;
          }
        }
      }
      expect(report.sequences).toBe(5);
      expect(report.tokens).toBe(nFirst);
      expect(report.firstHalf).toBeCloseTo(first / nFirst, 4);
      expect(report.repeatedHalf).toBeCloseTo(repeated / nRepeated, 4);
      // An untrained model guesses about uniformly: both halves near ln(63), neither below ln(60) by much.
      expect(Math.abs(report.firstHalf - Math.log(63))).toBeLessThan(1);
      expect(Math.abs(report.repeatedHalf - report.firstHalf)).toBeLessThan(0.3);
    } finally {
      model.dispose();
    }
  });

  it('refuses a sequence that does not fit the context', async () => {
    const corpus = createRepeatCorpus(1);
    const model = Transformer.init({ ...presetConfig('repeat', corpus.vocab.length), dModel: 16, nHeads: 2, dFF: 32 }, 3);
    try {
      const half = CONTEXT / 2 + 1;
      await expect(repeatHalvesLoss(model, [{ ids: [BOS_ID, ...new Array(2 * half).fill(9)], half }])).rejects.toThrow(/does not fit/);
    } finally {
      model.dispose();
    }
  });
});

describe('builtin:repeat in the worker', () => {
  it('is a decoder-only corpus with its own preset and settings', () => {
    expect(validateTrainSettings(REPEAT)).toBeNull();
    expect(REPEAT.preset).toBe('repeat');
    expect(PRESETS.repeat.nLayers).toBe(2);
    expect(validateTrainSettings({ ...REPEAT, preset: 'tiny' })).toMatch(/does not fit/);
    const plugin = openCorpus(REPEAT);
    expect(plugin.id).toBe('builtin:repeat');
    expect(plugin.architecture).toBe('decoder');
    expect(plugin.tokenizer.vocab).toEqual(createRepeatCorpus(1).vocab);
  });

  it('reports both halves at each evaluation, and its validation loss on the same sequences', async () => {
    const session = TrainingSession.fresh({ ...REPEAT, batchSize: 4 });
    try {
      const e = await session.evaluate();
      expect(e.corefAccuracy).toBeNull();
      expect(e.repeat).not.toBeNull();
      const r = e.repeat!;
      expect(r.floor).toBeCloseTo(Math.log(60), 10);
      expect(r.sequences).toBe(REPEAT_VALIDATION_SEQUENCES);
      const direct = await repeatHalvesLoss(session.model as Transformer, createRepeatCorpus(REPEAT.seed).validationExamples(CONTEXT));
      expect(r.firstHalf).toBeCloseTo(direct.firstHalf, 5);
      expect(r.repeatedHalf).toBeCloseTo(direct.repeatedHalf, 5);
      // The validation loss counts the same targets (both halves): their token-weighted mean.
      expect(e.valLoss).toBeCloseTo((r.firstHalf + r.repeatedHalf) / 2, 4);
      const step = await session.trainOnce();
      expect(step.kind).toBe('ok');
    } finally {
      session.dispose();
      (session.model as Transformer).dispose();
    }
  });

  it('reads its own repeated sentence in snapshots unless the page sentence is made of its syllables', async () => {
    const session = TrainingSession.fresh({ ...REPEAT, batchSize: 4 });
    try {
      const own = await session.snapshot("the animal didn't cross the street", 24);
      expect(own.tokens).toEqual(['<bos>', ...repeatProbeText().split(' ')]);
      const typed = await session.snapshot('ba ko ri ba ko ri', 24);
      expect(typed.tokens).toEqual(['<bos>', 'ba', 'ko', 'ri', 'ba', 'ko', 'ri']);
      expect(own.roles?.sites[0].scores.induction.length).toBe(2);
    } finally {
      session.dispose();
      (session.model as Transformer).dispose();
    }
  });
});

describe('builtin:repeat: an induction head forms', () => {
  it('in a short seeded run of its preset, as the app trains it (packed rows)', async () => {
    // Measured here (Node, WASM; seed 1, lr 3e-3, batch 16, 1,000 steps of the 2,000-step schedule):
    // first half 4.309, repeated half 0.813 (19 %); best induction score in layer 2 0.56 (0.10 in
    // layer 1); best previous-token score in layer 1 0.61. A fresh model: ~4.1 / ~4.1, ≤ 0.1, ~0.3.
    const session = TrainingSession.fresh({ ...REPEAT, seed: 1 });
    const model = session.model as Transformer;
    try {
      for (let i = 0; i < STEPS; i++) expect((await session.trainOnce()).kind).toBe('ok');
      const e = await session.evaluate();
      // The text roles on ten different syllables (no repeat), the induction score on the seeded repeated probe.
      const snap = await session.snapshot('ba ko ri tu me sa di lo pe nu', 24);
      const scores = snap.roles!.sites[0].scores;
      const induction = scores.induction.map((heads) => Math.max(...heads.map((x) => x ?? 0)));
      const previous = scores.previousToken.map((heads) => Math.max(...heads.map((x) => x ?? 0)));
      console.log(`repeat after ${STEPS} steps: halves ${e.repeat!.firstHalf.toFixed(3)} / ${e.repeat!.repeatedHalf.toFixed(3)}, best induction per layer ${induction.map((x) => x.toFixed(2))}, previous-token ${previous.map((x) => x.toFixed(2))}`);
      expect(e.repeat!.firstHalf).toBeGreaterThan(Math.log(60) - 0.1);
      expect(e.repeat!.repeatedHalf).toBeLessThan(RATIO_BOUND * e.repeat!.firstHalf);
      expect(induction[1]).toBeGreaterThan(INDUCTION_BOUND);
      expect(previous[0]).toBeGreaterThan(PREVIOUS_BOUND);
    } finally {
      session.dispose();
      model.dispose();
    }
  }, 120_000);
});
