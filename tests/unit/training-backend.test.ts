// The measured backend choice (src/worker/backend.ts): which WebGL renderers count as software, and
// the trial that times training steps of the default model (run here on Node's WASM backend).

import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../../src/cli/backend';
import { isSoftwareRenderer, trialMsPerStep } from '../../src/worker/backend';

beforeAll(async () => {
  expect(await initNodeBackend()).toBe('wasm');
});

describe('backend choice', () => {
  it('recognises software WebGL renderers and not real GPUs', () => {
    expect(isSoftwareRenderer('ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)')).toBe(true);
    expect(isSoftwareRenderer('llvmpipe (LLVM 15.0.7, 256 bits)')).toBe(true);
    expect(isSoftwareRenderer('ANGLE (Microsoft, Microsoft Basic Render Driver Direct3D11 vs_5_0 ps_5_0)')).toBe(true);
    expect(isSoftwareRenderer('ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0, D3D11)')).toBe(false);
    expect(isSoftwareRenderer('Apple M2')).toBe(false);
    expect(isSoftwareRenderer(null)).toBe(false);
  });

  it('times training steps of the default model and frees what it used', async () => {
    const before = tf.memory().numTensors;
    const ms = await trialMsPerStep(1);
    expect(Number.isFinite(ms) && ms > 0).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
  });
});
