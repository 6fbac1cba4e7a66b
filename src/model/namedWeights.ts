// Making, reading and replacing the weights of a model held as named TF.js variables (both model kinds).

import * as tf from '@tensorflow/tfjs';
import type { ModelConfig } from '../shared/config';
import type { DenseParams } from './dense';
import type { NormParams } from './layerNorm';
import { checkWeights, weightSpecs, type WeightMap } from './weights';

export interface NamedVariable {
  name: string;
  variable: tf.Variable;
}

/** One trainable variable per weight of the config (CONTRACT names and shapes), and lookups by name. */
export function createNamedVariables(
  config: ModelConfig,
  weights: WeightMap,
): { named: NamedVariable[]; v: (name: string) => tf.Variable; dense: (prefix: string) => DenseParams; norm: (prefix: string) => NormParams } {
  const named = weightSpecs(config).map((spec) => ({
    name: spec.name,
    // Inside tidy so that the initial tensor is freed once the variable holds its own copy.
    variable: tf.tidy(() => tf.variable(tf.tensor(weights.get(spec.name)!, spec.shape, 'float32'), true)),
  }));
  const byName = new Map(named.map((n) => [n.name, n.variable]));
  const v = (name: string): tf.Variable => byName.get(name)!;
  return {
    named,
    v,
    dense: (prefix) => ({ kernel: v(`${prefix}/kernel`), bias: v(`${prefix}/bias`) }),
    norm: (prefix) => ({ gamma: v(`${prefix}/gamma`), beta: v(`${prefix}/beta`) }),
  };
}

/** Copies of the current weight values, by CONTRACT name. */
export async function readNamedWeights(named: readonly NamedVariable[]): Promise<WeightMap> {
  const out: WeightMap = new Map();
  for (const { name, variable } of named) out.set(name, new Float32Array((await variable.data()) as Float32Array));
  return out;
}

/** Replaces every weight in place; validates names and sizes first (nothing changes on error). */
export function assignNamedWeights(config: ModelConfig, named: readonly NamedVariable[], weights: WeightMap): void {
  const problem = checkWeights(config, weights);
  if (problem) throw new Error(problem);
  tf.tidy(() => {
    for (const { name, variable } of named) variable.assign(tf.tensor(weights.get(name)!, variable.shape, 'float32'));
  });
}
