// The `attribution` request: trace the text with the model in use, split the gap between two candidate
// nouns' logits at the last position into per-part contributions (src/train/attribution.ts), and
// score each candidate (first-token probability, and the whole word's probability through one extra
// pass per further token, e.g. the second character of 马路).
// The weights are read back once per model revision and training step, not on every request, and the
// trace of the same text just computed for a `trace` request is reused (the page asks for both).

import type { AttributionResult, CandidateScore, HeadRef, TraceResult } from '../shared/protocol';
import type { WeightMap } from '../model/weights';
import { matRow } from '../shared/trace';
import { attributionWeightNames, directLogitAttribution } from '../train/attribution';
import type { ModelHost } from './modelHost';

const RECENT_TRACES = 4;

export class AttributionService {
  private cached: { key: string; weights: WeightMap } | null = null;
  private recent: { key: string; result: TraceResult }[] = [];

  constructor(private readonly host: ModelHost) {}

  /** The weights' version: model revision and training step. */
  private version(): string {
    const info = this.host.info();
    return `${info.revision}:${info.step}`;
  }

  /** Keep a trace just computed (not transferred: its buffers stay valid) for an attribution of the same text. */
  remember(text: string, knockout: readonly HeadRef[], result: TraceResult): void {
    const key = `${this.version()}|${JSON.stringify(knockout)}|${text}`;
    this.recent = [{ key, result }, ...this.recent.filter((r) => r.key !== key)].slice(0, RECENT_TRACES);
  }

  private async traced(text: string, knockout: readonly HeadRef[]): Promise<TraceResult> {
    const key = `${this.version()}|${JSON.stringify(knockout)}|${text}`;
    return this.recent.find((r) => r.key === key)?.result ?? this.host.trace(text, knockout);
  }

  private async weights(): Promise<WeightMap> {
    const key = this.version();
    if (this.cached?.key !== key) {
      const model = this.host.decoderModel;
      if (!model) throw new Error('no model is loaded yet');
      // Only the weights the attribution needs (W_O, b_O, LayerNorm γ/β, the output layer).
      const wanted = new Set(attributionWeightNames(model.config));
      const weights: WeightMap = new Map();
      for (const { name, variable } of model.variables()) {
        if (wanted.has(name)) weights.set(name, new Float32Array((await variable.data()) as Float32Array));
      }
      this.cached = { key, weights };
    }
    return this.cached.weights;
  }

  async run(text: string, answer: string, distractor: string, knockout: readonly HeadRef[]): Promise<AttributionResult> {
    const model = this.host.decoderModel;
    const tokenizer = this.host.tokenizer;
    if (!model || !tokenizer) throw new Error('no model is loaded yet');
    const traced = await this.traced(text, knockout);
    const trace = traced.trace;
    const position = trace.ids.length - 1;
    const probs = matRow(trace.probs, position);
    const logits = matRow(trace.logits, position);

    const score = async (word: string): Promise<CandidateScore> => {
      const enc = tokenizer.encode(word, { bos: false });
      if (enc.ids.length === 0 || enc.unknown.length > 0) return { word, ids: [], firstProb: 0, wordProb: 0, logit: Number.NaN };
      const first = enc.ids[0];
      let wordProb = probs[first];
      // P(rest of the word | text + its first tokens): one pass per further token.
      const ids = traced.ids.slice();
      for (let k = 1; k < enc.ids.length; k++) {
        ids.push(enc.ids[k - 1]);
        if (ids.length > model.config.contextLength) {
          wordProb = Number.NaN;
          break;
        }
        const next = await model.trace(ids, { knockout });
        wordProb *= matRow(next.probs, ids.length - 1)[enc.ids[k]];
      }
      return { word, ids: enc.ids, firstProb: probs[first], wordProb, logit: logits[first] };
    };
    const a = await score(answer);
    const b = await score(distractor);
    if (a.ids.length === 0 || b.ids.length === 0) {
      return { revision: traced.revision, position, answer: a, distractor: b, gap: Number.NaN, terms: [], sum: Number.NaN };
    }
    const weights = await this.weights();
    const r = directLogitAttribution({ trace, weights, answerId: a.ids[0], distractorId: b.ids[0], position });
    return { revision: traced.revision, position, answer: a, distractor: b, gap: r.gap, terms: r.terms, sum: r.sum };
  }
}
