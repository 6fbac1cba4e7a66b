// Training in the worker, end to end (WASM backend for speed): Train moves the step counter and the
// loss, the attention heatmap changes while training, Pause stops the counter, a reload offers to
// resume at the autosaved step and resumes there, and a checkpoint exported after training and
// imported again gives exactly the same probe output (every attention weight and probability).
// `?bench` exposes the worker client to the test, which reads traces with exact float values.

import assert from 'node:assert/strict';
import {
  assertClean,
  canvasSummary,
  openApp,
  screenshot,
  test,
  waitForBackend,
  waitForModel,
  waitForPaintedCanvas,
  trainingStep,
  waitForTrainingStep,
  textOf,
  elementScreenshot,
} from './lib.mjs';

const QUERY = '?backend=wasm&bench';
const HEATMAP = 'attention-heatmap';
const PROBE = "the animal didn't cross the street because it was too tired . it refers to the";

let app = null;

/** A screenshot of one element (the training views are far down the page). */
async function elementShot(page, selector, name) {
  await elementScreenshot(page.locator(selector).first(), name);
}


/** The exact probe output of the model in use: attention weights of every head and the next-token probabilities. */
async function probeOutput(page) {
  return page.evaluate(async (text) => {
    const r = await window.__trainingBench.call('trace', { text });
    const weights = r.trace.layers.flatMap((l) => l.weights.flatMap((w) => Array.from(w.data)));
    return { tokens: r.tokens, weights, probs: Array.from(r.trace.probs.data) };
  }, PROBE);
}

test('train: the step counter and the loss move, the heatmap changes, pause stops the counter', async (env) => {
  app = await openApp(env, { query: QUERY });
  const { page } = app;
  const backend = await waitForBackend(page);
  assert.equal(backend.name, 'wasm');
  await waitForModel(page);
  const before = await waitForPaintedCanvas(page, HEATMAP, 20_000);
  assert.equal(await trainingStep(page), 0);

  await page.getByTestId('train-start').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="train-phase"]')?.closest('[data-phase]')?.getAttribute('data-phase') === 'running');
  const s1 = await waitForTrainingStep(page, 3);
  await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid="train-loss"]')?.textContent ?? ''));
  const loss1 = Number(await textOf(page.getByTestId('train-loss')));
  const s2 = await waitForTrainingStep(page, s1 + 15, 45_000);
  assert.ok(s2 > s1, `step counter moved ${s1} → ${s2}`);
  await page.waitForFunction(
    (l) => Number(document.querySelector('[data-testid="train-loss"]')?.textContent) !== l,
    loss1,
    { timeout: 10_000 },
  );
  const loss2 = Number(await textOf(page.getByTestId('train-loss')));
  assert.ok(Number.isFinite(loss1) && Number.isFinite(loss2) && loss1 !== loss2, `loss moved ${loss1} → ${loss2}`);
  // The page's attention map is re-traced with the training model: its pixels change.
  await page.waitForFunction(
    ({ id, hash }) => {
      const c = document.querySelector(`[data-testid="${id}"]`);
      if (!(c instanceof HTMLCanvasElement) || c.width === 0) return false;
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let h = 0;
      for (let i = 0; i < d.length; i += 4) h = (Math.imul(h, 31) + ((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]) + d[i + 3]) | 0;
      return h !== hash;
    },
    { id: HEATMAP, hash: before.hash },
    { timeout: 20_000 },
  );
  const after = await canvasSummary(page, HEATMAP);
  assert.notEqual(after.hash, before.hash, 'the heatmap changed while training');
  assert.ok(after.colours > 1);
  // The model status says the model is being trained.
  assert.equal(await page.getByTestId('model-status').getAttribute('data-source'), 'training');
  await page.locator('[data-testid="loss-chart"] path').first().waitFor();
  await screenshot(page, 'training-running');
  await elementShot(page, '.training-panel', 'training-panel');
  await elementShot(page, '.training-controls', 'training-controls');
  await elementShot(page, '.live-attention', 'training-heads');

  await page.getByTestId('train-pause').click();
  await page.waitForFunction(() => document.querySelector('.training-panel')?.getAttribute('data-phase') === 'paused');
  const paused = await trainingStep(page);
  await page.waitForTimeout(1500);
  assert.equal(await trainingStep(page), paused, 'the counter stopped after Pause');
  console.log(`  # steps ${s1} → ${s2} → paused at ${paused}; loss ${loss1} → ${loss2}`);
  assertClean(app, 'training');
}, { timeout: 80_000 });

test('training: a reload offers to resume at the autosaved step and resumes there', async () => {
  const { page } = app;
  const paused = await trainingStep(page);
  // Pausing autosaves the paused step.
  await page.waitForFunction(
    (n) => Number(document.querySelector('[data-testid="autosave-status"]')?.getAttribute('data-step')) === n,
    paused,
    { timeout: 20_000 },
  );
  await page.reload();
  await waitForModel(page);
  const offer = page.getByTestId('resume-offer');
  await offer.waitFor({ timeout: 20_000 });
  assert.equal(Number(await offer.getAttribute('data-step')), paused);
  assert.match(await textOf(offer), new RegExp(`step ${paused}\\b`));
  await screenshot(page, 'training-resume-offer');
  await page.getByTestId('resume-yes').click();
  await page.waitForFunction(
    (n) => Number(document.querySelector('[data-testid="train-step-count"]')?.getAttribute('data-step')) === n,
    paused,
    { timeout: 20_000 },
  );
  await page.waitForFunction(() => document.querySelector('[data-testid="model-status"]')?.getAttribute('data-source') === 'training');
  assert.match(await textOf(page.getByTestId('model-status')), new RegExp(`step ${paused}\\b`));
  // The curves came back with the run.
  await page.locator('[data-testid="loss-chart"] path').first().waitFor();
  // And it trains on from there.
  await page.getByTestId('train-step').click();
  await waitForTrainingStep(page, paused + 1);
  assertClean(app, 'resume');
}, { timeout: 60_000 });

test('training: export after training, then import, gives identical probe output', async () => {
  const { page } = app;
  const before = await probeOutput(page);
  assert.ok(before.weights.length > 0 && before.probs.length > 0);
  await page.getByTestId('checkpoint-export').click();
  await page.locator('.download-links a[download="weights.bin"]').waitFor();
  const files = await page.evaluate(async () => {
    const get = async (name) => {
      const a = document.querySelector(`.download-links a[download="${name}"]`);
      return Array.from(new Uint8Array(await (await fetch(a.href)).arrayBuffer()));
    };
    return { json: await get('model.json'), bin: await get('weights.bin') };
  });
  const meta = JSON.parse(Buffer.from(files.json).toString('utf8'));
  assert.equal(meta.training.step, await trainingStep(page), 'the checkpoint records the training step');
  // Load the shipped model first, so the import visibly replaces something else.
  await page.getByTestId('load-shipped').click();
  await page.waitForFunction(() => ['shipped', 'random'].includes(document.querySelector('[data-testid="model-status"]')?.getAttribute('data-source')));
  await page.getByTestId('checkpoint-import').setInputFiles([
    { name: 'model.json', mimeType: 'application/json', buffer: Buffer.from(files.json) },
    { name: 'weights.bin', mimeType: 'application/octet-stream', buffer: Buffer.from(files.bin) },
  ]);
  await page.waitForFunction(() => document.querySelector('[data-testid="model-status"]')?.getAttribute('data-source') === 'imported');
  const after = await probeOutput(page);
  assert.deepEqual(after.tokens, before.tokens);
  assert.equal(after.weights.length, before.weights.length);
  const firstDiff = (a, b) => a.findIndex((x, i) => x !== b[i]);
  assert.equal(firstDiff(after.weights, before.weights), -1, 'attention weights identical');
  assert.equal(firstDiff(after.probs, before.probs), -1, 'next-token probabilities identical');
  await screenshot(page, 'training-imported');
  assertClean(app, 'export/import');
  await app.close();
}, { timeout: 45_000 });

test('backend: the automatic choice says which backend runs and why', async (env) => {
  const session = await openApp(env, { query: '?bench' });
  const { page } = session;
  const backend = await waitForBackend(page);
  await waitForModel(page);
  const why = await textOf(page.getByTestId('backend-why'));
  assert.match(why, new RegExp(`^${backend.name} runs`));
  const reason = await page.getByTestId('backend-status').getAttribute('title');
  // Headless Chromium here draws WebGL with SwiftShader: the app must notice and prefer WASM.
  if (/swiftshader|llvmpipe/i.test(reason)) {
    assert.equal(backend.name, 'wasm');
    assert.match(why, /drawn by software/);
  }
  assert.equal(await page.getByTestId('backend-select').inputValue(), 'auto');
  console.log(`  # auto: ${why}`);
  assertClean(session, 'auto backend');
  await session.close();
});

test('training: a NaN in a weight pauses, rolls back to the last good step and explains', async (env) => {
  const session = await openApp(env, { query: QUERY });
  const { page } = session;
  await waitForBackend(page);
  await waitForModel(page);
  await page.getByTestId('train-start').click();
  await waitForTrainingStep(page, 27, 45_000);
  await page.evaluate(() => window.__trainingBench.call('trainInjectFault', { fault: 'nan-weight' }));
  const banner = page.getByTestId('divergence');
  await banner.waitFor({ timeout: 20_000 });
  assert.equal(await page.locator('.training-panel').getAttribute('data-phase'), 'diverged');
  const text = await textOf(banner);
  assert.match(text, /not a number/);
  assert.match(text, /lower learning rate/);
  const restored = Number(text.match(/weights from step (\d+)/)?.[1]);
  assert.ok(restored >= 25 && restored % 25 === 0, `restored to a good copy: ${restored}`);
  assert.equal(await trainingStep(page), restored, 'the step counter shows the restored step');
  await elementShot(page, '.training-panel', 'training-diverged');
  // Take the suggested learning rate and go on: the loss is finite again.
  await banner.getByRole('button').click();
  await page.getByTestId('train-start').click();
  await waitForTrainingStep(page, restored + 3);
  assert.ok(Number.isFinite(Number(await textOf(page.getByTestId('train-loss')))));
  assert.equal(await page.getByTestId('divergence').count(), 0);
  await page.getByTestId('train-pause').click();
  await page.waitForFunction(() => !!document.querySelector('[data-testid="autosave-status"]'));
  // "Clear stored data" removes the autosave: after a reload nothing is offered.
  await page.getByTestId('clear-stored').click();
  await page.getByText('Stored data cleared.').waitFor();
  assert.equal(await page.evaluate(() => window.__trainingBench.call('autosaveInfo', {})), null);
  await page.reload();
  await waitForModel(page);
  await page.waitForFunction(() => !!window.__trainingBench);
  assert.equal(await page.evaluate(() => window.__trainingBench.call('autosaveInfo', {})), null);
  assert.equal(await page.getByTestId('resume-offer').count(), 0);
  assertClean(session, 'divergence');
  await session.close();
}, { timeout: 70_000 });

test('training in Chinese: coreference accuracy and the validation curve appear, the replay scrubs', async (env) => {
  const session = await openApp(env, { query: `${QUERY}&lang=zh-CN`, locale: 'zh-CN' });
  const { page } = session;
  await waitForBackend(page);
  await waitForModel(page);
  await page.getByTestId('train-start').click();
  // Validation (loss and coreference accuracy) is measured every 50 steps.
  await page.waitForFunction(() => /%/.test(document.querySelector('[data-testid="train-accuracy"]')?.textContent ?? ''), null, {
    timeout: 60_000,
  });
  await page.getByTestId('train-pause').click();
  await page.waitForFunction(() => document.querySelector('.training-panel')?.getAttribute('data-phase') === 'paused');
  assert.match(await textOf(page.getByTestId('train-accuracy')), /答对 \d+%/);
  assert.match(await textOf(page.getByTestId('train-phase')), /已暂停/);
  // The replay shows a snapshot from the start of training, and then the latest one.
  const slider = page.getByTestId('history-slider');
  await slider.fill('0');
  await page.waitForFunction(() => /第 0 步/.test(document.querySelector('[data-testid="live-badge"]')?.textContent ?? ''));
  const first = await canvasSummary(page, 'live-head-0-0');
  const max = Number(await slider.getAttribute('max'));
  await slider.fill(String(max));
  await page.waitForFunction(
    (hash) => {
      const c = document.querySelector('[data-testid="live-head-0-0"]');
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let h = 0;
      for (let i = 0; i < d.length; i += 4) h = (Math.imul(h, 31) + ((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]) + d[i + 3]) | 0;
      return h !== hash;
    },
    first.hash,
  );
  await elementShot(page, '.training-panel', 'training-panel-zh');
  await elementShot(page, '.live-attention', 'training-heads-zh');
  await elementShot(page, '.training-controls', 'training-controls-zh');
  assertClean(session, 'zh-CN');
  await session.close();
}, { timeout: 80_000 });
