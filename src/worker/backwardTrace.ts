// The backwardTrace request (src/shared/protocol.ts): one training step on the page's sentence,
// traced with the model in use (src/train/backward.ts). While a training run trains that model, its
// options and optimizer state are used (the request runs in the worker's queue, between two steps);
// otherwise a fresh optimizer with the options a new run of the default settings of the model's
// corpus would start with. The update goes to a copy: the model in use does not change.

import type { BackwardTraceResult } from '../shared/protocol';
import { CORPUS_MODELS, DEFAULT_TRAIN_SETTINGS } from '../shared/training';
import { backwardProblem, backwardTrace } from '../train/backward';
import { BadRequestError, type ModelHost } from './modelHost';
import type { TrainingController } from './training';
import { trainOptionsOf } from './trainingSession';

export interface BackwardParams {
  text: string;
  weight?: string;
  learningRate?: number;
}

/** The default settings of a run on the corpus the model in use was trained on (the app's defaults when unknown). */
function defaultSettingsFor(corpus: string): { learningRate: number; targetSteps: number } {
  const known = Object.hasOwn(CORPUS_MODELS, corpus) ? CORPUS_MODELS[corpus as keyof typeof CORPUS_MODELS].defaults : null;
  return known ?? DEFAULT_TRAIN_SETTINGS;
}

export async function runBackwardTrace(host: ModelHost, training: TrainingController, params: BackwardParams): Promise<BackwardTraceResult> {
  const model = host.decoderModel;
  const tokenizer = host.tokenizer;
  if (!model || !tokenizer) {
    throw new BadRequestError('the model in use is a translation (encoder–decoder) model: a traced training step needs the decoder-only model');
  }
  if (params.weight !== undefined && (typeof params.weight !== 'string' || !model.variables().some((n) => n.name === params.weight))) {
    throw new BadRequestError(`the model has no weight ${JSON.stringify(params.weight)}`);
  }
  const lr = params.learningRate;
  if (lr !== undefined && !(typeof lr === 'number' && Number.isFinite(lr) && lr > 0 && lr <= 1)) {
    throw new BadRequestError('the learning rate must be a number above 0 and at most 1');
  }
  const c = model.config;
  const encoded = tokenizer.encode(params.text);
  const truncated = encoded.ids.length > c.contextLength;
  const n = Math.min(encoded.ids.length, c.contextLength);
  const ids = encoded.ids.slice(0, n);
  const problem = backwardProblem(c, ids);
  if (problem) throw new BadRequestError(problem);
  const revision = host.info().revision;
  const run = await training.runInProgress();
  const train = run?.options ?? trainOptionsOf(defaultSettingsFor(host.info().corpus));
  const trace = await backwardTrace(model, ids, {
    weight: params.weight,
    learningRate: lr,
    train,
    optimizer: run?.optimizer,
  });
  return { tokens: encoded.tokens.slice(0, n), ids, unknown: encoded.unknown.filter((i) => i < n), truncated, revision, trace };
}
