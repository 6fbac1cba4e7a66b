// Build of the static app. Notes:
// - `base: './'`: every URL in the build is relative, so dist/ works from any path.
// - The worker is an ES module worker; TF.js is imported only there, so it lands in the worker chunk.
// - The TF.js WASM binaries are imported with `?url` in src/worker/backend.ts and emitted as assets of
//   our own origin (never inlined as data: URLs, never fetched from a CDN).
// - Licence and other comments are stripped from the bundles (rolldown `output.comments`).
// - The production page carries the Content-Security-Policy of scripts/csp.mjs as a <meta> tag, and
//   `vite preview` sends it as a header (the only way it reaches the worker). The dev server, which
//   injects inline scripts for hot reload, gets none.

import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { CONTENT_SECURITY_POLICY } from './scripts/csp.mjs';

const noComments = { comments: false } as const;

/**
 * TF.js comes in through @tensorflow/tfjs, which also re-exports Layers, Converter and Data. Their
 * modules only register their own classes and ops (models, layers, graph ops) that this app never
 * uses, so they are declared free of side effects: what the worker does not import is left out.
 */
const TFJS_UNUSED_PARTS = /[\\/]node_modules[\\/]@tensorflow[\\/]tfjs-(layers|converter|data)[\\/]/;
function tfjsSideEffects(id: string): boolean {
  return !TFJS_UNUSED_PARTS.test(id);
}

function contentSecurityPolicy(): Plugin {
  return {
    name: 'content-security-policy',
    apply: 'build',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY }, injectTo: 'head-prepend' },
    ],
  };
}

export default defineConfig({
  base: './',
  plugins: [react(), contentSecurityPolicy()],
  worker: {
    format: 'es',
    rolldownOptions: { output: noComments, treeshake: { moduleSideEffects: tfjsSideEffects } },
  },
  build: {
    target: 'es2022',
    sourcemap: false,
    license: false,
    chunkSizeWarningLimit: 4096,
    assetsInlineLimit: (file: string) => (file.endsWith('.wasm') ? false : undefined),
    rolldownOptions: { output: noComments },
  },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1', headers: { 'Content-Security-Policy': CONTENT_SECURITY_POLICY } },
});
