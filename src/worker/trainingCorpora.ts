// The corpora a training run can learn from, as plugins of one shape (DESIGN.md "Growing past one
// model"): each says which model kind it trains, hands out training and validation batches of that
// kind, and may bring an evaluation of its own (coreference accuracy, translation accuracy). The
// training session asks its corpus for these and never names a corpus itself; what differs between
// the two model kinds (building one, recording a snapshot of the probe) is in modelKinds.ts.

import { chunk, pairsToBatch } from '../data/batching';
import { COREF_CORPUS_ID, corefValidationCases, createCorefCorpus, type CorefCase } from '../data/coref';
import type { Rng } from '../data/rng';
import { createTextCorpus } from '../data/textCorpus';
import { isDocumentCorpusId, TANG_CORPUS_ID, type DocumentCorpus, type DocumentCorpusId } from '../data/documentCorpus';
import { sequencesToBatch } from '../data/batching';
import { ngramBaselines } from '../data/ngram';
import { regularLineShare } from '../shared/poems';
import { sampleTexts } from '../train/textSamples';
import { loadDocumentCorpus, loadedDocumentCorpus } from './corpusFiles';
import { TRANSLATE_CORPUS_ID } from '../data/translate';
import { TRANSLATE_FR_CORPUS_ID } from '../data/translateFr';
import type { TranslationCase } from '../data/translationCase';
import { TRANSLATION_CORPORA } from '../data/translationCorpora';
import type { Tokenizer } from '../data/tokenizer';
import type { Architecture } from '../shared/config';
import { builtinCorpusId, type BuiltinCorpusId, type TrainBaselines, type TrainEval, type TrainSettings } from '../shared/training';
import { evaluateCoref } from '../train/corefEval';
import type { TrainBatch } from '../train/trainer';
import { translateAccuracy } from '../train/translateEvalFast';
import { encoderItFlips } from '../train/translateAnalysis';
import { createRepeatCorpus, REPEAT_CORPUS_ID, repeatProbeText } from '../data/repeat';
import { repeatHalvesLoss } from '../train/repeatEval';
import { requireDecoder, requireEncoderDecoder, type TrainableModel } from './modelKinds';

/** A batch of either kind: token rows for the decoder-only model, sentence pairs for the encoder–decoder. */
export type { TrainBatch };

/** What a corpus's own evaluation reports (the rest of TrainEval is measured by the session). */
export type CorpusFigures = Pick<TrainEval, 'corefAccuracy' | 'corefCases' | 'translation' | 'text' | 'repeat' | 'itHeads'>;

export const NO_FIGURES: CorpusFigures = { corefAccuracy: null, corefCases: 0, translation: null };

export interface TrainingCorpus {
  /** "builtin:coref", "builtin:translate", "text:NAME". */
  readonly id: string;
  /** The model kind it trains (the same as CORPUS_MODELS in src/shared/training.ts says to the page). */
  readonly architecture: Architecture;
  readonly tokenizer: Tokenizer;
  /** Facts about a user text (null for a built-in corpus). */
  readonly textStats: { tokens: number; vocabSize: number; unknownTokens: number } | null;
  /** The batch of one update, drawn with `rng`. */
  trainBatch(rng: Rng, batchSize: number, contextLength: number): TrainBatch;
  /** The fixed validation batches of the validation loss while training (about `sequences` sequences). */
  validationBatches(contextLength: number, sequences: number): TrainBatch[];
  /** Its own held-out figures of `model` (NO_FIGURES when it has none). */
  evaluate(model: TrainableModel): Promise<CorpusFigures>;
  /**
   * The evaluation while training takes at most 1/factor of the worker's time (absent: the
   * controller's EVAL_BUDGET_FACTOR).
   */
  readonly evaluationBudgetFactor?: number;
  /** The unigram and bigram baselines on the validation windows of validationBatches (real-text corpora only). */
  baselines?(contextLength: number): TrainBaselines;
  /**
   * The text the history snapshots read, given the page's sentence (absent: the page's sentence). A
   * corpus whose vocabulary shares nothing with ordinary sentences (builtin:repeat) replaces a sentence
   * it cannot read with one of its own, so the heads grid shows what the model does with its tokens.
   */
  probeText?(pageText: string): string;
}

/**
 * The browser trains the decoder-only model on packed rows: each row of the batch filled with whole
 * documents one after the other (data/batching.ts packDocuments) rather than one document and
 * padding. About 40 % of a padded coreference batch was padding; packed, every position but the
 * documents' boundaries is a target, for the same cost per step. (The CLI's pretraining keeps padded
 * rows, so the shipped checkpoint is reproduced exactly.) Sentence pairs are never packed: the
 * encoder reads one source per row, and the decoder's cross-attention would otherwise look at a
 * source that is not its own.
 */
export const PACK_DOCUMENTS = true;

/** Coreference validation cases per family measured while training (3 families → 24 cases, one batch). */
export const EVAL_CASES_PER_FAMILY = 8;

/**
 * Held-out translation cases measured while training: every TRANSLATE_EVAL_STRIDE-th of the 240
 * held-out schema cases (both families, both referents, every held-out noun pair), 48 in all, so that
 * 97 % means at most one wrong.
 */
export const TRANSLATE_EVAL_STRIDE = 5;

/**
 * The translation evaluation's share of the worker's time while training: at most 1/15. Greedy
 * translation writes one token per decoder pass; translateEvalFast.ts needs one pass once the model
 * translates well (measured in Chromium, WASM: ~0.1 s, about one training step), but a young model's
 * translations leave the reference early and take up to 16 passes (~0.8 s at step 50). With the
 * coreference budget (1/60) that first evaluation would postpone the next one by ~300 steps, past the
 * whole run; with 1/15 the next comes ~80 steps later, and from then on every 50 steps.
 */
export const TRANSLATE_EVAL_BUDGET_FACTOR = 15;

function firstBatches<B>(all: B[], batchSize: number, sequences: number): B[] {
  return all.slice(0, Math.ceil(sequences / batchSize));
}

function corefCorpus(seed: number): TrainingCorpus {
  const corpus = createCorefCorpus(seed);
  let cases: CorefCase[] | null = null;
  return {
    id: corpus.id,
    architecture: 'decoder',
    tokenizer: corpus.tokenizer,
    textStats: null,
    trainBatch: (rng, batchSize, contextLength) => corpus.trainBatch(rng, batchSize, contextLength, PACK_DOCUMENTS),
    validationBatches: (contextLength, sequences) => firstBatches(corpus.validationBatches(32, contextLength), 32, sequences),
    async evaluate(model) {
      const m = requireDecoder(model);
      cases ??= corefValidationCases(seed, { perFamily: EVAL_CASES_PER_FAMILY, contextLength: m.config.contextLength });
      const report = await evaluateCoref(m, corpus.tokenizer, cases);
      return { ...NO_FIGURES, corefAccuracy: report.accuracy, corefCases: report.n };
    },
  };
}

/** The fixed subset of held-out cases the training view measures (every TRANSLATE_EVAL_STRIDE-th). */
export function translateEvalCases<C extends TranslationCase>(all: readonly C[]): C[] {
  return all.filter((_, i) => i % TRANSLATE_EVAL_STRIDE === 0);
}

/** A translation corpus (builtin:translate, builtin:translate-fr: src/data/translationCorpora.ts). */
function translationCorpus(id: string, seed: number): TrainingCorpus {
  const spec = TRANSLATION_CORPORA[id];
  const corpus = spec.create(seed);
  const cases = translateEvalCases(corpus.validationCases());
  const translateBatchShape = spec.batchShape;
  return {
    id: corpus.id,
    architecture: 'encoder-decoder',
    tokenizer: corpus.tokenizer,
    textStats: null,
    // One sentence pair per row, padded (not packed: see PACK_DOCUMENTS).
    trainBatch: (rng, batchSize, contextLength) => corpus.trainBatch(rng, batchSize, contextLength),
    // The validation loss on the same held-out sentences whose translations are evaluated.
    validationBatches(contextLength, sequences) {
      const { sourceLength, length } = translateBatchShape(contextLength);
      const pairs = cases.slice(0, sequences).map((c) => corpus.encodePair(c));
      return chunk(pairs, 32).map((rows) => pairsToBatch(rows, sourceLength, length));
    },
    evaluationBudgetFactor: TRANSLATE_EVAL_BUDGET_FACTOR,
    async evaluate(model) {
      // translateEval's figures, with one decoder pass where the model already translates well.
      const m = requireEncoderDecoder(model);
      const report = await translateAccuracy(m, corpus.tokenizer, cases);
      // Every encoder head's row for "it" on the same sentences (the "it" head forming, or not).
      const heads = await encoderItFlips(m, corpus.tokenizer, cases);
      const itHeads = { cases: cases.length, heads: heads.map((h) => ({ layer: h.layer, head: h.head, relative: h.relativeFlip, absolute: h.absoluteFlip })) };
      return { ...NO_FIGURES, translation: { cases: report.n, exact: report.exact, referent: report.referent }, itHeads };
    },
  };
}

function textCorpus(settings: TrainSettings): TrainingCorpus {
  if (settings.corpus.kind !== 'text') throw new Error('not a text corpus');
  const corpus = createTextCorpus(settings.corpus.text, { name: settings.corpus.name || 'pasted' });
  const { tokens, vocabSize, unknownTokens } = corpus.stats;
  return {
    id: corpus.id,
    architecture: 'decoder',
    tokenizer: corpus.tokenizer,
    textStats: { tokens, vocabSize, unknownTokens },
    trainBatch: (rng, batchSize, contextLength) => corpus.trainBatch(rng, batchSize, contextLength, PACK_DOCUMENTS),
    validationBatches: (contextLength, sequences) => firstBatches(corpus.validationBatches(32, contextLength), 32, sequences),
    evaluate: () => Promise.resolve(NO_FIGURES),
  };
}

/**
 * Validation windows of a real-text corpus measured while training: its first 128 (in file order,
 * 4 batches of 32), about 5,700 target tokens of 唐诗. The validation loss and the unigram/bigram
 * baselines are both computed on exactly these.
 */
export const TEXT_EVAL_SEQUENCES = 128;

/**
 * The samples of the strip and the line-length meter: the same prompt, seed and temperature at every
 * evaluation, so that only the model changes between two samples. 唐诗: 8 poems of 48 characters from
 * <bos> (the meter counts their finished lines; the strip shows the first). English: one continuation
 * of a fixed opening.
 */
export const TEXT_SAMPLE_SETTINGS: Readonly<Record<DocumentCorpusId, { prompt: string; count: number; tokens: number }>> = {
  'builtin:tang': { prompt: '', count: 8, tokens: 48 },
  'builtin:english': { prompt: 'it was', count: 1, tokens: 40 },
};
export const TEXT_SAMPLE_SEED = 7;
export const TEXT_SAMPLE_TEMPERATURE = 0.8;

/**
 * Sampling writes one token per forward pass (48 for the poems): the evaluation of a real-text corpus
 * may take at most 1/10 of the worker's time (the coreference one 1/60), so that the strip gets a
 * sample every 50–100 steps on a slow machine rather than every few hundred (measured in Chromium on
 * the loaded 2-core machine with 1/20 and 256 windows: samples at steps 50 and 277 only).
 */
export const TEXT_EVAL_BUDGET_FACTOR = 10;

function documentCorpus(corpus: DocumentCorpus): TrainingCorpus {
  const sampling = TEXT_SAMPLE_SETTINGS[corpus.id as DocumentCorpusId];
  const windows = (contextLength: number): number[][] => corpus.validationSequences(contextLength).slice(0, TEXT_EVAL_SEQUENCES);
  const baselineCache = new Map<number, TrainBaselines>();
  return {
    id: corpus.id,
    architecture: 'decoder',
    tokenizer: corpus.tokenizer,
    textStats: null,
    trainBatch: (rng, batchSize, contextLength) => corpus.trainBatch(rng, batchSize, contextLength, PACK_DOCUMENTS),
    // Its own number of windows (TEXT_EVAL_SEQUENCES), not the session's: a poem is one short window.
    validationBatches: (contextLength) => chunk(windows(contextLength), 32).map((rows) => sequencesToBatch(rows, contextLength)),
    evaluationBudgetFactor: TEXT_EVAL_BUDGET_FACTOR,
    baselines(contextLength) {
      let b = baselineCache.get(contextLength);
      if (!b) {
        const n = ngramBaselines(corpus.train, windows(contextLength), corpus.vocab.length);
        b = { unigram: n.unigram.loss, bigram: n.bigram.loss, tokens: n.tokens };
        baselineCache.set(contextLength, b);
      }
      return b;
    },
    async evaluate(model) {
      const samples = await sampleTexts(requireDecoder(model), corpus.tokenizer, {
        ...sampling,
        seed: TEXT_SAMPLE_SEED,
        temperature: TEXT_SAMPLE_TEMPERATURE,
        topK: 0,
        topP: 1,
      });
      const lines = corpus.id === TANG_CORPUS_ID ? regularLineShare(samples.map((s) => s.slice(sampling.prompt.length))) : null;
      return { ...NO_FIGURES, text: { prompt: sampling.prompt, samples, lines } };
    },
  };
}

/**
 * The induction task's evaluation is two forward passes over 64 short sequences: it may take 1/10 of
 * the worker's time (the coreference one 1/60), so that the halves are measured about every 50 steps
 * and the chart shows the drop as a drop rather than one point before and one after (measured in
 * Chromium with 1/60: evaluations ~130 steps apart around the jump, steps 731 → 933).
 */
export const REPEAT_EVAL_BUDGET_FACTOR = 10;

/**
 * The induction task (builtin:repeat): its validation loss and its halves are measured on the same
 * fixed held-out sequences (their own seed stream); rows are packed like the other decoder-only
 * corpora's. The snapshots read the page's sentence when every one of its tokens is a syllable of the
 * vocabulary, else a repeated sequence of their own (repeatProbeText).
 */
function repeatCorpus(seed: number): TrainingCorpus {
  const corpus = createRepeatCorpus(seed);
  return {
    id: corpus.id,
    architecture: 'decoder',
    tokenizer: corpus.tokenizer,
    textStats: null,
    trainBatch: (rng, batchSize, contextLength) => corpus.trainBatch(rng, batchSize, contextLength, PACK_DOCUMENTS),
    // Its own number of sequences (REPEAT_VALIDATION_SEQUENCES), the ones whose halves are measured.
    validationBatches: (contextLength) => corpus.validationBatches(32, contextLength),
    evaluationBudgetFactor: REPEAT_EVAL_BUDGET_FACTOR,
    async evaluate(model) {
      const m = requireDecoder(model);
      const r = await repeatHalvesLoss(m, corpus.validationExamples(m.config.contextLength));
      return {
        ...NO_FIGURES,
        repeat: { firstHalf: r.firstHalf, repeatedHalf: r.repeatedHalf, floor: Math.log(corpus.symbols), sequences: r.sequences },
      };
    },
    probeText(pageText) {
      const encoded = corpus.tokenizer.encode(pageText, { bos: false });
      return encoded.ids.length >= 2 && encoded.unknown.length === 0 ? pageText : repeatProbeText();
    },
  };
}

/** The built-in corpora made in memory, by id (the real-text ones are files: see prepareCorpus). */
const BUILTIN: Readonly<Record<'builtin:coref' | 'builtin:translate' | 'builtin:translate-fr' | 'builtin:repeat', (seed: number) => TrainingCorpus>> = {
  [COREF_CORPUS_ID]: corefCorpus,
  [TRANSLATE_CORPUS_ID]: (seed) => translationCorpus(TRANSLATE_CORPUS_ID, seed),
  [TRANSLATE_FR_CORPUS_ID]: (seed) => translationCorpus(TRANSLATE_FR_CORPUS_ID, seed),
  [REPEAT_CORPUS_ID]: repeatCorpus,
};

/**
 * Fetches (once) the files of the corpus the settings name, when it is a real-text one; openCorpus
 * needs them. Nothing to do for the others.
 */
export async function prepareCorpus(settings: TrainSettings): Promise<void> {
  const id = builtinCorpusId(settings.corpus);
  if (id !== null && isDocumentCorpusId(id)) await loadDocumentCorpus(id);
}

/** The corpus named by the settings (throws an Error with a clear message for unusable text, or files not yet fetched). */
export function openCorpus(settings: TrainSettings): TrainingCorpus {
  const id: BuiltinCorpusId | null = builtinCorpusId(settings.corpus);
  if (id === null) return textCorpus(settings);
  if (isDocumentCorpusId(id)) {
    const corpus = loadedDocumentCorpus(id);
    if (!corpus) throw new Error(`the files of ${id} have not been fetched yet (prepareCorpus first)`);
    return documentCorpus(corpus);
  }
  return BUILTIN[id](settings.seed);
}
