// TF.js backend choice in the browser worker. 'auto' picks the fastest backend for this machine:
// - when WebGL is drawn by a software renderer (SwiftShader, llvmpipe: no usable GPU), WASM first —
//   on a 2-core machine without a GPU software WebGL trained the default model ~2.4× slower than WASM;
// - otherwise a short measured trial: a few training steps of the default model on WebGL and on WASM,
//   and the faster one is kept.
// Every backend must pass a self-test (a known matMul and softmax) before it is used; a named backend
// is tried first and the others follow if it fails. WASM binaries are served from our own origin.

// @tensorflow/tfjs brings the CPU and WebGL backends; the WASM backend is not part of it (nor is
// setWasmPaths), so it stays a direct import.
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { BackendFault, BackendInfo, BackendName } from '../shared/protocol';
import type { BackendChoice } from '../shared/training';
import { createCorefCorpus } from '../data/coref';
import { Rng } from '../data/rng';
import { Transformer } from '../model/transformer';
import { presetConfig } from '../shared/config';
import { Trainer } from '../train/trainer';
import { PACK_DOCUMENTS } from './trainingSession';

const AUTO_ORDER: readonly BackendName[] = ['webgl', 'wasm', 'cpu'];

let wasmPathsSet = false;
/** Tests only (`?fault=no-wasm`): the WASM binaries are looked for where there are none (HTTP 404). */
let wasmMissing = false;
/** Where the missing WASM binaries are looked for under `?fault=no-wasm`. */
export const MISSING_WASM_DIR = 'missing-wasm-for-test/';

function configureWasm(): void {
  if (wasmPathsSet) return;
  // Absolute URLs on our origin: the worker's own URL is the base of the emitted asset URLs.
  const abs = (u: string): string => new URL(u, self.location.href).href;
  if (wasmMissing) {
    const missing = (file: string): string => new URL(`/${MISSING_WASM_DIR}${file}`, self.location.href).href;
    setWasmPaths({
      'tfjs-backend-wasm.wasm': missing('tfjs-backend-wasm.wasm'),
      'tfjs-backend-wasm-simd.wasm': missing('tfjs-backend-wasm-simd.wasm'),
      'tfjs-backend-wasm-threaded-simd.wasm': missing('tfjs-backend-wasm-threaded-simd.wasm'),
    });
    wasmPathsSet = true;
    return;
  }
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

/**
 * Tests only: make backends unavailable the way a user's browser can (before any backend is tried):
 * 'no-webgl' — every WebGL context request answers null (as with WebGL switched off or blocklisted);
 * 'no-offscreen' — the worker has no OffscreenCanvas (older browsers), so WebGL cannot run in it;
 * 'no-wasm' — the WASM binaries are fetched from a path that answers 404.
 */
export function applyBackendFaults(faults: readonly BackendFault[]): void {
  const scope = self as unknown as Record<string, unknown>;
  if (faults.includes('no-webgl') && typeof OffscreenCanvas !== 'undefined') {
    const original = OffscreenCanvas.prototype.getContext;
    const patched = function (this: OffscreenCanvas, kind: string, options?: unknown): unknown {
      if (kind === 'webgl' || kind === 'webgl2' || kind === 'experimental-webgl') return null;
      return (original as (k: string, o?: unknown) => unknown).call(this, kind, options);
    };
    OffscreenCanvas.prototype.getContext = patched as typeof OffscreenCanvas.prototype.getContext;
  }
  if (faults.includes('no-offscreen')) {
    Object.defineProperty(scope, 'OffscreenCanvas', { value: undefined, configurable: true, writable: true });
  }
  if (faults.includes('no-wasm')) wasmMissing = true;
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

/** Renderer names of software WebGL implementations (no GPU behind them). */
const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|basic render|mesa offscreen/i;

/** The WebGL renderer string (WEBGL_debug_renderer_info), or null when WebGL or the extension is missing. */
export function webglRenderer(): string | null {
  try {
    if (typeof OffscreenCanvas === 'undefined') return null;
    const canvas = new OffscreenCanvas(1, 1);
    const gl = (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) as WebGLRenderingContext | null;
    if (!gl) return null;
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = ext ? String(gl.getParameter(ext.UNMASKED_RENDERER_WEBGL)) : String(gl.getParameter(gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return renderer;
  } catch {
    return null;
  }
}

export function isSoftwareRenderer(renderer: string | null): boolean {
  return renderer !== null && SOFTWARE_RENDERER.test(renderer);
}

/** Milliseconds per training step of the default model (batch 16) on the active backend: 1 warm-up step, then `steps` timed. */
export async function trialMsPerStep(steps = 3): Promise<number> {
  const corpus = createCorefCorpus(1);
  const config = presetConfig('tiny', corpus.vocab.length);
  const model = Transformer.init(config, 1);
  const trainer = new Trainer(model);
  const rng = new Rng(11);
  try {
    await trainer.trainStep(corpus.trainBatch(rng, 16, config.contextLength, PACK_DOCUMENTS));
    const t0 = performance.now();
    for (let i = 0; i < steps; i++) await trainer.trainStep(corpus.trainBatch(rng, 16, config.contextLength, PACK_DOCUMENTS));
    return (performance.now() - t0) / steps;
  } finally {
    trainer.dispose();
    model.dispose();
  }
}

/** 'auto': the order to try backends in, and why. Measures WebGL against WASM when WebGL has a real GPU. */
async function autoOrder(failures: { backend: BackendName; error: string }[]): Promise<{ order: BackendName[]; choice: BackendChoice }> {
  const renderer = webglRenderer();
  if (renderer === null) return { order: ['wasm', 'cpu', 'webgl'], choice: { kind: 'first-working' } };
  // Software WebGL still beats the plain JavaScript backend, so it stays before CPU.
  if (isSoftwareRenderer(renderer)) return { order: ['wasm', 'webgl', 'cpu'], choice: { kind: 'software-webgl', renderer } };
  const msPerStep: Partial<Record<BackendName, number>> = {};
  for (const name of ['webgl', 'wasm'] as const) {
    const error = await tryBackend(name);
    if (error !== null) {
      failures.push({ backend: name, error });
      continue;
    }
    try {
      msPerStep[name] = await trialMsPerStep();
    } catch (e) {
      failures.push({ backend: name, error: `trial failed: ${describe(e)}` });
    }
  }
  const measured = (Object.keys(msPerStep) as BackendName[]).sort((a, b) => msPerStep[a]! - msPerStep[b]!);
  if (measured.length === 0) return { order: ['cpu'], choice: { kind: 'first-working' } };
  return { order: [...measured, ...AUTO_ORDER.filter((b) => !measured.includes(b))], choice: { kind: 'measured', msPerStep } };
}

/**
 * Initialise a backend. `preferred` 'auto' picks the fastest for this machine (see the top of this
 * file); a named backend is tried first and the others follow in the usual order if it fails.
 */
export async function chooseBackend(preferred: BackendName | 'auto' = 'auto'): Promise<BackendInfo> {
  const failures: { backend: BackendName; error: string }[] = [];
  let order: BackendName[];
  let choice: BackendChoice;
  if (preferred === 'auto') {
    ({ order, choice } = await autoOrder(failures));
  } else {
    order = [preferred, ...AUTO_ORDER.filter((b) => b !== preferred)];
    choice = { kind: 'requested' };
  }
  const trialFailures = failures.length;
  for (const name of order) {
    if (failures.slice(0, trialFailures).some((f) => f.backend === name)) continue;
    const error = await tryBackend(name);
    if (error === null) {
      const why =
        failures.length === 0
          ? preferred === 'auto'
            ? `initialised (${detail(name)})`
            : `requested, initialised (${detail(name)})`
          : failures.map((f) => `${f.backend} failed: ${f.error}`).join('; ') + ` — using ${name} (${detail(name)})`;
      return { backend: name, reason: `${name}: ${why}${choiceText(choice)}`, requested: preferred, detail: detail(name), failures, choice };
    }
    failures.push({ backend: name, error });
  }
  throw new Error(`no TF.js backend could be initialised: ${failures.map((f) => `${f.backend}: ${f.error}`).join('; ')}`);
}

/**
 * The backend in use stopped working (its WebGL context was lost): the next one that passes the
 * self-test, in the usual order without it (WASM, else CPU). Throws when none works.
 */
export async function fallBackFrom(lost: BackendName, why: string): Promise<BackendInfo> {
  const failures: { backend: BackendName; error: string }[] = [{ backend: lost, error: why }];
  for (const name of AUTO_ORDER) {
    if (name === lost) continue;
    const error = await tryBackend(name);
    if (error === null) {
      const reason = `${name}: ${lost} failed: ${why} — using ${name} (${detail(name)})`;
      return { backend: name, reason, requested: 'auto', detail: detail(name), failures, choice: { kind: 'first-working' } };
    }
    failures.push({ backend: name, error });
  }
  throw new Error(`no TF.js backend could take over: ${failures.map((f) => `${f.backend}: ${f.error}`).join('; ')}`);
}

function choiceText(c: BackendChoice): string {
  if (c.kind === 'software-webgl') return ` — WebGL is a software renderer here (${c.renderer}), slower than WASM`;
  if (c.kind === 'measured') {
    const parts = (Object.keys(c.msPerStep) as BackendName[]).map((b) => `${b} ${c.msPerStep[b]!.toFixed(0)} ms/step`);
    return ` — measured: ${parts.join(', ')}`;
  }
  return '';
}
