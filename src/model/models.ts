// Either model kind from a config: the decoder-only Transformer (CONTRACT §1) or the encoder–decoder
// (CONTRACT §5), chosen by config.architecture — for the loaders (CLI, worker) that read a checkpoint
// and do not know in advance which kind it holds.

import { isEncoderDecoder, type ModelConfig } from '../shared/config';
import { EncoderDecoder } from './encoderDecoder';
import { Transformer } from './transformer';
import type { WeightMap } from './weights';

export type AnyModel = Transformer | EncoderDecoder;

/** The model of `config` with these weights; throws an Error naming a bad config or weight. */
export function createModel(config: ModelConfig, weights: WeightMap): AnyModel {
  return isEncoderDecoder(config) ? EncoderDecoder.create(config, weights) : Transformer.create(config, weights);
}

/** A freshly initialised model of `config` (seeded, the same on every backend). */
export function initModel(config: ModelConfig, seed: number): AnyModel {
  return isEncoderDecoder(config) ? EncoderDecoder.init(config, seed) : Transformer.init(config, seed);
}
