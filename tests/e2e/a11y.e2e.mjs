// Accessibility of the production build: axe-core (from the npm registry) run inside the page on the
// main page of both models with every panel rendered, on the Compare view and on the training panel
// while training — no violation of impact serious or critical. axe's source is evaluated through
// Playwright (the DevTools protocol), which the page's Content-Security-Policy does not govern; the
// CSP stays on and every test still fails on a violation (run.mjs).

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import {
  assertClean,
  openApp,
  screenshot,
  test,
  waitForBackend,
  waitForModel,
  waitForTrainingStep,
} from './lib.mjs';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const WIDE = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };
const TABLET = { width: 768, height: 1024 };

/** Scroll from top to bottom so that every lazily drawn panel has rendered, then back to the top. */
async function scrollThrough(page) {
  await page.evaluate(async () => {
    const step = Math.max(200, window.innerHeight * 0.8);
    for (let y = 0; y < document.documentElement.scrollHeight; y += step) {
      window.scrollTo(0, y);
      await new Promise((r) => setTimeout(r, 120));
    }
    window.scrollTo(0, 0);
  });
  await page.evaluate(() => {
    for (const el of document.querySelectorAll('.panel')) el.style.contentVisibility = 'visible';
  });
  await page.waitForTimeout(400);
}

/**
 * Run axe-core in the page; returns the violations of impact serious or critical as readable lines
 * (rule, impact, the first nodes' targets and summaries) and the count of every violation by rule.
 */
async function axe(page, context = 'document') {
  const loaded = await page.evaluate(() => typeof window.axe === 'object');
  if (!loaded) await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(async (ctx) => {
    const r = await window.axe.run(ctx === 'document' ? document : document.querySelector(ctx), {
      resultTypes: ['violations'],
    });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary?.split('\n').slice(0, 3).join(' ') ?? '' })),
    }));
  }, context);
  const bad = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const lines = bad.flatMap((v) => v.nodes.slice(0, 6).map((n) => `${v.id} (${v.impact}, ${v.nodes.length} nodes): ${n.target} — ${n.summary}`));
  const counts = Object.fromEntries(result.map((v) => [`${v.id}/${v.impact}`, v.nodes.length]));
  return { lines, counts, serious: bad.reduce((s, v) => s + v.nodes.length, 0) };
}

function report(label, r) {
  console.log(`  # axe ${label}: ${r.serious} serious/critical nodes; all violations ${JSON.stringify(r.counts)}`);
}

test('axe: the main page of the coreference model, every panel rendered — no serious or critical violation', async (env) => {
  const app = await openApp(env, { viewport: WIDE });
  const { page } = app;
  await waitForBackend(page);
  await waitForModel(page);
  await page.getByTestId('token-chip').first().waitFor({ timeout: 30_000 });
  await scrollThrough(page);
  const r = await axe(page);
  report('coref main page', r);
  assert.deepEqual(r.lines, []);
  assertClean(app, 'coref');
  await app.close();
}, { timeout: 90_000 });

test('axe: the main page of the translation model (chosen in the model picker), every panel rendered', async (env) => {
  const app = await openApp(env, { viewport: WIDE });
  const { page } = app;
  await waitForBackend(page);
  await waitForModel(page);
  await page.getByTestId('model-picker').selectOption('translate');
  await page.waitForFunction(() => document.querySelector('.app')?.getAttribute('data-architecture') === 'encoder-decoder', null, { timeout: 40_000 });
  await page.getByTestId('target-chip').first().waitFor({ timeout: 40_000 });
  await scrollThrough(page);
  const r = await axe(page);
  report('translate main page', r);
  assert.deepEqual(r.lines, []);
  assertClean(app, 'translate');
  await app.close();
}, { timeout: 120_000 });

test('axe: the Compare view of both models — no serious or critical violation', async (env) => {
  for (const query of ['?view=compare', '?model=translate&view=compare']) {
    const app = await openApp(env, { query, viewport: WIDE });
    const { page } = app;
    await waitForModel(page);
    await page.getByTestId('compare-panel').waitFor({ timeout: 30_000 });
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="compare-panel"] canvas').length > 0, null, { timeout: 40_000 });
    await scrollThrough(page);
    const r = await axe(page, '[data-testid="compare-panel"]');
    report(`compare ${query}`, r);
    assert.deepEqual(r.lines, [], query);
    assertClean(app, query);
    await app.close();
  }
}, { timeout: 150_000 });

test('axe: the training panel while training — no serious or critical violation', async (env) => {
  const app = await openApp(env, { query: '?backend=wasm', viewport: WIDE });
  const { page } = app;
  await waitForBackend(page);
  await waitForModel(page);
  await page.getByTestId('train-start').click();
  await waitForTrainingStep(page, 3);
  await scrollThrough(page);
  // While the step counter moves: the whole page, with the training panel live.
  assert.equal(await page.locator('.training-panel').getAttribute('data-phase'), 'running');
  const r = await axe(page);
  report('while training', r);
  const bar = await page.locator('.training-panel [role="progressbar"]').evaluate((e) => ({ name: e.getAttribute('aria-label'), now: Number(e.getAttribute('aria-valuenow')) }));
  assert.ok(bar.name && bar.now >= 3, JSON.stringify(bar));
  await page.getByTestId('train-pause').click();
  assert.deepEqual(r.lines, []);
  assertClean(app, 'training');
  await app.close();
}, { timeout: 120_000 });
