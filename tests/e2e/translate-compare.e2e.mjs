// The Compare view of the translation model (encoder–decoder) in the production build: for the
// tired / narrow pair both translations are shown (动物 vs 马路 where "it" is translated, read from the
// page), the maps of the row that writes the referent for A, B and B − A are painted, the decoder's
// heads are ranked by how far that row moves (0…2, sorted; a click selects the head), the encoder's
// "it" row has its figure, the paragraph's numbers are those of the ranking, the read-out chart's
// numbers are accuracies (0…1) computed by the worker, a knock-out re-runs both translations and
// joins the URL (a copied link restores it), and the link to the decoder-only Compare keeps the pair.
// The decoder-only model on the same pair (traced beside it): its "it" row is the same in A and B in
// every head (0, measured), its last row moves, its heads are ranked, its answers are shown, and the
// paragraph states those figures.
// Both languages; screenshots at 1440 and 390 px wide; nothing scrolls sideways at 390 px.

import assert from 'node:assert/strict';
import {
  assertClean,
  canvasSummary,
  elementScreenshot,
  openApp,
  shipsCheckpoint,
  test,
  sidewaysOverflow,
  textOf,
  waitForPaintedCanvas,
} from './lib.mjs';
import { loadDictionaries, matchersFor, pageStrings, untranslated } from './i18nScan.mjs';

const PANEL = '[data-testid="compare-panel"]';
const WIDE = { width: 1440, height: 1000 };
const NARROW = { width: 390, height: 844 };
const TIRED = "the animal didn't cross the street because it was too tired";
const NARROW_SENTENCE = "the animal didn't cross the street because it was too narrow";

let app = null;

async function repaintSeq(page) {
  return Number((await page.getAttribute(PANEL, 'data-repainted')) ?? '0');
}

/** Waits until the translation Compare shows a result newer than `after` (and, if given, with this knock-out). */
async function waitForResult(page, { after = 0, knockout } = {}, timeout = 60_000) {
  await page.waitForFunction(
    ({ sel, after, knockout }) => {
      const el = document.querySelector(sel);
      if (!el || el.getAttribute('data-architecture') !== 'encoder-decoder') return false;
      if (Number(el.getAttribute('data-repainted') ?? '0') <= after) return false;
      if (knockout !== undefined && el.getAttribute('data-shown-knockout') !== knockout) return false;
      return true;
    },
    { sel: PANEL, after, knockout },
    { timeout },
  );
}

async function translations(page) {
  return page.$$eval('[data-testid^="compare-translation-"]', (els) =>
    els.map((e) => ({ side: e.getAttribute('data-testid'), text: e.getAttribute('data-translation'), slot: e.getAttribute('data-slot'), role: e.getAttribute('data-role') })),
  );
}

async function ranking(page, id = 'compare-rank') {
  return page.$$eval(`[data-testid="${id}-row"]`, (els) =>
    els.map((e) => ({ site: e.dataset.site, layer: Number(e.dataset.layer), head: Number(e.dataset.head), l1: Number(e.dataset.l1), label: e.querySelector('button')?.textContent ?? '' })),
  );
}

async function mapHash(page, id) {
  return (await canvasSummary(page, id))?.hash;
}

test('translate compare: both translations, the referent row maps, the ranking, the encoder "it" row, the paragraph and the read-out', async (env) => {
  app = await openApp(env, { query: '?model=translate&view=compare', viewport: WIDE });
  const { page } = app;
  await waitForResult(page);
  assert.equal(await page.getByTestId('compare-sentence-a').inputValue(), TIRED);
  assert.equal(await page.getByTestId('compare-sentence-b').inputValue(), NARROW_SENTENCE);
  const out = await translations(page);
  console.log(`  # translations: ${JSON.stringify(out)}`);
  assert.equal(out.length, 2);
  const trained = shipsCheckpoint('translate');
  if (trained) {
    // Read from the page: the characters written where the English has "it".
    assert.equal(await textOf(page.getByTestId('compare-slot-a')), '动物');
    assert.equal(await textOf(page.getByTestId('compare-slot-b')), '马路');
    assert.match(await textOf(page.getByTestId('compare-target-a')), /^动物没有过马路，因为动物太累了。$/);
    assert.match(await textOf(page.getByTestId('compare-target-b')), /^动物没有过马路，因为马路太窄了。$/);
    assert.ok((await textOf(page.getByTestId('compare-translation-a'))).includes('“it” = the animal'));
    assert.ok((await textOf(page.getByTestId('compare-translation-b'))).includes('“it” = the street'));
  }

  // The maps of A, B and B − A (cross-attention by default), the compared row outlined.
  for (const id of ['compare-map-a', 'compare-map-b', 'compare-map-diff']) {
    const s = await waitForPaintedCanvas(page, id);
    assert.ok(s.colours > 2, `${id} has ${s.colours} colours`);
  }
  const maps = page.getByTestId('tcompare-rowmaps');
  assert.equal(await maps.getAttribute('data-site'), 'cross');
  const rowA = Number(await maps.getAttribute('data-row-a'));
  assert.equal(Number(await page.getByTestId('compare-map-a-mark').getAttribute('data-row')), rowA);
  if (trained) {
    // The row that writes the referent reads 为 (rows: <bos> 动 物 没 有 过 马 路 ， 因 为 → row 10).
    assert.equal(rowA, 10);
    assert.match(await textOf(maps), /it reads “为”/);
  }

  // The ranking: decoder self- and cross-attention heads, L1 in 0…2, largest first; labels from 1.
  const ranked = await ranking(page);
  console.log(`  # ranking: ${ranked.map((r) => `${r.site} L${r.layer + 1}H${r.head + 1} ${r.l1.toFixed(3)}`).join(', ')}`);
  if (trained) {
    assert.equal(ranked.length, 16, 'two decoder sites × 2 layers × 4 heads');
    assert.deepEqual([...new Set(ranked.map((r) => r.site))].sort(), ['cross', 'decoder-self']);
    for (const r of ranked) {
      assert.ok(r.l1 >= 0 && r.l1 <= 2 + 1e-6, `L1 ${r.l1}`);
      assert.equal(r.label, `${r.site === 'cross' ? 'cross-attention' : 'decoder self-attention'} L${r.layer + 1} H${r.head + 1}`);
    }
    for (let i = 1; i < ranked.length; i++) assert.ok(ranked[i - 1].l1 >= ranked[i].l1, 'sorted');
    // Decoder self-attention of the first layer reads only the Chinese written so far: the same in A and B.
    for (const r of ranked.filter((x) => x.site === 'decoder-self' && x.layer === 0)) assert.ok(r.l1 < 1e-5, `self L1H${r.head + 1}: ${r.l1}`);
    // The row the view shows for the selected head has the L1 the ranking gives it.
    const sel = ranked.find((r) => r.site === 'cross' && r.layer === 1 && r.head === 0);
    assert.ok(Math.abs(Number(await page.getByTestId('tcompare-row-l1').getAttribute('data-l1')) - sel.l1) < 1e-9);
  }

  // The encoder's "it" row: its figure, and every encoder head at that row.
  const it = page.getByTestId('tcompare-it');
  const itL1 = Number(await it.getAttribute('data-l1'));
  assert.ok(itL1 >= 0 && itL1 <= 2, `"it" row L1 ${itL1}`);
  const itRank = await ranking(page, 'tcompare-it-rank');
  assert.equal(itRank.length, 8, 'two encoder layers × 4 heads');
  assert.equal(itRank[0].l1, itL1);
  assert.match(await textOf(page.getByTestId('tcompare-it-figure')), new RegExp(`Largest move of the “it” row over the encoder’s 8 heads: ${itL1.toFixed(3)}`));
  await waitForPaintedCanvas(page, 'compare-map-a');

  // The paragraph states the measured figures (the ranking's and the encoder card's), not constants.
  const why = page.getByTestId('tcompare-why');
  const whyText = await textOf(why);
  assert.match(whyText, /causal mask/);
  if (trained) {
    const measured = page.getByTestId('tcompare-why-measured');
    assert.equal(Number(await measured.getAttribute('data-enc')), itL1);
    assert.equal(Number(await measured.getAttribute('data-dec')), ranked[0].l1);
    assert.ok(whyText.includes(itL1.toFixed(3)) && whyText.includes(ranked[0].l1.toFixed(3)), whyText);
  }
  console.log(`  # paragraph: ${await textOf(page.getByTestId('tcompare-why-measured'))}`);
  const href = await page.getByTestId('tcompare-coref-link').getAttribute('href');
  assert.ok(!/model=/.test(href) && /view=compare/.test(href), href);

  // The read-out chart: the worker's accuracies, one point per token and depth, each in 0…1.
  const t0 = Date.now();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="tcompare-readout-point"]').length > 0, null, { timeout: 60_000 });
  const points = await page.$$eval('[data-testid="tcompare-readout-point"]', (els) => els.map((e) => ({ token: e.dataset.token, layer: Number(e.dataset.layer), v: Number(e.dataset.value) })));
  assert.equal(points.length, 4 * 3, 'four tokens × (input + 2 encoder layers)');
  for (const p of points) assert.ok(p.v >= 0 && p.v <= 1, JSON.stringify(p));
  // At the input, "it" and the nouns are the same in every sentence: their read-outs are at chance.
  for (const tok of ['it', 'first', 'second']) assert.equal(points.find((p) => p.token === tok && p.layer === 0).v, 0.5, `${tok} at the input`);
  console.log(`  # read-out shown ${Date.now() - t0} ms after the checks above started waiting for it`);
  console.log(`  # read-out (held-out): ${points.map((p) => `${p.token}@${p.layer} ${p.v.toFixed(3)}`).join(', ')}`);
  assert.match(await textOf(page.getByTestId('tcompare-readout')), /fitted on [\d,]+ training sentences and scored on 240 held-out sentences/);
  // The paragraph quotes the read-out of "it" after the last encoder layer.
  const itLast = points.find((p) => p.token === 'it' && p.layer === 2).v;
  await page.waitForFunction((s) => document.querySelector('[data-testid="tcompare-why-measured"]')?.textContent?.includes(s), `${(itLast * 100).toFixed(1)} %`);
  // "Which word the referent is": accuracies too.
  const identity = await page.$$eval('[data-testid="tcompare-readout-identity"]', (els) => els.map((e) => Number(e.dataset.value)));
  assert.equal(identity.length, 12);
  for (const v of identity) assert.ok(v >= 0 && v <= 1, String(v));
  await elementScreenshot(page.locator(PANEL), 'translate-compare-1440');
  assertClean(app, 'translate compare');
}, { timeout: 150_000 });

async function decoderRanking(page) {
  return page.$$eval('[data-testid="tcompare-dec-rank-row"]', (els) =>
    els.map((e) => ({ layer: Number(e.dataset.layer), head: Number(e.dataset.head), l1: Number(e.dataset.l1), itL1: Number(e.dataset.itL1), label: e.querySelector('button')?.textContent ?? '' })),
  );
}

/** Waits until the decoder-only card has both traces (its ranking is drawn). */
async function waitForDecoderCard(page, timeout = 60_000) {
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="tcompare-dec-rank-row"]').length > 0, null, { timeout });
}

test('translate compare: the decoder-only model on the same pair — its "it" row does not move, its last row does, its answers', async () => {
  const { page } = app;
  await waitForDecoderCard(page);
  const card = page.getByTestId('tcompare-dec');
  const ranked = await decoderRanking(page);
  console.log(`  # decoder-only last row: ${ranked.map((r) => `L${r.layer + 1}H${r.head + 1} ${r.l1.toFixed(3)} (it ${r.itL1})`).join(', ')}`);
  assert.equal(ranked.length, 8, 'the coreference model: 2 layers × 4 heads');
  for (const r of ranked) {
    assert.ok(r.l1 >= 0 && r.l1 <= 2 + 1e-6, `L1 ${r.l1}`);
    assert.equal(r.label, `L${r.layer + 1} H${r.head + 1}`);
    // Masked, "it" cannot see "tired"/"narrow", which come after it: its row is the same in every head.
    assert.equal(r.itL1, 0, `"it" row of L${r.layer + 1}H${r.head + 1} moved by ${r.itL1}`);
  }
  for (let i = 1; i < ranked.length; i++) assert.ok(ranked[i - 1].l1 >= ranked[i].l1, 'sorted');
  const it = page.getByTestId('tcompare-dec-it');
  assert.equal(Number(await it.getAttribute('data-max-l1')), 0);
  assert.equal(Number(await it.getAttribute('data-vector-diff')), 0, 'the vector of "it" after the last layer is the same in A and B');
  assert.equal(await it.getAttribute('data-hidden'), 'true');
  // The head shown first is the one whose last row moves most; the last row's figure is the ranking's.
  const last = page.getByTestId('tcompare-dec-last');
  assert.equal(Number(await last.getAttribute('data-l1')), ranked[0].l1);
  assert.ok(ranked[0].l1 > 0, 'the last row, which can see the adjective, moves');
  for (const id of ['tcompare-dec-map-a', 'tcompare-dec-map-b', 'tcompare-dec-map-diff']) {
    const s = await waitForPaintedCanvas(page, id);
    assert.ok(s.colours > 2, `${id} has ${s.colours} colours`);
  }
  const itPos = Number(await page.getByTestId('tcompare-dec-map-a-mark').getAttribute('data-row'));
  assert.equal(itPos, 8, 'the row of "it" (<bos> the animal didn\'t cross the street because it) is outlined');

  // Its answers: the next word after "… it refers to the", and its probability.
  const answer = async (side) => ({ token: await page.getByTestId(`tcompare-dec-answer-${side}`).getAttribute('data-token'), p: Number(await page.getByTestId(`tcompare-dec-answer-${side}`).getAttribute('data-prob')) });
  const ansA = await answer('a');
  const ansB = await answer('b');
  console.log(`  # decoder-only answers: A ${ansA.token} ${(ansA.p * 100).toFixed(1)} %, B ${ansB.token} ${(ansB.p * 100).toFixed(1)} %`);
  for (const x of [ansA, ansB]) assert.ok(x.p > 0 && x.p <= 1 && x.token, JSON.stringify(x));
  if (shipsCheckpoint('coref')) {
    assert.equal(ansA.token, 'animal');
    assert.equal(ansB.token, 'street');
    assert.ok(ranked[0].l1 > 1, `the last row moves by ${ranked[0].l1}`);
    assert.match(await textOf(page.getByTestId('tcompare-dec-answer-a')), /✓/);
  }

  // The paragraph states the same figures: "it" row 0, the head that moves most at the last row, the answers.
  const why = page.getByTestId('tcompare-why-decoder');
  assert.equal(Number(await why.getAttribute('data-it-max')), 0);
  assert.equal(Number(await why.getAttribute('data-last-l1')), ranked[0].l1);
  assert.equal(await why.getAttribute('data-last-head'), `${ranked[0].layer}.${ranked[0].head}`);
  const whyText = await textOf(why);
  console.log(`  # paragraph (decoder-only): ${whyText}`);
  assert.ok(whyText.includes(`layer ${ranked[0].layer + 1}, head ${ranked[0].head + 1}`) && whyText.includes(ranked[0].l1.toFixed(3)), whyText);
  assert.ok(whyText.includes(`“${ansA.token}” (${(ansA.p * 100).toFixed(1)}%)`), whyText);
  assert.match(whyText, /differs between A and B by 0 .* by 0: the same in both, because “tired\|narrow” comes after “it”/);

  // A click on another head shows its maps and rows (its "it" row is the same in A and B too).
  const pick = ranked[3];
  await page.locator(`[data-testid="tcompare-dec-rank-row"][data-layer="${pick.layer}"][data-head="${pick.head}"] button`).click();
  await page.waitForFunction((v) => document.querySelector('[data-testid="tcompare-dec-head"]')?.value === v, String(pick.head));
  assert.equal(await page.getByTestId('tcompare-dec-layer').inputValue(), String(pick.layer));
  assert.equal(Number(await last.getAttribute('data-l1')), pick.l1);
  assert.equal(Number(await it.getAttribute('data-l1')), 0);
  await page.locator(`[data-testid="tcompare-dec-rank-row"][data-layer="${ranked[0].layer}"][data-head="${ranked[0].head}"] button`).click();
  await page.waitForFunction((v) => document.querySelector('[data-testid="tcompare-dec-head"]')?.value === v, String(ranked[0].head));
  await waitForPaintedCanvas(page, 'tcompare-dec-map-diff');
  await elementScreenshot(card, 'translate-compare-decoder-1440');
  await elementScreenshot(page.getByTestId('tcompare-why'), 'translate-compare-why-1440');
  assertClean(app, 'decoder-only card');
}, { timeout: 120_000 });

test('translate compare: clicking a ranked head selects it; a knock-out re-runs both translations and joins the URL', async (env) => {
  const { page } = app;
  const ranked = await ranking(page);
  if (ranked.length > 0) {
    const pick = ranked[Math.min(2, ranked.length - 1)];
    await page.locator(`[data-testid="compare-rank-row"][data-site="${pick.site}"][data-layer="${pick.layer}"][data-head="${pick.head}"] button`).click();
    await page.waitForFunction((s) => document.querySelector('[data-testid="tcompare-rowmaps"]')?.getAttribute('data-site') === s, pick.site);
    assert.equal(await page.getByTestId('tcompare-site').inputValue(), pick.site);
    assert.equal(await page.getByTestId('compare-layer').inputValue(), String(pick.layer));
    assert.equal(await page.getByTestId('compare-head').inputValue(), String(pick.head));
    assert.equal(await page.$eval('[data-testid="compare-head"]', (s) => s.selectedOptions[0].textContent), `head ${pick.head + 1}`);
    const url = new URL(page.url());
    assert.equal(url.searchParams.get('layer') ?? '1', String(pick.layer));
    assert.equal(Number(await page.getByTestId('tcompare-row-l1').getAttribute('data-l1')).toFixed(6), pick.l1.toFixed(6));
  }
  // Back to cross-attention, layer 2 head 1 (0-based 1, 0).
  await page.getByTestId('tcompare-site').selectOption({ value: 'cross' });
  await page.getByTestId('compare-layer').selectOption({ value: '1' });
  await page.getByTestId('compare-head').selectOption({ value: '0' });
  await waitForPaintedCanvas(page, 'compare-map-a');
  const before = { out: await translations(page), hash: await mapHash(page, 'compare-map-a'), seq: await repaintSeq(page) };

  // Switch off an encoder head: everything after it changes, so the cross-attention map does too.
  await page.locator('[data-testid="tcompare-knockout"][data-site="encoder"][data-layer="0"][data-head="1"]').check();
  await waitForResult(page, { after: before.seq, knockout: 'enc0.1' });
  assert.match(page.url(), /[?&]tko=enc0\.1\b/);
  await page.waitForFunction(
    ({ h }) => {
      const c = document.querySelector('[data-testid="compare-map-a"]');
      if (!c) return false;
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let hash = 0;
      for (let i = 0; i < d.length; i += 4) hash = (Math.imul(hash, 31) + ((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]) + d[i + 3]) | 0;
      return hash !== h;
    },
    { h: before.hash },
    { timeout: 15_000 },
  );
  // Both sentences were translated again with the head silenced (the worker's answer for each side
  // carries the knock-out it was made with; the view shows them only when both are in).
  const ko1 = await translations(page);
  console.log(`  # encoder L1H2 off: ${JSON.stringify(ko1)}`);

  // Switch off every cross-attention head of the last decoder layer as well: the translations change.
  let seq = await repaintSeq(page);
  for (let h = 0; h < 4; h++) {
    await page.locator(`[data-testid="tcompare-knockout"][data-site="cross"][data-layer="1"][data-head="${h}"]`).check();
  }
  await waitForResult(page, { after: seq, knockout: 'enc0.1,cross1.0,cross1.1,cross1.2,cross1.3' });
  const ko2 = await translations(page);
  const off = await page.$$eval('[data-testid="compare-rank-row"][data-off="true"]', (els) => els.map((e) => `${e.dataset.site}${e.dataset.layer}.${e.dataset.head}`));
  if ((await ranking(page)).length > 0) assert.deepEqual(off.sort(), ['cross1.0', 'cross1.1', 'cross1.2', 'cross1.3']);
  console.log(`  # + cross layer 2 off: ${JSON.stringify(ko2)}`);
  if (shipsCheckpoint('translate')) assert.notDeepEqual(ko2.map((x) => x.text), before.out.map((x) => x.text), 'silencing the last cross-attention layer changes a translation');
  assert.match(page.url(), /tko=enc0\.1%2Ccross1\.0%2Ccross1\.1%2Ccross1\.2%2Ccross1\.3|tko=enc0\.1,cross1\.0,cross1\.1,cross1\.2,cross1\.3/);
  await elementScreenshot(page.locator(PANEL), 'translate-compare-knockout');

  // A copied link restores the knock-outs and the translations they give.
  const copy = await openApp(env, { query: new URL(page.url()).search, viewport: WIDE });
  await waitForResult(copy.page, { knockout: 'enc0.1,cross1.0,cross1.1,cross1.2,cross1.3' });
  assert.deepEqual(await translations(copy.page), ko2);
  assert.equal(await copy.page.locator('[data-testid="tcompare-knockout"]:checked').count(), 5);
  assertClean(copy, 'copied link');
  await copy.close();

  // Back: the knock-outs come off one by one; "switch all back on" clears them.
  seq = await repaintSeq(page);
  await page.getByTestId('compare-knockout-clear').click();
  await waitForResult(page, { after: seq, knockout: '' });
  assert.deepEqual((await translations(page)).map((x) => x.text), before.out.map((x) => x.text));
  assert.ok(!/tko=/.test(page.url()));
  assertClean(app, 'knock-out');
}, { timeout: 150_000 });

test('translate compare: the link to the decoder-only Compare keeps the pair', async () => {
  const { page } = app;
  await page.getByTestId('tcompare-coref-link').click();
  await page.waitForFunction(() => document.querySelector('.app')?.getAttribute('data-architecture') === 'decoder', null, { timeout: 60_000 });
  await page.waitForFunction((sel) => Number(document.querySelector(sel)?.getAttribute('data-repainted') ?? '0') > 0 && !document.querySelector(sel)?.hasAttribute('data-architecture'), PANEL, { timeout: 60_000 });
  assert.equal(await page.getByTestId('compare-sentence-a').inputValue(), TIRED);
  assert.equal(await page.getByTestId('compare-sentence-b').inputValue(), NARROW_SENTENCE);
  assertClean(app, 'coref link');
  await app.close();
}, { timeout: 90_000 });

test('translate compare: 简体中文 with no English left, and 390 px wide nothing scrolls sideways (both languages)', async (env) => {
  const { en, zhCN } = await loadDictionaries();
  const m = matchersFor(en, zhCN);
  const zh = await openApp(env, { query: '?model=translate&view=compare&lang=zh-CN', locale: 'zh-CN', viewport: WIDE });
  await waitForResult(zh.page);
  await waitForPaintedCanvas(zh.page, 'compare-map-diff');
  await zh.page.waitForFunction(() => document.querySelectorAll('[data-testid="tcompare-readout-point"]').length > 0, null, { timeout: 60_000 });
  const text = await textOf(zh.page.locator(PANEL));
  for (const english of ['Compare two sentences', 'Sentence A', 'The two translations', 'Which decoder heads', 'switch off', 'linear read-out', 'causal mask']) {
    assert.ok(!text.includes(english), `English left in the 简体中文 view: ${english}`);
  }
  assert.ok(text.includes('翻译模型在哪里做出判断'));
  const problems = untranslated(await pageStrings(zh.page), m);
  assert.deepEqual(problems, [], `untranslated on the Chinese page:\n${problems.join('\n')}`);
  if (shipsCheckpoint('translate')) assert.match(await textOf(zh.page.getByTestId('compare-translation-a')), /“it” = animal/);
  // The decoder-only card in Chinese, with the same measured figures.
  await waitForDecoderCard(zh.page);
  const zhCard = await textOf(zh.page.getByTestId('tcompare-dec'));
  assert.ok(zhCard.includes('同一对句子交给只有解码器的模型') && zhCard.includes('下一个词'), zhCard.slice(0, 200));
  assert.equal(Number(await zh.page.getByTestId('tcompare-dec-it').getAttribute('data-max-l1')), 0);
  const zhWhy = await textOf(zh.page.getByTestId('tcompare-why-decoder'));
  console.log(`  # 段落（只有解码器的模型）：${zhWhy}`);
  assert.match(zhWhy, /相差 0.*相差 0：两句完全一样/);
  const zhProblems = untranslated(await pageStrings(zh.page), m);
  assert.deepEqual(zhProblems, [], `untranslated on the Chinese page:\n${zhProblems.join('\n')}`);
  await waitForPaintedCanvas(zh.page, 'tcompare-dec-map-diff');
  await elementScreenshot(zh.page.getByTestId('tcompare-dec'), 'translate-compare-decoder-zh-1440');
  await elementScreenshot(zh.page.locator(PANEL), 'translate-compare-zh-1440');
  assertClean(zh, '简体中文');
  await zh.close();

  for (const lang of ['en', 'zh-CN']) {
    const n = await openApp(env, { query: `?model=translate&view=compare&lang=${lang}`, viewport: NARROW });
    await waitForResult(n.page);
    for (const id of ['compare-map-a', 'compare-map-b', 'compare-map-diff']) {
      const s = await waitForPaintedCanvas(n.page, id);
      assert.ok(s.colours > 2, `${lang} 390: ${id} blank`);
      assert.ok(s.cssWidth <= NARROW.width, `${id} is ${s.cssWidth} px wide`);
    }
    await n.page.waitForFunction(() => document.querySelectorAll('[data-testid="tcompare-readout-point"]').length > 0, null, { timeout: 60_000 });
    await waitForDecoderCard(n.page);
    for (const id of ['tcompare-dec-map-a', 'tcompare-dec-map-b', 'tcompare-dec-map-diff']) {
      const s = await waitForPaintedCanvas(n.page, id);
      assert.ok(s.colours > 2, `${lang} 390: ${id} blank`);
      assert.ok(s.cssWidth <= NARROW.width, `${id} is ${s.cssWidth} px wide`);
    }
    await n.page.evaluate(() => {
      for (const p of document.querySelectorAll('.panel')) p.style.contentVisibility = 'visible';
    });
    // Measured once the layout has settled (sidewaysOverflow re-measures for up to 5 s).
    const wide = await sidewaysOverflow(n.page);
    assert.deepEqual(wide, [], `${lang} at 390 px: ${wide.join('; ')}`);
    await elementScreenshot(n.page.locator(PANEL), `translate-compare-390-${lang}`);
    await elementScreenshot(n.page.getByTestId('tcompare-dec'), `translate-compare-decoder-390-${lang}`);
    assertClean(n, `390 ${lang}`);
    await n.close();
  }
}, { timeout: 180_000 });
