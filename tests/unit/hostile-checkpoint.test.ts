// Hostile checkpoint files (the hardening issue, item 6): truncated, garbage, wrong shapes, NaN,
// 200 MB, wrong format, and JSON made to hang or crash a naive parser (a million nested brackets,
// hundreds of thousands of keys). Each must be refused within 2 s with a reason naming the problem.
// The page's size check (File.size, before reading) is tested here too, as a pure function.

import { describe, expect, it } from 'vitest';
import { CheckpointError, decodeCheckpoint, encodeCheckpoint } from '../../src/model/checkpoint';
import { initWeights } from '../../src/model/init';
import { presetConfig } from '../../src/shared/config';
import {
  DEFAULT_MAX_CHECKPOINT_BYTES,
  MAX_MODEL_JSON_BYTES,
  MAX_MODEL_JSON_CHARS,
  MAX_MODEL_JSON_DEPTH,
  MAX_MODEL_JSON_ITEMS,
  checkCheckpointFileSizes,
  scanJsonShape,
} from '../../src/shared/checkpointLimits';

const LIMIT_MS = 2000;
const config = presetConfig('nano', 20);
const vocab = ['<pad>', '<unk>', '<bos>', ...Array.from({ length: 17 }, (_, i) => `w${i}`)];
const good = encodeCheckpoint({
  config,
  tokenizer: { kind: 'word', vocab },
  training: { step: 3, seed: 1, corpus: 'builtin:coref' },
  weights: initWeights(config, 1),
});

/** Decodes, expects a CheckpointError whose message matches, and returns the milliseconds it took. */
function rejectionMs(modelJson: string, weightsBin: Uint8Array, reason: RegExp): number {
  const t0 = performance.now();
  let caught: unknown = null;
  try {
    decodeCheckpoint(modelJson, weightsBin);
  } catch (e) {
    caught = e;
  }
  const ms = performance.now() - t0;
  expect(caught).toBeInstanceOf(CheckpointError);
  expect((caught as Error).message).toMatch(reason);
  expect((caught as Error).message).not.toMatch(/\n/);
  expect(ms).toBeLessThan(LIMIT_MS);
  return ms;
}

function edited(edit: (doc: Record<string, unknown>) => void): string {
  const doc = JSON.parse(good.modelJson) as Record<string, unknown>;
  edit(doc);
  return JSON.stringify(doc);
}

const times: Record<string, number> = {};

describe('hostile checkpoint files are refused fast, with a reason', () => {
  it('the good pair still loads (the cases below can fail)', () => {
    expect(decodeCheckpoint(good.modelJson, good.weightsBin).config).toEqual(config);
  });

  it('truncated files', () => {
    times.truncatedBin = rejectionMs(good.modelJson, good.weightsBin.subarray(0, 100), /weights\.bin has 100 bytes, expected \d+ bytes/);
    times.truncatedJson = rejectionMs(good.modelJson.slice(0, good.modelJson.length / 2), good.weightsBin, /model\.json is not valid JSON/);
  });

  it('garbage: random bytes as model.json, a PNG, text that is not JSON at all', () => {
    const noise = new Uint8Array(100_000);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 2654435761) >>> 24;
    const asText = new TextDecoder().decode(noise);
    times.garbageJson = rejectionMs(asText, good.weightsBin, /model\.json is not valid JSON/);
    const png = String.fromCharCode(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13) + 'IHDR';
    times.pngJson = rejectionMs(png, good.weightsBin, /model\.json is not valid JSON/);
    times.plainText = rejectionMs('hello, I am not a checkpoint', good.weightsBin, /model\.json is not valid JSON/);
    times.jsonArray = rejectionMs('[1,2,3]', good.weightsBin, /model\.json is not a JSON object/);
    times.jsonNull = rejectionMs('null', good.weightsBin, /model\.json is not a JSON object/);
  });

  it('wrong format and version', () => {
    times.format = rejectionMs(edited((d) => (d.format = 'keras')), good.weightsBin, /unknown format "keras"/);
    times.noFormat = rejectionMs('{"modelTopology": {}, "weightsManifest": []}', good.weightsBin, /unknown format nothing/);
    times.version = rejectionMs(edited((d) => (d.version = 99)), good.weightsBin, /unsupported version 99/);
  });

  it('wrong shapes', () => {
    const json = edited((d) => {
      const group = (d.weightsManifest as { weights: { name: string; shape: number[] }[] }[])[0];
      group.weights[0].shape = [20, 33];
    });
    times.shape = rejectionMs(json, good.weightsBin, /weight "embedding\/token" has shape \[20, 33\], expected \[20, 32\]/);
    const weird = edited((d) => {
      const group = (d.weightsManifest as { weights: { shape: unknown }[] }[])[0];
      group.weights[0].shape = ['20', { x: 1 }];
    });
    times.shapeTypes = rejectionMs(weird, good.weightsBin, /has shape \[20, \[object Object\]\], expected \[20, 32\]/);
  });

  it('NaN and infinite weights', () => {
    const bin = good.weightsBin.slice();
    new DataView(bin.buffer).setFloat32(40, Number.NaN, true);
    times.nan = rejectionMs(good.modelJson, bin, /weight "embedding\/token" has a non-finite value \(NaN\) at index 10/);
    const inf = good.weightsBin.slice();
    new DataView(inf.buffer).setFloat32(inf.length - 4, Number.POSITIVE_INFINITY, true);
    times.infinity = rejectionMs(good.modelJson, inf, /non-finite value \(Infinity\)/);
  });

  it('a 200 MB weights.bin', () => {
    times.huge = rejectionMs(good.modelJson, new Uint8Array(200 * 1024 * 1024), /weights\.bin is too large \(209715200 bytes; the limit is 67108864\)/);
  });

  it('a million nested brackets (would hang or overflow a naive parser) is refused before parsing', () => {
    const deep = '['.repeat(1_000_000) + ']'.repeat(1_000_000);
    times.nestedArrays = rejectionMs(deep, good.weightsBin, new RegExp(`nested more than ${MAX_MODEL_JSON_DEPTH} levels deep \\(at character ${MAX_MODEL_JSON_DEPTH}\\)`));
    const deepObjects = '{"a":'.repeat(500_000) + '1' + '}'.repeat(500_000);
    times.nestedObjects = rejectionMs(deepObjects, good.weightsBin, /nested more than 32 levels deep/);
    // Nested inside a real checkpoint, where a field is read.
    const inside = edited((d) => (d.training = { step: 1, seed: 1, corpus: 'x', extra: 'PLACEHOLDER' })).replace(
      '"PLACEHOLDER"',
      '['.repeat(100_000) + ']'.repeat(100_000),
    );
    times.nestedInside = rejectionMs(inside, good.weightsBin, /nested more than 32 levels deep/);
    // Brackets inside strings do not count; escaped quotes do not end a string.
    expect(scanJsonShape(JSON.stringify({ s: '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",,,,\\' }), 3, 3)).toBeNull();
    expect(scanJsonShape('[[[[', 3)).toEqual({ kind: 'depth', at: 3, limit: 3 });
    expect(scanJsonShape('[1,2,3]', 5, 3)).toBeNull();
    expect(scanJsonShape('[1,2,3,4]', 5, 3)).toEqual({ kind: 'items', at: 6, limit: 3 });
  });

  it('hundreds of thousands of keys, or a huge vocabulary, within the size limit', () => {
    const keys: string[] = [];
    for (let i = 0; keys.length * 12 < MAX_MODEL_JSON_CHARS - 100; i++) keys.push(`"k${i}":0`);
    const manyKeys = `{${keys.join(',')}}`;
    expect(manyKeys.length).toBeLessThanOrEqual(MAX_MODEL_JSON_CHARS);
    const tooMany = new RegExp(`model\\.json holds more than ${MAX_MODEL_JSON_ITEMS} values`);
    times.manyKeys = rejectionMs(manyKeys, good.weightsBin, tooMany);
    const manyKeysInConfig = edited((d) => (d.config = 'PLACEHOLDER')).replace('"PLACEHOLDER"', manyKeys);
    times.manyKeysConfig = rejectionMs(manyKeysInConfig.slice(0, MAX_MODEL_JSON_CHARS), good.weightsBin, tooMany);
    const bigVocab = edited((d) => ((d.tokenizer as { vocab: string[] }).vocab = ['<pad>', '<unk>', '<bos>', ...Array.from({ length: 400_000 }, (_, i) => `v${i}`)]));
    expect(bigVocab.length).toBeLessThanOrEqual(MAX_MODEL_JSON_CHARS);
    times.bigVocab = rejectionMs(bigVocab, good.weightsBin, tooMany);
    // Below the item limit, a vocabulary that does not match the config is named as such.
    const midVocab = edited((d) => ((d.tokenizer as { vocab: string[] }).vocab = ['<pad>', '<unk>', '<bos>', ...Array.from({ length: 60_000 }, (_, i) => `v${i}`)]));
    times.midVocab = rejectionMs(midVocab, good.weightsBin, /tokenizer\.vocab has 60003 tokens but config\.vocabSize is 20/);
    times.overLimit = rejectionMs(' '.repeat(MAX_MODEL_JSON_CHARS + 1), good.weightsBin, /model\.json is too large/);
  });

  it('the page checks file sizes before reading them', () => {
    expect(checkCheckpointFileSizes(1000, 200 * 1024 * 1024)).toEqual({
      kind: 'weights-too-large',
      bytes: 200 * 1024 * 1024,
      limit: DEFAULT_MAX_CHECKPOINT_BYTES,
    });
    expect(checkCheckpointFileSizes(MAX_MODEL_JSON_BYTES + 1, 10)).toMatchObject({ kind: 'json-too-large' });
    expect(checkCheckpointFileSizes(0, 10)).toEqual({ kind: 'empty', file: 'model.json' });
    expect(checkCheckpointFileSizes(10, 0)).toEqual({ kind: 'empty', file: 'weights.bin' });
    expect(checkCheckpointFileSizes(good.modelJson.length, good.weightsBin.length)).toBeNull();
  });

  it('prints the rejection times', () => {
    const rows = Object.entries(times).map(([k, ms]) => `${k} ${ms.toFixed(1)} ms`);
    console.log(`rejection times: ${rows.join(', ')}`);
    expect(rows.length).toBeGreaterThan(15);
  });
});
