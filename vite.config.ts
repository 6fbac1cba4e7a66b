// Build of the static app. Notes:
// - `base: './'`: every URL in the build is relative, so dist/ works from any path.
// - The worker is an ES module worker; TF.js is imported only there, so it lands in the worker chunk.
// - The TF.js WASM binaries are imported with `?url` in src/worker/backend.ts and emitted as assets of
//   our own origin (never inlined as data: URLs, never fetched from a CDN).
// - Licence and other comments are stripped from the bundles (rolldown `output.comments`).

import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const noComments = { comments: false } as const;

export default defineConfig({
  base: './',
  plugins: [react()],
  worker: {
    format: 'es',
    rolldownOptions: { output: noComments },
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
  preview: { host: '127.0.0.1' },
});
