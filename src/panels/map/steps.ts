// Between the map's boxes and the step-through's steps: the box a step lights up, and the step a box
// opens. Both read the step list the step-through itself walks (stepsFor), so they cannot drift apart.

import { modelStacks, type ModelConfig, type StackDescription } from '../../shared/config';
import { backwardSteps } from '../backward/steps';
import type { BackwardStepRef } from '../backward/types';
import { stepsFor } from '../stepper/steps';
import type { StepKind, StepRef } from '../stepper/types';
import type { Side } from '../stepper/walk';
import { selfSite, type StackName } from './layout';

const ATTENTION_KINDS: ReadonlySet<StepKind> = new Set<StepKind>(['qkv', 'scores', 'scale', 'mask', 'softmax', 'weightedSum', 'concat', 'outputProj']);

/** The id of the map box where a step happens (see layout.ts for the ids). */
export function boxOfStep(step: StepRef, stacks: readonly StackDescription[]): string {
  const stackName: StackName = step.stack ?? 'decoder';
  const stack = stacks.find((s) => s.name === stackName) ?? stacks[stacks.length - 1];
  const self = selfSite(stack);
  const layer = `${stackName}.L${step.layer}`;
  if (ATTENTION_KINDS.has(step.kind)) return `${layer}.${step.site ?? self}`;
  switch (step.kind) {
    case 'lookup':
      return `${stackName}.embedding`;
    case 'positional':
      return `${stackName}.positional`;
    case 'crossQkv':
      return `${layer}.cross`;
    case 'preNorm1':
      return `${layer}.norm.${self}`;
    case 'addNorm1':
      return `${layer}.addNorm.${self}`;
    case 'residual1':
      return `${layer}.add.${self}`;
    case 'preNormCross':
      return `${layer}.norm.cross`;
    case 'addNormCross':
      return `${layer}.addNorm.cross`;
    case 'residualCross':
      return `${layer}.add.cross`;
    case 'preNorm2':
      return `${layer}.norm.ffn`;
    case 'ffnW1':
    case 'relu':
    case 'ffnW2':
      return `${layer}.ffn`;
    case 'addNorm2':
      return `${layer}.addNorm.ffn`;
    case 'residual2':
      return `${layer}.add.ffn`;
    case 'finalNorm':
      return `${stackName}.finalNorm`;
    case 'memory':
      return 'encoder.memory';
    case 'logits':
      return `${stackName}.linear`;
    case 'probs':
      return `${stackName}.softmax`;
    default:
      return `${layer}.${self}`;
  }
}

/** The side of the tokens a stack reads: a translation model's encoder reads the source. */
export function sideOfStack(stack: StackName, config: ModelConfig): Side {
  return stack === 'encoder' && modelStacks(config).length > 1 ? 'source' : 'target';
}

/** The first step (index into the step list of that side) that happens in a box, or null if none does. */
export function stepOfBox(boxId: string, stack: StackName, config: ModelConfig): { side: Side; index: number } | null {
  const side = sideOfStack(stack, config);
  const stacks = modelStacks(config);
  const index = stepsFor(config, side).findIndex((s) => boxOfStep(s, stacks) === boxId);
  return index < 0 ? null : { side, index };
}

/**
 * The map box where a step of the training walk-through happens (the decoder-only model), or null for
 * the steps after the backward pass (gradient sizes, Adam, payoff), which belong to no box.
 */
export function boxOfBackwardStep(step: BackwardStepRef, stacks: readonly StackDescription[]): string | null {
  const stack = stacks.find((s) => s.name === 'decoder') ?? stacks[stacks.length - 1];
  const self = selfSite(stack);
  const layer = `decoder.L${step.layer}`;
  switch (step.kind) {
    case 'loss':
    case 'dLogits':
      return 'decoder.softmax';
    case 'outputLayer':
      return 'decoder.linear';
    case 'finalNorm':
      return 'decoder.finalNorm';
    case 'addNorm2':
      return `${layer}.addNorm.ffn`;
    case 'ffnW2':
    case 'relu':
    case 'ffnW1':
      return `${layer}.ffn`;
    case 'preNorm2':
      return `${layer}.norm.ffn`;
    case 'addNorm1':
      return `${layer}.addNorm.${self}`;
    case 'preNorm1':
      return `${layer}.norm.${self}`;
    case 'embedding':
      return 'decoder.embedding';
    case 'norms':
    case 'adam':
    case 'payoff':
      return null;
    default:
      return `${layer}.${self}`;
  }
}

/** The first step of the training walk-through that happens in a box (−1 if none does). */
export function backwardStepOfBox(boxId: string, config: ModelConfig): number {
  const stacks = modelStacks(config);
  return backwardSteps(config).findIndex((s) => boxOfBackwardStep(s, stacks) === boxId);
}
