// The weight table of CONTRACT §2: names, shapes and their order in a checkpoint.

import type { ModelConfig } from '../shared/config';

/** Contract weight name → row-major float32 values. */
export type WeightMap = Map<string, Float32Array>;

export interface WeightSpec {
  name: string;
  shape: number[];
}

/** Every weight of a model of this config, in checkpoint (manifest) order. */
export function weightSpecs(c: ModelConfig): WeightSpec[] {
  const d = c.dModel;
  const specs: WeightSpec[] = [{ name: 'embedding/token', shape: [c.vocabSize, d] }];
  if (c.positional === 'learned') specs.push({ name: 'embedding/position', shape: [c.contextLength, d] });
  for (let i = 0; i < c.nLayers; i++) {
    const p = `layers/${i}`;
    for (const part of ['query', 'key', 'value', 'output']) {
      specs.push({ name: `${p}/attention/${part}/kernel`, shape: [d, d] });
      specs.push({ name: `${p}/attention/${part}/bias`, shape: [d] });
    }
    for (const norm of ['norm1', 'norm2']) {
      specs.push({ name: `${p}/${norm}/gamma`, shape: [d] });
      specs.push({ name: `${p}/${norm}/beta`, shape: [d] });
    }
    specs.push({ name: `${p}/ffn/hidden/kernel`, shape: [d, c.dFF] });
    specs.push({ name: `${p}/ffn/hidden/bias`, shape: [c.dFF] });
    specs.push({ name: `${p}/ffn/output/kernel`, shape: [c.dFF, d] });
    specs.push({ name: `${p}/ffn/output/bias`, shape: [d] });
  }
  if (c.norm === 'pre') {
    specs.push({ name: 'final_norm/gamma', shape: [d] });
    specs.push({ name: 'final_norm/beta', shape: [d] });
  }
  if (!c.tiedOutput) {
    specs.push({ name: 'output/kernel', shape: [d, c.vocabSize] });
    specs.push({ name: 'output/bias', shape: [c.vocabSize] });
  }
  return specs;
}

export function specSize(spec: WeightSpec): number {
  return spec.shape.reduce((a, b) => a * b, 1);
}

/**
 * Returns null when `weights` holds exactly the weights of `config` with the right sizes, else a
 * message naming the first problem (missing, extra or misshaped weight).
 */
export function checkWeights(config: ModelConfig, weights: WeightMap): string | null {
  const specs = weightSpecs(config);
  const expected = new Set(specs.map((s) => s.name));
  for (const spec of specs) {
    const w = weights.get(spec.name);
    if (!w) return `missing weight "${spec.name}"`;
    if (w.length !== specSize(spec)) {
      return `weight "${spec.name}" has ${w.length} values, expected shape [${spec.shape.join(', ')}] (${specSize(spec)} values)`;
    }
  }
  for (const name of weights.keys()) {
    if (!expected.has(name)) return `unexpected weight "${name}" for this config`;
  }
  return null;
}
