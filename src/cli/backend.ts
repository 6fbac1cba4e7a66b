// TF.js backend for Node (the CLI and the unit tests): WASM with SIMD when it loads, else the plain
// JavaScript CPU backend. Same kernels as in the browser, so the numbers agree.
// Node entry points run bundled (scripts/run-node.mjs), so the .wasm files are located explicitly.

// @tensorflow/tfjs brings the CPU backend; the WASM backend is a direct import (tfjs does not include it).
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type NodeBackend = 'wasm' | 'cpu';

function wasmDir(): string {
  const pkg = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/package.json');
  return join(dirname(pkg), 'dist') + '/';
}

export async function initNodeBackend(preferred: NodeBackend = 'wasm'): Promise<NodeBackend> {
  setWasmPaths(wasmDir());
  const order: NodeBackend[] = preferred === 'wasm' ? ['wasm', 'cpu'] : ['cpu', 'wasm'];
  for (const name of order) {
    // setBackend resolves to false (it does not throw) when the backend fails to initialise.
    if (await tf.setBackend(name).catch(() => false)) {
      await tf.ready();
      return name;
    }
  }
  throw new Error('no TF.js backend could be initialised (tried wasm and cpu)');
}
