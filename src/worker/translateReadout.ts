// The `translateReadout` request: linear read-outs of the referent from the encoder's vectors of the
// translation model in use, over the builtin:translate cases of the split the model was trained with
// (src/train/translateReadoutBatched.ts). The answer is kept per model revision and training step, so
// the Compare view can ask again on every render without redoing the work.

import { TRANSLATE_FAMILIES, TRANSLATE_WORDS, translateCases } from '../data/translate';
import { EncoderDecoder } from '../model/encoderDecoder';
import type { TranslateReadoutResult } from '../shared/protocol';
import { readoutStudyBatched } from '../train/translateReadoutBatched';
import { BadRequestError, type ModelHost } from './modelHost';

export class TranslateReadoutService {
  private cached: { key: string; result: TranslateReadoutResult } | null = null;

  constructor(private readonly host: ModelHost) {}

  async run(): Promise<TranslateReadoutResult> {
    const model = this.host.model;
    const tokenizer = this.host.tokenizer;
    if (!model || !tokenizer) throw new Error('no model is loaded yet');
    if (!(model instanceof EncoderDecoder)) throw new BadRequestError('the model in use is a decoder-only model: the read-out is for the translation model');
    const info = this.host.info();
    const seed = this.host.seed ?? 0;
    const key = `${info.revision}:${info.step}:${seed}`;
    if (this.cached?.key === key) return this.cached.result;
    const train = translateCases(seed, 'train');
    const heldOut = translateCases(seed, 'heldOut');
    const missing = [...train, ...heldOut].find((c) => tokenizer.encode(c.source, { bos: false }).unknown.length > 0);
    if (missing) throw new BadRequestError(`the model's vocabulary lacks words of the translation corpus (e.g. in "${missing.source}")`);
    const readout = await readoutStudyBatched(model, tokenizer, train, heldOut);
    const result: TranslateReadoutResult = {
      revision: info.revision,
      step: info.step,
      seed,
      cases: { train: train.length, heldOut: heldOut.length },
      identityClasses: new Set(TRANSLATE_FAMILIES.flatMap((f) => [...TRANSLATE_WORDS[f].first, ...TRANSLATE_WORDS[f].second])).size,
      layers: readout.map((l) => ({ layer: l.layer, heldOut: { ...l.heldOut }, train: { ...l.train }, identity: { ...l.identity } })),
    };
    this.cached = { key, result };
    return result;
  }
}
