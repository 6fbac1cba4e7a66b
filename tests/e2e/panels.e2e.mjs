// The panels of issue 5 (tokens, embeddings, positional encoding, attention, export) on the default
// sentence: every panel paints something, hovering a heatmap cell shows the model's exact value,
// the selected token follows the user through every panel, the attention stages and the line view
// show what they claim, and the export buttons deliver real PNG/SVG files.

import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  DIST,
  SCREENSHOTS,
  assertClean,
  canvasPixel,
  canvasSummary,
  openApp,
  shipsCheckpoint,
  test,
  waitForBackend,
  waitForModel,
  waitForPaintedCanvas,
  textOf,
  elementScreenshot,
} from './lib.mjs';

const DEFAULT_TOKENS = ['<bos>', 'the', 'animal', "didn't", 'cross', 'the', 'street', 'because', 'it', 'was', 'too', 'tired', '.', 'it', 'refers', 'to', 'the'];
const IT = 8;

let app = null;

const shot = elementScreenshot;

/** Hover cell (row, col) of a heatmap canvas with `cols` columns; returns the tooltip's value. */
async function hoverValue(page, testId, row, col, cols) {
  const canvas = page.getByTestId(testId);
  await canvas.scrollIntoViewIfNeeded();
  const s = await canvasSummary(page, testId);
  const cell = s.cssWidth / cols;
  const box = await canvas.boundingBox();
  await page.mouse.move(box.x + (col + 0.5) * cell, box.y + (row + 0.5) * cell);
  const tip = page.locator('.heatmap-tooltip');
  await tip.waitFor();
  const text = await textOf(tip);
  const m = text.match(/(?:value|dot product)\s+(−?[\d.]+(?:e[-+−]?\d+)?|−∞)/);
  assert.ok(m, `no value in tooltip: ${text}`);
  return { value: m[1] === '−∞' ? -Infinity : Number(m[1].replace(/−/g, '-')), text };
}

test('every panel paints the default sentence', async (env) => {
  app = await openApp(env);
  const { page } = app;
  await waitForBackend(page);
  await waitForModel(page);
  await page.getByTestId('token-chip').first().waitFor({ timeout: 20_000 });

  // Embeddings: every vocabulary word a point, the sentence's words highlighted.
  const scatter = page.getByTestId('embeddings-scatter');
  await scatter.waitFor({ timeout: 20_000 });
  const vocabSize = await page.evaluate(() => document.querySelectorAll('[data-testid="embeddings-scatter"] .scatter-points > g').length);
  assert.ok(vocabSize >= 50, `only ${vocabSize} points`);
  const distinct = new Set(DEFAULT_TOKENS).size;
  assert.equal(await scatter.locator('[data-highlighted]').count(), distinct, 'one highlighted point per distinct sentence token');
  const xs = await scatter.locator('.scatter-points circle').evaluateAll((els) => els.map((e) => Number(e.getAttribute('cx'))));
  assert.ok(new Set(xs.map((x) => Math.round(x))).size > 20, 'points are not spread out');
  for (const id of ['strip-embedding', 'strip-position', 'strip-input']) await waitForPaintedCanvas(page, id);
  // Hovering a point shows that word's vector.
  const target = scatter.locator('[data-highlighted] circle').first();
  await target.hover({ force: true });
  await page.waitForFunction(() => !/the selected token|选中的词元/.test(document.querySelector('[data-testid="vector-box"]')?.textContent ?? ''));
  assert.equal(await page.getByTestId('vector-box').locator('.vector-numbers li').count(), 64);
  await page.mouse.move(0, 0);

  // Positional: the table, the similarity, the curves and the formula.
  await waitForPaintedCanvas(page, 'positional-table');
  await waitForPaintedCanvas(page, 'positional-similarity');
  const paths = await page.getByTestId('positional-curves').locator('path').evaluateAll((els) => els.map((e) => e.getAttribute('d') ?? ''));
  assert.ok(paths.length >= 2 && paths.every((d) => d.split('L').length > 30), 'curves are missing');
  // KaTeX is fetched after the first screen: wait for it, then count.
  await page.locator('.positional-panel .formula .katex').first().waitFor({ timeout: 10_000 });
  assert.ok((await page.locator('.positional-panel .formula .katex').count()) >= 2, 'formula not rendered by KaTeX');

  // Attention: the grid of every head, the large map, Q, K, V.
  const thumbs = page.getByTestId('head-thumb');
  assert.equal(await thumbs.count(), 2 * 4, 'one small map per head (2 layers × 4 heads)');
  for (let i = 0; i < 8; i++) {
    const s = await page.evaluate((i) => {
      const c = document.querySelectorAll('[data-testid="head-thumb"]')[i];
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      const set = new Set();
      for (let p = 0; p < d.length; p += 4) set.add((d[p] << 16) | (d[p + 1] << 8) | d[p + 2]);
      return set.size;
    }, i);
    assert.ok(s > 3, `small map ${i} has ${s} colours`);
  }
  await waitForPaintedCanvas(page, 'attention-heatmap');
  for (const id of ['attention-q', 'attention-k', 'attention-v']) await waitForPaintedCanvas(page, id);
  assertClean(app, 'on load');
});

test('hovering heatmap cells shows the model’s exact values', async () => {
  const { page } = app;
  // Positional table (sinusoidal): P[0, 0] = sin 0 = 0, P[0, 1] = cos 0 = 1, P[1, 0] = sin 1.
  assert.equal((await hoverValue(page, 'positional-table', 0, 0, 64)).value, 0);
  assert.equal((await hoverValue(page, 'positional-table', 0, 1, 64)).value, 1);
  const s1 = await hoverValue(page, 'positional-table', 1, 0, 64);
  assert.ok(Math.abs(s1.value - Math.sin(1)) < 1e-6, `P[1,0] = ${s1.value}`);
  // Similarity: the diagonal of a sinusoidal table is d/2 (sin² + cos² = 1 per pair).
  const diag = await hoverValue(page, 'positional-similarity', 5, 5, 64);
  assert.ok(Math.abs(diag.value - 32) < 1e-3, `P[5]·P[5] = ${diag.value}`);
  // The selected token's strips: embedding + position = input, number by number.
  const strip = page.getByTestId('strip-embedding');
  await strip.scrollIntoViewIfNeeded();
  const sb = await strip.boundingBox();
  await page.mouse.move(sb.x + (3 + 0.5) * (sb.width / 64), sb.y + sb.height / 2);
  await page.waitForFunction(() => /dimension 3:/.test(document.querySelector('[data-testid="strip-readout"]')?.textContent ?? ''));
  const readout = (await textOf(page.getByTestId('strip-readout'))).replace(/−/g, '-');
  const [e, p, x] = [...readout.matchAll(/(-?[\d.]+(?:e[-+]?\d+)?) \(/g)].map((m) => Number(m[1]));
  assert.ok(Math.abs(e + p - x) < 1e-5, `embedding + position ≠ input: ${readout}`);
  // The last token (position 16) is selected by default; dimension 3 = cos(16 / 10000^(2/64)).
  assert.ok(Math.abs(p - Math.cos(16 / Math.pow(10000, 2 / 64))) < 1e-6, `positional value ${p} (position 16, dim 3)`);
  // Attention weights: row 0 looks only at itself.
  const w00 = await hoverValue(page, 'attention-heatmap', 0, 0, DEFAULT_TOKENS.length);
  assert.ok(Math.abs(w00.value - 1) < 1e-6, w00.text);
  const w = await hoverValue(page, 'attention-heatmap', IT, 2, DEFAULT_TOKENS.length);
  assert.ok(w.value > 0 && w.value < 1, w.text);
  assert.match(w.text, /animal/);
  assert.match(w.text, /\bit\b/);
  await page.mouse.move(0, 0);
});

test('the selected token follows through every panel', async () => {
  const { page } = app;
  await page.getByTestId('token-select').nth(IT).click();
  assert.match(await textOf(page.getByTestId('selected-token')), /“it” at position 8/);
  assert.equal(await page.locator('.token-chip.selected').count(), 1);
  // Embeddings: the selected word's vector in the box, the three strips titled with it.
  assert.match(await textOf(page.getByTestId('vector-box')), /\bit\b/);
  assert.match(await textOf(page.getByTestId('sum-strips').locator('h3')), /“it” \(position 8\)/);
  // Attention: the query label is marked.
  const labels = await page.locator('.attention-panel .heatmap-label').allTextContents();
  assert.ok(labels.includes('▶ it'), `no marked label among ${labels.join('|')}`);
  // Clicking a small map selects that head.
  await page.getByTestId('head-thumb').nth(4 + 2).click();
  assert.equal(await page.getByTestId('layer-select').inputValue(), '1');
  assert.equal(await page.getByTestId('head-select').inputValue(), '2');
  await waitForPaintedCanvas(page, 'attention-heatmap');
});

test('attention stages: raw scores unmasked, masked stage hatched; line view', async () => {
  const { page } = app;
  const n = DEFAULT_TOKENS.length;
  const s = await canvasSummary(page, 'attention-heatmap');
  const cell = s.cssWidth / n;
  const above = [(n - 1) * cell + cell / 2, cell / 2];
  await page.getByTestId('stage-select').selectOption('scores');
  await page.waitForFunction(() => /Step 1/.test(document.querySelector('[data-testid="stage-help"]')?.textContent ?? ''));
  await waitForPaintedCanvas(page, 'attention-heatmap');
  const raw = await canvasPixel(page, 'attention-heatmap', ...above);
  assert.ok(!(raw[0] === raw[1] && raw[1] === raw[2] && raw[0] < 240 && raw[0] > 190), `raw score above the diagonal looks hatched: ${raw}`);
  await page.getByTestId('stage-select').selectOption('masked');
  await page.waitForFunction(() => /Step 3/.test(document.querySelector('[data-testid="stage-help"]')?.textContent ?? ''));
  const px = await canvasPixel(page, 'attention-heatmap', ...above);
  assert.ok(px[0] === px[1] && px[1] === px[2], `masked cell is not hatched grey: ${px}`);
  const m = await hoverValue(page, 'attention-heatmap', 0, n - 1, n);
  assert.equal(m.value, -Infinity, m.text);
  await page.mouse.move(0, 0);
  await page.getByTestId('stage-select').selectOption('weights');
  await shot(page.getByTestId('attention-panel'), 'panels-attention');

  await page.getByTestId('view-lines').click();
  const lines = page.getByTestId('attention-lines').locator('line');
  assert.ok((await lines.count()) >= n, 'too few lines');
  const mine = await page.getByTestId('attention-lines').locator('line[data-selected]').count();
  assert.ok(mine >= 1, 'the selected token has no highlighted lines');
  // Row 0 puts weight 1 on itself: the widest line (8 px).
  const widths = await lines.evaluateAll((els) => els.map((e) => Number(e.getAttribute('stroke-width'))));
  assert.ok(Math.abs(Math.max(...widths) - 8) < 1e-9, `widest line ${Math.max(...widths)}`);
  await shot(page.getByTestId('attention-panel'), 'panels-attention-lines');
});

test('export: PNG and SVG files download', async () => {
  const { page } = app;
  const save = async (locator) => {
    const [dl] = await Promise.all([page.waitForEvent('download'), locator.click()]);
    const file = await dl.path();
    return { name: dl.suggestedFilename(), bytes: await readFile(file) };
  };
  const svg = await save(page.getByTestId('attention-panel').getByTestId('export-svg'));
  assert.match(svg.name, /^attention-layer2-head3-lines\.svg$/);
  const svgText = svg.bytes.toString('utf8');
  assert.match(svgText, /<svg[\s\S]*<line/);
  assert.match(svgText, /animal/);
  const png = await save(page.getByTestId('attention-panel').getByTestId('export-png'));
  assert.match(png.name, /\.png$/);
  assert.deepEqual([...png.bytes.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10], 'not a PNG');
  assert.ok(png.bytes.length > 2000, `PNG of ${png.bytes.length} bytes`);
  await page.getByTestId('view-map').click();
  const mapPng = await save(page.getByTestId('attention-panel').getByTestId('export-png'));
  assert.ok(mapPng.bytes.length > 2000);
  await writeFile(path.join(SCREENSHOTS, 'panels-export-attention.png'), mapPng.bytes);
  const embSvg = await save(page.getByTestId('embeddings-panel').getByTestId('export-svg'));
  assert.equal(embSvg.name, 'embeddings.svg');
  assert.ok((embSvg.bytes.toString('utf8').match(/<circle/g) ?? []).length >= 50, 'the SVG lacks the points');
  const emb = await save(page.getByTestId('embeddings-panel').getByTestId('export-png'));
  await writeFile(path.join(SCREENSHOTS, 'panels-export-embeddings.png'), emb.bytes);
  assert.equal(emb.name, 'embeddings.png');
  const pos = await save(page.getByTestId('positional-panel').getByTestId('export-png'));
  assert.equal(pos.name, 'positional-encoding.png');
  const tok = await save(page.getByTestId('tokens-panel').getByTestId('export-png'));
  assert.equal(tok.name, 'tokens.png');
  assert.deepEqual([...tok.bytes.subarray(0, 4)], [137, 80, 78, 71]);
  await writeFile(path.join(SCREENSHOTS, 'panels-export-tokens.png'), tok.bytes);
  // The step-through (matrices as number tables or heatmaps) and the output bars.
  const step = await save(page.getByTestId('stepper').getByTestId('export-png'));
  assert.match(step.name, /^step-\d+-[a-z0-9-]+\.png$/i);
  assert.deepEqual([...step.bytes.subarray(0, 4)], [137, 80, 78, 71]);
  assert.ok(step.bytes.length > 5000, `step PNG of ${step.bytes.length} bytes`);
  await writeFile(path.join(SCREENSHOTS, 'panels-export-step.png'), step.bytes);
  const bars = await save(page.getByTestId('output-panel').getByTestId('export-svg'));
  assert.equal(bars.name, 'next-token.svg');
  assert.ok((bars.bytes.toString('utf8').match(/<rect/g) ?? []).length >= 10, 'the SVG lacks the bars');
  const barsPng = await save(page.getByTestId('output-panel').getByTestId('export-png'));
  assert.deepEqual([...barsPng.bytes.subarray(0, 4)], [137, 80, 78, 71]);
  assert.equal(await page.locator('.export-buttons [role="alert"]').count(), 0, 'an export reported an error');
  await shot(page.getByTestId('tokens-panel'), 'panels-tokens');
  await shot(page.getByTestId('embeddings-panel'), 'panels-embeddings');
  await shot(page.getByTestId('positional-panel'), 'panels-positional');
  assertClean(app, 'after export');
});

test('unknown words are explained', async () => {
  const { page } = app;
  await page.getByTestId('sentence-input').fill('the horsee didn\'t cross the 42 streets because it was too 累 ☃ .');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="unknown-why"] li').length >= 3);
  const why = await textOf(page.getByTestId('unknown-why'));
  assert.match(why, /horsee: this word never appears[\s\S]*“horse”/);
  assert.match(why, /42: numbers are not in the model’s vocabulary/);
  assert.match(why, /☃: this symbol never appears/);
  await shot(page.getByTestId('tokens-panel'), 'panels-tokens-unknown');
  assertClean(app, 'unknown words');
  await app.close();
});

test('a model with a learned position table shows it beside the sinusoidal one', async (env) => {
  const dir = path.join(DIST, 'models/coref');
  if (!shipsCheckpoint()) {
    console.log('  # skipped: no shipped checkpoint to turn into a learned-position model');
    return;
  }
  // The shipped checkpoint with a learned table appended: P[pos, dim] = 0.5·sin(0.3·pos + dim).
  const json = JSON.parse(await readFile(path.join(dir, 'model.json'), 'utf8'));
  const bin = await readFile(path.join(dir, 'weights.bin'));
  const { contextLength: n, dModel: d } = json.config;
  json.config.positional = 'learned';
  json.weightsManifest[0].weights.push({ name: 'embedding/position', shape: [n, d], dtype: 'float32' });
  const learned = new Float32Array(n * d);
  for (let p = 0; p < n; p++) for (let c = 0; c < d; c++) learned[p * d + c] = 0.5 * Math.sin(0.3 * p + c);
  const s = await openApp(env);
  const { page } = s;
  await waitForModel(page);
  await page.getByTestId('checkpoint-import').setInputFiles([
    { name: 'model.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(json)) },
    { name: 'weights.bin', mimeType: 'application/octet-stream', buffer: Buffer.concat([bin, Buffer.from(learned.buffer)]) },
  ]);
  await page.waitForFunction(() => document.querySelector('[data-testid="model-status"]')?.getAttribute('data-source') === 'imported');
  await page.waitForFunction(() => /learned/.test(document.querySelector('[data-testid="positional-kind"]')?.textContent ?? ''));
  await waitForPaintedCanvas(page, 'positional-table');
  await waitForPaintedCanvas(page, 'positional-sinusoidal');
  const v = await hoverValue(page, 'positional-table', 2, 3, d);
  assert.ok(Math.abs(v.value - learned[2 * d + 3]) < 1e-6, `learned P[2,3] shown as ${v.value}, stored ${learned[2 * d + 3]}`);
  const c = await hoverValue(page, 'positional-sinusoidal', 0, 1, d);
  assert.equal(c.value, 1, 'the sinusoidal table beside it: P[0,1] = cos 0 = 1');
  await page.mouse.move(0, 0);
  // The trace adds the learned rows: the selected token's position strip equals the learned table's row.
  await page.getByTestId('token-select').nth(2).click();
  const strip = page.getByTestId('strip-position');
  await strip.scrollIntoViewIfNeeded();
  const sb = await strip.boundingBox();
  await page.mouse.move(sb.x + 5.5 * (sb.width / d), sb.y + sb.height / 2);
  await page.waitForFunction(() => /:/.test(document.querySelector('[data-testid="strip-readout"]')?.textContent ?? ''));
  const readout = (await textOf(page.getByTestId('strip-readout'))).replace(/−/g, '-');
  const p = Number([...readout.matchAll(/(-?[\d.]+(?:e[-+]?\d+)?) \(/g)][1][1]);
  assert.ok(Math.abs(p - learned[2 * d + 5]) < 1e-6, `position strip ${p}, learned ${learned[2 * d + 5]}`);
  await shot(page.getByTestId('positional-panel'), 'panels-positional-learned');
  assertClean(s, 'learned positions');
  await s.close();
});

test('on a narrow screen (700 px) no panel spills over its edge', async (env) => {
  const s = await openApp(env, { viewport: { width: 700, height: 900 } });
  const { page } = s;
  await waitForModel(page);
  await waitForPaintedCanvas(page, 'attention-heatmap');
  await page.getByTestId('embeddings-scatter').waitFor();
  await waitForPaintedCanvas(page, 'positional-table');
  const sizes = await page.evaluate(() =>
    ['tokens-panel', 'embeddings-panel', 'positional-panel', 'attention-panel'].map((id) => {
      const p = document.querySelector(`[data-testid="${id}"]`);
      return { id, scroll: p.scrollWidth, client: p.clientWidth };
    }),
  );
  for (const z of sizes) assert.ok(z.scroll <= z.client + 1, `${z.id} is ${z.scroll} px wide inside ${z.client} px`);
  assertClean(s, 'narrow');
  await s.close();
});
