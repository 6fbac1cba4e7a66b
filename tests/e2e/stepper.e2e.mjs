// The step-through and the Output panel in the production build: the stepper renders real numbers for
// the default sentence, the arrow keys walk every step to the final softmax, whose top token equals
// the CLI's `probe` top token for the same sentence and checkpoint; the Output panel's controls
// reshape the bars and generation appends tokens to the sentence.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  ROOT,
  assertClean,
  chipTokens,
  openApp,
  screenshot,
  test,
  waitForBackend,
  waitForModel,
  waitForPaintedCanvas,
  waitForTokensChange,
  textOf,
  elementScreenshot,
} from './lib.mjs';

const run = promisify(execFile);
const SENTENCE = "the animal didn't cross the street because it was too tired . it refers to the";
const SHIPPED = path.join(ROOT, 'public/models/coref');

let app = null;

/** Screenshot of one panel only (readable at full size), into tests/e2e/screenshots/. */
const panelShot = elementScreenshot;

/** The stepper's current step: { index, total, kind, layer }. */
async function stepState(page) {
  return page.evaluate(() => {
    const p = document.querySelector('[data-testid="stepper-progress"]');
    const v = document.querySelector('[data-testid="step-view"]');
    return {
      index: Number(p?.getAttribute('data-index')),
      total: Number(p?.getAttribute('data-total')),
      kind: v?.getAttribute('data-kind') ?? null,
      layer: Number(v?.getAttribute('data-layer')),
    };
  });
}

async function waitForStep(page, index) {
  await page.waitForFunction(
    (i) => document.querySelector('[data-testid="stepper-progress"]')?.getAttribute('data-index') === String(i),
    index,
    { timeout: 5_000 },
  );
}

/** `npm run cli -- probe` for the sentence: the shipped checkpoint, or the files the page exports. */
async function cliProbe(page) {
  let dir = null;
  const args = ['scripts/run-node.mjs', 'src/cli/main.ts', 'probe', '--text', SENTENCE];
  if (!existsSync(path.join(SHIPPED, 'model.json'))) {
    // No shipped checkpoint: probe the very model the page uses, exported through its download links.
    await page.getByTestId('checkpoint-export').click();
    await page.locator('.download-links a[download="weights.bin"]').waitFor();
    const files = await page.evaluate(async () => {
      const get = async (name) => {
        const a = document.querySelector(`.download-links a[download="${name}"]`);
        return Array.from(new Uint8Array(await (await fetch(a.href)).arrayBuffer()));
      };
      return { json: await get('model.json'), bin: await get('weights.bin') };
    });
    dir = await mkdtemp(path.join(tmpdir(), 'stepper-e2e-'));
    await writeFile(path.join(dir, 'model.json'), Buffer.from(files.json));
    await writeFile(path.join(dir, 'weights.bin'), Buffer.from(files.bin));
    args.push('--checkpoint', dir);
  }
  try {
    const { stdout } = await run(process.execPath, args, { cwd: ROOT, maxBuffer: 64 * 1024 * 1024, timeout: 60_000 });
    return JSON.parse(stdout);
  } finally {
    if (dir) await rm(dir, { recursive: true, force: true });
  }
}

test('step-through renders real numbers for the default sentence', async (env) => {
  app = await openApp(env);
  const { page } = app;
  await waitForBackend(page);
  await waitForModel(page);
  await page.getByTestId('step-view').waitFor({ timeout: 30_000 });
  assert.equal(await page.getByTestId('sentence-input').inputValue(), SENTENCE);
  const first = await stepState(page);
  assert.equal(first.index, 0);
  assert.equal(first.kind, 'lookup');
  // Default token: the last one ("the", position 16), highlighted in the token row.
  const chips = await page.$$eval('[data-testid="stepper-token"]', (els) => els.map((e) => [e.textContent, e.getAttribute('aria-pressed')]));
  assert.equal(chips.length, 17);
  assert.deepEqual(chips.at(-1), ['the', 'true']);
  // The embedding matrix is painted, the formula typeset, the row's numbers printed. The step-through
  // is brought into view first: far below, its panel skips layout (content-visibility: auto), and on a
  // loaded machine its figures may not have been laid out yet (seen once in a full run).
  await page.getByTestId('stepper').scrollIntoViewIfNeeded();
  const summary = await waitForPaintedCanvas(page, 'step-matrix-embedding-view', 60_000);
  assert.ok(summary.colours > 10, `embedding heatmap has ${summary.colours} colours`);
  await page.locator('[data-testid="step-formula"] .katex').first().waitFor({ timeout: 10_000 });
  assert.ok((await page.locator('[data-testid="step-formula"] .katex').count()) > 0, 'formula not typeset');
  const nums = await page.$$eval('[data-testid="step-row-embedding"] .num', (els) => els.map((e) => Number(e.getAttribute('data-value'))));
  assert.ok(nums.length >= 32 && nums.every(Number.isFinite) && nums.some((v) => v !== 0), `row numbers: ${nums.slice(0, 5)}`);
  await panelShot(page.getByTestId('stepper'), 'stepper-01-lookup');
  assertClean(app, 'stepper load');
}, { timeout: 120_000 });

test('arrow keys walk every step to the final softmax, whose top token equals the CLI probe', async () => {
  const { page } = app;
  const { total } = await stepState(page);
  assert.ok(total >= 20, `only ${total} steps`);
  // Arrow keys inside the sentence box edit text, they do not step.
  await page.getByTestId('sentence-input').focus();
  await page.keyboard.press('ArrowRight');
  await page.waitForTimeout(100);
  assert.equal((await stepState(page)).index, 0, 'ArrowRight in the text box moved the stepper');
  await page.locator('#stepper-title').click(); // focus leaves the text box

  const shots = new Set(['scores', 'scale', 'mask', 'softmax', 'concat', 'addNorm1', 'ffnW1', 'relu', 'logits']);
  const seen = [];
  for (let i = 1; i < total; i++) {
    await page.keyboard.press('ArrowRight');
    await waitForStep(page, i);
    const s = await stepState(page);
    seen.push(`${s.kind}@${s.layer}`);
    if (shots.has(s.kind) && s.layer <= 0) {
      shots.delete(s.kind);
      await panelShot(page.getByTestId('stepper'), `stepper-${String(i + 1).padStart(2, '0')}-${s.kind}`);
    }
    if (s.kind === 'softmax' && s.layer === 0) {
      // One row of attention weights: the bars add up to 1 and no key after the token gets weight.
      const w = await page.$$eval('[data-testid="step-bars-attention"] [data-testid="bar"]', (els) =>
        els.map((e) => Number(e.getAttribute('data-value'))),
      );
      assert.equal(w.length, 17);
      assert.ok(Math.abs(w.reduce((a, b) => a + b, 0) - 1) < 1e-4, `weights sum to ${w.reduce((a, b) => a + b, 0)}`);
      await waitForPaintedCanvas(page, 'step-matrix-weights-view');
    }
  }
  assert.ok(seen.includes('qkv@0') && seen.includes('qkv@1'), `layers not both walked: ${seen.join(' ')}`);
  const end = await stepState(page);
  assert.equal(end.kind, 'probs');
  assert.equal(end.index, total - 1);
  await page.keyboard.press('ArrowRight'); // past the end: stays
  await page.waitForTimeout(50);
  assert.equal((await stepState(page)).index, total - 1);

  const top = page.getByTestId('stepper-top-token');
  const shown = (await textOf(top)).trim();
  const bars = await page.$$eval('[data-testid="step-bars-probs"] [data-testid="bar"]', (els) =>
    els.map((e) => ({ label: e.getAttribute('data-label'), value: Number(e.getAttribute('data-value')) })),
  );
  await panelShot(page.getByTestId('stepper'), 'stepper-99-probs');

  const probe = await cliProbe(page);
  assert.deepEqual(probe.tokens.length, 17);
  assert.equal(shown, probe.next[0].token, `page says ${shown}, CLI probe says ${probe.next[0].token}`);
  assert.equal(bars[0].label, probe.next[0].token);
  assert.ok(Math.abs(bars[0].value - probe.next[0].prob) < 2e-3, `p = ${bars[0].value} vs CLI ${probe.next[0].prob}`);
  console.log(`  # top next token: ${shown} (page ${bars[0].value.toFixed(4)}, CLI ${probe.next[0].prob.toFixed(4)}), ${total} steps`);

  // ← goes back; a click on another token follows it.
  await page.keyboard.press('ArrowLeft');
  await waitForStep(page, total - 2);
  await page.getByTestId('stepper-token').nth(8).click(); // "it"
  await page.waitForFunction(() => /“it”/.test(document.querySelector('.stepper-following')?.textContent ?? ''));
  assertClean(app, 'after stepping');
});

test('per-head steps follow the head choice; zh-CN translates the stepper', async () => {
  const { page } = app;
  await page.getByTestId('stepper-select').selectOption('6'); // step 7: softmax, layer 1
  await page.waitForFunction(() => document.querySelector('[data-testid="step-view"]')?.getAttribute('data-kind') === 'softmax');
  const before = await page.$$eval('[data-testid="step-bars-attention"] [data-testid="bar"]', (els) => els.map((e) => e.getAttribute('data-value')));
  await page.getByTestId('stepper-head').selectOption('2');
  await page.waitForFunction(
    (prev) =>
      JSON.stringify(Array.from(document.querySelectorAll('[data-testid="step-bars-attention"] [data-testid="bar"]')).map((e) => e.getAttribute('data-value'))) !==
      prev,
    JSON.stringify(before),
  );
  assert.match(await textOf(page.locator('.step-where')), /head 3/);
  await page.getByTestId('lang-switch').selectOption('zh-CN');
  await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
  assert.match(await textOf(page.getByTestId('step-title')), /Softmax/);
  assert.match(await textOf(page.locator('.stepper-panel h2')), /逐步演示/);
  assert.match(await textOf(page.locator('.output-panel h2')), /下一个词元/);
  await panelShot(page.getByTestId('stepper'), 'stepper-zh-softmax');
  await page.getByTestId('lang-switch').selectOption('en');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assertClean(app, 'after head and language');
});

test('output panel: top-k bars, live temperature / top-k / top-p, generation appends tokens', async () => {
  const { page } = app;
  const panel = page.getByTestId('output-panel');
  await panel.scrollIntoViewIfNeeded();
  const barsOf = () =>
    page.$$eval('[data-testid="output-bars"] [data-testid="bar"]', (els) =>
      els.map((e) => ({ label: e.getAttribute('data-label'), value: Number(e.getAttribute('data-value')) })),
    );
  const probe = await cliProbe(page);
  // The test before switched the language (and so the default sentence) back and forth: the bars may
  // still show the previous sentence's trace for a moment, so they are read once they have settled.
  let bars = await barsOf();
  for (let waited = 0; waited < 10_000 && bars[0]?.label !== probe.next[0].token; waited += 250) {
    await page.waitForTimeout(250);
    bars = await barsOf();
  }
  assert.equal(bars.length, 10);
  assert.ok(bars.every((b, i) => i === 0 || b.value <= bars[i - 1].value), 'bars not sorted');
  assert.equal(bars[0].label, probe.next[0].token, 'output panel top token differs from the CLI probe');
  await panelShot(panel, 'output-default');

  // Top-k 3: exactly three tokens keep probability, renormalised to add up to 1.
  await page.getByTestId('output-topk').fill('3');
  await page.waitForFunction(() => /\b3 word/.test(document.querySelector('[data-testid="output-kept"]')?.textContent ?? ''));
  const k3 = await barsOf();
  assert.equal(k3.filter((b) => b.value > 0).length, 3);
  assert.ok(Math.abs(k3.slice(0, 3).reduce((a, b) => a + b.value, 0) - 1) < 1e-5);
  // Temperature 2 flattens: the top probability drops.
  await page.getByTestId('output-temperature').fill('2');
  await page.waitForFunction(
    (p) => Number(document.querySelector('[data-testid="output-bars"] [data-testid="bar"]')?.getAttribute('data-value')) < p - 1e-6,
    k3[0].value,
  );
  await page.getByTestId('output-topk').fill('0');
  await page.getByTestId('output-topp').fill('0.5');
  await page.waitForTimeout(100);
  await panelShot(panel, 'output-adjusted');

  // Greedy generation appends the most likely token, and the sentence is traced again.
  await page.getByTestId('output-temperature').fill('0');
  await page.locator('[data-testid="output-kept"]').filter({ hasText: /Temperature 0/ }).waitFor();
  const before = await chipTokens(page);
  await page.getByTestId('output-generate-one').click();
  const after = await waitForTokensChange(page, before);
  assert.equal(after.length, before.length + 1);
  assert.equal(after.at(-1), probe.next[0].token);
  assert.equal(await page.getByTestId('sentence-input').inputValue(), `${SENTENCE} ${probe.next[0].token}`);

  // Continuous generation adds several tokens; Stop ends it.
  await page.getByTestId('output-temperature').fill('1');
  await page.getByTestId('output-generate-many').click();
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="token-chip"]').length >= n + 3, after.length, { timeout: 20_000 });
  await page.getByTestId('output-stop').click();
  await page.getByTestId('output-generate-many').waitFor();
  await page.waitForTimeout(800);
  const stopped = (await chipTokens(page)).length;
  await page.waitForTimeout(800);
  assert.equal((await chipTokens(page)).length, stopped, 'generation went on after Stop');
  await screenshot(page, 'stepper-output-page');
  await panelShot(panel, 'output-generated');
  assertClean(app, 'after generation');
  await app.close();
}, { timeout: 60_000 });

test('a short sentence: small matrices as tables of numbers, the choice of token and step kept in range', async (env) => {
  const s = await openApp(env);
  const { page } = s;
  await page.getByTestId('step-view').waitFor({ timeout: 30_000 });
  const before = await chipTokens(page);
  await page.getByTestId('sentence-input').fill('the cat was too tired . it');
  await waitForTokensChange(page, before);
  await page.getByTestId('stepper-select').selectOption('6'); // softmax, layer 1
  await page.waitForFunction(() => document.querySelector('[data-testid="step-view"]')?.getAttribute('data-kind') === 'softmax');
  // 8 tokens: the 8 × 8 weights are a table; the highlighted (last) row equals the bars.
  const table = page.getByTestId('step-matrix-weights-view');
  assert.equal(await table.evaluate((e) => e.tagName), 'TABLE');
  // textContent: a panel out of view skips rendering (content-visibility), and innerText needs it.
  const rowCells = await table.locator('tr.hl-row td').allTextContents();
  assert.equal(rowCells.length, 8);
  const bars = await page.$$eval('[data-testid="step-bars-attention"] [data-testid="bar"]', (els) => els.map((e) => Number(e.getAttribute('data-value'))));
  assert.equal(bars.length, 8);
  rowCells.forEach((cell, j) => {
    const shown = Number(cell.replace('−', '-'));
    assert.ok(Math.abs(shown - bars[j]) <= Math.max(0.0051, 0.06 * Math.abs(bars[j])), `cell ${j}: ${cell} vs ${bars[j]}`);
  });
  await panelShot(page.getByTestId('stepper'), 'stepper-short-softmax');
  // Follow the first token, then shorten the sentence: the choice falls back into range.
  await page.getByTestId('stepper-token').nth(6).click();
  await page.waitForFunction(() => /position 6/.test(document.querySelector('.stepper-following')?.textContent ?? ''));
  const mid = await chipTokens(page);
  await page.getByTestId('sentence-input').fill('the cat');
  await waitForTokensChange(page, mid);
  await page.waitForFunction(() => /position 2\)/.test(document.querySelector('.stepper-following')?.textContent ?? ''));
  assert.equal(await page.locator('[data-testid="step-matrix-weights-view"] tr').count(), 4); // header + 3 rows
  assertClean(s, 'short sentence');
  await s.close();
});
