// The famous figure in the production build: with the English → French model chosen, the translation
// Compare draws the encoder head's row for "it" as lines from "it" to every English word for A and B
// (the default tired / narrow pair), each line's weight is the attention weight the attention panel's
// table shows for that head (an independent trace of the same sentence by the worker), the head is the
// one whose row moves most weight onto the noun "it" means (else the first of the view's encoder
// ranking), the other cards speak of French, and the two French translations differ in il / elle; both UI
// languages (no English left on the Chinese page); at 390 px nothing scrolls sideways. Screenshots at
// 1440 and 390 px wide.

import assert from 'node:assert/strict';
import { assertClean, elementScreenshot, openApp, screenshot, shipsCheckpoint, sidewaysOverflow, test, textOf, waitForTrainingStep } from './lib.mjs';
import { loadDictionaries, matchersFor, pageStrings, untranslated } from './i18nScan.mjs';

const WIDE = { width: 1440, height: 1000 };
const NARROW = { width: 390, height: 844 };
const TIRED = "the animal didn't cross the street because it was too tired";
const NARROW_SENTENCE = "the animal didn't cross the street because it was too narrow";
const SOURCE = ['the', 'animal', "didn't", 'cross', 'the', 'street', 'because', 'it', 'was', 'too'];

/** Waits for the famous figure with both sides drawn. */
async function waitForFigure(page, timeout = 90_000) {
  await page.waitForFunction(
    () => document.querySelectorAll('[data-testid="famous-a-svg"] [data-testid="famous-line"]').length > 0 && document.querySelectorAll('[data-testid="famous-b-svg"] [data-testid="famous-line"]').length > 0,
    null,
    { timeout },
  );
}

async function lines(page, side) {
  return page.$$eval(`[data-testid="famous-${side}-svg"] [data-testid="famous-line"]`, (els) =>
    els.map((e) => ({ to: Number(e.dataset.to), word: e.dataset.word, weight: Number(e.dataset.weight), width: Number(e.getAttribute('stroke-width')), opacity: Number(e.getAttribute('stroke-opacity')) })),
  );
}

async function french(page, side) {
  const el = page.getByTestId(`famous-${side}-french`);
  return { text: await el.getAttribute('data-translation'), pronoun: await el.getAttribute('data-pronoun'), gender: await el.getAttribute('data-gender'), adjective: await el.getAttribute('data-adjective') };
}

/** The attention panel's table for the encoder head: the row of "it" (exact values from data-value). */
async function attentionRowOfIt(page, layer, head) {
  await page.getByTestId('site-encoder').click();
  await page.getByTestId('layer-select').selectOption(String(layer));
  await page.getByTestId('head-select').selectOption(String(head));
  await page.getByTestId('stage-select').selectOption('weights');
  const details = page.getByTestId('attention-table');
  if (!(await details.evaluate((d) => d.open))) await details.locator('summary').click();
  await details.locator('table').waitFor();
  const table = await details.evaluate((d) => ({
    head: Array.from(d.querySelectorAll('thead th')).map((th) => th.textContent ?? ''),
    rows: Array.from(d.querySelectorAll('tbody tr')).map((tr) => ({
      label: tr.querySelector('th')?.textContent ?? '',
      values: Array.from(tr.querySelectorAll('td[data-value]')).map((td) => Number(td.getAttribute('data-value'))),
    })),
  }));
  const itRows = table.rows.filter((r) => r.label === 'it');
  assert.equal(itRows.length, 1, `one row for "it": ${table.rows.map((r) => r.label).join(' ')}`);
  return { columns: table.head.slice(1, -1), values: itRows[0].values };
}

test('the picker offers the French model; its checkpoint is fetched only when it is chosen', async (env) => {
  const start = env.server.requests.length;
  const app = await openApp(env, { viewport: WIDE });
  const { page } = app;
  await page.getByTestId('token-chip').first().waitFor({ timeout: 60_000 });
  const options = await page.$$eval('[data-testid="model-picker"] option', (os) => os.map((o) => [o.value, o.textContent]));
  assert.ok(options.some(([v, label]) => v === 'translate-fr' && /Français/.test(label)), JSON.stringify(options));
  const early = env.server.requests.slice(start).map((r) => r.path);
  assert.ok(!early.some((p) => p.startsWith('/models/translate-fr/')), `fetched on the first screen: ${early.filter((p) => p.includes('translate-fr'))}`);
  const before = env.server.requests.length;
  await page.getByTestId('model-picker').selectOption('translate-fr');
  await page.waitForFunction(() => document.querySelector('.app')?.getAttribute('data-architecture') === 'encoder-decoder', null, { timeout: 60_000 });
  const after = env.server.requests.slice(before).map((r) => r.path);
  if (shipsCheckpoint('translate-fr')) assert.ok(after.includes('/models/translate-fr/model.json'), `picking did not fetch the French checkpoint: ${after}`);
  assertClean(app, 'picker');
  await app.close();
}, { timeout: 120_000 });

test('famous figure: the lines from "it" are the encoder head\'s weights; the head moves most weight onto the meant noun; il / elle differ', async (env) => {
  const trained = shipsCheckpoint('translate-fr');
  const app = await openApp(env, { query: '?model=translate-fr&view=compare', viewport: WIDE });
  const { page } = app;
  await page.waitForFunction(() => document.querySelector('.app')?.getAttribute('data-model') === 'translate-fr', null, { timeout: 30_000 });
  await waitForFigure(page);
  assert.equal(await page.getByTestId('compare-sentence-a').inputValue(), TIRED);
  assert.equal(await page.getByTestId('compare-sentence-b').inputValue(), NARROW_SENTENCE);
  const fig = page.getByTestId('famous-figure');
  const layer = Number(await fig.getAttribute('data-layer'));
  const head = Number(await fig.getAttribute('data-head'));
  // The head is the one whose "it" row moves most weight onto the noun "it" means (A: animal, B: street),
  // computed here from the "it" card's list of every encoder head; else the first of that ranking.
  const rank = await page.$$eval('[data-testid="tcompare-it-rank-row"]', (els) =>
    els.map((e) => ({ layer: Number(e.dataset.layer), head: Number(e.dataset.head), l1: Number(e.dataset.l1), a: e.dataset.nounsA.split(',').map(Number), b: e.dataset.nounsB.split(',').map(Number) })),
  );
  assert.equal(rank.length, 4, '4 encoder layers × 1 head (the translate-fr preset)');
  const flips = rank.map((r) => (r.a[0] - r.b[0] + (r.b[1] - r.a[1])) / 2);
  const best = flips.indexOf(Math.max(...flips));
  const how = flips[best] > 0 ? 'flip' : 'ranking';
  const drawnAt = how === 'flip' ? best : 0;
  assert.equal(await fig.getAttribute('data-how'), how);
  assert.deepEqual({ layer: rank[drawnAt].layer, head: rank[drawnAt].head }, { layer, head });
  assert.equal(Number(await fig.getAttribute('data-l1')), rank[drawnAt].l1);
  if (how === 'flip') assert.ok(Math.abs(Number(await fig.getAttribute('data-flip')) - flips[best]) < 1e-6);
  console.log(`  # drawn by default: ${how}, pair flip ${flips[drawnAt].toFixed(3)} (ranking's first: L${rank[0].layer + 1} H${rank[0].head + 1}, flip ${flips[0].toFixed(3)})`);
  assert.match(await textOf(page.getByTestId('famous-which')), new RegExp(`encoder layer ${layer + 1}, head ${head + 1}`));

  // One line per source word, from "it"; width and opacity grow with the weight; the row sums to 1.
  const a = await lines(page, 'a');
  const b = await lines(page, 'b');
  for (const [side, ls, adjective] of [['A', a, 'tired'], ['B', b, 'narrow']]) {
    assert.deepEqual(ls.map((l) => l.word), [...SOURCE, adjective, '.'], side);
    const sum = ls.reduce((s, l) => s + l.weight, 0);
    assert.ok(Math.abs(sum - 1) < 1e-4, `${side}: weights sum to ${sum}`);
    const sorted = ls.slice().sort((x, y) => x.weight - y.weight);
    for (let i = 1; i < sorted.length; i++) {
      assert.ok(sorted[i].width >= sorted[i - 1].width && sorted[i].opacity >= sorted[i - 1].opacity, `${side}: line width/opacity follow the weight`);
    }
    // The written weights are the lines' (two decimals).
    const written = await page.$$eval(`[data-testid="famous-${side.toLowerCase()}-svg"] .famous-weight`, (els) => els.map((e) => e.textContent));
    assert.deepEqual(written, ls.map((l) => l.weight.toFixed(2)));
  }
  console.log(`  # head: encoder L${layer + 1} H${head + 1}; A it→animal ${a[1].weight.toFixed(3)} street ${a[5].weight.toFixed(3)}; B it→animal ${b[1].weight.toFixed(3)} street ${b[5].weight.toFixed(3)}`);

  // The French outputs: il in A, elle in B (the shipped model), the adjective marked.
  const fa = await french(page, 'a');
  const fb = await french(page, 'b');
  console.log(`  # A: ${fa.text}\n  # B: ${fb.text}`);
  if (trained) {
    assert.equal(fa.text, "l'animal n'a pas traversé la rue parce qu'il était trop fatigué .");
    assert.equal(fb.text, "l'animal n'a pas traversé la rue parce qu'elle était trop étroite .");
    assert.deepEqual([fa.pronoun, fa.gender, fa.adjective], ["qu'il", 'm', 'fatigué']);
    assert.deepEqual([fb.pronoun, fb.gender, fb.adjective], ["qu'elle", 'f', 'étroite']);
    assert.equal(await page.locator('[data-testid="famous-a-french"] mark.famous-pron').textContent(), "qu'il");
    assert.equal(await page.locator('[data-testid="famous-b-french"] mark.famous-adj').textContent(), 'étroite');
    // The shipped model's drawn head is the famous picture: "it" looks at the animal when tired and at
    // the street when narrow (docs/translate-fr.md: L4 H1, 0.14 vs 0.00 and 0.88 vs 0.00).
    assert.equal(how, 'flip');
    assert.ok(a[1].weight > a[5].weight + 0.1 && b[5].weight > b[1].weight + 0.5, `A ${a[1].weight}/${a[5].weight}, B ${b[1].weight}/${b[5].weight}`);
  }
  assert.match(await textOf(page.getByTestId('famous-why')), /il or elle.*single layer/s);
  // The other cards of the view speak of the French the model writes, not of Chinese.
  const sites = await page.$$eval('[data-testid="tcompare-site"] option', (os) => os.map((o) => o.textContent));
  assert.ok(sites.some((x) => /French row → English words/.test(x)) && sites.some((x) => /French so far/.test(x)), sites.join(' | '));
  const panelText = await textOf(page.getByTestId('compare-panel'));
  assert.ok(!/Chinese row|Chinese so far|next character|most likely character|因为/.test(panelText), 'a card of the French model speaks of Chinese');
  assert.match(panelText, /where the pronoun is written/);
  // The French model's corpus has no trophy / suitcase: that preset is not offered.
  assert.equal(await page.getByTestId('compare-preset-fit-big-small').count(), 0);
  assert.equal(await page.getByTestId('compare-preset-tired-narrow').count(), 1);
  await elementScreenshot(fig, 'famous-1440');

  // Picking another encoder head in the ranking redraws the figure for it; "draw again" goes back.
  const other = drawnAt === 1 ? 2 : 1;
  await page.locator('[data-testid="tcompare-it-rank-row"]').nth(other).locator('button').click();
  await page.waitForFunction((h) => document.querySelector('[data-testid="famous-figure"]')?.getAttribute('data-how') === 'chosen' && Number(document.querySelector('[data-testid="famous-figure"]')?.getAttribute('data-head')) === h.head && Number(document.querySelector('[data-testid="famous-figure"]')?.getAttribute('data-layer')) === h.layer, { layer: rank[other].layer, head: rank[other].head }, { timeout: 30_000 });
  await page.getByTestId('famous-top').click();
  await page.waitForFunction((h) => document.querySelector('[data-testid="famous-figure"]')?.getAttribute('data-how') === h, how, { timeout: 30_000 });
  // The head whose split between the nouns moves most: named, and drawn on request.
  const swap = page.getByTestId('famous-swap');
  const swapHead = { layer: Number(await swap.getAttribute('data-layer')), head: Number(await swap.getAttribute('data-head')) };
  console.log(`  # ${await textOf(swap)}`);
  if (await page.getByTestId('famous-draw-swap').count()) {
    await page.getByTestId('famous-draw-swap').click();
    await page.waitForFunction((h) => Number(document.querySelector('[data-testid="famous-figure"]')?.getAttribute('data-layer')) === h.layer && Number(document.querySelector('[data-testid="famous-figure"]')?.getAttribute('data-head')) === h.head, swapHead, { timeout: 30_000 });
  }
  const sa = await lines(page, 'a');
  const sb = await lines(page, 'b');
  console.log(`  # drawn ${swapHead.layer + 1}.${swapHead.head + 1}: A it→animal ${sa[1].weight.toFixed(3)} street ${sa[5].weight.toFixed(3)}; B it→animal ${sb[1].weight.toFixed(3)} street ${sb[5].weight.toFixed(3)}`);
  await elementScreenshot(fig, 'famous-swap-1440');
  await page.getByTestId('famous-top').click().catch(() => {});
  await page.waitForFunction((h) => document.querySelector('[data-testid="famous-figure"]')?.getAttribute('data-how') === h, how, { timeout: 30_000 });

  // The same weights, traced again by the worker for the attention panel (main sentence = A, then B).
  const rowA = await attentionRowOfIt(page, layer, head);
  assert.deepEqual(rowA.columns, [...SOURCE, 'tired', '.']);
  rowA.values.forEach((v, j) => assert.ok(Math.abs(v - a[j].weight) < 1e-6, `A it→${a[j].word}: table ${v}, line ${a[j].weight}`));
  await page.getByTestId('sentence-input').fill(`${NARROW_SENTENCE} .`);
  await page.waitForFunction(() => Array.from(document.querySelectorAll('[data-testid="attention-table"] thead th')).some((th) => th.textContent === 'narrow'), null, { timeout: 30_000 });
  const rowB = await attentionRowOfIt(page, layer, head);
  rowB.values.forEach((v, j) => assert.ok(Math.abs(v - b[j].weight) < 1e-6, `B it→${b[j].word}: table ${v}, line ${b[j].weight}`));

  await screenshot(page, 'famous-page-1440');
  assertClean(app, 'famous figure');
  await app.close();
}, { timeout: 180_000 });

test('famous figure: 简体中文 with no English left; 390 px wide nothing scrolls sideways (both languages)', async (env) => {
  const { en, zhCN } = await loadDictionaries();
  const m = matchersFor(en, zhCN);
  const zh = await openApp(env, { query: '?model=translate-fr&view=compare&lang=zh-CN', locale: 'zh-CN', viewport: WIDE });
  await waitForFigure(zh.page);
  const text = await textOf(zh.page.getByTestId('famous-figure'));
  assert.ok(text.includes('那张著名的图') && text.includes('解码器只有一层'), text.slice(0, 200));
  for (const english of ['The famous figure', 'Drawn:', 'Why the decision', 'decoder-only model']) assert.ok(!text.includes(english), `English left: ${english}`);
  const problems = untranslated(await pageStrings(zh.page), m);
  assert.deepEqual(problems, [], `untranslated on the Chinese page:\n${problems.join('\n')}`);
  await elementScreenshot(zh.page.getByTestId('famous-figure'), 'famous-zh-1440');
  assertClean(zh, '简体中文');
  await zh.close();

  for (const lang of ['en', 'zh-CN']) {
    const n = await openApp(env, { query: `?model=translate-fr&view=compare&lang=${lang}`, viewport: NARROW });
    await waitForFigure(n.page);
    await n.page.evaluate(() => {
      for (const p of document.querySelectorAll('.panel')) p.style.contentVisibility = 'visible';
    });
    await n.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 200)))));
    const wide = await sidewaysOverflow(n.page);
    assert.deepEqual(wide, [], `${lang} at 390 px: ${wide.join('; ')}`);
    // The two sides stack and each SVG fits the column.
    const fit = await n.page.$$eval('.famous-svg', (els) => els.map((e) => e.getBoundingClientRect().right <= document.documentElement.clientWidth + 1));
    assert.deepEqual(fit, [true, true]);
    await n.page.getByTestId('famous-figure').scrollIntoViewIfNeeded();
    await elementScreenshot(n.page.getByTestId('famous-figure'), `famous-390-${lang}`);
    assertClean(n, `390 ${lang}`);
    await n.close();
  }
}, { timeout: 180_000 });

test('the English → French corpus trains its own preset in the browser (4 encoder layers, 1 decoder layer); the encoder\'s "it" heads over training', async (env) => {
  const session = await openApp(env, { query: '?backend=wasm&bench' });
  const { page } = session;
  await page.getByTestId('token-chip').first().waitFor({ timeout: 60_000 });
  await page.getByTestId('corpus-translate-fr').check();
  await page.waitForFunction(() => document.querySelector('[data-testid="train-preset"]')?.value === 'translate-fr');
  const presets = await page.$$eval('[data-testid="train-preset"] option', (os) => os.map((o) => o.value));
  assert.deepEqual(presets, ['translate-fr']);
  assert.match(await textOf(page.locator('.preset-shape')), /encoder 4 layers \+ decoder 1 layers/);
  await page.getByTestId('train-start').click();
  await waitForTrainingStep(page, 3, 90_000);
  const state = await page.evaluate(() => window.__trainingBench.call('trainState', {}));
  assert.equal(state.corpusId, 'builtin:translate-fr');
  assert.equal(state.settings.preset, 'translate-fr');
  // The encoder's "it" heads over training: every encoder head's flip at each evaluation, from the
  // worker's own figures; the strongest named.
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="it-heads"]')?.getAttribute('data-evals')) >= 2, null, { timeout: 150_000 });
  await page.getByTestId('train-pause').click().catch(() => {});
  await page.waitForFunction(() => document.querySelector('.training-panel')?.getAttribute('data-phase') === 'paused', null, { timeout: 30_000 });
  const history = await page.evaluate(() => window.__trainingBench.call('trainHistory', {}));
  const measured = history.evals.filter((e) => e.itHeads);
  const shownEvals = Number(await page.getByTestId('it-heads').getAttribute('data-evals'));
  assert.equal(shownEvals, measured.length);
  const newest = measured.at(-1).itHeads;
  assert.equal(newest.heads.length, 4, '4 encoder layers × 1 head (the translate-fr preset)');
  assert.equal(newest.cases, measured.at(-1).translation.cases);
  const best = newest.heads.reduce((b, h) => (h.relative > b.relative ? h : b));
  const strongest = page.getByTestId('it-heads-strongest');
  assert.equal(Number(await strongest.getAttribute('data-layer')), best.layer);
  assert.equal(Number(await strongest.getAttribute('data-head')), best.head);
  assert.match(await textOf(strongest), new RegExp(`encoder layer ${best.layer + 1}, head ${best.head + 1}, relative flip ${best.relative.toFixed(3)}`));
  // One line per head in the chart.
  assert.equal(await page.locator('[data-testid="it-heads-chart"] g.line-chart-series[data-series^="it-"]').count(), 4);
  console.log(`  # it heads at step ${measured.at(-1).step}: strongest L${best.layer + 1} H${best.head + 1} relative ${best.relative.toFixed(3)} absolute ${best.absolute.toFixed(3)} (${newest.cases} sentences)`);
  await elementScreenshot(page.getByTestId('it-heads'), 'famous-it-heads-training');
  assertClean(session, 'training translate-fr');
  await session.close();
}, { timeout: 240_000 });
