// The foundation: the production build loads from our own origin only, the worker reports a
// backend, the default sentence is tokenized and its attention painted, edits re-trace, the
// language switch works, and checkpoints round-trip through download/upload and browser storage.

import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  BACKENDS,
  DIST,
  assertClean,
  canvasPixel,
  canvasSummary,
  chipTokens,
  openApp,
  screenshot,
  test,
  waitForBackend,
  waitForModel,
  waitForPaintedCanvas,
  waitForTokensChange,
  textOf,
} from './lib.mjs';

const DEFAULT_TOKENS = ['<bos>', 'the', 'animal', "didn't", 'cross', 'the', 'street', 'because', 'it', 'was', 'too', 'tired', '.', 'it', 'refers', 'to', 'the'];
const HEATMAP = 'attention-heatmap';

/** The one app session most tests share (opened by the first browser test). */
let app = null;

test('bundle: TF.js only in the worker chunk, WASM self-hosted, no licence comments', async () => {
  const html = await readFile(path.join(DIST, 'index.html'), 'utf8');
  assert.doesNotMatch(html, /https?:\/\//, 'index.html refers to another origin');
  const entry = html.match(/<script[^>]+src="([^"]+)"/)?.[1];
  assert.ok(entry && entry.startsWith('./'), `the entry script is not relative: ${entry}`);
  const assets = await readdir(path.join(DIST, 'assets'));
  const js = assets.filter((f) => f.endsWith('.js'));
  const wasm = assets.filter((f) => f.endsWith('.wasm'));
  assert.ok(wasm.some((f) => f.startsWith('tfjs-backend-wasm-simd')), `no SIMD wasm in dist/assets: ${wasm.join(', ')}`);
  const workers = js.filter((f) => f.startsWith('worker'));
  assert.equal(workers.length, 1, `expected one worker chunk, got ${workers.join(', ')}`);
  for (const f of js) {
    const text = await readFile(path.join(DIST, 'assets', f), 'utf8');
    assert.doesNotMatch(text, /@license|@preserve|\/\*!/, `${f} keeps licence comments`);
    const hasTf = /registerKernel|tfjs-backend-wasm\.wasm|WEBGL_VERSION/.test(text);
    assert.equal(hasTf, f.startsWith('worker'), `${f}: TF.js ${hasTf ? 'found outside' : 'missing from'} the worker chunk`);
  }
});

test('page loads without errors and the worker reports a backend', async (env) => {
  app = await openApp(env);
  const { page } = app;
  const backend = await waitForBackend(page);
  assert.ok(BACKENDS.includes(backend.name), `unexpected backend ${backend.name}`);
  assert.match(backend.text, new RegExp(`\\b${backend.name}\\b`));
  const source = await waitForModel(page);
  assert.ok(['shipped', 'random'].includes(source), `model source ${source}`);
  const modelText = await textOf(page.getByTestId('model-status'));
  if (source === 'random') assert.match(modelText, /random weights/);
  else assert.match(modelText, /trained checkpoint, step \d+/);
  console.log(`  # backend: ${backend.text.replace(/\s+/g, ' ')} | model: ${modelText.replace(/\s+/g, ' ')}`);
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  assertClean(app, 'on load');
});

test('tokens of the default sentence appear as chips with ids', async () => {
  const { page } = app;
  await page.getByTestId('token-chip').first().waitFor({ timeout: 20_000 });
  assert.equal(await page.getByTestId('sentence-input').inputValue(), DEFAULT_TOKENS.slice(1).join(' '));
  assert.deepEqual(await chipTokens(page), DEFAULT_TOKENS);
  const ids = await page.$$eval('[data-testid="token-chip"] .token-id', (els) => els.map((e) => Number(e.textContent)));
  assert.equal(ids[0], 2, '<bos> has id 2');
  assert.ok(ids.every((id) => Number.isInteger(id) && id >= 0), `bad ids ${ids}`);
  assert.equal(ids[1], ids[5], 'the same word has the same id');
  assert.equal(await page.locator('[data-testid="token-chip"][data-unknown]').count(), 0);
});

test('attention heatmap is painted, masked cells hatched, hover shows exact values', async () => {
  const { page } = app;
  const summary = await waitForPaintedCanvas(page, HEATMAP);
  assert.ok(summary.colours > 1, `canvas has ${summary.colours} colour(s)`);
  const n = DEFAULT_TOKENS.length;
  assert.equal(summary.cssWidth, summary.cssHeight, 'square map for T×T attention');
  const cell = summary.cssWidth / n;
  assert.ok(Number.isInteger(cell) && cell >= 6, `cell size ${cell}`);
  // Above the diagonal (key after query) is masked: grey hatching, r = g = b.
  const [r, g, b] = await canvasPixel(page, HEATMAP, (n - 1) * cell + cell / 2, cell / 2);
  assert.ok(r === g && g === b && r > 150, `masked cell is not hatched grey: ${r},${g},${b}`);
  // Row 0 attends only to itself: weight exactly 1 → the darkest blue, not grey.
  const [r0, g0, b0] = await canvasPixel(page, HEATMAP, cell / 2 + 1, cell / 2 + 1);
  assert.ok(b0 > r0 + 40, `cell (0,0) should be dark blue, got ${r0},${g0},${b0}`);

  const canvas = page.getByTestId(HEATMAP);
  await canvas.hover({ position: { x: cell / 2, y: cell / 2 } });
  const tip = page.locator('.heatmap-tooltip');
  await tip.waitFor();
  const tipText = await textOf(tip);
  const value = Number(tipText.match(/value\s+(-?[\d.]+(?:e[-+]?\d+)?)/)?.[1]);
  assert.ok(Math.abs(value - 1) < 1e-5, `softmax over a single key must be 1, tooltip says: ${tipText}`);
  assert.match(tipText, /<bos>/);

  // A cell in the last row: query "the" (position n-1) looking at "animal" (position 2).
  await canvas.hover({ position: { x: 2 * cell + cell / 2, y: (n - 1) * cell + cell / 2 } });
  await page.waitForFunction(() => /animal/.test(document.querySelector('.heatmap-tooltip')?.textContent ?? ''));
  const t2 = await textOf(tip);
  const w = Number(t2.match(/value\s+(-?[\d.]+(?:e[-+]?\d+)?)/)?.[1]);
  assert.ok(w > 0 && w < 1, `attention weight out of (0, 1): ${t2}`);
  assert.match(t2, /\bthe\b/);

  // Hover above the diagonal: the tooltip says the cell is masked.
  await canvas.hover({ position: { x: (n - 1) * cell + cell / 2, y: cell / 2 } });
  await page.waitForFunction(() => /masked/.test(document.querySelector('.heatmap-tooltip')?.textContent ?? ''));
  await screenshot(page, 'foundation-en');

  // Other stages and heads repaint the map.
  const before = await canvasSummary(page, HEATMAP);
  await page.getByTestId('stage-select').selectOption('scaled');
  await page.waitForFunction(
    ({ id, hash }) => {
      const c = document.querySelector(`[data-testid="${id}"]`);
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let h = 0;
      for (let i = 0; i < d.length; i += 4) h = (Math.imul(h, 31) + ((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]) + d[i + 3]) | 0;
      return h !== hash;
    },
    { id: HEATMAP, hash: before.hash },
  );
  await screenshot(page, 'foundation-scaled');
  await page.getByTestId('stage-select').selectOption('weights');
  await page.getByTestId('head-select').selectOption('1');
  await page.getByTestId('layer-select').selectOption('1');
  const after = await waitForPaintedCanvas(page, HEATMAP);
  assert.notEqual(after.hash, before.hash, 'layer 2 head 2 looks exactly like layer 1 head 1');
  await page.mouse.move(0, 0);
});

test('editing the sentence re-traces: new tokens, unknown words marked, new map', async () => {
  const { page } = app;
  const before = await canvasSummary(page, HEATMAP);
  const input = page.getByTestId('sentence-input');
  await input.fill("the xylophonequark didn't fit in the box because it was too big .");
  const tokens = await waitForTokensChange(page, DEFAULT_TOKENS);
  assert.deepEqual(tokens, ['<bos>', 'the', 'xylophonequark', "didn't", 'fit', 'in', 'the', 'box', 'because', 'it', 'was', 'too', 'big', '.']);
  const unknown = page.locator('[data-testid="token-chip"][data-unknown]');
  assert.equal(await unknown.count(), 1);
  assert.match(await unknown.getAttribute('title'), /not in the model.s vocabulary/i);
  const after = await waitForPaintedCanvas(page, HEATMAP);
  assert.notEqual(after.hash, before.hash, 'heatmap did not repaint');
  assert.equal(after.cssWidth / tokens.length, after.cssHeight / tokens.length);

  // Fast typing: only the last text's trace is shown.
  await input.fill('the dog');
  await input.fill('the dog was');
  await input.fill('动物没有过马路，因为它太累了。它指的是');
  // On a busy machine an intermediate text may be traced (and shown) before the last one arrives:
  // wait for the last text's tokens, then check that nothing stale replaces them.
  await page.waitForFunction(() => document.querySelector('[data-testid="token-chip"]:nth-child(2) .token-text')?.textContent === '动', null, { timeout: 15_000 });
  const zh = await chipTokens(page);
  assert.deepEqual(zh.slice(0, 4), ['<bos>', '动', '物', '没']);
  assert.equal(zh.length, 20);
  await page.waitForTimeout(400);
  assert.equal((await chipTokens(page)).length, 20, 'a stale trace replaced the latest one');
  await input.fill(DEFAULT_TOKENS.slice(1).join(' '));
  await waitForTokensChange(page, zh);
  assertClean(app, 'after edits');
});

test('language switch changes the visible text and <html lang>', async () => {
  const { page } = app;
  const title = page.locator('h1');
  assert.equal(await textOf(title), 'Transformer Explorer');
  await page.getByTestId('lang-switch').selectOption('zh-CN');
  await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
  assert.match(await textOf(title), /探索器/);
  assert.match(await textOf(page.getByTestId('model-status')), /模型/);
  assert.match(await textOf(page.locator('.attention-panel h2')), /注意力/);
  await waitForPaintedCanvas(page, HEATMAP);
  await screenshot(page, 'foundation-zh');
  await page.getByTestId('lang-switch').selectOption('en');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.equal(await textOf(title), 'Transformer Explorer');
  assertClean(app, 'after language switch');
});

test('checkpoint: download, upload of the same files, a broken upload, browser storage', async () => {
  const { page } = app;
  const status = page.getByTestId('model-status');
  const statusBefore = await textOf(status);
  await page.getByTestId('checkpoint-export').click();
  const link = page.locator('.download-links a[download="weights.bin"]');
  await link.waitFor();
  // Read the two downloads' bytes through their blob: URLs.
  const files = await page.evaluate(async () => {
    const get = async (name) => {
      const a = document.querySelector(`.download-links a[download="${name}"]`);
      const buf = await (await fetch(a.href)).arrayBuffer();
      return Array.from(new Uint8Array(buf));
    };
    return { json: await get('model.json'), bin: await get('weights.bin') };
  });
  const modelJson = JSON.parse(Buffer.from(files.json).toString('utf8'));
  assert.equal(modelJson.format, 'transformer-checkpoint');
  const floats = modelJson.weightsManifest[0].weights.reduce((s, w) => s + w.shape.reduce((a, b) => a * b, 1), 0);
  assert.equal(files.bin.length, floats * 4, 'weights.bin length = sum of shapes × 4');

  const upload = page.getByTestId('checkpoint-import');
  // A truncated weights.bin is refused with a message; the model in use stays.
  await upload.setInputFiles([
    { name: 'model.json', mimeType: 'application/json', buffer: Buffer.from(files.json) },
    { name: 'weights.bin', mimeType: 'application/octet-stream', buffer: Buffer.from(files.bin.slice(0, 100)) },
  ]);
  const banner = page.getByTestId('error-banner');
  await banner.waitFor();
  assert.match(await textOf(banner), /could not be loaded/);
  assert.equal(await textOf(status), statusBefore);
  await screenshot(page, 'foundation-bad-checkpoint');
  await banner.getByRole('button').first().click();
  await banner.waitFor({ state: 'detached' });

  // The real files load, and the model status says so.
  await upload.setInputFiles([
    { name: 'model.json', mimeType: 'application/json', buffer: Buffer.from(files.json) },
    { name: 'weights.bin', mimeType: 'application/octet-stream', buffer: Buffer.from(files.bin) },
  ]);
  await page.waitForFunction(() => document.querySelector('[data-testid="model-status"]')?.getAttribute('data-source') === 'imported');
  await waitForPaintedCanvas(page, HEATMAP);

  await page.getByTestId('checkpoint-save').click();
  await page.locator('.checkpoint-panel .note.ok').waitFor();
  await page.getByTestId('checkpoint-load').click();
  await page.waitForFunction(
    () => document.querySelector('[data-testid="model-status"]')?.getAttribute('data-source') === 'browser-storage',
  );
  await page.getByTestId('token-chip').first().waitFor();
  assert.equal(await page.getByTestId('error-banner').count(), 0);
  assertClean(app, 'after checkpoint round trip');
  await app.close();
});

for (const backend of ['wasm', 'cpu']) {
  test(`?backend=${backend} runs the model on ${backend} (files from our origin)`, async (env) => {
    const s = await openApp(env, { query: `?backend=${backend}` });
    const got = await waitForBackend(s.page);
    assert.equal(got.name, backend, got.text);
    const summary = await waitForPaintedCanvas(s.page, HEATMAP, 30_000);
    assert.ok(summary.colours > 1);
    assert.deepEqual(await chipTokens(s.page), DEFAULT_TOKENS);
    assertClean(s, backend);
    await s.close();
  });
}

test('Chinese browser locale starts in Chinese', async (env) => {
  const s = await openApp(env, { locale: 'zh-CN' });
  await s.page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
  assert.match(await textOf(s.page.locator('h1')), /探索器/);
  await waitForBackend(s.page);
  await waitForPaintedCanvas(s.page, HEATMAP);
  assertClean(s, 'zh locale');
  await s.close();
});
