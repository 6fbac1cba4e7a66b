// TF.js backend choice in the browser worker: WebGL when it initialises and computes correctly,
// else WASM (binaries served from our own origin), else the plain JavaScript CPU backend.
// This order is a sensible default, not a measurement: the training issue brings a measured choice
// (time a few train steps per backend and keep the fastest).

import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { BackendInfo, BackendName } from '../shared/protocol';

const AUTO_ORDER: readonly BackendName[] = ['webgl', 'wasm', 'cpu'];

let wasmPathsSet = false;

function configureWasm(): void {
  if (wasmPathsSet) return;
  // Absolute URLs on our origin: the worker's own URL is the base of the emitted asset URLs.
  const abs = (u: string): string => new URL(u, self.location.href).href;
  setWasmPaths({
    'tfjs-backend-wasm.wasm': abs(wasmPlainUrl),
    'tfjs-backend-wasm-simd.wasm': abs(wasmSimdUrl),
    'tfjs-backend-wasm-threaded-simd.wasm': abs(wasmThreadedUrl),
  });
  wasmPathsSet = true;
}

function describe(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}

/** A tiny computation whose answer is known: catches backends that initialise but compute wrongly. */
async function selfTest(): Promise<void> {
  const a = tf.tensor2d([1, 2, 3, 4], [2, 2]);
  const b = tf.tensor2d([5, 6, 7, 8], [2, 2]);
  const c = tf.matMul(a, b);
  const s = tf.softmax(tf.tensor1d([0, Math.log(3)]));
  try {
    const [got, probs] = await Promise.all([c.data(), s.data()]);
    const want = [19, 22, 43, 50];
    for (let i = 0; i < 4; i++) {
      if (Math.abs(got[i] - want[i]) > 1e-3) throw new Error(`self-test matMul gave ${Array.from(got).join(', ')}`);
    }
    if (Math.abs(probs[0] - 0.25) > 1e-4) throw new Error(`self-test softmax gave ${Array.from(probs).join(', ')}`);
  } finally {
    a.dispose();
    b.dispose();
    c.dispose();
    s.dispose();
  }
}

function detail(name: BackendName): string {
  if (name === 'webgl') return `WebGL ${tf.env().getNumber('WEBGL_VERSION')}`;
  if (name === 'wasm') {
    const simd = tf.env().getBool('WASM_HAS_SIMD_SUPPORT');
    return simd ? 'SIMD' : 'no SIMD';
  }
  return 'plain JavaScript';
}

async function tryBackend(name: BackendName): Promise<string | null> {
  try {
    if (name === 'wasm') configureWasm();
    // setBackend resolves to false (it does not throw) when the backend fails to initialise.
    const ok = await tf.setBackend(name);
    if (!ok) return 'did not initialise';
    await tf.ready();
    await selfTest();
    return null;
  } catch (e) {
    return describe(e);
  }
}

/**
 * Initialise a backend. `preferred` 'auto' tries WebGL, WASM, CPU in that order; a named backend is
 * tried first and the others follow in the usual order if it fails.
 */
export async function chooseBackend(preferred: BackendName | 'auto' = 'auto'): Promise<BackendInfo> {
  const order: BackendName[] =
    preferred === 'auto' ? [...AUTO_ORDER] : [preferred, ...AUTO_ORDER.filter((b) => b !== preferred)];
  const failures: { backend: BackendName; error: string }[] = [];
  for (const name of order) {
    const error = await tryBackend(name);
    if (error === null) {
      const why =
        failures.length === 0
          ? preferred === 'auto'
            ? `initialised (${detail(name)})`
            : `requested, initialised (${detail(name)})`
          : failures.map((f) => `${f.backend} failed: ${f.error}`).join('; ') + ` — using ${name} (${detail(name)})`;
      return { backend: name, reason: `${name}: ${why}`, requested: preferred, detail: detail(name), failures };
    }
    failures.push({ backend: name, error });
  }
  throw new Error(`no TF.js backend could be initialised: ${failures.map((f) => `${f.backend}: ${f.error}`).join('; ')}`);
}
