// Reading and replacing the weights of a model held as named TF.js variables (both model kinds).

import * as tf from '@tensorflow/tfjs';
import type { ModelConfig } from '../shared/config';
import { checkWeights, type WeightMap } from './weights';

export interface NamedVariable {
  name: string;
  variable: tf.Variable;
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
