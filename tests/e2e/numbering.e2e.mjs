// One numbering of layers and heads, in the production build, for both models and both languages:
// every label a person reads (page text, aria-labels, titles and hover lines, select options) that
// names a layer or a head uses the convention of src/app/labels.ts — "layer 1", "head 1",
// "layer 1, head 1", "L1 H1"; 第 1 层, 第 1 头, 第 1 层 第 1 头, 1层1头 — and none says layer/head 0;
// exported file names count from 1 too; the same head has the same name in the Attention panel and in
// Compare; the step-through's head joins the URL (`shead`, 0-based like every index in the URL).
// Scanned: the main page with every panel (map with its hover lines, Attention with the heads grid,
// the step-through at an attention step, the training panel's heads grid) and the Compare view.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, assertClean, openApp, shipsCheckpoint, test, textOf, waitForModel, waitForPaintedCanvas } from './lib.mjs';

const WIDE = { width: 1440, height: 900 };

/** The layers and heads of a model (its shipped checkpoint, else the stand-in's preset). */
function modelShape(model) {
  const fallback = model === 'translate' ? { nLayers: 2, nHeads: 4 } : { nLayers: 2, nHeads: 4 };
  if (!shipsCheckpoint(model)) return fallback;
  const { config } = JSON.parse(readFileSync(path.join(ROOT, `public/models/${model}/model.json`), 'utf8'));
  return { nLayers: config.nLayers, nHeads: config.nHeads };
}

// ------------------------------------------------------------------------------------ the convention

/** A number people read: 1, 2, … (never 0, never a leading 0). */
const N = '[1-9]\\d*';
/** What each mention of a layer or head must look like, once found. */
const FORMS = {
  word: new RegExp(`^(?:[Ll]ayer ${N}|head ${N})$`),
  short: new RegExp(`^L${N} H${N}$`),
  zhWord: new RegExp(`^第 ${N} [层头]$`),
  zhShort: new RegExp(`^${N}层${N}头$`),
};
/** Finders of mentions (a number right after a layer or head word, or the short forms). */
const FINDERS = [
  // "layer 2", "head 0", "Head1", "layer #3" (not "head 0.53": a number cell after a column header).
  { re: /\b(?:layers?|heads?)\s*#?\s*\d+(?![.\d])/gi, form: 'word' },
  // "L1 H2", "L0H0", "L1 · H2" (not the L1 distance: an H must follow).
  { re: /\bL\d+\s*·?\s*H\d+\b/g, form: 'short' },
  // 第 1 层, 第1头, 第 1 个头
  { re: /第\s*\d+\s*(?:个\s*)?[层头]/g, form: 'zhWord' },
  // 1层2头, 1 层 2 头 (a count like "2 层 × 4 个头" has something else between)
  { re: /\d+\s*层\s*\d+\s*头/g, form: 'zhShort' },
];
/** Forms that are not the convention even though their pieces might be. */
const FORBIDDEN = [
  { re: /\b[LH]0\b/, why: 'L0 / H0' },
  { re: /\blayer \d+ · head \d+/i, why: '"layer N · head N" (the long form is "layer N, head N")' },
  { re: /\blayer \d+ head \d+/i, why: '"layer N head N" without the comma' },
  { re: /第\s*\d+\s*层\s*头\s*\d+/, why: '第N层 头N' },
  { re: /(?<![\d.])0\s*[层头]/, why: '0层 / 0头' },
];

/** Every mention of a layer or head in `strings` that breaks the convention, and how many were seen. */
function scan(strings) {
  const bad = [];
  let seen = 0;
  for (const s of strings) {
    for (const { re, form } of FINDERS) {
      for (const m of s.matchAll(re)) {
        seen++;
        if (!FORMS[form].test(m[0])) bad.push(`"${m[0]}" (not ${form}) in: ${s.slice(Math.max(0, m.index - 60), m.index + 60)}`);
      }
    }
    for (const { re, why } of FORBIDDEN) {
      const m = re.exec(s);
      if (m) bad.push(`${why}: "${m[0]}" in: ${s.slice(Math.max(0, m.index - 60), m.index + 60)}`);
    }
  }
  return { bad, seen };
}

/** What the page says: its text (every panel, also those not drawn yet) and the attributes people read. */
async function pageStrings(page) {
  const text = await textOf(page.locator('body'));
  const attrs = await page.evaluate(() => {
    const out = [];
    for (const el of document.querySelectorAll('*')) {
      for (const a of ['aria-label', 'title', 'alt', 'placeholder', 'aria-valuetext', 'aria-roledescription']) {
        const v = el.getAttribute(a);
        if (v) out.push(v);
      }
    }
    return out;
  });
  return [text, ...attrs];
}

/** The exported files' names (ASCII, counted from 1). */
async function exportNames(page) {
  return page.$$eval('[data-file]', (els) => els.map((e) => e.getAttribute('data-file') ?? ''));
}

function assertConvention(strings, label, minSeen) {
  const { bad, seen } = scan(strings);
  assert.deepEqual(bad, [], `${label}: labels off the convention`);
  assert.ok(seen >= minSeen, `${label}: only ${seen} layer/head labels found (expected at least ${minSeen})`);
  return seen;
}

// ------------------------------------------------------------------------------------ page helpers

/** Main page ready: model, Attention panel's Q/K/V, step view, map and heads grid drawn. */
async function waitForMainPage(page, { nLayers, nHeads }) {
  await waitForModel(page);
  await page.waitForFunction(
    (n) =>
      document.querySelectorAll('[data-testid="map-head-thumb"]').length >= n &&
      !!document.querySelector('[data-testid="step-view"]') &&
      document.querySelectorAll('[data-testid="head-grid"] [aria-pressed]').length >= n &&
      document.querySelectorAll('[data-testid^="live-head-"]').length >= n,
    nLayers * nHeads,
    { timeout: 60_000 },
  );
}

/** Goes to the step-through's last softmax step of layer 2 (an attention step, per head). */
async function openAttentionStep(page) {
  const options = await page.$$eval('[data-testid="stepper-select"] option', (els) => els.map((e) => ({ value: e.value, text: e.textContent ?? '' })));
  const softmax = options.filter((o) => / L2 · Softmax/.test(o.text));
  assert.ok(softmax.length > 0, `no softmax step of layer 2 among ${options.map((o) => o.text).join(' | ')}`);
  const pick = softmax[softmax.length - 1];
  await page.getByTestId('stepper-select').selectOption(pick.value);
  await page.waitForFunction(() => document.querySelector('[data-testid="step-view"]')?.getAttribute('data-kind') === 'softmax');
  return Number(pick.value);
}

/** The "layer N, head N" (or 第 N 层 第 N 头) label in an element's text; asserts there is one. */
async function headNameIn(locator, lang) {
  const text = await textOf(locator);
  const re = lang === 'en' ? new RegExp(`layer ${N}, head ${N}`) : new RegExp(`第 ${N} 层 第 ${N} 头`);
  const m = re.exec(text);
  assert.ok(m, `no head label in: ${text.slice(0, 300)}`);
  return m[0];
}

/** The Attention panel's heading over Q, K and V, which names the selected head. */
function qkvHeading(page) {
  return page.locator('[data-testid="attention-panel"] h3', { hasText: /Q/ }).filter({ hasText: /layer|层/ });
}

async function switchLanguage(page, lang) {
  await page.getByTestId('lang-switch').selectOption(lang);
  await page.waitForFunction((l) => document.documentElement.lang === l, lang);
}

// ------------------------------------------------------------------------------------ the tests

for (const model of ['coref', 'translate']) {
  const modelQuery = model === 'translate' ? 'model=translate&' : '';
  const shape = modelShape(model);
  const heads = shape.nLayers * shape.nHeads;

  test(`numbering (${model}): every panel of the main page names layers and heads from 1, in English and Chinese; the step-through's head is in the URL`, async (env) => {
    // Layer 2, head 3 in the Attention panel (cross-attention for the translation model), head 2 in the step-through.
    const site = model === 'translate' ? 'site=cross&' : '';
    const app = await openApp(env, { query: `?${modelQuery}${site}alayer=1&ahead=2&shead=1`, viewport: WIDE });
    const { page } = app;
    await waitForMainPage(page, shape);
    const step = await openAttentionStep(page);

    // The step-through shows the head the URL named (shead=1 → "head 2"), and a new choice joins the URL.
    assert.match(await textOf(page.locator('.step-where')), /· head 2$/);
    await page.getByTestId('stepper-head').selectOption('2');
    await page.waitForFunction(() => new URL(window.location.href).searchParams.get('shead') === '2');
    assert.match(await textOf(page.locator('.step-where')), /· head 3$/);
    assert.equal(new URL(page.url()).searchParams.get('step'), String(step));
    // Its matrices name the head the same way.
    assert.ok((await textOf(page.getByTestId('step-view'))).includes('(head 3)'), 'the step matrices name head 3');

    // A hover line of the map (a head's box) is read too: its title attribute.
    const en = await pageStrings(page);
    const seenEn = assertConvention(en, `${model}, English`, 2 * heads);
    const all = en.join('\n');
    for (const expected of ['layer 2, head 3', 'L1 H1', `L${shape.nLayers} H${shape.nHeads}`, 'layer 1', 'head 1']) {
      assert.ok(all.includes(expected), `${model}, English: "${expected}" appears`);
    }
    const attentionName = await headNameIn(qkvHeading(page), 'en');
    assert.equal(attentionName, 'layer 2, head 3');
    // Export file names count from 1 as well (layer2-head3 for the Attention panel's head).
    const files = await exportNames(page);
    assert.ok(files.some((f) => f.includes('layer2-head3')), files.join(', '));
    assert.ok(files.some((f) => /^step-\d+-layer2-head3-softmax$/.test(f)), files.join(', '));
    assert.ok(files.every((f) => !/layer0|head0/.test(f)), files.join(', '));

    await switchLanguage(page, 'zh-CN');
    await page.waitForFunction(() => /第 \d+ 层/.test(document.querySelector('[data-testid="attention-panel"]')?.textContent ?? ''));
    const zh = await pageStrings(page);
    const seenZh = assertConvention(zh, `${model}, Chinese`, 2 * heads);
    const allZh = zh.join('\n');
    for (const expected of ['第 2 层 第 3 头', '1层1头', '第 1 层', '第 1 头']) {
      assert.ok(allZh.includes(expected), `${model}, Chinese: "${expected}" appears`);
    }
    assert.equal(await headNameIn(qkvHeading(page), 'zh-CN'), '第 2 层 第 3 头');
    assert.match(await textOf(page.locator('.step-where')), /· 第 3 头$/);
    console.log(`  # ${model}: ${seenEn} English and ${seenZh} Chinese layer/head labels, all on the convention`);
    assertClean(app, `${model} main page`);
    await app.close();
  }, { timeout: 120_000 });

  test(`numbering (${model}): Compare names layers and heads from 1, and a head as the Attention panel does`, async (env) => {
    const site = model === 'translate' ? 'site=cross&' : '';
    const app = await openApp(env, { query: `?${modelQuery}view=compare&${site}layer=1&head=2`, viewport: WIDE });
    const { page } = app;
    // The name the Attention panel gives this head (its own page, the same indices).
    const named = model === 'translate' ? '[data-testid="tcompare-rowmaps"]' : '.compare-map.side-a figcaption';
    if (model === 'translate') {
      await page.waitForFunction(() => {
        const el = document.querySelector('[data-testid="compare-panel"]');
        return el?.getAttribute('data-architecture') === 'encoder-decoder' && Number(el.getAttribute('data-repainted') ?? '0') > 0;
      }, null, { timeout: 90_000 });
    } else {
      await waitForPaintedCanvas(page, 'compare-map-a', 60_000);
      await page.getByTestId('compare-attr-grid').waitFor({ timeout: 60_000 });
    }
    await page.locator(named).first().waitFor();
    const en = await pageStrings(page);
    const seenEn = assertConvention(en, `${model} Compare, English`, heads);
    const compareName = await headNameIn(page.locator(named).first(), 'en');
    assert.equal(compareName, 'layer 2, head 3', 'Compare names layer index 1, head index 2 as the Attention panel does');
    assert.equal(await page.$eval('[data-testid="compare-layer"]', (s) => s.selectedOptions[0].textContent), 'layer 2');
    assert.equal(await page.$eval('[data-testid="compare-head"]', (s) => s.selectedOptions[0].textContent), 'head 3');

    await switchLanguage(page, 'zh-CN');
    await page.waitForFunction((sel) => /第 \d+ 层/.test(document.querySelector(sel)?.textContent ?? ''), named);
    const zh = await pageStrings(page);
    const seenZh = assertConvention(zh, `${model} Compare, Chinese`, heads);
    assert.equal(await headNameIn(page.locator(named).first(), 'zh-CN'), '第 2 层 第 3 头');
    console.log(`  # ${model} Compare: ${seenEn} English and ${seenZh} Chinese layer/head labels, all on the convention`);
    assertClean(app, `${model} Compare`);
    await app.close();
  }, { timeout: 150_000 });
}

test('numbering: the scan itself finds what is off the convention', async () => {
  // The scanner is what the tests above trust: it must flag each old form and pass the current ones.
  for (const s of ['layer 1 · head 0', 'L0 H0', 'head 0', 'layer 1 head 1', '第1层 头1', '第 1 个头', '0层1头', 'Head1', 'L1H2']) {
    assert.ok(scan([s]).bad.length > 0, `not flagged: ${s}`);
  }
  const good = ['layer 1, head 1', 'Layer 2 of 2', 'L1 H1', '第 1 层 第 1 头', '1层1头', 'the L1 distance', 'head 0.53', '2 层 × 4 个头'];
  assert.deepEqual(scan(good).bad, []);
});
