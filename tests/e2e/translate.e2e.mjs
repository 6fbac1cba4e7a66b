// The translation model (encoder–decoder) in the production build: the picker loads it (and only its
// checkpoint), every panel renders with real numbers, the attention panel's three sites have the
// right shapes and masks (cross-attention: target rows × source columns, rows summing to 1, equal to
// the softmax of the scaled scores), the step-through reaches cross-attention for a target token and
// walks a source token through the encoder, the output panel translates step by step (greedy: each
// token the most likely one, with the probability the panels show), the choice survives a reload,
// and the Chinese page has no English left. Screenshots at 1440 and 390 px wide.

import assert from 'node:assert/strict';
import {
  assertClean,
  canvasSummary,
  elementScreenshot,
  openApp,
  screenshot,
  shipsCheckpoint,
  sidewaysOverflow,
  test,
  textOf,
  waitForBackend,
  waitForModel,
  waitForPaintedCanvas,
} from './lib.mjs';
import { loadDictionaries, matchersFor, pageStrings, untranslated } from './i18nScan.mjs';

const SOURCE = "the animal didn't cross the street because it was too tired .";
const SOURCE_TOKENS = ['the', 'animal', "didn't", 'cross', 'the', 'street', 'because', 'it', 'was', 'too', 'tired', '.'];
const WIDE = { width: 1440, height: 1000 };
const NARROW = { width: 390, height: 844 };

let app = null;

/** Waits until the page shows a translation model with its tokens. */
async function waitForTranslation(page, timeout = 40_000) {
  await page.waitForFunction(() => document.querySelector('.app')?.getAttribute('data-architecture') === 'encoder-decoder', null, { timeout });
  await page.getByTestId('target-chip').first().waitFor({ timeout });
}

async function chips(page, id) {
  return page.$$eval(`[data-testid="${id}"] .token-text`, (els) => els.map((e) => e.textContent ?? ''));
}

/** The attention table's numbers: header labels, row labels and values (exact floats from data-value). */
async function readTable(page) {
  const details = page.getByTestId('attention-table');
  if (!(await details.evaluate((d) => d.open))) await details.locator('summary').click();
  await details.locator('table').waitFor();
  return details.evaluate((d) => {
    const head = Array.from(d.querySelectorAll('thead th')).map((th) => th.textContent ?? '');
    const rows = Array.from(d.querySelectorAll('tbody tr')).map((tr) => ({
      label: tr.querySelector('th')?.textContent ?? '',
      values: Array.from(tr.querySelectorAll('td[data-value]')).map((td) => Number(td.getAttribute('data-value'))),
    }));
    return { head, rows };
  });
}

async function closeTable(page) {
  const details = page.getByTestId('attention-table');
  if (await details.evaluate((d) => d.open)) await details.locator('summary').click();
}

async function stepState(page) {
  return page.evaluate(() => {
    const p = document.querySelector('[data-testid="stepper-progress"]');
    const v = document.querySelector('[data-testid="step-view"]');
    return {
      index: Number(p?.getAttribute('data-index')),
      total: Number(p?.getAttribute('data-total')),
      kind: v?.getAttribute('data-kind') ?? null,
      site: v?.getAttribute('data-site') ?? null,
      stack: v?.getAttribute('data-stack') ?? null,
      layer: Number(v?.getAttribute('data-layer')),
    };
  });
}

/** Presses → until the step-through shows `kind` (at `site`, if given); returns its state. */
async function stepTo(page, kind, site = null) {
  for (let i = 0; i < 200; i++) {
    const s = await stepState(page);
    if (s.kind === kind && (site === null || s.site === site)) return s;
    if (s.index >= s.total - 1) break;
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction((n) => document.querySelector('[data-testid="stepper-progress"]')?.getAttribute('data-index') === String(n), s.index + 1, { timeout: 5_000 });
  }
  throw new Error(`the step-through has no step ${kind}${site ? ` at ${site}` : ''}`);
}

/** The translation steps the output panel lists. */
async function translationSteps(page) {
  return page.$$eval('[data-testid="translation-step"]', (els) => els.map((e) => ({ token: e.getAttribute('data-token'), prob: Number(e.getAttribute('data-prob')) })));
}

/** No element is wider than its box: the page never scrolls sideways. */
test('the picker loads the translation model (only its checkpoint) and every panel renders', async (env) => {
  // Requests of earlier tests in this run (the server is shared) do not count.
  const start = env.server.requests.length;
  app = await openApp(env, { viewport: WIDE });
  const { page } = app;
  await waitForBackend(page);
  await waitForModel(page);
  await page.getByTestId('token-chip').first().waitFor({ timeout: 30_000 });
  // The first screen is the coreference model; the translation checkpoint is not downloaded.
  assert.equal(await page.getByTestId('model-picker').inputValue(), 'coref');
  const early = env.server.requests.slice(start).map((r) => r.path);
  assert.ok(early.includes('/models/coref/model.json'), 'the coreference checkpoint was not fetched');
  assert.ok(!early.some((p) => p.startsWith('/models/translate/')), `the translation checkpoint was fetched on the first screen: ${early.filter((p) => p.includes('translate'))}`);
  const before = env.server.requests.length;

  await page.getByTestId('model-picker').selectOption('translate');
  await waitForTranslation(page);
  assert.match(page.url(), /[?&]model=translate\b/);
  const after = env.server.requests.slice(before).map((r) => r.path);
  assert.ok(after.includes('/models/translate/model.json'), `picking did not fetch the translation checkpoint: ${after}`);
  assert.ok(!after.some((p) => p.startsWith('/models/coref/')), 'picking fetched the coreference checkpoint again');

  // The sentence box holds the English source; the tokens panel shows source and target rows.
  assert.equal(await page.getByTestId('sentence-input').inputValue(), SOURCE);
  assert.deepEqual(await chips(page, 'source-chip'), SOURCE_TOKENS);
  const target = await chips(page, 'target-chip');
  assert.equal(target[0], '<bos>');
  assert.ok(target.length >= 2, `the translation is empty: ${target}`);
  if (shipsCheckpoint('translate')) {
    // The shipped model translates the showcase sentence as CONTRACT §6 writes it.
    assert.equal(target.slice(1).join(''), '动物没有过马路，因为动物太累了。');
  } else {
    assert.match(await textOf(page.locator('.model-note')), /random|随机/);
  }
  const status = await page.getByTestId('model-status').getAttribute('data-source');
  assert.ok(status === 'shipped' || status === 'random', status);
  assert.match(await textOf(page.getByTestId('model-status')), /encoder \d+ layers \+ decoder \d+ layers/);

  // Every panel draws real pixels.
  for (const id of ['attention-heatmap', 'head-thumb', 'positional-table', 'positional-similarity', 'step-matrix-embedding-view', 'attention-q', 'attention-k']) {
    // A panel far below skips layout until the reader comes near (content-visibility): go there first.
    await page.getByTestId(id).first().scrollIntoViewIfNeeded();
    const c = await waitForPaintedCanvas(page, id, 20_000).catch((e) => {
      throw new Error(`${id} is not painted: ${e.message}`);
    });
    assert.ok(c.colours > 3, `${id}: ${c.colours} colours`);
  }
  await page.getByTestId('embeddings-scatter').waitFor();
  assert.ok((await page.locator('[data-testid="embeddings-scatter"] circle').count()) > 50, 'the scatter has no points');
  assert.ok((await page.locator('[data-testid="output-bars"] [data-testid="bar"]').count()) >= 5, 'no output bars');
  assert.ok((await page.locator('[data-testid="step-formula"] .katex').count()) > 0, 'formula not typeset');
  // The sites: three, named.
  for (const site of ['encoder', 'decoder-self', 'cross']) await page.getByTestId(`site-${site}`).waitFor();
  // The Compare view serves the translation model too (tests/e2e/translate-compare.e2e.mjs).
  assert.equal(await page.getByTestId('compare-panel').getAttribute('data-architecture'), 'encoder-decoder');
  // Training works for it: the controls are there and have chosen the corpus it learns from.
  assert.equal(await page.getByTestId('train-step-count').count(), 1, 'the training view for the translation model');
  assert.ok(await page.getByTestId('corpus-translate').isChecked(), 'the translation corpus is chosen for the translation model');
  assert.equal(await page.getByTestId('train-preset').inputValue(), 'translate');
  await screenshot(page, 'translate-1440');
  assertClean(app, 'translate picked');
}, { timeout: 90_000 });

test('cross-attention is target rows × source columns; each row is the softmax of its scaled scores and sums to 1', async () => {
  const { page } = app;
  const target = await chips(page, 'target-chip');
  const T = target.length;
  const S = SOURCE_TOKENS.length;
  await page.getByTestId('site-cross').click();
  await page.getByTestId('attention-no-mask').waitFor();
  assert.match(await textOf(page.getByTestId('attention-no-mask')), /whole English sentence/);
  await page.getByTestId('stage-select').selectOption('weights');
  const heat = await waitForPaintedCanvas(page, 'attention-heatmap');
  // Rectangular: the canvas is S cells wide and T cells high (square cells).
  const cell = heat.cssWidth / S;
  assert.ok(Number.isInteger(cell) && cell > 0, `cell ${cell}`);
  assert.equal(heat.cssHeight, T * cell, `canvas ${heat.cssWidth}×${heat.cssHeight} for ${T} rows × ${S} columns`);

  for (const layer of ['0', '1']) {
    for (const head of ['0', '3']) {
      await page.getByTestId('layer-select').selectOption(layer);
      await page.getByTestId('head-select').selectOption(head);
      await page.getByTestId('stage-select').selectOption('weights');
      const w = await readTable(page);
      // Columns: the source tokens (then the row sum); rows: <bos> + the translation.
      assert.deepEqual(w.head.slice(1, -1), SOURCE_TOKENS);
      assert.deepEqual(
        w.rows.map((r) => r.label),
        target,
      );
      for (const r of w.rows) {
        assert.equal(r.values.length, S);
        const sum = r.values.reduce((a, b) => a + b, 0);
        assert.ok(Math.abs(sum - 1) < 1e-4, `layer ${layer} head ${head} row ${r.label}: sum ${sum}`);
        assert.ok(r.values.every((v) => v >= 0 && v <= 1));
      }
      await closeTable(page);
      // No mask: the weights are softmax(scaled scores) over every source token.
      await page.getByTestId('stage-select').selectOption('scaled');
      const z = await readTable(page);
      await closeTable(page);
      z.rows.forEach((r, i) => {
        assert.ok(r.values.every(Number.isFinite), 'a scaled score of cross-attention is masked');
        const m = Math.max(...r.values);
        const e = r.values.map((v) => Math.exp(v - m));
        const total = e.reduce((a, b) => a + b, 0);
        e.forEach((x, j) => assert.ok(Math.abs(x / total - w.rows[i].values[j]) < 1e-4, `softmax mismatch at ${i},${j}`));
      });
    }
  }
  await page.getByTestId('stage-select').selectOption('weights');
  await page.getByTestId('layer-select').selectOption('1');
  await page.getByTestId('head-select').selectOption('0');
  await elementScreenshot(page.getByTestId('attention-panel'), 'translate-attention-cross');

  // The encoder looks both ways (S × S, weight after the diagonal); the decoder's self-attention is causal (T × T).
  await page.getByTestId('site-encoder').click();
  await page.getByTestId('attention-no-mask').waitFor();
  const enc = await readTable(page);
  await closeTable(page);
  assert.deepEqual(enc.head.slice(1, -1), SOURCE_TOKENS);
  assert.equal(enc.rows.length, S);
  assert.ok(enc.rows.some((r, i) => r.values.slice(i + 1).some((v) => v > 1e-3)), 'the encoder never looks at a later word');
  for (const r of enc.rows) assert.ok(Math.abs(r.values.reduce((a, b) => a + b, 0) - 1) < 1e-4);
  await page.getByTestId('site-decoder-self').click();
  await page.waitForFunction(() => !document.querySelector('[data-testid="attention-no-mask"]'));
  const dec = await readTable(page);
  await closeTable(page);
  assert.deepEqual(dec.head.slice(1, -1), target);
  dec.rows.forEach((r, i) => {
    assert.ok(r.values.slice(i + 1).every((v) => v === 0), `decoder row ${i} looks ahead`);
    assert.ok(Math.abs(r.values.reduce((a, b) => a + b, 0) - 1) < 1e-4);
  });
  await elementScreenshot(page.getByTestId('attention-panel'), 'translate-attention-decoder-self');
  assertClean(app, 'attention sites');
}, { timeout: 90_000 });

test('the step-through walks a target token through cross-attention and a source token through the encoder', async () => {
  const { page } = app;
  const stepper = page.getByTestId('stepper');
  await stepper.scrollIntoViewIfNeeded();
  // A target token: the decoder row after <bos>.
  await page.locator('[data-testid="stepper-token"]').nth(1).click();
  await page.getByTestId('stepper-select').selectOption('0');
  const q = await stepTo(page, 'crossQkv');
  assert.equal(q.site, 'cross');
  assert.equal(q.stack, 'decoder');
  assert.equal(q.layer, 0);
  assert.match(await textOf(page.getByTestId('step-title')), /Q from the decoder, K and V from the encoder/);
  const memory = await waitForPaintedCanvas(page, 'step-matrix-memory-view');
  assert.ok(memory.colours > 3);
  await page.locator('[data-testid="step-formula"] .katex').first().waitFor();
  assert.match(await textOf(page.getByTestId('step-formula')), /M/);
  await elementScreenshot(stepper, 'translate-stepper-cross-qkv');
  // Scores → ÷√dk → softmax (no mask step in cross-attention): the row has one weight per source token.
  const scores = await stepTo(page, 'scores', 'cross');
  const sm = await stepTo(page, 'softmax', 'cross');
  assert.equal(sm.index, scores.index + 2, 'cross-attention has a mask step');
  const row = await page.$$eval('[data-testid="step-row-weights"] .num', (els) => els.map((e) => Number(e.getAttribute('data-value'))));
  assert.equal(row.length, SOURCE_TOKENS.length);
  assert.ok(Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 1e-4, `weights sum ${row.reduce((a, b) => a + b, 0)}`);
  const labels = await page.$$eval('[data-testid="step-row-weights"] .num small', (els) => els.map((e) => e.textContent));
  assert.deepEqual(labels, SOURCE_TOKENS);
  await elementScreenshot(stepper, 'translate-stepper-cross-softmax');
  await stepTo(page, 'weightedSum', 'cross');
  // V of cross-attention: one row per source token (a small matrix is a table of numbers).
  assert.equal(await page.getByTestId('step-matrix-v-view').getAttribute('data-rows'), String(SOURCE_TOKENS.length));
  const last = await stepTo(page, 'probs');
  assert.equal(last.index, last.total - 1);

  // A source token ("it") goes through the encoder: no mask step, ending with the encoder's output M.
  await page.locator('[data-testid="stepper-source-token"]').nth(SOURCE_TOKENS.indexOf('it')).click();
  const options = await page.$$eval('[data-testid="stepper-select"] option', (els) => els.map((e) => e.textContent ?? ''));
  assert.ok(options.length > 20);
  assert.ok(!options.some((o) => /Hide the future/.test(o)), 'the encoder walk has a causal mask step');
  assert.match(options.at(-1), /encoder’s output M/);
  await page.getByTestId('stepper-select').selectOption('0');
  const enc = await stepTo(page, 'softmax', 'encoder');
  assert.equal(enc.stack, 'encoder');
  const encRow = await page.$$eval('[data-testid="step-row-weights"] .num', (els) => els.map((e) => Number(e.getAttribute('data-value'))));
  assert.equal(encRow.length, SOURCE_TOKENS.length);
  // No mask: none of the weights after "it" is drawn as masked, and the softmax reads finite scaled scores.
  assert.equal(await page.locator('[data-testid="step-row-weights"] .num.masked').count(), 0, 'the encoder row is masked');
  assert.equal(await page.getByTestId('step-matrix-masked').count(), 0, 'the encoder softmax reads masked scores');
  await page.getByTestId('step-matrix-scaled').waitFor();
  assert.ok(Math.abs(encRow.reduce((a, b) => a + b, 0) - 1) < 1e-4);
  const end = await stepTo(page, 'memory');
  assert.equal(end.index, end.total - 1);
  await waitForPaintedCanvas(page, 'step-matrix-memory-view');
  await elementScreenshot(stepper, 'translate-stepper-encoder-memory');
  assertClean(app, 'stepper');
}, { timeout: 90_000 });

test('the output panel translates step by step (greedy: the most likely token each time), then sampled from a seed', async () => {
  const { page } = app;
  const full = (await chips(page, 'target-chip')).slice(1);
  const output = page.getByTestId('output-panel');
  await output.scrollIntoViewIfNeeded();
  await page.getByTestId('translate-restart').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="target-chip"]').length === 1);
  assert.equal((await translationSteps(page)).length, 0);
  const taken = [];
  for (let k = 1; k <= 40; k++) {
    await page.getByTestId('translate-step').click();
    // The next step arrives, or the context is full (the model never wrote <eos>: "Next token" is off).
    await page.waitForFunction(
      (n) => document.querySelectorAll('[data-testid="translation-step"]').length >= n || /context is full/.test(document.querySelector('[data-testid="translation-status"]')?.textContent ?? ''),
      k,
      // One step re-decodes and re-traces every panel: under a second alone, over 15 s once in a full run on two loaded cores.
      { timeout: 40_000 },
    );
    const steps = await translationSteps(page);
    if (steps.length < k) {
      assert.ok(!shipsCheckpoint('translate'), 'the shipped model did not finish its translation');
      assert.ok(await page.getByTestId('translate-step').isDisabled(), '"Next token" stays on with a full context');
      break;
    }
    assert.equal(steps.length, k);
    const s = steps[k - 1];
    assert.ok(s.prob > 0 && s.prob <= 1, `step ${k}: p = ${s.prob}`);
    // The last decoder row's bars: the token just written is the most likely one (greedy) with the same probability.
    const chipsNow = await chips(page, 'target-chip');
    if (s.token !== '<eos>') {
      assert.equal(chipsNow.length, k + 1);
      await page.locator('[data-testid="target-chip"] button').nth(k - 1).click();
      const top = await page.$$eval('[data-testid="output-bars"] [data-testid="bar"]', (els) =>
        els.map((e) => ({ label: e.getAttribute('data-label'), value: Number(e.getAttribute('data-value')) })).filter((b) => b.label !== '<pad>' && b.label !== '<bos>'),
      );
      assert.equal(top[0].label, s.token, `step ${k} wrote ${s.token}, the most likely was ${top[0].label}`);
      assert.equal(top[0].value, s.prob);
    }
    taken.push(s.token);
    if (s.token === '<eos>' || (await page.getByTestId('translate-step').isDisabled())) break;
  }
  if (taken.at(-1) === '<eos>') taken.pop();
  assert.deepEqual(taken, full.slice(0, taken.length));
  if (shipsCheckpoint('translate')) assert.deepEqual(taken, full, 'step by step did not reach the whole translation');
  await elementScreenshot(output, 'translate-output-steps');

  // Sampled: a seed gives one translation, the same seed the same translation again.
  await page.getByTestId('translate-all').click();
  await page.getByTestId('translate-temperature').fill('1.5');
  await page.getByTestId('translate-seed').fill('3');
  await page.waitForFunction(() => /1\.50/.test(document.querySelector('[data-testid="translate-mode"]')?.textContent ?? ''));
  await page.waitForTimeout(500);
  await page.waitForFunction(() => !document.querySelector('.translation-output .busy'));
  const sampled = await chips(page, 'target-chip');
  await page.getByTestId('translate-seed').fill('4');
  await page.waitForTimeout(500);
  await page.getByTestId('translate-seed').fill('3');
  await page.waitForFunction((want) => JSON.stringify(Array.from(document.querySelectorAll('[data-testid="target-chip"] .token-text')).map((e) => e.textContent)) === want, JSON.stringify(sampled), { timeout: 40_000 });
  await page.getByTestId('translate-temperature').fill('0');
  await page.waitForFunction((want) => JSON.stringify(Array.from(document.querySelectorAll('[data-testid="target-chip"] .token-text')).map((e) => e.textContent).slice(1)) === want, JSON.stringify(full), { timeout: 15_000 });
  assertClean(app, 'output');
}, { timeout: 240_000 });

test('a reload keeps the translation model and fetches only its checkpoint', async (env) => {
  const { page } = app;
  // From the top of the page: Compare (further down) loads the decoder-only model beside this one
  // when it comes near the viewport, and a reload would otherwise restore the scroll position there.
  await page.evaluate(() => {
    window.history.scrollRestoration = 'manual';
    window.scrollTo(0, 0);
  });
  const before = env.server.requests.length;
  await page.reload();
  await waitForTranslation(page);
  assert.equal(await page.getByTestId('model-picker').inputValue(), 'translate');
  const paths = env.server.requests.slice(before).map((r) => r.path);
  assert.ok(paths.includes('/models/translate/model.json'));
  assert.ok(!paths.some((p) => p.startsWith('/models/coref/')), 'the reload fetched the coreference checkpoint');
  // Back to the coreference model: the first screen as it was.
  await page.getByTestId('model-picker').selectOption('coref');
  await page.waitForFunction(() => document.querySelector('.app')?.getAttribute('data-architecture') === 'decoder', null, { timeout: 30_000 });
  await page.getByTestId('token-chip').first().waitFor();
  assert.ok(!/model=/.test(new URL(page.url()).search), page.url());
  assert.match(await page.getByTestId('sentence-input').inputValue(), /it refers to the$/);
  await page.getByTestId('compare-panel').waitFor();
  assertClean(app, 'reload');
  await app.close();
}, { timeout: 60_000 });

test('the Chinese page of the translation model has no English left, and 390 px wide nothing scrolls sideways', async (env) => {
  const { en, zhCN } = await loadDictionaries();
  const m = matchersFor(en, zhCN);
  const s = await openApp(env, { query: '?model=translate&lang=zh-CN', locale: 'zh-CN', viewport: WIDE });
  const { page } = s;
  await waitForTranslation(page);
  await waitForPaintedCanvas(page, 'attention-heatmap');
  await page.getByTestId('site-cross').click();
  await waitForPaintedCanvas(page, 'step-matrix-embedding-view');
  await page.locator('[data-testid="stepper-token"]').nth(1).click();
  await stepTo(page, 'crossQkv');
  await page.waitForTimeout(300);
  const problems = untranslated(await pageStrings(page), m);
  assert.deepEqual(problems, [], `untranslated on the Chinese page:\n${problems.join('\n')}`);
  assert.match(await textOf(page.getByTestId('attention-no-mask')), /整句英文/);
  await screenshot(page, 'translate-zh-1440');
  await elementScreenshot(page.getByTestId('stepper'), 'translate-zh-stepper');
  assertClean(s, 'zh');
  await s.close();

  for (const lang of ['en', 'zh-CN']) {
    const n = await openApp(env, { query: `?model=translate&lang=${lang}`, viewport: NARROW });
    await waitForTranslation(n.page);
    await waitForPaintedCanvas(n.page, 'attention-heatmap');
    await n.page.getByTestId('site-cross').click();
    await waitForPaintedCanvas(n.page, 'step-matrix-embedding-view');
    await n.page.waitForTimeout(300);
    const over = await n.page.evaluate(() => {
      for (const p of document.querySelectorAll('.panel')) p.style.contentVisibility = 'visible';
      return null;
    });
    assert.equal(over, null);
    // Panels that were skipped (content-visibility: auto) learn their width from a ResizeObserver once
    // laid out: let it report and the figures re-render at that width before measuring.
    await n.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 200)))));
    const wide = await sidewaysOverflow(n.page);
    assert.deepEqual(wide, [], `${lang} at 390 px: ${wide.join('; ')}`);
    await screenshot(n.page, `translate-390-${lang}`);
    assertClean(n, `390 ${lang}`);
    await n.close();
  }
}, { timeout: 120_000 });

test('canvas summaries of the translation model stay non-blank after switching sites (no stale blank map)', async (env) => {
  const s = await openApp(env, { query: '?model=translate', viewport: WIDE });
  const { page } = s;
  await waitForTranslation(page);
  for (const site of ['encoder', 'decoder-self', 'cross']) {
    await page.getByTestId(`site-${site}`).click();
    const c = await waitForPaintedCanvas(page, 'attention-heatmap');
    assert.ok(c.colours > 3, `${site}: ${c.colours} colours`);
    const summary = await canvasSummary(page, 'head-thumb');
    assert.ok(summary && summary.colours > 2, `${site} head thumbnails blank`);
  }
  assertClean(s, 'sites');
  await s.close();
});
