// The model map and getting around, in the production build: the map of the shipped model has one
// live thumbnail per head (pixels differ between heads) and the output box agrees with the Output
// panel; a head's box shows that head in the Attention panel, an FFN box opens that step of the
// step-through, stepping moves the highlight; the section navigation and #links reach their panels;
// a copied deep link (…#stepper with its state) restores panel, sentence, token and step in a fresh
// context; the encoder–decoder draws its two stacks with cross-attention; training updates the map;
// at 390 × 844 the map is a strip and the page does not scroll sideways. Every test also fails on a
// request leaving the origin or a CSP violation (run.mjs).

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  ROOT,
  assertClean,
  elementScreenshot,
  openApp,
  screenshot,
  shipsCheckpoint,
  test,
  textOf,
  waitForBackend,
  waitForModel,
  waitForTrainingStep,
} from './lib.mjs';

const WIDE = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };
const TABLET = { width: 768, height: 1024 };

/** The shipped model's config (or the random stand-in's preset when none ships). */
function shippedConfig() {
  if (!shipsCheckpoint('coref')) return { nLayers: 2, nHeads: 4 };
  return JSON.parse(readFileSync(path.join(ROOT, 'public/models/coref/model.json'), 'utf8')).config;
}

/** Wait until the map's head thumbnails are painted; returns, per head, its place and pixel summary. */
async function mapThumbs(page, count, timeout = 20_000) {
  await page.waitForFunction(
    (n) => {
      const cs = [...document.querySelectorAll('[data-testid="map-head-thumb"]')];
      if (cs.length !== n) return false;
      return cs.every((c) => {
        if (!(c instanceof HTMLCanvasElement) || c.width === 0) return false;
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        for (let i = 4; i < d.length; i += 4) if (d[i] !== d[0] || d[i + 1] !== d[1] || d[i + 2] !== d[2]) return true;
        return false;
      });
    },
    count,
    { timeout },
  );
  return page.evaluate(() =>
    [...document.querySelectorAll('[data-testid="map-head-thumb"]')].map((c) => {
      const box = c.closest('[data-testid="map-box"]');
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      const colours = new Set();
      let hash = 0;
      for (let i = 0; i < d.length; i += 4) {
        const v = (d[i] << 16) | (d[i + 1] << 8) | d[i + 2];
        colours.add(v);
        hash = (Math.imul(hash, 31) + v + d[i + 3]) | 0;
      }
      const r = c.getBoundingClientRect();
      return {
        site: box?.getAttribute('data-site'),
        layer: Number(box?.getAttribute('data-layer')),
        head: Number(box?.getAttribute('data-head')),
        colours: colours.size,
        hash,
        cssWidth: r.width,
        cssHeight: r.height,
      };
    }),
  );
}

/** The id of the map box lit as the step-through's current step. */
async function currentBox(page) {
  return page.evaluate(() => document.querySelector('[data-testid="map-box"][data-current]')?.getAttribute('data-box') ?? null);
}

async function stepState(page) {
  return page.evaluate(() => {
    const p = document.querySelector('[data-testid="stepper-progress"]');
    const v = document.querySelector('[data-testid="step-view"]');
    return { index: Number(p?.getAttribute('data-index')), kind: v?.getAttribute('data-kind') ?? null, layer: Number(v?.getAttribute('data-layer')) };
  });
}

/** Whether the element's top is in the window (it was scrolled to). */
async function topInView(page, selector) {
  return page.evaluate((sel) => {
    const r = document.querySelector(sel)?.getBoundingClientRect();
    return !!r && r.top >= -2 && r.top < window.innerHeight * 0.5;
  }, selector);
}

async function waitInView(page, selector, timeout = 5_000) {
  await page.waitForFunction(
    (sel) => {
      const r = document.querySelector(sel)?.getBoundingClientRect();
      return !!r && r.top >= -2 && r.top < window.innerHeight * 0.5;
    },
    selector,
    { timeout },
  );
}

async function openWide(env, query = '') {
  const app = await openApp(env, { query, viewport: WIDE });
  await waitForBackend(app.page);
  await waitForModel(app.page);
  return app;
}

test('map: the shipped model is drawn from its config, one live thumbnail per head, pixels differ between heads', async (env) => {
  const config = shippedConfig();
  const app = await openWide(env);
  const { page } = app;
  const thumbs = await mapThumbs(page, config.nLayers * config.nHeads);
  // One per (layer, head), every one painted with several colours, no two alike.
  const places = thumbs.map((t) => `${t.site}.${t.layer}.${t.head}`).sort();
  const expected = [];
  for (let l = 0; l < config.nLayers; l++) for (let h = 0; h < config.nHeads; h++) expected.push(`decoder.${l}.${h}`);
  assert.deepEqual(places, expected.sort());
  for (const t of thumbs) {
    assert.ok(t.colours >= 3, `head L${t.layer} H${t.head} has ${t.colours} colours`);
    assert.ok(t.cssWidth >= 18 && t.cssHeight >= 18, `thumbnail ${t.cssWidth}×${t.cssHeight} px`);
  }
  assert.equal(new Set(thumbs.map((t) => t.hash)).size, thumbs.length, 'every head paints different pixels');

  // The shape of the source articles: tokens → embedding + positions → N × [masked MHA → add & norm → FFN → add & norm] → linear → softmax.
  const kinds = await page.$$eval('[data-testid="map-box"]', (els) => els.map((e) => e.getAttribute('data-kind')).filter((k) => k !== 'head'));
  const layer = ['attention', 'addNorm', 'ffn', 'addNorm'];
  assert.deepEqual(kinds, ['tokens', 'embedding', 'positional', ...Array.from({ length: config.nLayers }, () => layer).flat(), 'linear', 'softmax', 'output']);
  // Labels read layers from 1; every box is a keyboard-reachable button with a name.
  const frames = await page.$$eval('.map-frame text', (els) => els.map((e) => e.textContent));
  assert.deepEqual(frames, Array.from({ length: config.nLayers }, (_, i) => `layer ${i + 1}`));
  const buttons = await page.$$eval('[data-testid="map-box"]', (els) => els.map((e) => ({ role: e.getAttribute('role'), tab: e.getAttribute('tabindex'), name: e.getAttribute('aria-label') ?? '' })));
  for (const b of buttons) {
    assert.equal(b.role, 'button');
    assert.equal(b.tab, '0');
    assert.ok(b.name.length > 3, b.name);
  }
  assert.ok(buttons.some((b) => b.name.startsWith('layer 1 · masked multi-head attention · head 1')), buttons.map((b) => b.name).join('\n'));

  // The output box shows the same most likely next token as the Output panel (the last position).
  const bars = await page.$$eval('[data-testid="output-panel"] [data-testid="bar"]', (els) => els.map((e) => ({ label: e.getAttribute('data-label'), value: Number(e.getAttribute('data-value')) })));
  assert.ok(bars.length > 0, 'the Output panel has bars');
  const top = bars.reduce((a, b) => (b.value > a.value ? b : a));
  const shown = await textOf(page.getByTestId('map-output'));
  assert.ok(shown.includes(`“${top.label}”`), `map output ${shown} vs Output panel top ${top.label}`);

  // Hover and focus show the shapes with the real sizes.
  const T = (await page.$$('[data-testid="token-chip"]')).length;
  await page.locator('[data-box="decoder.L0.ffn"]').hover();
  const info = await textOf(page.getByTestId('map-info'));
  assert.ok(info.includes(`[T × d_model] = [${T} × ${config.dModel ?? 64}]`) && info.includes('d_ff'), info);
  await page.locator('[data-box="decoder.L0.decoder.h0"]').hover();
  const title = await textOf(page.getByTestId('map-info'));
  assert.ok(title.includes(`[T × T] = [${T} × ${T}]`), title);
  await page.locator('[data-box="decoder.L0.addNorm.ffn"]').focus();
  assert.ok((await textOf(page.getByTestId('map-info'))).includes('add & norm'));

  await elementScreenshot(page.getByTestId('map-dock'), 'map-dock-1440');
  await screenshot(page, 'map-1440');
  assertClean(app, 'map');
  await app.close();
}, { timeout: 60_000 });

test('map: a head box shows that head in the Attention panel (click and keyboard); an FFN box opens its step; stepping moves the highlight', async (env) => {
  const config = shippedConfig();
  const app = await openWide(env);
  const { page } = app;
  await mapThumbs(page, config.nLayers * config.nHeads);
  const lastLayer = config.nLayers - 1;
  const lastHead = config.nHeads - 1;

  // Click: the last head of the last layer.
  await page.locator(`[data-box="decoder.L${lastLayer}.decoder.h${lastHead}"]`).click();
  await page.waitForFunction(
    ({ l, h }) =>
      document.querySelector('[data-testid="layer-select"]')?.value === String(l) && document.querySelector('[data-testid="head-select"]')?.value === String(h),
    { l: lastLayer, h: lastHead },
  );
  await waitInView(page, '#attention');
  assert.equal(await page.locator(`[data-box="decoder.L${lastLayer}.decoder.h${lastHead}"]`).getAttribute('data-chosen'), 'true');
  let url = new URL(page.url());
  assert.equal(url.hash, '#attention');
  assert.equal(url.searchParams.get('alayer'), String(lastLayer));
  assert.equal(url.searchParams.get('ahead'), String(lastHead));
  // The Attention panel's large map is that head's map: the grid thumbnail of that head is marked.
  const pressed = await page.$$eval('[data-testid="head-grid"] [aria-pressed="true"]', (els) => els.map((e) => e.getAttribute('aria-label')));
  assert.deepEqual(pressed, [`layer ${lastLayer + 1}, head ${lastHead + 1}`]);

  // Keyboard: Tab reaches the boxes, Enter presses one (the first head of the first layer).
  const first = page.locator('[data-box="decoder.L0.decoder.h0"]');
  await first.focus();
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-box')), 'decoder.L0.decoder.h0');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-box')), 'decoder.L0.decoder.h1');
  // The focused box is visibly marked (its outline is drawn thicker and darker than at rest).
  const ring = await page.evaluate(() => getComputedStyle(document.activeElement.querySelector('.map-rect')).strokeWidth);
  assert.equal(ring, '3px');
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('[data-testid="layer-select"]')?.value === '0' && document.querySelector('[data-testid="head-select"]')?.value === '0');

  // The FFN box of the last layer opens the step-through at that layer's first FFN step.
  await page.locator(`[data-box="decoder.L${lastLayer}.ffn"]`).click();
  await page.waitForFunction((l) => {
    const v = document.querySelector('[data-testid="step-view"]');
    return v?.getAttribute('data-kind') === 'ffnW1' && v?.getAttribute('data-layer') === String(l);
  }, lastLayer);
  await waitInView(page, '#stepper');
  assert.equal(await currentBox(page), `decoder.L${lastLayer}.ffn`);
  // Far down the page, the map is still in view (the side column stays on screen).
  const dock = await page.getByTestId('model-map').boundingBox();
  assert.ok(dock && dock.y >= 0 && dock.y < WIDE.height / 2, `map at y ${dock?.y}`);
  url = new URL(page.url());
  assert.equal(url.hash, '#stepper');
  const ffnStep = (await stepState(page)).index;
  assert.equal(url.searchParams.get('step'), String(ffnStep));

  // Stepping: W₁ → ReLU → W₂ stay in the FFN box, the residual + norm lights the add & norm box, Back returns.
  for (const kind of ['relu', 'ffnW2']) {
    await page.getByTestId('stepper-next').click();
    await page.waitForFunction((k) => document.querySelector('[data-testid="step-view"]')?.getAttribute('data-kind') === k, kind);
    assert.equal(await currentBox(page), `decoder.L${lastLayer}.ffn`);
  }
  await page.getByTestId('stepper-next').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="step-view"]')?.getAttribute('data-kind') === 'addNorm2');
  assert.equal(await currentBox(page), `decoder.L${lastLayer}.addNorm.ffn`);
  await page.getByTestId('stepper-next').click();
  assert.equal(await currentBox(page), 'decoder.linear');
  await page.getByTestId('stepper-select').selectOption('0');
  await page.waitForFunction(() => document.querySelector('[data-testid="step-view"]')?.getAttribute('data-kind') === 'lookup');
  assert.equal(await currentBox(page), 'decoder.embedding');
  // The add & norm box after attention in layer 1 opens its step.
  await page.locator('[data-box="decoder.L0.addNorm.decoder"]').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="step-view"]')?.getAttribute('data-kind') === 'addNorm1');
  assert.equal(await currentBox(page), 'decoder.L0.addNorm.decoder');
  await elementScreenshot(page.getByTestId('map-dock'), 'map-dock-stepping');
  assertClean(app, 'map clicks');
  await app.close();
}, { timeout: 60_000 });

test('getting around: the section navigation reaches every panel, names it in both languages, and #links survive a reload', async (env) => {
  const app = await openWide(env);
  const { page } = app;
  await mapThumbs(page, shippedConfig().nLayers * shippedConfig().nHeads);
  const links = await page.$$eval('[data-testid="section-nav"] a', (els) => els.map((e) => ({ href: e.getAttribute('href'), text: e.textContent })));
  assert.deepEqual(
    links.map((l) => l.href),
    ['#sentence', '#tokens', '#embeddings', '#positional', '#attention', '#stepper', '#output', '#training', '#live-attention', '#compare'],
  );
  for (const id of ['compare', 'output', 'attention', 'tokens']) {
    await page.locator(`[data-testid="section-nav"] a[href="#${id}"]`).click();
    await waitInView(page, `#${id}`);
    assert.equal(new URL(page.url()).hash, `#${id}`);
    await page.waitForFunction((h) => document.querySelector(`[data-testid="section-nav"] a[aria-current]`)?.getAttribute('href') === h, `#${id}`);
  }
  // Back returns to the section before.
  await page.goBack();
  await page.waitForFunction(() => window.location.hash === '#attention');
  await waitInView(page, '#attention');
  // A reload keeps the section.
  await page.reload();
  await waitForModel(page);
  await waitInView(page, '#attention', 15_000);
  assert.ok(await topInView(page, '#attention'));

  // In Chinese the navigation names the panels in Chinese.
  await page.getByTestId('lang-switch').selectOption('zh-CN');
  const zh = await page.$$eval('[data-testid="section-nav"] a', (els) => els.map((e) => e.textContent));
  assert.deepEqual(zh, ['句子', '词元', '词嵌入', '位置编码', '注意力', '逐步演示', '输出', '训练', '注意力头的形成', '比较']);
  assert.ok((await page.$$eval('.map-frame text', (els) => els.map((e) => e.textContent))).every((s, i) => s === `第 ${i + 1} 层`));
  const headName = await page.locator('[data-box="decoder.L0.decoder.h0"]').getAttribute('aria-label');
  assert.ok(headName.startsWith('第 1 层 · 带掩码的多头注意力 · 第 1 头'), headName);
  assertClean(app, 'navigation');
  await app.close();
}, { timeout: 60_000 });

test('deep link: a copied …#stepper link restores panel, sentence, token and step in a fresh context', async (env) => {
  const app = await openWide(env);
  const { page } = app;
  await app.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.origin });
  await mapThumbs(page, shippedConfig().nLayers * shippedConfig().nHeads);
  const SENTENCE = 'the dog didn\'t cross the road because it was too wide . it refers to the';
  await page.getByTestId('sentence-input').fill(SENTENCE);
  await page.waitForFunction((s) => new URL(window.location.href).searchParams.get('text') === s, SENTENCE);
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="token-chip"] .token-text')].some((e) => e.textContent === 'wide'));
  // The Attention panel: layer 2, head 3, the scaled scores (through its own controls).
  await page.getByTestId('layer-select').selectOption('1');
  await page.getByTestId('head-select').selectOption('2');
  await page.getByTestId('stage-select').selectOption('scaled');
  // Open the step-through from the map (the FFN of layer 1), then pick token 3 and step twice.
  await page.locator('[data-box="decoder.L0.ffn"]').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="step-view"]')?.getAttribute('data-kind') === 'ffnW1');
  await page.getByTestId('stepper-token').nth(3).click();
  await page.getByTestId('stepper-next').click();
  await page.getByTestId('stepper-next').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="step-view"]')?.getAttribute('data-kind') === 'ffnW2' || document.querySelector('[data-testid="step-view"]')?.getAttribute('data-kind') === 'addNorm2');
  const before = await stepState(page);
  const token = await page.$$eval('[data-testid="stepper-token"]', (els) => els.findIndex((e) => e.getAttribute('aria-pressed') === 'true'));
  assert.equal(token, 3);
  const lit = await currentBox(page);
  // "Copy link" copies the address of the section in view, with the page's state.
  await page.getByTestId('copy-link').click();
  await page.getByText('Link copied.').waitFor();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  const url = new URL(copied);
  assert.equal(url.hash, '#stepper');
  assert.equal(url.searchParams.get('text'), SENTENCE);
  assert.equal(url.searchParams.get('tok'), '3');
  assert.equal(url.searchParams.get('step'), String(before.index));
  assert.deepEqual([url.searchParams.get('alayer'), url.searchParams.get('ahead'), url.searchParams.get('astage')], ['1', '2', 'scaled']);
  assert.equal(copied, page.url());
  assertClean(app, 'before the link');
  await app.close();

  // A fresh context (no storage, no history) opens the link.
  const fresh = await openApp(env, { query: `${url.search}${url.hash}`, viewport: WIDE });
  const p2 = fresh.page;
  await waitForModel(p2);
  assert.equal(await p2.getByTestId('sentence-input').inputValue(), SENTENCE);
  await p2.waitForFunction((i) => document.querySelector('[data-testid="stepper-progress"]')?.getAttribute('data-index') === String(i), before.index, { timeout: 20_000 });
  const after = await stepState(p2);
  assert.deepEqual(after, before);
  const token2 = await p2.$$eval('[data-testid="stepper-token"]', (els) => els.findIndex((e) => e.getAttribute('aria-pressed') === 'true'));
  assert.equal(token2, 3);
  await waitInView(p2, '#stepper', 15_000);
  assert.equal(await currentBox(p2), lit);
  assert.ok((await textOf(p2.locator('.stepper-following'))).includes('position 3'));
  assert.equal(await p2.getByTestId('layer-select').inputValue(), '1');
  assert.equal(await p2.getByTestId('head-select').inputValue(), '2');
  assert.equal(await p2.getByTestId('stage-select').inputValue(), 'scaled');
  assert.equal(await p2.locator('[data-box="decoder.L1.decoder.h2"]').getAttribute('data-chosen'), 'true');
  await screenshot(p2, 'map-deep-link');
  assertClean(fresh, 'deep link');
  await fresh.close();
}, { timeout: 90_000 });

test('map: the encoder–decoder draws both stacks, M into every cross-attention, rectangular cross-attention thumbnails', async (env) => {
  const app = await openWide(env, '?model=translate');
  const { page } = app;
  await page.waitForFunction(() => document.querySelector('[data-testid="model-map"]')?.getAttribute('data-architecture') === 'encoder-decoder', null, { timeout: 30_000 });
  const config = await page.evaluate(() => {
    const boxes = [...document.querySelectorAll('[data-testid="map-box"]')];
    const count = (pred) => boxes.filter(pred).length;
    return {
      encoderLayers: count((b) => b.getAttribute('data-kind') === 'ffn' && b.getAttribute('data-box').startsWith('encoder.')),
      decoderLayers: count((b) => b.getAttribute('data-kind') === 'ffn' && b.getAttribute('data-box').startsWith('decoder.')),
      heads: count((b) => b.getAttribute('data-box') === 'encoder.L0.encoder' ? false : b.getAttribute('data-box').startsWith('encoder.L0.encoder.h')),
    };
  });
  assert.ok(config.encoderLayers >= 1 && config.decoderLayers >= 1 && config.heads >= 1, JSON.stringify(config));
  const thumbs = await mapThumbs(page, config.heads * (config.encoderLayers + 2 * config.decoderLayers), 30_000);
  const bySite = (s) => thumbs.filter((t) => t.site === s);
  assert.equal(bySite('encoder').length, config.heads * config.encoderLayers);
  assert.equal(bySite('decoder-self').length, config.heads * config.decoderLayers);
  assert.equal(bySite('cross').length, config.heads * config.decoderLayers);
  // Cross-attention is target rows × source columns: its thumbnails have the decoder's rows and the source's columns.
  const S = (await page.$$('[data-testid="stepper-source-token"]')).length;
  const T = (await page.$$('[data-testid="stepper-token"]')).length;
  assert.ok(S > 0 && T > 0);
  for (const t of bySite('cross')) assert.ok(Math.abs(t.cssWidth / t.cssHeight - S / T) < 0.15, `cross ${t.cssWidth}×${t.cssHeight} vs S ${S} × T ${T}`);
  assert.equal(await page.locator('.map-edge.cross').count(), config.decoderLayers);
  assert.equal(await page.locator('[data-box="encoder.memory"]').count(), 1);
  // An encoder box opens the step-through on the source side.
  await page.locator('[data-box="encoder.L0.ffn"]').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="step-view"]')?.getAttribute('data-kind') === 'ffnW1');
  assert.equal(await currentBox(page), 'encoder.L0.ffn');
  assert.equal((await stepState(page)).layer, 0);
  assert.ok((await page.$$eval('[data-testid="stepper-source-token"]', (els) => els.filter((e) => e.getAttribute('aria-pressed') === 'true').length)) === 1);
  // And back to the decoder: its last layer's FFN, on the target side.
  const last = config.decoderLayers - 1;
  await page.locator(`[data-box="decoder.L${last}.ffn"]`).click();
  await page.waitForFunction((l) => {
    const v = document.querySelector('[data-testid="step-view"]');
    return v?.getAttribute('data-kind') === 'ffnW1' && v?.getAttribute('data-layer') === String(l) && !!document.querySelector('[data-testid="stepper-token"][aria-pressed="true"]');
  }, last);
  assert.equal(await currentBox(page), `decoder.L${last}.ffn`);
  // An encoder attention box opens its first step (Q, K, V) in that layer.
  const encLast = config.encoderLayers - 1;
  await page.locator(`[data-box="encoder.L${encLast}.encoder"]`).click();
  await page.waitForFunction((l) => {
    const v = document.querySelector('[data-testid="step-view"]');
    return v?.getAttribute('data-kind') === 'qkv' && v?.getAttribute('data-layer') === String(l);
  }, encLast);
  assert.equal(await currentBox(page), `encoder.L${encLast}.encoder`);
  // A cross-attention head opens that site in the Attention panel.
  await page.locator('[data-box="decoder.L0.cross.h1"]').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="site-cross"]')?.getAttribute('aria-pressed') === 'true' && document.querySelector('[data-testid="head-select"]')?.value === '1');
  await elementScreenshot(page.getByTestId('map-dock'), 'map-dock-translate-1440');
  assertClean(app, 'encoder–decoder map');
  await app.close();
}, { timeout: 90_000 });

test('map: while training, the thumbnails follow the model', async (env) => {
  const config = shippedConfig();
  const app = await openWide(env, '?backend=wasm');
  const { page } = app;
  const before = await mapThumbs(page, config.nLayers * config.nHeads);
  await page.getByTestId('train-start').click();
  await waitForTrainingStep(page, 3, 30_000);
  await page.waitForFunction(
    (hashes) =>
      [...document.querySelectorAll('[data-testid="map-head-thumb"]')].some((c, i) => {
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let h = 0;
        for (let j = 0; j < d.length; j += 4) h = (Math.imul(h, 31) + ((d[j] << 16) | (d[j + 1] << 8) | d[j + 2]) + d[j + 3]) | 0;
        return h !== hashes[i];
      }),
    before.map((t) => t.hash),
    { timeout: 30_000 },
  );
  await page.getByTestId('train-pause').click();
  assertClean(app, 'training');
  await app.close();
}, { timeout: 90_000 });

test('map: at 390 × 844 (and 768 × 1024) the map is a strip inside its own box, and the page does not scroll sideways', async (env) => {
  for (const [query, viewport] of [['', PHONE], ['?model=translate', PHONE], ['', TABLET]]) {
    const app = await openApp(env, { query, viewport });
    const { page } = app;
    await waitForModel(page);
    await page.waitForFunction(() => document.querySelector('[data-testid="model-map"]')?.getAttribute('data-orientation') === 'strip', null, { timeout: 30_000 });
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="map-head-thumb"]').length > 0, null, { timeout: 30_000 });
    await page.waitForTimeout(500);
    const strip = await page.evaluate(() => {
      const scroller = document.querySelector('.model-map-scroll');
      const r = scroller.getBoundingClientRect();
      return { left: r.left, right: r.right, scrollWidth: scroller.scrollWidth, clientWidth: scroller.clientWidth };
    });
    assert.ok(strip.left >= 0 && strip.right <= viewport.width, `strip box ${strip.left}…${strip.right}`);
    if (viewport === PHONE) assert.ok(strip.scrollWidth > strip.clientWidth, 'the strip scrolls inside its own box');
    if (viewport === TABLET) await screenshot(page, 'map-768');
    else if (!query) await screenshot(page, 'map-390');
    else await elementScreenshot(page.getByTestId('map-dock'), 'map-dock-translate-390');
    // With every panel rendered (panels out of view skip layout), the page is no wider than the window.
    const overflow = await page.evaluate(() => {
      for (const el of document.querySelectorAll('.panel')) el.style.contentVisibility = 'visible';
      // Elements past the right edge that no box of their own clips (a figure that scrolls inside
      // its own box is fine).
      const clipped = (el) => {
        for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
          const ox = getComputedStyle(a).overflowX;
          if ((ox === 'auto' || ox === 'scroll' || ox === 'hidden' || ox === 'clip') && a.getBoundingClientRect().right <= window.innerWidth + 0.5) return true;
        }
        return false;
      };
      const wide = [];
      for (const el of document.querySelectorAll('body *')) {
        const r = el.getBoundingClientRect();
        if (r.right > window.innerWidth + 0.5 && r.width > 0 && !clipped(el)) wide.push(`${el.tagName.toLowerCase()}.${String(el.className?.baseVal ?? el.className).split(' ')[0]} → ${Math.round(r.right)}`);
      }
      const out = { scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, wide: wide.slice(0, 8), count: wide.length };
      for (const el of document.querySelectorAll('.panel')) el.style.contentVisibility = '';
      return out;
    });
    console.log(`  # ${viewport.width} px ${query || '(coref)'}: scrollWidth ${overflow.scrollWidth}, innerWidth ${overflow.innerWidth}, ${overflow.count} elements reach past the edge ${overflow.wide.join(', ')}`);
    assert.ok(overflow.scrollWidth <= overflow.innerWidth, `the page scrolls sideways by ${overflow.scrollWidth - overflow.innerWidth} px: ${overflow.wide.join(', ')}`);
    assertClean(app, `${viewport.width} px ${query}`);
    await app.close();
  }
}, { timeout: 90_000 });
