// The list of steps, derived from the model's own description (norm placement; the stack's layers and
// attention sites, modelStacks), and the module of each kind. Order follows CONTRACT §1 (and §5 for
// a translation model's encoder and decoder) exactly.

import { modelStacks, type AttentionSite, type ModelConfig, type StackDescription } from '../../shared/config';
import { addNorm1Step } from './addNorm1';
import { addNorm2Step } from './addNorm2';
import { concatStep } from './concat';
import { addNormCrossStep, crossQkvStep, preNormCrossStep, residualCrossStep } from './cross';
import { memoryStep } from './memory';
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
  crossQkv: crossQkvStep,
  scores: scoresStep,
  scale: scaleStep,
  mask: maskStep,
  softmax: softmaxStep,
  weightedSum: weightedSumStep,
  concat: concatStep,
  outputProj: outputProjStep,
  addNorm1: addNorm1Step,
  residual1: residual1Step,
  preNormCross: preNormCrossStep,
  addNormCross: addNormCrossStep,
  residualCross: residualCrossStep,
  preNorm2: preNorm2Step,
  ffnW1: ffnW1Step,
  relu: reluStep,
  ffnW2: ffnW2Step,
  addNorm2: addNorm2Step,
  residual2: residual2Step,
  finalNorm: finalNormStep,
  memory: memoryStep,
  logits: logitsStep,
  probs: probsStep,
};

const FFN: StepKind[] = ['ffnW1', 'relu', 'ffnW2'];

/** The steps of one attention: Q, K, V → scores → ÷√d_k → (causal mask) → softmax → A·V → heads → W_O. */
function attentionKinds(site: AttentionSite, causal: boolean): StepKind[] {
  return [site === 'cross' ? 'crossQkv' : 'qkv', 'scores', 'scale', ...(causal ? (['mask'] as StepKind[]) : []), 'softmax', 'weightedSum', 'concat', 'outputProj'];
}

/** The decoder-only model's one stack (for callers that pass a bare config). */
function decoderOnly(nLayers: number): StackDescription {
  return { name: 'decoder', layers: nLayers, heads: 0, sites: ['decoder'], causal: true };
}

/** The steps of one layer of a stack, in order, for a norm placement: each attention site, then the FFN. */
export function layerSteps(norm: ModelConfig['norm'], stack: StackDescription, layer: number): StepRef[] {
  const out: StepRef[] = [];
  const at = (kind: StepKind, site?: AttentionSite): void => {
    out.push(site === undefined ? { kind, layer } : { kind, layer, site });
  };
  const named = stack.sites.length > 1 || stack.name === 'encoder';
  for (const site of stack.sites) {
    const cross = site === 'cross';
    const causal = stack.causal && !cross;
    const ref = named ? site : undefined;
    if (norm === 'pre') at(cross ? 'preNormCross' : 'preNorm1');
    for (const kind of attentionKinds(site, causal)) at(kind, ref);
    if (norm === 'post') at(cross ? 'addNormCross' : 'addNorm1');
    else at(cross ? 'residualCross' : 'residual1');
  }
  if (norm === 'pre') at('preNorm2');
  for (const kind of FFN) at(kind);
  at(norm === 'post' ? 'addNorm2' : 'residual2');
  return out;
}

/** The kinds of one decoder-only layer's steps, in order, for a norm placement. */
export function layerKinds(norm: ModelConfig['norm']): StepKind[] {
  return layerSteps(norm, decoderOnly(1), 0).map((s) => s.kind);
}

/**
 * Every step of one token's forward pass. With a bare config (or no stack): the decoder-only model.
 * With a stack of a translation model: the encoder ends with its output M (what the decoder reads),
 * the decoder with the next token's probabilities.
 */
export function buildSteps(config: Pick<ModelConfig, 'norm' | 'nLayers'>, stack: StackDescription = decoderOnly(config.nLayers)): StepRef[] {
  const seq2seq = stack.name === 'encoder' || stack.sites.includes('cross');
  const tag = (s: StepRef): StepRef => (seq2seq ? { ...s, stack: stack.name } : s);
  const steps: StepRef[] = [
    { kind: 'lookup', layer: -1 },
    { kind: 'positional', layer: -1 },
  ];
  for (let layer = 0; layer < stack.layers; layer++) steps.push(...layerSteps(config.norm, stack, layer));
  if (config.norm === 'pre') steps.push({ kind: 'finalNorm', layer: -1 });
  if (stack.name === 'encoder') steps.push({ kind: 'memory', layer: -1 });
  else steps.push({ kind: 'logits', layer: -1 }, { kind: 'probs', layer: -1 });
  return steps.map(tag);
}

/** The steps of a token of `side` in a model of this config (a decoder-only model has one side). */
export function stepsFor(config: ModelConfig, side: 'source' | 'target'): StepRef[] {
  const stacks = modelStacks(config);
  const stack = stacks.find((s) => s.name === (side === 'source' ? 'encoder' : 'decoder')) ?? stacks[stacks.length - 1];
  return buildSteps(config, stack);
}

/** The data a step shows for a context. */
export function buildStep(ref: StepRef, ctx: StepContext): StepData {
  return STEP_MODULES[ref.kind].build(ctx, ref);
}
