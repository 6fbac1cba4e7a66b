// Seeded initialisation, computed in JavaScript so that a seed gives the same starting weights on
// every backend (WebGL, WASM, CPU) and in Node.

import { isEncoderDecoder, type ModelConfig } from '../shared/config';
import { Rng } from '../data/rng';
import { specSize, weightSpecs, type WeightMap } from './weights';

function normal(rng: Rng, n: number, std: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.normal() * std;
  return out;
}

/**
 * Token embeddings ~ N(0, 1) unless `tokenEmbeddingStd` says otherwise (presetInitOptions: the tang
 * preset starts them at 0.1), so that a token's identity is as loud as its sinusoidal position
 * (whose entries have magnitude ≤ 1); learned positions ~ N(0, 0.1); kernels ~ N(0, 1/fan_in), with
 * the projections that write into a residual stream scaled down by the square root of how many such
 * writes that stream receives: decoder-only W_O and W2 by √(2·nLayers); in the encoder–decoder, the
 * encoder's W_O and W2 by √(2·nEncoderLayers) (two writes per encoder layer into the encoder's stream)
 * and the decoder's self-attention W_O, cross-attention W_O and W2 by √(3·nLayers) (three per decoder
 * layer into the decoder's stream); biases and LayerNorm β 0, γ 1.
 */
export interface InitOptions {
  /**
   * Standard deviation of the token embeddings (default 1, as above). A smaller one starts every
   * word near the origin, so that where a word's vector ends up is what training put there.
   */
  tokenEmbeddingStd?: number;
}

export function initWeights(config: ModelConfig, seed: number, opts: InitOptions = {}): WeightMap {
  const tokenStd = opts.tokenEmbeddingStd ?? 1;
  if (!(Number.isFinite(tokenStd) && tokenStd >= 0)) throw new Error(`token embedding std ${tokenStd} is not a finite number ≥ 0`);
  const rng = new Rng(seed);
  const weights: WeightMap = new Map();
  const residualScale = 1 / Math.sqrt(2 * config.nLayers);
  const encoderScale = 1 / Math.sqrt(2 * (config.nEncoderLayers ?? 1));
  const decoderScale = 1 / Math.sqrt(3 * config.nLayers);
  const scaleOf = (name: string): number => {
    if (!isEncoderDecoder(config)) return residualScale;
    return name.startsWith('encoder/') ? encoderScale : decoderScale;
  };
  for (const spec of weightSpecs(config)) {
    const n = specSize(spec);
    const name = spec.name;
    let values: Float32Array;
    if (name === 'embedding/token') values = normal(rng, n, tokenStd);
    else if (name === 'embedding/position') values = normal(rng, n, 0.1);
    else if (name.endsWith('/gamma')) values = new Float32Array(n).fill(1);
    else if (name.endsWith('/bias') || name.endsWith('/beta')) values = new Float32Array(n);
    else {
      const fanIn = spec.shape[0];
      const outProjection = name.endsWith('attention/output/kernel') || name.endsWith('ffn/output/kernel');
      values = normal(rng, n, (outProjection ? scaleOf(name) : 1) / Math.sqrt(fanIn));
    }
    weights.set(name, values);
  }
  return weights;
}
