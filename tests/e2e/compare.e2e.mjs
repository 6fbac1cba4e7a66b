// The Compare view with the shipped model: the default pair's answers, the causal mask told honestly
// (rows before the first differing word equal, every ranked shift at or after it), knockout changing
// answers and maps, odd text handled, and the URL reproducing the view (also back/forward).

import assert from 'node:assert/strict';
import {
  assertClean,
  canvasSummary,
  openApp,
  shipsCheckpoint,
  test,
  waitForModel,
  waitForPaintedCanvas,
  textOf,
  elementScreenshot,
} from './lib.mjs';

const PANEL = '[data-testid="compare-panel"]';
const EN_CLAUSE = ' . it refers to the';

/** A screenshot of the Compare view only (the page is long). */
async function screenshot(page, name) {
  await elementScreenshot(page.locator(PANEL), name);
}

/** One session shared by the tests of this file. */
let app = null;

async function repaintSeq(page) {
  return Number((await page.getAttribute(PANEL, 'data-repainted')) ?? '0');
}

/** Wait until the view shows a result newer than `after` (and, if given, for these texts). */
async function waitForResult(page, { after = 0, a, b } = {}, timeout = 20_000) {
  await page.waitForFunction(
    ({ sel, after, a, b }) => {
      const el = document.querySelector(sel);
      if (!el) return false;
      const seq = Number(el.getAttribute('data-repainted') ?? '0');
      if (seq <= after) return false;
      if (a !== undefined && el.getAttribute('data-shown-a') !== a) return false;
      if (b !== undefined && el.getAttribute('data-shown-b') !== b) return false;
      return true;
    },
    { sel: PANEL, after, a, b },
    { timeout },
  );
}

async function answers(page) {
  return page.$$eval('[data-testid^="compare-answer-"]', (els) =>
    els.map((e) => ({
      side: e.getAttribute('data-testid'),
      winner: e.getAttribute('data-winner'),
      probs: Object.fromEntries(
        Array.from(e.querySelectorAll('[data-testid="compare-prob"]')).map((p) => [p.getAttribute('data-word'), Number(p.getAttribute('data-prob'))]),
      ),
    })),
  );
}

test('compare: the default pair — animal for A (tired), street for B (narrow)', async (env) => {
  app = await openApp(env, { query: '?view=compare' });
  const { page } = app;
  await waitForModel(page);
  await waitForResult(page);
  assert.equal(await page.getByTestId('compare-sentence-a').inputValue(), "the animal didn't cross the street because it was too tired");
  assert.equal(await page.getByTestId('compare-sentence-b').inputValue(), "the animal didn't cross the street because it was too narrow");
  assert.equal((await textOf(page.getByTestId('compare-clause-a'))).includes('it refers to the'), true, 'the appended clause is shown');
  const got = await answers(page);
  console.log(`  # answers: ${JSON.stringify(got)}`);
  if (!shipsCheckpoint()) return;
  const a = got.find((x) => x.side === 'compare-answer-a');
  const b = got.find((x) => x.side === 'compare-answer-b');
  assert.equal(a.winner, 'animal');
  assert.equal(b.winner, 'street');
  assert.ok(a.probs.animal > 0.5 && b.probs.street > 0.5, JSON.stringify(got));
  // The attribution parts add up to the logit gap shown.
  for (const s of ['a', 'b']) {
    const el = page.getByTestId(`compare-gap-${s}`);
    const gap = Number(await el.getAttribute('data-gap'));
    const sum = Number(await el.getAttribute('data-sum'));
    assert.ok(gap > 0, `gap ${s} = ${gap}`);
    assert.ok(Math.abs(gap - sum) < 1e-3, `gap ${gap} vs sum ${sum}`);
  }
  for (const id of ['compare-map-a', 'compare-map-b', 'compare-map-diff', 'compare-shift-map']) {
    const s = await waitForPaintedCanvas(page, id);
    assert.ok(s.colours > 2, `${id} has ${s.colours} colours`);
  }
  await screenshot(page, 'compare-default');
  assertClean(app, 'default pair');
});

test('compare: rows before the first differing word are equal, every ranked shift lies at or after it', async () => {
  const { page } = app;
  const shift = page.getByTestId('compare-shift');
  const first = Number(await shift.getAttribute('data-first-diff'));
  const maxBefore = Number(await shift.getAttribute('data-max-before'));
  const tokens = await page.$$eval('[data-testid="compare-token"]', (els) => els.map((e) => e.textContent ?? ''));
  assert.ok(tokens[first].includes('tired') && tokens[first].includes('narrow'), `first difference at ${first}: ${tokens[first]}`);
  assert.ok(maxBefore < 1e-6, `largest shift before the first difference: ${maxBefore}`);
  const ranked = await page.$$eval('[data-testid="compare-rank-row"]', (els) =>
    els.map((e) => ({ layer: Number(e.dataset.layer), head: Number(e.dataset.head), peak: Number(e.dataset.peakPos), mean: Number(e.dataset.mean) })),
  );
  assert.ok(ranked.length >= 4, `ranked ${ranked.length} heads`);
  for (const r of ranked) assert.ok(r.peak >= first, `head ${r.layer}.${r.head} peaks at ${r.peak} < ${first}`);
  for (let i = 1; i < ranked.length; i++) assert.ok(ranked[i - 1].mean >= ranked[i].mean, 'ranked by mean');
  console.log(`  # first difference at ${first}; ranking ${ranked.map((r) => `L${r.layer}H${r.head} ${r.mean.toFixed(3)}@${r.peak}`).join(', ')}`);
  // People read layers and heads from 1 (as in the attention panel); the data and the URL count from 0.
  const rankLabels = await page.$$eval('[data-testid="compare-rank-row"] td:nth-child(2)', (els) => els.map((e) => e.textContent ?? ''));
  ranked.forEach((r, i) => assert.equal(rankLabels[i], `layer ${r.layer + 1}, head ${r.head + 1}`, `ranking label ${i}`));
  await page.getByTestId('compare-layer').selectOption({ value: '0' });
  await page.getByTestId('compare-head').selectOption({ value: '0' });
  assert.equal(await page.$eval('[data-testid="compare-layer"]', (s) => s.selectedOptions[0].textContent), 'layer 1');
  assert.equal(await page.$eval('[data-testid="compare-head"]', (s) => s.selectedOptions[0].textContent), 'head 1');
  assert.match(await textOf(page.locator('.compare-map.side-a figcaption')), /layer 1, head 1/);
  const shortLabels = await page.$$eval('[data-testid="compare-shift-map"]', (els) => els.length);
  assert.equal(shortLabels, 1);
  assert.ok((await textOf(page.getByTestId('compare-shift'))).includes('L1 H1'), 'the shift map names the first head L1 H1');
  assert.ok(!(await textOf(page.locator(PANEL))).includes('head 0'), 'no label says "head 0"');

  // Every "it" row is shown equal, with the causal-mask explanation; each head checked.
  const itPositions = tokens.map((t, i) => (t.replace(/^\d+/, '') === 'it' ? i : -1)).filter((i) => i >= 0 && i < first);
  assert.ok(itPositions.length >= 1, `no "it" before the difference in ${tokens.join(' ')}`);
  // The view points to the "it" row by itself.
  await page.getByTestId('compare-show-it').click();
  await page.waitForFunction((p) => document.querySelector('[data-testid="compare-rows"]')?.getAttribute('data-query') === String(p), itPositions[0]);
  for (const pos of itPositions) {
    await page.locator(`[data-testid="compare-token"][data-pos="${pos}"]`).click();
    for (const [layer, head] of [[0, 0], [1, 0], [1, 1]]) {
      await page.getByTestId('compare-layer').selectOption({ value: String(layer) });
      await page.getByTestId('compare-head').selectOption({ value: String(head) });
      await page.waitForFunction((p) => document.querySelector('[data-testid="compare-rows"]')?.getAttribute('data-query') === String(p), pos);
      const rows = page.getByTestId('compare-rows');
      assert.equal(await rows.getAttribute('data-equal'), 'true', `"it" row at ${pos}, L${layer}H${head}: L1 ${await rows.getAttribute('data-l1')}`);
      assert.equal(await page.getByTestId('row-equal').count(), 1);
      assert.equal(await page.getByTestId('compare-mask-note').count(), 1);
    }
  }
  await screenshot(page, 'compare-it-row');
  // The pointer to where the difference appears moves the query there, and that row differs.
  await page.getByTestId('compare-goto-peak').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="compare-rows"]')?.getAttribute('data-equal') === 'false');
  const q = Number(await page.getByTestId('compare-rows').getAttribute('data-query'));
  assert.ok(q >= first, `peak row ${q}`);
  assertClean(app, 'causal mask');
});

test('compare: knocking out the head with the largest attribution changes answers and maps', async () => {
  const { page } = app;
  const cells = await page.$$eval('[data-testid="compare-attr-cell"]', (els) =>
    els.map((e) => ({ layer: Number(e.dataset.layer), head: Number(e.dataset.head), a: Number(e.dataset.a), b: Number(e.dataset.b) })),
  );
  const top = cells.slice().sort((x, y) => y.a + y.b - (x.a + x.b))[0];
  const low = cells.slice().sort((x, y) => Math.abs(x.a) + Math.abs(x.b) - (Math.abs(y.a) + Math.abs(y.b)))[0];
  const before = await answers(page);
  await page.getByTestId('compare-layer').selectOption({ value: '1' });
  const seq0 = await repaintSeq(page);
  const hashBefore = (await canvasSummary(page, 'compare-map-b')).hash;
  const drop = async (head) => {
    const seq = await repaintSeq(page);
    await page.locator(`[data-testid="compare-knockout"][data-layer="${head.layer}"][data-head="${head.head}"]`).check();
    await waitForResult(page, { after: seq });
    const after = await answers(page);
    const d = {
      a: before[0].probs.animal - after[0].probs.animal,
      b: before[1].probs.street - after[1].probs.street,
    };
    const seq2 = await repaintSeq(page);
    await page.locator(`[data-testid="compare-knockout"][data-layer="${head.layer}"][data-head="${head.head}"]`).uncheck();
    await waitForResult(page, { after: seq2 });
    return d;
  };
  const dTop = await drop(top);
  const dLow = await drop(low);
  console.log(
    `  # largest attribution L${top.layer}H${top.head} (A ${top.a.toFixed(2)}, B ${top.b.toFixed(2)}): p drop A ${dTop.a.toFixed(4)}, B ${dTop.b.toFixed(4)}; ` +
      `smallest L${low.layer}H${low.head} (A ${low.a.toFixed(2)}, B ${low.b.toFixed(2)}): p drop A ${dLow.a.toFixed(4)}, B ${dLow.b.toFixed(4)}`,
  );
  if (shipsCheckpoint()) assert.ok(dTop.a + dTop.b > dLow.a + dLow.b, 'the top head matters more than the least one');
  // Knocked out: the maps change too.
  const seq = await repaintSeq(page);
  await page.locator(`[data-testid="compare-knockout"][data-layer="0"][data-head="1"]`).check();
  await waitForResult(page, { after: seq });
  await page.waitForFunction(
    (h) => {
      const c = document.querySelector('[data-testid="compare-map-b"]');
      if (!c) return false;
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let hash = 0;
      for (let i = 0; i < d.length; i += 4) hash = (Math.imul(hash, 31) + ((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]) + d[i + 3]) | 0;
      return hash !== h;
    },
    hashBefore,
    { timeout: 10_000 },
  );
  assert.ok((await repaintSeq(page)) > seq0);
  await screenshot(page, 'compare-knockout');
  await page.getByTestId('compare-knockout-clear').click();
  await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-knockout') === '', PANEL);
  assertClean(app, 'knockout');
});

test('compare: a copied URL restores the same view; back/forward walk through changes', async (env) => {
  const { page } = app;
  const wide = "the animal didn't cross the street because it was too wide";
  let seq = await repaintSeq(page);
  await page.getByTestId('compare-sentence-b').fill(wide);
  await waitForResult(page, { after: seq, b: wide + EN_CLAUSE });
  await page.getByTestId('compare-layer').selectOption({ value: '0' });
  await page.getByTestId('compare-head').selectOption({ value: '2' });
  await page.getByTestId('compare-stage').selectOption({ value: 'scaled' });
  await page.locator('[data-testid="compare-token"][data-pos="13"]').click();
  seq = await repaintSeq(page);
  await page.locator('[data-testid="compare-knockout"][data-layer="1"][data-head="3"]').check();
  await waitForResult(page, { after: seq });
  const url = page.url();
  const snapshot = async (p) => ({
    a: await p.getByTestId('compare-sentence-a').inputValue(),
    b: await p.getByTestId('compare-sentence-b').inputValue(),
    layer: await p.getByTestId('compare-layer').inputValue(),
    head: await p.getByTestId('compare-head').inputValue(),
    stage: await p.getByTestId('compare-stage').inputValue(),
    query: await p.getByTestId('compare-rows').getAttribute('data-query'),
    knockout: await p.getAttribute(PANEL, 'data-knockout'),
    answers: await answers(p),
    lang: await p.locator('html').getAttribute('lang'),
  });
  const here = await snapshot(page);
  assert.deepEqual([here.layer, here.head, here.stage, here.query, here.knockout], ['0', '2', 'scaled', '13', '1.3']);
  const copy = await openApp(env, { query: url.slice(url.indexOf('?')) });
  await waitForResult(copy.page);
  await copy.page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-knockout') === '1.3', PANEL);
  const there = await snapshot(copy.page);
  assert.deepEqual(there, here);
  await screenshot(copy.page, 'compare-from-url');
  assertClean(copy, 'copied URL');
  await copy.close();

  // Back: the knockout is undone, then the query token; forward redoes it.
  await page.goBack();
  await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-knockout') === '', PANEL);
  await page.goBack();
  await page.waitForFunction(() => document.querySelector('[data-testid="compare-rows"]')?.getAttribute('data-query') !== '13');
  await page.goForward();
  await page.waitForFunction(() => document.querySelector('[data-testid="compare-rows"]')?.getAttribute('data-query') === '13');
  assert.equal(await page.getByTestId('compare-stage').inputValue(), 'scaled');
  assertClean(app, 'back/forward');
});

test('compare: empty, unknown, too long and odd text never break the view; Chinese pair', async () => {
  const { page } = app;
  await page.getByTestId('compare-sentence-a').fill('');
  await page.getByTestId('compare-empty-a').waitFor({ timeout: 5000 });
  let seq = await repaintSeq(page);
  await page.getByTestId('compare-sentence-a').fill('the zebra didn\'t cross the street because it was too tired');
  await waitForResult(page, { after: seq, a: "the zebra didn't cross the street because it was too tired" + EN_CLAUSE });
  // The word is named once, by the hints under the box (with suggestions), not again by a second note.
  assert.equal(await page.getByTestId('words-a').getAttribute('data-unknown'), 'zebra');
  assert.equal(await page.getByTestId('compare-unknown-a').count(), 0);
  assert.equal(await page.locator('[data-testid="compare-token"][data-unknown="true"]').count(), 1, 'the unknown word is marked in the token strip');
  seq = await repaintSeq(page);
  const long = Array.from({ length: 80 }, () => 'the dog').join(' ');
  await page.getByTestId('compare-sentence-a').fill(long);
  await waitForResult(page, { after: seq });
  await page.getByTestId('compare-truncated-a').waitFor({ timeout: 5000 });
  for (const odd of ['<img src=x onerror=alert(1)>', '🙂🙂 ¿¡ \u0000 \u202e', '....', '它', 'the the the']) {
    seq = await repaintSeq(page);
    await page.getByTestId('compare-sentence-a').fill(odd);
    await waitForResult(page, { after: seq });
  }
  seq = await repaintSeq(page);
  await page.getByTestId('compare-preset-zh').click();
  await waitForResult(page, { after: seq, a: '动物没有过马路，因为它太累了。它指的是' });
  const zh = await answers(page);
  console.log(`  # Chinese answers (whole-word probabilities): ${JSON.stringify(zh)}`);
  if (shipsCheckpoint()) {
    assert.equal(zh[0].winner, '动物');
    assert.equal(zh[1].winner, '马路');
  }
  await screenshot(page, 'compare-zh');
  assertClean(app, 'odd text');
  await app.close();
});

test('compare: 简体中文 from the URL, no English left in the view', async (env) => {
  const zh = await openApp(env, { query: '?view=compare&lang=zh-CN&a=%E5%8A%A8%E7%89%A9%E6%B2%A1%E6%9C%89%E8%BF%87%E9%A9%AC%E8%B7%AF%EF%BC%8C%E5%9B%A0%E4%B8%BA%E5%AE%83%E5%A4%AA%E7%B4%AF%E4%BA%86&b=%E5%8A%A8%E7%89%A9%E6%B2%A1%E6%9C%89%E8%BF%87%E9%A9%AC%E8%B7%AF%EF%BC%8C%E5%9B%A0%E4%B8%BA%E5%AE%83%E5%A4%AA%E7%AA%84%E4%BA%86' });
  const { page } = zh;
  await waitForResult(page);
  assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
  const text = await textOf(page.locator(PANEL));
  for (const english of ['Compare two sentences', 'Sentence A', 'The model’s answer', 'Which heads', 'switch off', 'Query word', 'Measure:']) {
    assert.ok(!text.includes(english), `English left in the 简体中文 view: ${english}`);
  }
  assert.ok(text.includes('比较两个句子'));
  await screenshot(page, 'compare-zh-ui');
  assertClean(zh, '简体中文');
  await zh.close();
});

test('compare while training: a second worker mirrors the trained model and answers edits at once', async (env) => {
  const session = await openApp(env, { query: '?view=compare&backend=wasm&bench' });
  const { page } = session;
  await waitForModel(page);
  await waitForResult(page);
  assert.equal(page.workers().length, 1, 'one worker before training');
  await page.getByTestId('train-start').click();
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="train-step-count"]')?.getAttribute('data-step')) >= 5, null, { timeout: 60_000 });
  // The view worker starts with training.
  const deadline = Date.now() + 20_000;
  while (page.workers().length < 2 && Date.now() < deadline) await page.waitForTimeout(200);
  assert.equal(page.workers().length, 2, 'a view worker runs while training');
  // An edit while training is answered.
  const seq = await repaintSeq(page);
  const edited = "the animal didn't cross the street because it was too wide";
  await page.getByTestId('compare-sentence-b').fill(edited);
  await waitForResult(page, { after: seq, b: edited + EN_CLAUSE }, 20_000);
  await page.getByTestId('train-pause').click();
  await page.waitForFunction(() => document.querySelector('.training-panel')?.getAttribute('data-phase') === 'paused');
  const step = Number(await page.getByTestId('train-step-count').getAttribute('data-step'));
  // After the pause the view worker holds the paused weights: its answers equal the training
  // worker's own trace of the same text, exactly.
  const textA = (await page.getByTestId('compare-sentence-a').inputValue()) + EN_CLAUSE;
  const expected = await page.evaluate(async (text) => {
    const r = await window.__trainingBench.call('trace', { text });
    const t = r.tokens.length;
    const v = r.trace.probs.cols;
    const row = Array.from(r.trace.probs.data.slice((t - 1) * v, t * v));
    const vocab = (await window.__trainingBench.call('embeddings', {})).vocab;
    return { animal: row[vocab.indexOf('animal')], street: row[vocab.indexOf('street')] };
  }, textA);
  let got = null;
  const until = Date.now() + 20_000;
  while (Date.now() < until) {
    const a = (await answers(page)).find((x) => x.side === 'compare-answer-a');
    if (a && Math.abs(a.probs.animal - expected.animal) < 1e-6 && Math.abs(a.probs.street - expected.street) < 1e-6) {
      got = a;
      break;
    }
    await page.waitForTimeout(250);
  }
  assert.ok(got, `the Compare view shows the trained model's answer at step ${step}: expected ${JSON.stringify(expected)}, shows ${JSON.stringify((await answers(page))[0]?.probs)}`);
  console.log(`  # step ${step}: A p(animal) ${expected.animal.toFixed(4)}, p(street) ${expected.street.toFixed(4)} in both workers`);
  assertClean(session, 'compare while training');
  await session.close();
}, { timeout: 120_000 });
