// The list of steps, derived from the model's config (norm placement, number of layers), and the
// module of each kind. Order follows CONTRACT §1 exactly.

import type { ModelConfig } from '../../shared/config';
import { addNorm1Step } from './addNorm1';
import { addNorm2Step } from './addNorm2';
import { concatStep } from './concat';
import { ffnW1Step } from './ffnW1';
import { ffnW2Step } from './ffnW2';
import { finalNormStep } from './finalNorm';
import { logitsStep } from './logits';
import { lookupStep } from './lookup';
import { maskStep } from './mask';
import { outputProjStep } from './outputProj';
import { positionalStep } from './positional';
import { preNorm1Step } from './preNorm1';
import { preNorm2Step } from './preNorm2';
import { probsStep } from './probs';
import { qkvStep } from './qkv';
import { reluStep } from './relu';
import { residual1Step } from './residual1';
import { residual2Step } from './residual2';
import { scaleStep } from './scale';
import { scoresStep } from './scores';
import { softmaxStep } from './softmax';
import type { StepContext, StepData, StepKind, StepModule, StepRef } from './types';
import { weightedSumStep } from './weightedSum';

export const STEP_MODULES: Record<StepKind, StepModule> = {
  lookup: lookupStep,
  positional: positionalStep,
  preNorm1: preNorm1Step,
  qkv: qkvStep,
  scores: scoresStep,
  scale: scaleStep,
  mask: maskStep,
  softmax: softmaxStep,
  weightedSum: weightedSumStep,
  concat: concatStep,
  outputProj: outputProjStep,
  addNorm1: addNorm1Step,
  residual1: residual1Step,
  preNorm2: preNorm2Step,
  ffnW1: ffnW1Step,
  relu: reluStep,
  ffnW2: ffnW2Step,
  addNorm2: addNorm2Step,
  residual2: residual2Step,
  finalNorm: finalNormStep,
  logits: logitsStep,
  probs: probsStep,
};

const ATTENTION: StepKind[] = ['qkv', 'scores', 'scale', 'mask', 'softmax', 'weightedSum', 'concat', 'outputProj'];
const FFN: StepKind[] = ['ffnW1', 'relu', 'ffnW2'];

/** The kinds of one layer's steps, in order, for a norm placement. */
export function layerKinds(norm: ModelConfig['norm']): StepKind[] {
  return norm === 'post'
    ? [...ATTENTION, 'addNorm1', ...FFN, 'addNorm2']
    : ['preNorm1', ...ATTENTION, 'residual1', 'preNorm2', ...FFN, 'residual2'];
}

/** Every step of one token's forward pass for this config. */
export function buildSteps(config: Pick<ModelConfig, 'norm' | 'nLayers'>): StepRef[] {
  const steps: StepRef[] = [
    { kind: 'lookup', layer: -1 },
    { kind: 'positional', layer: -1 },
  ];
  for (let layer = 0; layer < config.nLayers; layer++) {
    for (const kind of layerKinds(config.norm)) steps.push({ kind, layer });
  }
  if (config.norm === 'pre') steps.push({ kind: 'finalNorm', layer: -1 });
  steps.push({ kind: 'logits', layer: -1 }, { kind: 'probs', layer: -1 });
  return steps;
}

/** The data a step shows for a context. */
export function buildStep(ref: StepRef, ctx: StepContext): StepData {
  return STEP_MODULES[ref.kind].build(ctx, ref.layer);
}
