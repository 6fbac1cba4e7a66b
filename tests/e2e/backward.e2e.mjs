// The training-step walk-through in the production build: the page's sentence as one training
// example, walked backwards with the numbers of the model's own backward pass. The arrow keys walk
// from the loss through every block (the causal mask's cells get gradient exactly 0, the ReLU's gate
// stops the gradient where its input was negative) to Adam's update, whose table reads
// after = before + step, and to the payoff: the sentence's loss after the update is below the loss
// before. The step is in the URL; the Chinese page has no English left in the walk-through; at 390 px
// nothing scrolls sideways. Screenshots at 1440 and 390 px.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import {
  assertClean,
  elementScreenshot,
  openApp,
  sidewaysOverflow,
  test,
  textOf,
  waitForBackend,
  waitForModel,
  waitForPaintedCanvas,
  waitForTrainingStep,
} from './lib.mjs';
import { loadDictionaries, matchersFor, untranslated } from './i18nScan.mjs';

const WIDE = { width: 1440, height: 1000 };
const NARROW = { width: 390, height: 844 };
const SENTENCE = "the animal didn't cross the street because it was too tired . it refers to the";

let app = null;

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's serious or critical violations inside the walk-through (as in a11y.e2e.mjs). */
async function axeProblems(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const r = await window.axe.run(document.querySelector('.step-through'), { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.slice(0, 4).join(', ')}`);
}

/** The walk-through's current step: { index, total, kind, layer }. */
async function stepState(page) {
  return page.evaluate(() => {
    const p = document.querySelector('[data-testid="train-progress"]');
    const v = document.querySelector('[data-testid="train-step-view"]');
    return {
      index: Number(p?.getAttribute('data-index')),
      total: Number(p?.getAttribute('data-total')),
      kind: v?.getAttribute('data-kind') ?? null,
      layer: Number(v?.getAttribute('data-layer')),
    };
  });
}

async function waitForStep(page, index) {
  await page.waitForFunction((i) => document.querySelector('[data-testid="train-progress"]')?.getAttribute('data-index') === String(i), index, { timeout: 10_000 });
}

/** Visible texts and the attributes people read, inside the walk-through. */
async function panelStrings(page) {
  return page.evaluate(() => {
    const out = [];
    for (const root of document.querySelectorAll('.step-through')) {
      const walker = document.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const el = n.parentElement;
        const text = (n.nodeValue ?? '').trim();
        if (!text || !el || el.closest('.katex')) continue;
        out.push({ text, where: `<${el.tagName.toLowerCase()}>` });
      }
      for (const el of [root, ...root.querySelectorAll('*')]) {
        if (el.closest('.katex')) continue;
        for (const a of ['title', 'aria-label']) {
          const v = el.getAttribute(a);
          if (v && v.trim()) out.push({ text: v.trim(), where: `${a} of <${el.tagName.toLowerCase()}>` });
        }
      }
    }
    return out;
  });
}

/** No element is wider than its box: the page never scrolls sideways. */
/** What must not reach past the right edge here. */
const STEP_VIEWS = '.step-through, .training-step, .training-step .step-view';

/** A screenshot of the walk-through, its top at the top of the window (so the sticky step bar sits in place). */
async function shot(page, name) {
  await page.getByTestId('training-step').evaluate((el) => el.scrollIntoView({ block: 'start' }));
  return elementScreenshot(page.getByTestId('training-step'), name);
}

/** Go to the first step of a kind (and layer) through the step list (each option names its step's kind and layer). */
async function goToKind(page, kind, layer = -1) {
  const options = await page.$$eval('[data-testid="train-select"] option', (els) =>
    els.map((e) => ({ value: e.value, kind: e.dataset.kind, layer: Number(e.dataset.layer) })),
  );
  const option = options.find((o) => o.kind === kind && (layer < 0 || o.layer === layer));
  if (!option) throw new Error(`no step ${kind} in layer ${layer}`);
  await page.getByTestId('train-select').selectOption(option.value);
  await waitForStep(page, Number(option.value));
  // The view shown is the one the option names.
  const s = await stepState(page);
  assert.equal(s.kind, kind, `step ${option.value}`);
  if (layer >= 0) assert.equal(s.layer, layer, `step ${option.value}`);
  return s;
}

test('the training tab shows the loss at every position, with real numbers', async (env) => {
  app = await openApp(env, { viewport: WIDE });
  const { page } = app;
  await waitForBackend(page);
  await waitForModel(page);
  assert.equal(await page.getByTestId('sentence-input').inputValue(), SENTENCE);
  await page.getByTestId('walk-training').click();
  await page.getByTestId('train-step-view').waitFor({ timeout: 60_000 });
  assert.match(await page.evaluate(() => window.location.search), /walk=training/);
  const first = await stepState(page);
  assert.equal(first.kind, 'loss');
  // Post-LN, 2 layers: loss, ∂logits, output layer, 11 steps per block, embeddings, sizes, Adam, payoff.
  assert.equal(first.total, 3 + 2 * 11 + 4);
  const rows = await page.$$eval('[data-testid="loss-row"]', (els) => els.map((e) => Number(e.getAttribute('data-loss'))));
  assert.equal(rows.length, 16, 'one loss per position 0…T−2');
  assert.ok(rows.every((v) => Number.isFinite(v) && v >= 0), `losses ${rows}`);
  const mean = Number(await page.getByTestId('loss-table').getAttribute('data-loss'));
  const avg = rows.reduce((a, b) => a + b, 0) / rows.length;
  assert.ok(Math.abs(mean - avg) < 1e-4 * Math.max(1, mean), `mean ${mean} vs average of rows ${avg}`);
  await page.locator('[data-testid="train-step-formula"] .katex').first().waitFor({ timeout: 10_000 });
  // The default row: where the model was most wrong (the last token predicts nothing in this example).
  const worst = rows.indexOf(Math.max(...rows));
  assert.match(await textOf(page.locator('.training-step .stepper-following')), new RegExp(`\\(position ${worst}\\)`));
  assert.equal(await page.locator('[data-testid="loss-row"].selected').getAttribute('data-loss'), String(rows[worst]));
  await page.getByTestId('training-step').scrollIntoViewIfNeeded();
  await waitForPaintedCanvas(page, 'step-matrix-probs-view');
  await shot(page, 'backward-01-loss-1440');
  assert.deepEqual(await axeProblems(page), [], 'axe at the loss step');
  console.log(`  # loss of the sentence: ${mean.toFixed(4)} over ${rows.length} positions`);
  assertClean(app, 'training tab');
}, { timeout: 120_000 });

test('the arrow keys walk back through every block to Adam’s update; the payoff: the loss goes down', async () => {
  const { page } = app;
  const { total } = await stepState(page);
  await page.locator('#train-step-title').click(); // the focus is on the page, not in a form field
  const shots = new Set(['dLogits', 'outputLayer', 'addNorm2', 'ffnW2', 'relu', 'attnOut', 'attnValues', 'attnSoftmax', 'attnScale', 'attnInput', 'embedding', 'norms']);
  const seen = [];
  let index = 0;
  for (;;) {
    await page.keyboard.press('ArrowRight');
    index += 1;
    await waitForStep(page, index);
    const s = await stepState(page);
    seen.push(`${s.kind}@${s.layer}`);
    if (shots.has(s.kind)) {
      shots.delete(s.kind);
      await page.getByTestId('train-step-view').waitFor();
      await shot(page, `backward-${String(index + 1).padStart(2, '0')}-${s.kind}-1440`);
    }
    if (s.kind === 'attnSoftmax' || s.kind === 'attnScale') {
      // The selected row (where the loss is largest, before the end) may not look at later tokens: masked cells.
      const masked = await page.$$eval('.training-step [data-testid^="step-row-"] .num.masked', (els) => els.map((e) => Number(e.getAttribute('data-value'))));
      assert.ok(masked.length >= 1 && masked.every((v) => v === 0), `masked cells: ${masked}`);
      assert.match(await textOf(page.getByTestId('train-step-view')), /all \d+ of them get gradient exactly 0/);
    }
    if (s.kind === 'attnSoftmax') {
      // The model map lights the box where this step happens: layer s.layer's self-attention.
      await page.waitForFunction(
        (id) => document.querySelector('[data-testid="map-box"][data-current]')?.getAttribute('data-box') === id,
        `decoder.L${s.layer}.decoder`,
        { timeout: 5_000 },
      );
    }
    if (s.kind === 'dLogits') {
      // One sign convention everywhere: the bars of the gradient take the heatmaps' colours (red +, blue −).
      const bars = await page.$$eval('[data-testid="train-bars-dLogits"] [data-testid="bar"]', (els) =>
        els.map((g) => ({ value: Number(g.getAttribute('data-value')), fill: getComputedStyle(g.querySelector('rect.bar-rect')).fill })),
      );
      assert.ok(bars.some((b) => b.value < 0) && bars.some((b) => b.value > 0), `signs: ${bars.map((b) => b.value)}`);
      for (const b of bars) {
        const [r, , bl] = b.fill.match(/\d+/g).map(Number);
        assert.ok(b.value < 0 ? bl > r : r > bl, `bar ${b.value} filled ${b.fill}`);
      }
    }
    if (s.kind === 'attnInput' && s.layer === 1) {
      // Layers are counted from 1, as everywhere on the page: the walk goes from layer 2 down to layer 1.
      assert.match(await textOf(page.getByTestId('train-step-view')), /Layer 2 of 2.*the input of layer 2: the output of layer 1/);
    }
    if (s.kind === 'relu') assert.match(await textOf(page.getByTestId('train-step-view')), /Every stopped place has gradient exactly 0/);
    if (s.kind === 'adam') break;
  }
  assert.equal(seen.at(0), 'dLogits@-1');
  assert.ok(seen.includes('attnQK@1') && seen.includes('attnQK@0'), `both blocks walked: ${seen.join(' ')}`);
  assert.ok(seen.indexOf('attnQK@1') < seen.indexOf('attnQK@0'), 'the last block comes first');
  assert.match(await page.evaluate(() => window.location.search), new RegExp(`tstep=${index}`));

  // Adam: every number from the trace; the table reads after = before + step.
  const entries = await page.$$eval('[data-testid="adam-entry"]', (els) =>
    els.map((e) => ({ before: Number(e.getAttribute('data-before')), after: Number(e.getAttribute('data-after')), delta: Number(e.getAttribute('data-delta')) })),
  );
  assert.equal(entries.length, 6);
  for (const e of entries) {
    assert.ok(e.delta !== 0, 'a chosen entry moved');
    assert.ok(Math.abs(e.before + e.delta - e.after) <= 1e-6 + 1e-6 * Math.abs(e.after), `after ${e.after} ≠ before ${e.before} + step ${e.delta}`);
  }
  await waitForPaintedCanvas(page, 'step-matrix-adamDelta-view');
  await shot(page, `backward-${String(index + 1).padStart(2, '0')}-adam-1440`);
  assert.deepEqual(await axeProblems(page), [], 'axe at the Adam step');

  // Another weight: the update follows the choice.
  await page.getByTestId('adam-weight').selectOption('layers/1/ffn/hidden/kernel');
  await page.waitForFunction(() => /tw=layers%2F1%2Fffn%2Fhidden%2Fkernel/.test(window.location.search));
  await page.waitForFunction(() => !document.querySelector('[data-testid="training-step"]')?.hasAttribute('data-busy'), null, { timeout: 30_000 });
  assert.match(await textOf(page.getByTestId('adam')), /shape 64 × 256/);

  await page.locator('#train-step-title').click();
  await page.keyboard.press('ArrowRight');
  await waitForStep(page, index + 1);
  assert.equal((await stepState(page)).kind, 'payoff');
  assert.equal(index + 2, total);
  const payoff = page.getByTestId('payoff-loss');
  const before = Number(await payoff.getAttribute('data-before'));
  const after = Number(await payoff.getAttribute('data-after'));
  assert.ok(Number.isFinite(before) && Number.isFinite(after), `loss ${before} → ${after}`);
  assert.ok(after < before, `the loss after the update (${after}) is not below the loss before (${before})`);
  const moved = await page.$$eval('[data-testid="payoff-row"]', (els) => els.filter((e) => Number(e.getAttribute('data-after')) > Number(e.getAttribute('data-before'))).length);
  console.log(`  # payoff: loss ${before.toFixed(4)} → ${after.toFixed(4)}; p(next word) up at ${moved} of 16 positions`);
  await shot(page, `backward-${total}-payoff-1440`);
  assert.deepEqual(await axeProblems(page), [], 'axe at the payoff');
  await page.keyboard.press('ArrowRight'); // past the end: stays
  await page.waitForTimeout(50);
  assert.equal((await stepState(page)).index, total - 1);
  assertClean(app, 'walking the training step');
}, { timeout: 180_000 });

test('a link opens the same step; the forward tab still walks its own steps', async (env) => {
  const { page } = app;
  const search = await page.evaluate(() => window.location.search);
  const linked = await openApp(env, { viewport: WIDE, query: search });
  await waitForModel(linked.page);
  await linked.page.getByTestId('train-step-view').waitFor({ timeout: 60_000 });
  assert.equal((await stepState(linked.page)).kind, 'payoff');
  assert.equal(await linked.page.getByTestId('adam-weight').count(), 0);
  await linked.page.getByTestId('walk-forward').click();
  // The forward walk-through traces the sentence first: ~1 s alone, over 30 s once in a full run on two loaded cores.
  await linked.page.getByTestId('step-view').waitFor({ timeout: 90_000 });
  await linked.page.locator('#stepper-title').click();
  const at = Number(await linked.page.getByTestId('stepper-progress').getAttribute('data-index'));
  await linked.page.keyboard.press('ArrowRight');
  await linked.page.waitForFunction((i) => document.querySelector('[data-testid="stepper-progress"]')?.getAttribute('data-index') === String(i + 1), at);
  assert.doesNotMatch(await linked.page.evaluate(() => window.location.search), /walk=/);
  assertClean(linked, 'linked step');
  await linked.close();
}, { timeout: 180_000 });

test('in Chinese every string of the walk-through is translated; at 390 px nothing scrolls sideways', async () => {
  const { page } = app;
  const { en, zhCN } = await loadDictionaries();
  const m = matchersFor(en, zhCN);
  const english = untranslated(await panelStrings(page), m);
  assert.ok(english.length >= 5, `the scan found only ${english.length} English strings in the walk-through`);
  await page.getByTestId('lang-switch').selectOption('zh-CN');
  await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
  const left = [];
  for (const [kind, layer] of [['loss', -1], ['dLogits', -1], ['relu', 0], ['attnSoftmax', 1], ['attnInput', 0], ['embedding', -1], ['norms', -1], ['adam', -1], ['payoff', -1]]) {
    await goToKind(page, kind, layer);
    await page.waitForFunction(() => /[\u4e00-\u9fff]/.test(document.querySelector('[data-testid="train-step-title"]')?.textContent ?? ''));
    left.push(...untranslated(await panelStrings(page), m).map((s) => `${kind}: ${s}`));
  }
  assert.deepEqual([...new Set(left)], [], `English left in the walk-through:\n${left.join('\n')}`);
  await goToKind(page, 'payoff');
  await shot(page, 'backward-zh-payoff-1440');

  await page.setViewportSize(NARROW);
  await page.waitForTimeout(500);
  for (const kind of ['loss', 'attnSoftmax', 'norms', 'adam', 'payoff']) {
    await goToKind(page, kind);
    await page.getByTestId('train-step-view').scrollIntoViewIfNeeded();
    await page.waitForTimeout(200);
    assert.deepEqual(await sidewaysOverflow(page, { selector: STEP_VIEWS }), [], `${kind} at 390 px`);
    await shot(page, `backward-zh-${kind}-390`);
  }
  await page.getByTestId('lang-switch').selectOption('en');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  await goToKind(page, 'adam');
  assert.deepEqual(await sidewaysOverflow(page, { selector: STEP_VIEWS }), [], 'adam at 390 px in English');
  await shot(page, 'backward-en-adam-390');
  assertClean(app, 'Chinese and narrow');
  await app.close();
  app = null;
}, { timeout: 240_000 });

test('while the model trains the numbers hold still until asked; then Adam’s moments come from the run', async (env) => {
  const session = await openApp(env, { viewport: WIDE, query: '?backend=wasm&walk=training&tstep=27' });
  const { page } = session;
  await waitForModel(page);
  await page.getByTestId('train-step-view').waitFor({ timeout: 60_000 });
  assert.equal((await stepState(page)).kind, 'adam');
  assert.match(await textOf(page.getByTestId('train-step-view')), /A fresh optimizer/);
  await page.getByTestId('train-start').click();
  await waitForTrainingStep(page, 3, 60_000);
  // A new revision of the weights arrives every ~2 s: the walk-through says its numbers are older.
  await page.getByTestId('training-step-stale').waitFor({ timeout: 60_000 });
  await page.getByTestId('training-step-refresh').click();
  await page.waitForFunction(() => /from the training run in progress/.test(document.querySelector('[data-testid="train-step-view"]')?.textContent ?? ''), null, { timeout: 60_000 });
  await shot(page, 'backward-training-run-adam-1440');
  await page.getByTestId('train-pause').click();
  assertClean(session, 'during training');
  await session.close();
}, { timeout: 180_000 });

test('a translation model: a short note says the walk-through covers the decoder-only models', async (env) => {
  const session = await openApp(env, { viewport: NARROW, query: '?model=translate&walk=training&lang=zh-CN', locale: 'zh-CN' });
  const { page } = session;
  await page.waitForFunction(() => document.querySelector('.app')?.getAttribute('data-architecture') === 'encoder-decoder', null, { timeout: 60_000 });
  const note = page.getByTestId('training-step-seq2seq');
  await note.waitFor({ timeout: 30_000 });
  assert.match(await textOf(note), /只有解码器的模型/);
  assert.equal(await page.getByTestId('train-step-view').count(), 0);
  assert.deepEqual(await sidewaysOverflow(page, { selector: STEP_VIEWS }), []);
  await shot(page, 'backward-zh-translate-390');
  assertClean(session, 'translation model');
  await session.close();
}, { timeout: 120_000 });
