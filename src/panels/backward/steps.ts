// The list of the training step's steps, from the model's description (norm placement, layers), and
// the module of each kind. The order is the backward pass's: from the loss down to the embeddings,
// each block in reverse, then what happens to the gradient (its size, clipping, Adam) and the payoff.

import type { ModelConfig } from '../../shared/config';
import { attnInputStep, attnOutStep, attnQKStep, attnScaleStep, attnSoftmaxStep, attnValuesStep } from './attention';
import { addNorm1Step, addNorm2Step, ffnW1Step, ffnW2Step, preNorm1Step, preNorm2Step, reluStep } from './block';
import { dLogitsStep, finalNormStep, lossStep, outputLayerStep } from './output';
import type { BackwardContext, BackwardKind, BackwardModule, BackwardStepData, BackwardStepRef } from './types';
import { adamStep, embeddingStep, normsStep, payoffStep } from './update';

export const BACKWARD_MODULES: Record<BackwardKind, BackwardModule> = {
  loss: lossStep,
  dLogits: dLogitsStep,
  outputLayer: outputLayerStep,
  finalNorm: finalNormStep,
  addNorm2: addNorm2Step,
  ffnW2: ffnW2Step,
  relu: reluStep,
  ffnW1: ffnW1Step,
  preNorm2: preNorm2Step,
  addNorm1: addNorm1Step,
  attnOut: attnOutStep,
  attnValues: attnValuesStep,
  attnSoftmax: attnSoftmaxStep,
  attnScale: attnScaleStep,
  attnQK: attnQKStep,
  attnInput: attnInputStep,
  preNorm1: preNorm1Step,
  embedding: embeddingStep,
  norms: normsStep,
  adam: adamStep,
  payoff: payoffStep,
};

const ATTENTION: BackwardKind[] = ['attnOut', 'attnValues', 'attnSoftmax', 'attnScale', 'attnQK', 'attnInput'];

/** One block's steps in backward order for a norm placement. */
export function blockKinds(norm: ModelConfig['norm']): BackwardKind[] {
  return norm === 'post'
    ? ['addNorm2', 'ffnW2', 'relu', 'ffnW1', 'addNorm1', ...ATTENTION]
    : ['ffnW2', 'relu', 'ffnW1', 'preNorm2', ...ATTENTION, 'preNorm1'];
}

/** Every step of the training walk-through of a decoder-only model of this config. */
export function backwardSteps(config: Pick<ModelConfig, 'norm' | 'nLayers'>): BackwardStepRef[] {
  const steps: BackwardStepRef[] = [
    { kind: 'loss', layer: -1 },
    { kind: 'dLogits', layer: -1 },
    { kind: 'outputLayer', layer: -1 },
  ];
  if (config.norm === 'pre') steps.push({ kind: 'finalNorm', layer: -1 });
  for (let layer = config.nLayers - 1; layer >= 0; layer--) for (const kind of blockKinds(config.norm)) steps.push({ kind, layer });
  steps.push({ kind: 'embedding', layer: -1 }, { kind: 'norms', layer: -1 }, { kind: 'adam', layer: -1 }, { kind: 'payoff', layer: -1 });
  return steps;
}

/** The data a step shows for a context. */
export function buildBackwardStep(ref: BackwardStepRef, ctx: BackwardContext): BackwardStepData {
  return BACKWARD_MODULES[ref.kind].build(ctx, ref);
}
