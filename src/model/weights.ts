// The weight table of CONTRACT §2: names, shapes and their order in a checkpoint.

import { isEncoderDecoder, type ModelConfig } from '../shared/config';

/** Contract weight name → row-major float32 values. */
export type WeightMap = Map<string, Float32Array>;

export interface WeightSpec {
  name: string;
  shape: number[];
}

/** The weights of one attention (CONTRACT §2): Wq, bq, Wk, bk, Wv, bv, Wo, bo under `prefix`. */
function attentionSpecs(prefix: string, d: number): WeightSpec[] {
  const specs: WeightSpec[] = [];
  for (const part of ['query', 'key', 'value', 'output']) {
    specs.push({ name: `${prefix}/${part}/kernel`, shape: [d, d] });
    specs.push({ name: `${prefix}/${part}/bias`, shape: [d] });
  }
  return specs;
}

function normSpecs(prefix: string, d: number): WeightSpec[] {
  return [
    { name: `${prefix}/gamma`, shape: [d] },
    { name: `${prefix}/beta`, shape: [d] },
  ];
}

function ffnSpecs(prefix: string, d: number, dFF: number): WeightSpec[] {
  return [
    { name: `${prefix}/hidden/kernel`, shape: [d, dFF] },
    { name: `${prefix}/hidden/bias`, shape: [dFF] },
    { name: `${prefix}/output/kernel`, shape: [dFF, d] },
    { name: `${prefix}/output/bias`, shape: [d] },
  ];
}

/** The block of CONTRACT §1 under `prefix` (the decoder-only layer, or an encoder layer of §5). */
function blockSpecs(prefix: string, d: number, dFF: number): WeightSpec[] {
  return [
    ...attentionSpecs(`${prefix}/attention`, d),
    ...normSpecs(`${prefix}/norm1`, d),
    ...normSpecs(`${prefix}/norm2`, d),
    ...ffnSpecs(`${prefix}/ffn`, d, dFF),
  ];
}

/**
 * Every weight of a model of this config, in checkpoint (manifest) order. Decoder-only (CONTRACT §2):
 * embeddings, layers, final norm, output. Encoder–decoder (CONTRACT §5): the token embedding, the
 * encoder's layers and final norm, the decoder's layers (self-attention, cross-attention, three norms,
 * FFN) and final norm, then the output projection — the order data flows.
 */
export function weightSpecs(c: ModelConfig): WeightSpec[] {
  const d = c.dModel;
  const specs: WeightSpec[] = [{ name: 'embedding/token', shape: [c.vocabSize, d] }];
  if (isEncoderDecoder(c)) {
    for (let i = 0; i < (c.nEncoderLayers ?? 0); i++) specs.push(...blockSpecs(`encoder/layers/${i}`, d, c.dFF));
    if (c.norm === 'pre') specs.push(...normSpecs('encoder/final_norm', d));
    for (let i = 0; i < c.nLayers; i++) {
      const p = `decoder/layers/${i}`;
      specs.push(
        ...attentionSpecs(`${p}/attention`, d),
        ...attentionSpecs(`${p}/cross_attention`, d),
        ...normSpecs(`${p}/norm1`, d),
        ...normSpecs(`${p}/norm2`, d),
        ...normSpecs(`${p}/norm3`, d),
        ...ffnSpecs(`${p}/ffn`, d, c.dFF),
      );
    }
  } else {
    if (c.positional === 'learned') specs.push({ name: 'embedding/position', shape: [c.contextLength, d] });
    for (let i = 0; i < c.nLayers; i++) specs.push(...blockSpecs(`layers/${i}`, d, c.dFF));
  }
  if (c.norm === 'pre') specs.push(...normSpecs('final_norm', d));
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
