// Checkpoints of the encoder–decoder (CONTRACT §2 format, §5 names): a round trip that gives the same
// logits, the architecture and nEncoderLayers in model.json, the <eos> vocabulary, and a loader as
// strict as the decoder-only one (each defect rejected with one line naming it).

import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initNodeBackend } from '../../src/cli/backend';
import { CheckpointError, decodeCheckpoint, encodeCheckpoint, type Checkpoint } from '../../src/model/checkpoint';
import { EncoderDecoder } from '../../src/model/encoderDecoder';
import { createModel } from '../../src/model/models';
import { Transformer } from '../../src/model/transformer';
import { weightSpecs } from '../../src/model/weights';
import { encoderDecoderPresetConfig, presetConfig, type ModelConfig } from '../../src/shared/config';

beforeAll(async () => {
  await initNodeBackend();
});

const config: ModelConfig = { ...encoderDecoderPresetConfig('translate', 24), dModel: 16, dFF: 32, contextLength: 10 };

function vocabOf(n: number): string[] {
  return ['<pad>', '<unk>', '<bos>', '<eos>', ...Array.from({ length: n - 4 }, (_, i) => `w${i}`)];
}

async function makeCheckpoint(c: ModelConfig = config): Promise<Checkpoint> {
  const model = EncoderDecoder.init(c, 3);
  const weights = await model.readWeights();
  model.dispose();
  return { config: c, tokenizer: { kind: 'word', vocab: vocabOf(c.vocabSize) }, training: { step: 5, seed: 3, corpus: 'builtin:translate' }, weights };
}

type Json = Record<string, unknown>;

function expectRejected(fn: () => unknown, pattern: RegExp): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught, 'expected a CheckpointError').toBeInstanceOf(CheckpointError);
  expect((caught as Error).message).toMatch(pattern);
  expect((caught as Error).message).not.toMatch(/\n/);
}

async function edited(edit: (doc: Json, bin: Uint8Array) => Uint8Array | void): Promise<() => Checkpoint> {
  const { modelJson, weightsBin } = encodeCheckpoint(await makeCheckpoint());
  const doc = JSON.parse(modelJson) as Json;
  const bin = weightsBin.slice();
  const out = edit(doc, bin) ?? bin;
  return () => decodeCheckpoint(JSON.stringify(doc), out);
}

const manifest = (doc: Json): Json[] => (doc.weightsManifest as Json[])[0].weights as Json[];

describe('encoder–decoder checkpoint', () => {
  for (const norm of ['post', 'pre'] as const) {
    it(`round-trips to identical logits (${norm}-LN)`, async () => {
      const c = { ...config, norm };
      const ckpt = await makeCheckpoint(c);
      const { modelJson, weightsBin } = encodeCheckpoint(ckpt);
      const doc = JSON.parse(modelJson) as Json;
      expect((doc.config as Json).architecture).toBe('encoder-decoder');
      expect((doc.config as Json).nEncoderLayers).toBe(2);
      // The manifest lists the §5 names in weightSpecs order: encoder, decoder, output.
      expect(manifest(doc).map((w) => w.name)).toEqual(weightSpecs(c).map((s) => s.name));
      expect(manifest(doc)[1].name).toBe('encoder/layers/0/attention/query/kernel');
      const back = decodeCheckpoint(modelJson, weightsBin);
      expect(back.config).toEqual(c);
      for (const [name, w] of ckpt.weights) expect(back.weights.get(name)).toEqual(w);

      const a = createModel(ckpt.config, ckpt.weights);
      const b = createModel(back.config, back.weights);
      expect(a).toBeInstanceOf(EncoderDecoder);
      try {
        const src = tf.tensor2d([[4, 5, 6, 0], [7, 8, 9, 10]], [2, 4], 'int32');
        const inp = tf.tensor2d([[2, 11, 12], [2, 13, 0]], [2, 3], 'int32');
        const la = (a as EncoderDecoder).logits(src, inp);
        const lb = (b as EncoderDecoder).logits(src, inp);
        expect(await lb.data()).toEqual(await la.data());
        tf.dispose([src, inp, la, lb]);
      } finally {
        a.dispose();
        b.dispose();
      }
    });
  }

  it('writes a decoder-only config without the new keys, and createModel picks the kind', async () => {
    const c = presetConfig('nano', 10);
    const model = Transformer.init({ ...c, architecture: 'decoder' }, 1);
    const weights = await model.readWeights();
    model.dispose();
    const { modelJson } = encodeCheckpoint({
      config: { ...c, architecture: 'decoder' },
      tokenizer: { kind: 'word', vocab: ['<pad>', '<unk>', '<bos>', ...Array.from({ length: 7 }, (_, i) => `t${i}`)] },
      training: { step: 0, seed: 1, corpus: 'x' },
      weights,
    });
    const cfg = (JSON.parse(modelJson) as Json).config as Json;
    expect('architecture' in cfg).toBe(false);
    expect('nEncoderLayers' in cfg).toBe(false);
    const m = createModel(c, weights);
    expect(m).toBeInstanceOf(Transformer);
    m.dispose();
  });

  it('rejects a vocabulary without <eos> in place', async () => {
    const ckpt = await makeCheckpoint();
    const vocab = ckpt.tokenizer.vocab.slice();
    vocab[3] = 'w-other';
    expectRejected(() => encodeCheckpoint({ ...ckpt, tokenizer: { kind: 'word', vocab } }), /must start with <pad>, <unk>, <bos>, <eos>/);
    expectRejected(await edited((doc) => {
      ((doc.tokenizer as Json).vocab as string[])[3] = 'w-other';
    }), /must start with <pad>, <unk>, <bos>, <eos>.*token 3/);
  });

  it('rejects a bad architecture and nEncoderLayers out of bounds or missing', async () => {
    expectRejected(await edited((doc) => {
      (doc.config as Json).architecture = 'encoder-only';
    }), /config\.architecture must be/);
    expectRejected(await edited((doc) => {
      (doc.config as Json).nEncoderLayers = 9;
    }), /nEncoderLayers = 9 is outside/);
    expectRejected(await edited((doc) => {
      (doc.config as Json).nEncoderLayers = 0;
    }), /nEncoderLayers = 0 is outside/);
    expectRejected(await edited((doc) => {
      delete (doc.config as Json).nEncoderLayers;
    }), /nEncoderLayers is missing/);
    expectRejected(await edited((doc) => {
      (doc.config as Json).positional = 'learned';
    }), /sinusoidal/);
    // Read as a decoder-only model, the §5 weights are not the model's weights.
    expectRejected(await edited((doc) => {
      delete (doc.config as Json).architecture;
      delete (doc.config as Json).nEncoderLayers;
    }), /unexpected weight "encoder\/layers\/0/);
    // One encoder layer fewer than the weights: an extra weight.
    expectRejected(await edited((doc) => {
      (doc.config as Json).nEncoderLayers = 1;
    }), /unexpected weight "encoder\/layers\/1\//);
  });

  it('rejects a missing, extra or misshaped weight', async () => {
    expectRejected(await edited((doc) => {
      doc.weightsManifest = [{ paths: ['weights.bin'], weights: manifest(doc).filter((w) => w.name !== 'decoder/layers/1/cross_attention/value/kernel') }];
    }), /missing weight "decoder\/layers\/1\/cross_attention\/value\/kernel"/);
    expectRejected(await edited((doc) => {
      manifest(doc).push({ name: 'embedding/position', shape: [10, 16], dtype: 'float32' });
    }), /unexpected weight "embedding\/position"/);
    expectRejected(await edited((doc) => {
      const w = manifest(doc).find((x) => x.name === 'decoder/layers/0/norm3/gamma')!;
      w.shape = [15];
    }), /weight "decoder\/layers\/0\/norm3\/gamma" has shape \[15\], expected \[16\]/);
  });

  it('rejects weights.bin of the wrong length and non-finite values, naming the weight', async () => {
    expectRejected(await edited((_doc, bin) => bin.subarray(0, bin.length - 4)), /weights\.bin has \d+ bytes, expected \d+ bytes/);
    const specs = weightSpecs(config);
    let offset = 0;
    for (const s of specs) {
      if (s.name === 'decoder/layers/0/cross_attention/key/kernel') break;
      offset += s.shape.reduce((a, b) => a * b, 1) * 4;
    }
    expectRejected(await edited((_doc, bin) => {
      new DataView(bin.buffer, bin.byteOffset).setFloat32(offset + 8, Number.NaN, true);
    }), /weight "decoder\/layers\/0\/cross_attention\/key\/kernel" has a non-finite value \(NaN\) at index 2/);
  });
});
