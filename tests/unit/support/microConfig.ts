// A very small model of the coreference vocabulary for tests of the training machinery (fast in Node).
import { corefVocabulary } from '../../../src/data/coref';
import type { ModelConfig } from '../../../src/shared/config';

export const MICRO: ModelConfig = {
  vocabSize: corefVocabulary().length,
  dModel: 8,
  nHeads: 2,
  nLayers: 1,
  dFF: 16,
  contextLength: 32,
  norm: 'post',
  positional: 'sinusoidal',
  embeddingScale: 1,
  lnEpsilon: 1e-5,
  tiedOutput: false,
};

/** A 2-layer, 2-head, dModel-8 post-LN model of any vocabulary size: the size of the gradient checks. */
export function gradientCheckConfig(vocabSize: number): ModelConfig {
  return { ...MICRO, vocabSize, nLayers: 2, contextLength: 8 };
}
