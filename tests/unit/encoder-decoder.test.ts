// The TF.js encoder–decoder (src/model/encoderDecoder.ts) checked against the independent float64
// reference written from CONTRACT §5 (tests/reference/encoderDecoderReference.ts): every intermediate
// of the trace, both norm placements, S ≠ T; the properties the architecture must have (cross rows
// sum to 1, the encoder looks both ways, the decoder is causal, padding is masked, knockout).

import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initNodeBackend } from '../../src/cli/backend';
import { EncoderDecoder, translate } from '../../src/model/encoderDecoder';
import { weightSpecs } from '../../src/model/weights';
import { initWeights } from '../../src/model/init';
import { Rng } from '../../src/data/rng';
import {
  ENCODER_DECODER_PRESETS,
  encoderDecoderPresetConfig,
  modelStacks,
  parameterCount,
  validateConfig,
  type ModelConfig,
  type SiteHeadRef,
} from '../../src/shared/config';
import { encoderDecoderTraceToJSON, type AttentionTrace, type EncoderDecoderTrace, type Mat } from '../../src/shared/trace';
import { referenceForward, type RefMat } from '../reference/reference';
import {
  encoderDecoderWeightShapes,
  randomEncoderDecoderWeights,
  referenceEncoderDecoder,
  type RefAttention,
  type RefEncoderDecoderTrace,
} from '../reference/encoderDecoderReference';

const TOL = 1e-4;

beforeAll(async () => {
  await initNodeBackend();
});

/** max |got − want| / max(1, |want|) ≤ tol, −∞ at exactly the same places; a description per problem. */
function compareMat(label: string, got: Mat | undefined, want: RefMat | undefined, tol = TOL): string[] {
  if (!want) return got ? [`${label}: present in the model trace but not in the reference`] : [];
  if (!got) return [`${label}: missing from the model trace`];
  if (got.rows !== want.rows || got.cols !== want.cols) return [`${label}: shape ${got.rows}x${got.cols}, reference ${want.rows}x${want.cols}`];
  let worst = 0;
  let at = -1;
  for (let i = 0; i < want.data.length; i++) {
    const g = got.data[i];
    const w = want.data[i];
    if (w === -Infinity || g === -Infinity) {
      if (g !== w) return [`${label}: at ${i} model ${g}, reference ${w} (−∞ mismatch)`];
      continue;
    }
    const d = Number.isFinite(g) ? Math.abs(g - w) / Math.max(1, Math.abs(w)) : Infinity;
    if (d > worst) {
      worst = d;
      at = i;
    }
  }
  if (worst > tol) return [`${label}: max diff ${worst.toExponential(2)} at ${at}: model ${got.data[at]}, reference ${want.data[at]}`];
  return [];
}

const HEAD_KEYS = ['q', 'k', 'v', 'scores', 'scaled', 'masked', 'weights', 'heads'] as const;

function compareAttention(pre: string, got: AttentionTrace, want: RefAttention): string[] {
  const p: string[] = [];
  for (const key of HEAD_KEYS) {
    if (got[key].length !== want[key].length) p.push(`${pre}${key}: ${got[key].length} heads, reference ${want[key].length}`);
    want[key].forEach((m, h) => p.push(...compareMat(`${pre}${key}[${h}]`, got[key][h], m)));
  }
  p.push(...compareMat(`${pre}concat`, got.concat, want.concat));
  p.push(...compareMat(`${pre}attention`, got.attention, want.attention));
  return p;
}

function compareTrace(got: EncoderDecoderTrace, want: RefEncoderDecoderTrace): string[] {
  const p: string[] = [];
  if (got.sourceIds.join() !== want.sourceIds.join() || got.targetIds.join() !== want.targetIds.join()) p.push('ids differ');
  for (const stack of ['encoder', 'decoder'] as const) {
    for (const key of ['embedding', 'positional', 'input', 'finalNorm'] as const) {
      p.push(...compareMat(`${stack}.${key}`, got[stack][key], want[stack][key]));
    }
  }
  p.push(...compareMat('encoder.output', got.encoder.output, want.encoder.output));
  if (got.encoder.layers.length !== want.encoder.layers.length) p.push('encoder layer count');
  want.encoder.layers.forEach((wl, l) => {
    const gl = got.encoder.layers[l];
    const pre = `encoder.layers[${l}].`;
    p.push(...compareAttention(pre, gl, wl));
    for (const key of [
      'input', 'preNorm1', 'residual1', 'ffnInput', 'ffnHidden', 'ffnActivation', 'ffnOutput', 'residual2', 'norm2', 'output',
    ] as const) {
      p.push(...compareMat(pre + key, gl[key], wl[key]));
    }
  });
  if (got.decoder.layers.length !== want.decoder.layers.length) p.push('decoder layer count');
  want.decoder.layers.forEach((wl, l) => {
    const gl = got.decoder.layers[l];
    const pre = `decoder.layers[${l}].`;
    p.push(...compareAttention(`${pre}self.`, gl.self, wl.self));
    p.push(...compareAttention(`${pre}cross.`, gl.cross, wl.cross));
    for (const key of [
      'input', 'preNorm1', 'residual1', 'crossInput', 'residual2', 'ffnInput', 'ffnHidden', 'ffnActivation', 'ffnOutput',
      'residual3', 'norm3', 'output',
    ] as const) {
      p.push(...compareMat(pre + key, gl[key], wl[key]));
    }
  });
  p.push(...compareMat('logits', got.logits, want.logits));
  p.push(...compareMat('probs', got.probs, want.probs));
  return p;
}

const base: ModelConfig = {
  architecture: 'encoder-decoder',
  nEncoderLayers: 2,
  vocabSize: 13,
  dModel: 8,
  nHeads: 2,
  nLayers: 2,
  dFF: 12,
  contextLength: 12,
  norm: 'post',
  positional: 'sinusoidal',
  embeddingScale: 1,
  lnEpsilon: 1e-5,
  tiedOutput: false,
};

const variants: { name: string; config: ModelConfig }[] = [
  { name: 'post-LN, untied', config: base },
  { name: 'pre-LN, untied', config: { ...base, norm: 'pre' } },
  { name: 'post-LN, tied, √d scale, 4 heads', config: { ...base, tiedOutput: true, nHeads: 4, embeddingScale: Math.sqrt(8) } },
  { name: 'pre-LN, tied, 1 head, 3 encoder layers, 1 decoder layer', config: { ...base, norm: 'pre', tiedOutput: true, nHeads: 1, nEncoderLayers: 3, nLayers: 1 } },
];

function randomIds(rng: Rng, n: number, vocab: number, first?: number): number[] {
  // Never the pad id 0 (a traced source holds no padding).
  const ids = Array.from({ length: n }, () => 1 + rng.int(vocab - 1));
  if (first !== undefined) ids[0] = first;
  return ids;
}

describe('encoder–decoder config, weights and presets', () => {
  it('validates the architecture and nEncoderLayers', () => {
    expect(validateConfig(base)).toBeNull();
    expect(validateConfig({ ...base, architecture: 'encoder' })).toMatch(/architecture/);
    expect(validateConfig({ ...base, nEncoderLayers: undefined })).toMatch(/nEncoderLayers is missing/);
    expect(validateConfig({ ...base, nEncoderLayers: 0 })).toMatch(/nEncoderLayers = 0 is outside/);
    expect(validateConfig({ ...base, nEncoderLayers: 9 })).toMatch(/nEncoderLayers = 9 is outside/);
    expect(validateConfig({ ...base, nEncoderLayers: 1.5 })).toMatch(/not an integer/);
    expect(validateConfig({ ...base, positional: 'learned' })).toMatch(/sinusoidal/);
    const { architecture: _a, nEncoderLayers: _n, ...decoderOnly } = base;
    expect(validateConfig(decoderOnly)).toBeNull();
    expect(validateConfig({ ...decoderOnly, architecture: 'decoder' })).toBeNull();
    expect(validateConfig({ ...decoderOnly, nEncoderLayers: 2 })).toMatch(/only allowed/);
  });

  it('names every weight as CONTRACT §5 does, encoder first, and counts them', () => {
    for (const { config } of variants) {
      const specs = weightSpecs(config);
      const fromContract = encoderDecoderWeightShapes(config);
      expect(new Set(specs.map((s) => s.name))).toEqual(new Set(fromContract.map((s) => s.name)));
      for (const s of fromContract) expect(specs.find((x) => x.name === s.name)!.shape).toEqual(s.shape);
      const total = specs.reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1), 0);
      expect(parameterCount(config)).toBe(total);
      const firstDecoder = specs.findIndex((s) => s.name.startsWith('decoder/'));
      const lastEncoder = specs.map((s) => s.name.startsWith('encoder/')).lastIndexOf(true);
      expect(lastEncoder).toBeLessThan(firstDecoder);
      expect(specs.some((s) => s.name === 'embedding/position')).toBe(false);
    }
    const preset = encoderDecoderPresetConfig('translate', 100);
    expect(validateConfig(preset)).toBeNull();
    expect(ENCODER_DECODER_PRESETS.translate.nEncoderLayers).toBe(2);
    expect(modelStacks(preset).map((s) => s.name)).toEqual(['encoder', 'decoder']);
  });

  it('initialises with the residual projections scaled per stream', () => {
    const config = { ...base, dModel: 64, nHeads: 4, dFF: 128, nEncoderLayers: 2, nLayers: 3 };
    const w = initWeights(config, 1);
    const std = (name: string): number => {
      const x = w.get(name)!;
      return Math.sqrt(x.reduce((s, v) => s + v * v, 0) / x.length);
    };
    // Encoder W_O: 1/√64 / √(2·2); decoder W_O and cross W_O: 1/√64 / √(3·3); W_Q unscaled.
    expect(std('encoder/layers/0/attention/output/kernel')).toBeCloseTo(1 / 8 / 2, 2);
    expect(std('decoder/layers/0/attention/output/kernel')).toBeCloseTo(1 / 8 / 3, 2);
    expect(std('decoder/layers/1/cross_attention/output/kernel')).toBeCloseTo(1 / 8 / 3, 2);
    expect(std('decoder/layers/2/ffn/output/kernel')).toBeCloseTo(1 / Math.sqrt(128) / 3, 2);
    expect(std('encoder/layers/1/attention/query/kernel')).toBeCloseTo(1 / 8, 2);
    expect(Array.from(w.get('decoder/layers/0/norm3/gamma')!).every((v) => v === 1)).toBe(true);
  });

  it('rejects a decoder-only config and missing or misshaped weights', () => {
    const w = randomEncoderDecoderWeights(base, 1);
    const { architecture: _a, nEncoderLayers: _n, ...decoderOnly } = base;
    expect(() => EncoderDecoder.create(decoderOnly, w)).toThrow(/missing weight|encoder-decoder/);
    const missing = new Map(w);
    missing.delete('decoder/layers/1/cross_attention/key/bias');
    expect(() => EncoderDecoder.create(base, missing)).toThrow(/missing weight "decoder\/layers\/1\/cross_attention\/key\/bias"/);
    const bad = new Map(w);
    bad.set('encoder/layers/0/norm2/gamma', new Float32Array(3));
    expect(() => EncoderDecoder.create(base, bad)).toThrow(/encoder\/layers\/0\/norm2\/gamma/);
  });
});

describe('the float64 encoder–decoder reference agrees with the hand-checked decoder-only reference', () => {
  it('pre-LN with cross-attention writing nothing is the decoder-only model (norm3 in the place of norm2)', () => {
    const config: ModelConfig = { ...base, norm: 'pre' };
    const w = randomEncoderDecoderWeights(config, 3);
    for (let l = 0; l < config.nLayers; l++) {
      for (const part of ['kernel', 'bias']) w.get(`decoder/layers/${l}/cross_attention/output/${part}`)!.fill(0);
    }
    const { architecture: _a, nEncoderLayers: _n, ...decoderConfig } = config;
    const dw = new Map<string, Float32Array>();
    for (const [name, v] of w) {
      if (name === 'embedding/token' || name.startsWith('final_norm/') || name.startsWith('output/')) dw.set(name, v);
      const m = /^decoder\/layers\/(\d+)\/(attention|ffn|norm1|norm3)\/(.*)$/.exec(name);
      if (m) dw.set(`layers/${m[1]}/${m[2] === 'norm3' ? 'norm2' : m[2]}/${m[3]}`, v);
    }
    const tgt = [2, 5, 9, 4];
    const ed = referenceEncoderDecoder(config, w, [6, 7, 8], tgt);
    const dec = referenceForward(decoderConfig, dw, tgt);
    let diff = 0;
    for (let i = 0; i < dec.logits.data.length; i++) diff = Math.max(diff, Math.abs(dec.logits.data[i] - ed.logits.data[i]));
    expect(diff).toBeLessThan(1e-12);
    // Self-attention maps are the decoder-only model's, mask included.
    expect(Array.from(ed.decoder.layers[1].self.masked[0].data)).toEqual(Array.from(dec.layers[1].masked[0].data));
  });

  it('with one source token every cross-attention weight is exactly 1 and each head reads its value row', () => {
    const w = randomEncoderDecoderWeights(base, 4);
    const tr = referenceEncoderDecoder(base, w, [7], [2, 5, 6]);
    for (const l of tr.decoder.layers) {
      l.cross.weights.forEach((a, h) => {
        expect(Array.from(a.data)).toEqual([1, 1, 1]);
        for (let i = 0; i < 3; i++) expect(Array.from(l.cross.heads[h].data.subarray(i * 4, i * 4 + 4))).toEqual(Array.from(l.cross.v[h].data));
      });
    }
  });
});

describe('TF.js encoder–decoder trace equals the float64 reference of CONTRACT §5', () => {
  variants.forEach(({ name, config }, vi) => {
    it(name, async () => {
      const weights = randomEncoderDecoderWeights(config, 100 + vi);
      const model = EncoderDecoder.create(config, weights);
      try {
        const rng = new Rng(vi);
        for (const [s, t] of [
          [7, 4],
          [3, 9],
          [1, 1],
        ]) {
          const src = randomIds(rng, s, config.vocabSize);
          const tgt = randomIds(rng, t, config.vocabSize, 2);
          const got = await model.trace(src, tgt);
          const want = referenceEncoderDecoder(config, weights, src, tgt);
          const problems = compareTrace(got, want);
          expect(problems, problems.slice(0, 10).join('\n')).toEqual([]);
          // No padding in a traced pair: masked = scaled in the encoder and in cross-attention.
          for (const l of got.encoder.layers) l.masked.forEach((m, h) => expect(m.data).toEqual(l.scaled[h].data));
          for (const l of got.decoder.layers) l.cross.masked.forEach((m, h) => expect(m.data).toEqual(l.cross.scaled[h].data));
        }
      } finally {
        model.dispose();
      }
    });
  });
});

describe('encoder–decoder properties', () => {
  const config = base;
  const weights = randomEncoderDecoderWeights(config, 7);
  let model: EncoderDecoder;
  beforeAll(() => {
    model = EncoderDecoder.create(config, weights);
  });

  it('cross-attention maps are target × source and every row sums to 1', async () => {
    const tr = await model.trace([5, 6, 7, 8, 9], [2, 4, 3]);
    for (const l of tr.decoder.layers) {
      for (const w of l.cross.weights) {
        expect([w.rows, w.cols]).toEqual([3, 5]);
        for (let i = 0; i < w.rows; i++) {
          let sum = 0;
          for (let j = 0; j < w.cols; j++) sum += w.data[i * w.cols + j];
          expect(Math.abs(sum - 1)).toBeLessThan(1e-5);
        }
      }
      for (const w of l.self.weights) expect([w.rows, w.cols]).toEqual([3, 3]);
    }
    for (const l of tr.encoder.layers) for (const w of l.weights) expect([w.rows, w.cols]).toEqual([5, 5]);
  });

  it('the encoder looks both ways: the last source token changes the encoder output at every position', async () => {
    const src = [5, 6, 7, 8, 9, 10];
    const a = await model.trace(src, [2, 4]);
    const b = await model.trace([...src.slice(0, -1), 11], [2, 4]);
    const M = a.encoder.output;
    for (let i = 0; i < M.rows; i++) {
      let diff = 0;
      for (let j = 0; j < M.cols; j++) diff = Math.max(diff, Math.abs(M.data[i * M.cols + j] - b.encoder.output.data[i * M.cols + j]));
      expect(diff, `source position ${i}`).toBeGreaterThan(1e-3);
      // Every encoder attention row gives the last key some weight.
      for (const l of a.encoder.layers) for (const w of l.weights) expect(w.data[i * w.cols + w.cols - 1]).toBeGreaterThan(0);
    }
  });

  it('the decoder is causal: changing decoder input j leaves every position before j unchanged', async () => {
    const src = [5, 6, 7];
    const tgt = [2, 4, 8, 9, 10, 11];
    const a = await model.trace(src, tgt);
    for (const j of [1, 3, 5]) {
      const changed = tgt.slice();
      changed[j] = changed[j] === 12 ? 1 : 12;
      const b = await model.trace(src, changed);
      const V = a.logits.cols;
      for (let i = 0; i < tgt.length; i++) {
        let diff = 0;
        for (let k = 0; k < V; k++) diff = Math.max(diff, Math.abs(a.logits.data[i * V + k] - b.logits.data[i * V + k]));
        if (i < j) expect(diff, `row ${i} after changing ${j}`).toBeLessThanOrEqual(1e-6);
        else if (i === j) expect(diff, `row ${i} after changing ${j}`).toBeGreaterThan(1e-4);
      }
      // The encoder does not see the decoder at all.
      expect(b.encoder.output.data).toEqual(a.encoder.output.data);
    }
  });

  it('batched logits with PAD-padded sources of different lengths equal each pair traced alone', async () => {
    const pairs = [
      { src: [5, 6, 7, 8, 9, 10, 11], tgt: [2, 4, 8] },
      { src: [9, 3], tgt: [2, 6, 7, 1, 5] },
      { src: [12, 1, 4, 4], tgt: [2] },
    ];
    const S = 7;
    const T = 5;
    const sources = new Int32Array(pairs.length * S);
    const inputs = new Int32Array(pairs.length * T);
    pairs.forEach((p, b) => {
      sources.set(p.src, b * S);
      inputs.set(p.tgt, b * T);
    });
    for (const readable of [true, false]) {
      const logits = tf.tidy(() =>
        model.logits(tf.tensor2d(sources, [pairs.length, S], 'int32'), tf.tensor2d(inputs, [pairs.length, T], 'int32'), { readable }),
      );
      const values = (await logits.data()) as Float32Array;
      logits.dispose();
      const V = config.vocabSize;
      for (let b = 0; b < pairs.length; b++) {
        const alone = await model.trace(pairs[b].src, pairs[b].tgt);
        for (let i = 0; i < pairs[b].tgt.length; i++) {
          for (let k = 0; k < V; k++) {
            const got = values[(b * T + i) * V + k];
            expect(Math.abs(got - alone.logits.data[i * V + k]), `readable ${readable}, pair ${b}, row ${i}`).toBeLessThan(1e-4);
          }
        }
      }
    }
  });

  it('knocking out a head changes the logits exactly as the reference with that head zeroed', async () => {
    const src = [5, 6, 7, 8];
    const tgt = [2, 9, 10];
    const plain = await model.trace(src, tgt);
    const sites: SiteHeadRef[] = [
      { site: 'encoder', layer: 0, head: 1 },
      { site: 'decoder-self', layer: 1, head: 0 },
      { site: 'cross', layer: 1, head: 1 },
    ];
    for (const ref of sites) {
      const knocked = await model.trace(src, tgt, { knockout: [ref] });
      const want = referenceEncoderDecoder(config, weights, src, tgt, { knockout: [ref] });
      const problems = compareTrace(knocked, want);
      expect(problems, `${ref.site}: ${problems.slice(0, 5).join('\n')}`).toEqual([]);
      let diff = 0;
      for (let i = 0; i < plain.logits.data.length; i++) diff = Math.max(diff, Math.abs(plain.logits.data[i] - knocked.logits.data[i]));
      expect(diff, ref.site).toBeGreaterThan(1e-3);
      // The batched path agrees.
      const logits = tf.tidy(() => model.logits(tf.tensor2d([src], [1, 4], 'int32'), tf.tensor2d([tgt], [1, 3], 'int32'), { knockout: [ref] }));
      const values = (await logits.data()) as Float32Array;
      logits.dispose();
      for (let i = 0; i < values.length; i++) expect(Math.abs(values[i] - knocked.logits.data[i])).toBeLessThan(1e-5);
    }
    await expect(model.trace(src, tgt, { knockout: [{ site: 'decoder', layer: 0, head: 0 }] })).rejects.toThrow(/site "decoder"/);
    await expect(model.trace(src, tgt, { knockout: [{ site: 'cross', layer: 2, head: 0 }] })).rejects.toThrow(/layer 2/);
  });

  it('rejects bad inputs to trace', async () => {
    await expect(model.trace([], [2])).rejects.toThrow(/source length 0/);
    await expect(model.trace([5], [])).rejects.toThrow(/target length 0/);
    await expect(model.trace([5, 0], [2])).rejects.toThrow(/padding/);
    await expect(model.trace([5, 13], [2])).rejects.toThrow(/outside the vocabulary/);
  });

  it('translates greedily: each written token is the argmax of the traced next-token logits', async () => {
    const src = [5, 6, 7, 8];
    const out = await translate(model, src, { maxTokens: 5 });
    expect(out.length).toBeLessThanOrEqual(5);
    const tr = await model.trace(src, [2, ...out]);
    const V = config.vocabSize;
    out.forEach((id, i) => {
      const row = Array.from(tr.logits.data.subarray(i * V, (i + 1) * V));
      row[0] = -Infinity; // <pad> and <bos> are never written
      row[2] = -Infinity;
      expect(id).toBe(row.indexOf(Math.max(...row)));
      expect(id).not.toBe(3); // <eos> ends the translation and is not returned
    });
    // Sampling repeats for a seed.
    const a = await translate(model, src, { maxTokens: 4, temperature: 1, seed: 3 });
    const b = await translate(model, src, { maxTokens: 4, temperature: 1, seed: 3 });
    expect(a).toEqual(b);
  });

  it('writes the trace as the JSON of CONTRACT §5', async () => {
    const json = encoderDecoderTraceToJSON(await model.trace([5, 6], [2, 4, 9]));
    const enc = json.encoder as Record<string, unknown>;
    const dec = json.decoder as Record<string, unknown>;
    const encLayer = (enc.layers as Record<string, unknown>[])[0];
    const decLayer = (dec.layers as Record<string, unknown>[])[1];
    for (const k of ['q', 'k', 'v', 'scores', 'scaled', 'masked', 'weights', 'heads', 'concat', 'attention', 'norm1', 'norm2', 'output']) {
      expect(encLayer, k).toHaveProperty(k);
    }
    for (const k of [
      'q', 'masked', 'weights', 'attention', 'cross_q', 'cross_k', 'cross_v', 'cross_scores', 'cross_scaled', 'cross_weights',
      'cross_heads', 'cross_concat', 'cross_attention', 'residual1', 'residual2', 'residual3', 'norm1', 'norm2', 'norm3', 'output',
    ]) {
      expect(decLayer, k).toHaveProperty(k);
    }
    const crossWeights = decLayer.cross_weights as number[][][];
    expect([crossWeights.length, crossWeights[0].length, crossWeights[0][0].length]).toEqual([2, 3, 2]);
    // The causal mask's −∞ become null in JSON.
    expect((decLayer.masked as (number | null)[][][])[0][0][1]).toBeNull();
    expect(json).toHaveProperty('logits');
    expect(json).toHaveProperty('probs');
  });
});
