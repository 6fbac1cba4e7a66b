import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  CheckpointError,
  decodeCheckpoint,
  encodeCheckpoint,
  type Checkpoint,
} from '../../src/model/checkpoint';
import { initWeights } from '../../src/model/init';
import { weightSpecs } from '../../src/model/weights';
import { presetConfig, type ModelConfig } from '../../src/shared/config';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function vocabOf(n: number): string[] {
  const v = ['<pad>', '<unk>', '<bos>'];
  for (let i = 3; i < n; i++) v.push(`w${i}`);
  return v;
}

function makeCheckpoint(config: ModelConfig = presetConfig('nano', 20), seed = 7): Checkpoint {
  return {
    config,
    tokenizer: { kind: 'word', vocab: vocabOf(config.vocabSize) },
    training: { step: 12, seed, corpus: 'builtin:coref', preset: 'nano', loss: 1.25 },
    weights: initWeights(config, seed),
  };
}

/** Byte offset of each weight in weights.bin, computed independently from the contract table order. */
function offsets(config: ModelConfig): Map<string, number> {
  const out = new Map<string, number>();
  let at = 0;
  for (const s of weightSpecs(config)) {
    out.set(s.name, at);
    at += s.shape.reduce((a, b) => a * b, 1) * 4;
  }
  return out;
}

type Json = Record<string, unknown>;

/** Encodes a good checkpoint, lets `edit` damage model.json (parsed) and/or weights.bin, and decodes. */
function decodeEdited(edit: (doc: Json, bin: Uint8Array) => Uint8Array | void): Checkpoint {
  const { modelJson, weightsBin } = encodeCheckpoint(makeCheckpoint());
  const doc = JSON.parse(modelJson) as Json;
  const bin = weightsBin.slice();
  const newBin = edit(doc, bin) ?? bin;
  return decodeCheckpoint(JSON.stringify(doc), newBin);
}

function manifestWeights(doc: Json): Json[] {
  return ((doc.weightsManifest as Json[])[0].weights as Json[]);
}

/** Asserts that `fn` throws a one-line CheckpointError whose message matches `pattern`. */
function expectRejected(fn: () => unknown, pattern: RegExp): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught, 'expected a CheckpointError').toBeInstanceOf(CheckpointError);
  const message = (caught as Error).message;
  expect(message).toMatch(pattern);
  expect(message).not.toMatch(/\n/);
}

describe('checkpoint round trip', () => {
  it('decodes what it encodes, bit for bit, in weightSpecs order', () => {
    const c = makeCheckpoint();
    // Values that a lossy or byte-swapped writer would get wrong.
    const special = c.weights.get('layers/1/ffn/hidden/bias') as Float32Array;
    special.set([-0, 1.4e-45, -3.4028234663852886e38, 1e-40, 0.1, Math.PI]);
    const { modelJson, weightsBin } = encodeCheckpoint(c);
    const back = decodeCheckpoint(modelJson, weightsBin);

    expect(back.config).toEqual(c.config);
    expect(back.tokenizer).toEqual(c.tokenizer);
    expect(back.training).toEqual(c.training);
    const names = weightSpecs(c.config).map((s) => s.name);
    expect([...back.weights.keys()]).toEqual(names);
    for (const name of names) {
      const a = c.weights.get(name) as Float32Array;
      const b = back.weights.get(name) as Float32Array;
      expect(b.length).toBe(a.length);
      const ua = new Uint32Array(a.buffer, a.byteOffset, a.length);
      const ub = new Uint32Array(b.buffer, b.byteOffset, b.length);
      expect(Buffer.from(ub.buffer, ub.byteOffset, ub.byteLength).equals(Buffer.from(ua.buffer, ua.byteOffset, ua.byteLength))).toBe(true);
    }
    expect(Object.is((back.weights.get('layers/1/ffn/hidden/bias') as Float32Array)[0], -0)).toBe(true);
  });

  it('writes the CONTRACT §2 layout: manifest in table order, float32 little-endian concatenated', () => {
    const c = makeCheckpoint(presetConfig('nano', 11));
    const { modelJson, weightsBin } = encodeCheckpoint(c);
    const doc = JSON.parse(modelJson) as Json;
    expect(doc.format).toBe('transformer-checkpoint');
    expect(doc.version).toBe(1);
    expect(Object.keys(doc.config as Json)).toEqual([
      'vocabSize', 'dModel', 'nHeads', 'nLayers', 'dFF', 'contextLength',
      'norm', 'positional', 'embeddingScale', 'lnEpsilon', 'tiedOutput',
    ]);
    expect(doc.tokenizer).toEqual({ kind: 'word', vocab: vocabOf(11) });
    const manifest = doc.weightsManifest as Json[];
    expect(manifest).toHaveLength(1);
    expect(manifest[0].paths).toEqual(['weights.bin']);
    const entries = manifestWeights(doc);
    expect(entries.map((w) => w.name)).toEqual(weightSpecs(c.config).map((s) => s.name));
    expect(entries[0]).toEqual({ name: 'embedding/token', shape: [11, 32], dtype: 'float32' });
    expect(entries.at(-1)).toEqual({ name: 'output/bias', shape: [11], dtype: 'float32' });

    // Sizes and positions, read back with an explicit little-endian DataView.
    const d = 32;
    const perLayer = 4 * (d * d + d) + 4 * d + (d * 128 + 128) + (128 * d + d);
    const params = 11 * d + 2 * perLayer + d * 11 + 11;
    expect(weightsBin.byteLength).toBe(params * 4);
    const view = new DataView(weightsBin.buffer, weightsBin.byteOffset, weightsBin.byteLength);
    const at = offsets(c.config);
    for (const name of ['embedding/token', 'layers/0/attention/key/kernel', 'layers/1/norm2/gamma', 'output/kernel']) {
      const values = c.weights.get(name) as Float32Array;
      for (const i of [0, 1, values.length - 1]) {
        expect(view.getFloat32((at.get(name) as number) + 4 * i, true)).toBe(values[i]);
      }
    }
  });

  it('round-trips pre-norm, learned-position and tied-output configs (their extra/missing weights)', () => {
    const config: ModelConfig = { ...presetConfig('nano', 9), norm: 'pre', positional: 'learned', tiedOutput: true };
    const c = makeCheckpoint(config);
    const back = decodeCheckpoint(encodeCheckpoint(c).modelJson, encodeCheckpoint(c).weightsBin);
    expect(back.weights.has('embedding/position')).toBe(true);
    expect(back.weights.has('final_norm/gamma')).toBe(true);
    expect(back.weights.has('output/kernel')).toBe(false);
    expect(back.config).toEqual(config);
  });

  it('accepts an ArrayBuffer and a Uint8Array that is a view into a larger buffer', () => {
    const { modelJson, weightsBin } = encodeCheckpoint(makeCheckpoint());
    const padded = new Uint8Array(weightsBin.byteLength + 8);
    padded.set(weightsBin, 3);
    const view = padded.subarray(3, 3 + weightsBin.byteLength);
    const a = decodeCheckpoint(modelJson, view);
    const b = decodeCheckpoint(modelJson, weightsBin.slice().buffer);
    // A Node Buffer from a shared pool (its slice() is a view, not a copy).
    const pool = Buffer.alloc(weightsBin.byteLength + 16);
    pool.set(weightsBin, 8);
    const c = decodeCheckpoint(modelJson, pool.subarray(8, 8 + weightsBin.byteLength));
    const original = makeCheckpoint().weights;
    for (const back of [a, b, c]) {
      for (const [name, values] of original) expect(back.weights.get(name), name).toEqual(values);
    }
  });
});

describe('encodeCheckpoint refuses what the loader would reject', () => {
  it('a missing weight, a wrong-sized weight, a non-finite value, a bad vocabulary', () => {
    const missing = makeCheckpoint();
    missing.weights.delete('layers/0/norm1/beta');
    expectRejected(() => encodeCheckpoint(missing), /missing weight "layers\/0\/norm1\/beta"/);
    const short = makeCheckpoint();
    short.weights.set('output/bias', new Float32Array(3));
    expectRejected(() => encodeCheckpoint(short), /"output\/bias" has 3 values/);
    const nan = makeCheckpoint();
    (nan.weights.get('layers/1/ffn/output/kernel') as Float32Array)[5] = NaN;
    expectRejected(() => encodeCheckpoint(nan), /"layers\/1\/ffn\/output\/kernel".*non-finite/);
    const vocab = makeCheckpoint();
    vocab.tokenizer.vocab.pop();
    expectRejected(() => encodeCheckpoint(vocab), /vocab has 19 tokens/);
  });
});

describe('decodeCheckpoint rejects each defect with a message naming it', () => {
  const good = encodeCheckpoint(makeCheckpoint());

  it('unparsable JSON, not an object', () => {
    expectRejected(() => decodeCheckpoint('{"format": "transformer-checkpoint",', good.weightsBin), /not valid JSON/);
    expectRejected(() => decodeCheckpoint('', good.weightsBin), /not valid JSON/);
    for (const text of ['[1, 2]', '42', 'null', '"x"']) {
      expectRejected(() => decodeCheckpoint(text, good.weightsBin), /not a JSON object/);
    }
  });

  it('unknown format or version', () => {
    expectRejected(() => decodeEdited((d) => void (d.format = 'keras')), /unknown format "keras"/);
    expectRejected(() => decodeEdited((d) => void delete d.format), /unknown format/);
    expectRejected(() => decodeEdited((d) => void (d.version = 2)), /unsupported version 2/);
  });

  it('config missing or outside the bounds', () => {
    expectRejected(() => decodeEdited((d) => void delete d.config), /config is not an object/);
    expectRejected(() => decodeEdited((d) => void ((d.config as Json).dModel = 4096)), /config\.dModel = 4096 is outside/);
    expectRejected(() => decodeEdited((d) => void ((d.config as Json).nHeads = 3)), /not divisible by config\.nHeads/);
    expectRejected(() => decodeEdited((d) => void ((d.config as Json).norm = 'sandwich')), /config\.norm/);
    expectRejected(() => decodeEdited((d) => void delete (d.config as Json).lnEpsilon), /config\.lnEpsilon is missing/);
  });

  it('tokenizer vocabulary missing, not strings, wrong size, wrong special tokens', () => {
    expectRejected(() => decodeEdited((d) => void delete d.tokenizer), /"tokenizer" is missing/);
    expectRejected(() => decodeEdited((d) => void delete (d.tokenizer as Json).vocab), /tokenizer\.vocab is missing/);
    expectRejected(() => decodeEdited((d) => void ((d.tokenizer as Json).kind = 'bpe')), /tokenizer\.kind must be one of "word", "char", "subword"/);
    expectRejected(
      () => decodeEdited((d) => void (((d.tokenizer as Json).vocab as unknown[])[5] = 5)),
      /tokenizer\.vocab\[5\] is not a string/,
    );
    expectRejected(
      () => decodeEdited((d) => void ((d.tokenizer as Json).vocab as unknown[]).pop()),
      /tokenizer\.vocab has 19 tokens but config\.vocabSize is 20/,
    );
    expectRejected(
      () => decodeEdited((d) => void (((d.tokenizer as Json).vocab as unknown[])[2] = '<eos>')),
      /must start with <pad>, <unk>, <bos>; token 2 is "<eos>"/,
    );
    expectRejected(
      () => decodeEdited((d) => void (((d.tokenizer as Json).vocab as unknown[])[7] = 'w3')),
      /lists "w3" twice/,
    );
  });

  it('training info missing', () => {
    expectRejected(() => decodeEdited((d) => void delete d.training), /"training" is missing/);
    expectRejected(() => decodeEdited((d) => void ((d.training as Json).step = -1)), /training\.step/);
  });

  it('manifest missing, or pointing at another file', () => {
    expectRejected(() => decodeEdited((d) => void delete d.weightsManifest), /"weightsManifest" is missing/);
    expectRejected(() => decodeEdited((d) => void (d.weightsManifest = [])), /"weightsManifest" is missing or empty/);
    expectRejected(
      () => decodeEdited((d) => void ((d.weightsManifest as Json[])[0].paths = ['group1-shard1of1.bin'])),
      /paths must be \["weights\.bin"\]/,
    );
  });

  it('a missing, extra or misshaped weight, a dtype other than float32', () => {
    expectRejected(
      () => decodeEdited((d) => void manifestWeights(d).splice(manifestWeights(d).findIndex((w) => w.name === 'layers/1/ffn/output/bias'), 1)),
      /missing weight "layers\/1\/ffn\/output\/bias"/,
    );
    expectRejected(
      () => decodeEdited((d) => void manifestWeights(d).push({ name: 'layers/9/extra', shape: [2], dtype: 'float32' })),
      /unexpected weight "layers\/9\/extra"/,
    );
    expectRejected(
      () => decodeEdited((d) => void manifestWeights(d).push({ name: 'embedding/position', shape: [64, 32], dtype: 'float32' })),
      /unexpected weight "embedding\/position"/,
    );
    expectRejected(
      () => decodeEdited((d) => void (manifestWeights(d)[1].shape = [32, 33])),
      /weight "layers\/0\/attention\/query\/kernel" has shape \[32, 33\], expected \[32, 32\]/,
    );
    expectRejected(
      () => decodeEdited((d) => void (manifestWeights(d)[1].shape = [1024])),
      /has shape \[1024\], expected \[32, 32\]/,
    );
    expectRejected(
      () => decodeEdited((d) => void (manifestWeights(d)[2].dtype = 'int32')),
      /weight "layers\/0\/attention\/query\/bias" has dtype "int32"; only float32/,
    );
    expectRejected(() => decodeEdited((d) => void manifestWeights(d).push({ ...manifestWeights(d)[0] })), /"embedding\/token" is listed twice/);
  });

  it('weights.bin of the wrong length, saying expected vs actual bytes', () => {
    const n = good.weightsBin.byteLength;
    expectRejected(
      () => decodeEdited((_d, bin) => bin.subarray(0, n - 4)),
      new RegExp(`weights\\.bin has ${n - 4} bytes, expected ${n} bytes`),
    );
    expectRejected(
      () => decodeEdited((_d, bin) => {
        const longer = new Uint8Array(n + 1);
        longer.set(bin);
        return longer;
      }),
      new RegExp(`has ${n + 1} bytes, expected ${n} bytes`),
    );
    expectRejected(() => decodeEdited(() => new Uint8Array(0)), new RegExp(`has 0 bytes, expected ${n} bytes`));
  });

  it('non-finite values, naming the weight', () => {
    const at = offsets(presetConfig('nano', 20));
    for (const [name, value] of [['layers/1/norm2/gamma', NaN], ['output/kernel', Infinity], ['embedding/token', -Infinity]] as const) {
      expectRejected(
        () => decodeEdited((_d, bin) => {
          new DataView(bin.buffer).setFloat32((at.get(name) as number) + 12, value, true);
        }),
        new RegExp(`weight "${name.replace(/\//g, '\\/')}" has a non-finite value \\(${value}\\) at index 3`),
      );
    }
  });

  it('files larger than the limit, before parsing anything', () => {
    // An unparsable model.json: the size must be what is reported, proving sizes are checked first.
    expectRejected(() => decodeCheckpoint('{', good.weightsBin, { maxBytes: 1000 }), /weights\.bin is too large .*limit is 1000/);
    expectRejected(() => decodeCheckpoint('x'.repeat(2000), good.weightsBin, { maxBytes: 1000 }), /model\.json is too large/);
    expectRejected(() => decodeCheckpoint(' '.repeat(4 * 1024 * 1024 + 1), new Uint8Array(0)), /model\.json is too large/);
  });

  it('a 200 MB file or claim is rejected fast', () => {
    const started = performance.now();
    const huge = new Uint8Array(200 * 1024 * 1024);
    expectRejected(() => decodeCheckpoint(good.modelJson, huge), /weights\.bin is too large \(209715200 bytes; the limit is 67108864\)/);

    // A model.json claiming ~200 MB of weights: stopped by the config bounds.
    const vocab = vocabOf(50_000);
    const bigConfig = { ...presetConfig('small', 50_000), dModel: 512, nHeads: 8 };
    const claim = JSON.stringify({
      format: 'transformer-checkpoint', version: 1, config: bigConfig,
      tokenizer: { kind: 'word', vocab }, training: { step: 0, seed: 0, corpus: 'x' },
      weightsManifest: [{ paths: ['weights.bin'], weights: weightSpecs(bigConfig).map((s) => ({ ...s, dtype: 'float32' })) }],
    });
    expectRejected(() => decodeCheckpoint(claim, new Uint8Array(16)), /more than 20 million parameters/);

    // A config within the bounds whose weights (~72 MB) still exceed the byte limit: no allocation.
    const within = { ...presetConfig('nano', 50_000), dModel: 176, nHeads: 4, nLayers: 1, dFF: 4 };
    const claim2 = JSON.stringify({
      format: 'transformer-checkpoint', version: 1, config: within,
      tokenizer: { kind: 'word', vocab }, training: { step: 0, seed: 0, corpus: 'x' },
      weightsManifest: [{ paths: ['weights.bin'], weights: weightSpecs(within).map((s) => ({ ...s, dtype: 'float32' })) }],
    });
    expectRejected(() => decodeCheckpoint(claim2, new Uint8Array(16)), /describes \d+ bytes of weights; the limit is 67108864/);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('deeply nested JSON does not hang or overflow', () => {
    const started = performance.now();
    const depth = 500_000;
    const nested = '['.repeat(depth) + ']'.repeat(depth);
    let caught: unknown;
    try {
      decodeCheckpoint(nested, good.weightsBin);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(CheckpointError);
    expect((caught as Error).message).toMatch(/model\.json is nested more than 32 levels deep/);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('the codec is pure', () => {
  it('imports no TF.js, no Node built-ins and no DOM code, directly or through its imports', () => {
    const seen = new Set<string>();
    const visit = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      const source = readFileSync(file, 'utf8');
      const imports = [...source.matchAll(/^\s*(import|export)\s+(type\s+)?[^'"]*?from\s+['"]([^'"]+)['"]/gm)];
      for (const m of imports) {
        const typeOnly = Boolean(m[2]);
        const spec = m[3];
        if (spec.startsWith('.')) visit(join(dirname(file), `${spec}.ts`));
        else if (!typeOnly) throw new Error(`${file} imports ${spec}`);
      }
      expect(source).not.toMatch(/\brequire\(|\bimport\(/);
      expect(source).not.toMatch(/\b(document|window)\./);
    };
    visit(join(ROOT, 'src/model/checkpoint.ts'));
    // The walk really followed the imports (so a TF.js import behind one of them would be caught).
    expect([...seen].map((f) => f.slice(ROOT.length + 1))).toEqual(
      expect.arrayContaining(['src/model/checkpoint.ts', 'src/model/weights.ts', 'src/shared/config.ts']),
    );
  });
});
