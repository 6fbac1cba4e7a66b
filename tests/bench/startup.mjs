// Startup figures of the production build (part of npm run bench):
//   - initial JavaScript: the scripts index.html loads or preloads, raw and gzip (target ≤ 200 KB
//     gzip), and whether TF.js stays out of them (only the worker's chunk has it);
//   - first interactive screen: from navigation start to the shipped model's attention map painted
//     and the sentence's tokens shown (target < 1.5 s), median of several cold page loads.

import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { DIST } from '../e2e/lib.mjs';

/** Sizes of the JavaScript that index.html loads before anything else (entry + module preloads). */
export async function initialJavaScript() {
  const html = await readFile(path.join(DIST, 'index.html'), 'utf8');
  const refs = new Set();
  for (const m of html.matchAll(/<script[^>]*\ssrc="([^"]+\.js)"/g)) refs.add(m[1]);
  for (const m of html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+\.js)"/g)) refs.add(m[1]);
  const files = [];
  for (const ref of refs) {
    const bytes = await readFile(path.join(DIST, ref.replace(/^\//, '')));
    const text = bytes.toString('utf8');
    files.push({
      file: ref,
      bytes: bytes.length,
      gzipBytes: gzipSync(bytes, { level: 9 }).length,
      // TF.js's engine registers kernels under these names; their presence means TF.js was bundled here.
      hasTfjs: /registerKernel|tfjs-core|ENGINE/.test(text) && /backend/i.test(text),
    });
  }
  const assets = await readdir(path.join(DIST, 'assets'));
  const lazy = assets.filter((f) => f.endsWith('.js') && !files.some((x) => x.file.endsWith(f)));
  return {
    files,
    gzipKB: Number((files.reduce((n, f) => n + f.gzipBytes, 0) / 1024).toFixed(1)),
    rawKB: Number((files.reduce((n, f) => n + f.bytes, 0) / 1024).toFixed(1)),
    tfjsInInitial: files.some((f) => f.hasTfjs),
    lazyChunks: lazy,
    targetGzipKB: 200,
  };
}

/** Median time from navigation start to the first interactive screen with the shipped model. */
export async function firstInteractive(browser, origin, { loads = 5 } = {}) {
  const times = [];
  const parts = [];
  for (let k = 0; k < loads; k++) {
    // A fresh context: no HTTP cache, no IndexedDB, as on a first visit.
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    const page = await context.newPage();
    await page.goto(`${origin}/`);
    const r = await page.waitForFunction(
      () => {
        const status = document.querySelector('[data-testid="model-status"]')?.getAttribute('data-source');
        const chips = document.querySelectorAll('[data-testid="token-chip"]').length;
        const c = document.querySelector('[data-testid="attention-heatmap"]');
        if (status !== 'shipped' || chips === 0 || !(c instanceof HTMLCanvasElement) || c.width === 0) return null;
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let coloured = 0;
        for (let i = 0; i < d.length; i += 4 * 97) if (d[i + 3] > 0 && (d[i] < 250 || d[i + 1] < 250 || d[i + 2] < 250)) coloured++;
        if (coloured < 10) return null;
        const nav = performance.getEntriesByType('navigation')[0];
        return { ready: performance.now(), domContentLoaded: nav ? nav.domContentLoadedEventEnd : null };
      },
      null,
      { timeout: 30_000, polling: 'raf' },
    );
    const v = await r.jsonValue();
    times.push(v.ready);
    parts.push(v.domContentLoaded);
    await context.close();
  }
  const sorted = times.slice().sort((a, b) => a - b);
  return {
    loads,
    medianMs: Math.round(sorted[Math.floor(sorted.length / 2)]),
    allMs: times.map((t) => Math.round(t)),
    domContentLoadedMedianMs: Math.round(parts.slice().sort((a, b) => a - b)[Math.floor(parts.length / 2)]),
    targetMs: 1500,
  };
}
