// Accessibility of the production build (docs/accessibility.md):
// - axe-core (from the npm registry) run inside the page on the main page of both models with every
//   panel rendered, on both Compare views and on the page while training: no violation of impact
//   serious or critical. axe's source is evaluated through Playwright (the DevTools protocol), which
//   the page's Content-Security-Policy does not govern; the CSP stays on and every test still fails
//   on a violation (run.mjs);
// - the text alternative of a heatmap (a hidden table) holds the trace's labels and numbers, and the
//   heatmap's read-out moves with the arrow keys;
// - Tab reaches every kind of control, each with a visible focus ring (computed style);
// - at 390 × 844 and 768 × 1024 nothing reaches past the edge, and on phones every control is a touch
//   target of at least 32 px. Screenshots at 390, 768 and 1440 px.

import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import {
  SCREENSHOTS,
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
  await screenshot(page, 'a11y-coref-1440');
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

// ---------------------------------------------------------------- text alternatives

/** The hidden table of a heatmap: column labels, and per row its label and cell texts. */
async function readAltTable(page, testId) {
  return page.evaluate((id) => {
    const t = document.querySelector(`[data-testid="${id}"]`);
    if (!t) return null;
    const head = [...t.querySelectorAll('thead th')].map((th) => th.textContent ?? '');
    const rows = [...t.querySelectorAll('tbody tr')].map((tr) => ({
      label: tr.querySelector('th')?.textContent ?? '',
      cells: [...tr.querySelectorAll('td')].map((td) => td.textContent ?? ''),
    }));
    const box = t.parentElement.getBoundingClientRect();
    return { caption: t.querySelector('caption')?.textContent ?? '', head, rows, hiddenBox: [box.width, box.height] };
  }, testId);
}

const num = (s) => Number(s.replace('−', '-'));

test('text alternative: the attention heatmap has a hidden table whose labels and numbers are the trace', async (env) => {
  const app = await openApp(env, { query: '?backend=wasm&bench', viewport: WIDE });
  const { page } = app;
  await waitForBackend(page);
  await waitForModel(page);
  await page.getByTestId('attention-heatmap').waitFor({ timeout: 30_000 });
  // Layer 2, head 3, so that the table is not simply the first head's (option values from 0).
  await page.getByTestId('layer-select').selectOption('1');
  await page.getByTestId('head-select').selectOption('2');
  await page.waitForTimeout(300);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="attention-heatmap-table"] tbody tr').length > 0, null, { timeout: 30_000 });
  const table = await readAltTable(page, 'attention-heatmap-table');
  const sentence = await page.getByTestId('sentence-input').inputValue();
  const truth = await page.evaluate(async (text) => {
    const r = await window.__trainingBench.call('trace', { text });
    const w = r.trace.layers[1].weights[2];
    return { tokens: r.tokens, rows: w.rows, cols: w.cols, data: Array.from(w.data) };
  }, sentence);
  // Visually hidden (a 1-px box), but in the accessibility tree with a caption.
  assert.ok(table.hiddenBox[0] <= 1 && table.hiddenBox[1] <= 1, `hidden box ${table.hiddenBox}`);
  assert.ok(table.caption.length > 0);
  assert.equal(table.rows.length, truth.rows);
  // The selected token's labels carry the page's ▶ mark (markSelected), as on the figure.
  const plain = (l) => l.replace(/^▶ /, '');
  assert.deepEqual(table.head.slice(1).map(plain), truth.tokens, 'column headers are the tokens');
  assert.deepEqual(table.rows.map((r) => plain(r.label)), truth.tokens, 'row headers are the tokens');
  let checked = 0;
  for (let i = 0; i < truth.rows; i++) {
    assert.equal(table.rows[i].cells.length, truth.cols);
    for (let j = 0; j < truth.cols; j++) {
      const text = table.rows[i].cells[j];
      if (j > i) {
        // Above the diagonal the causal mask hides the key: the table says so instead of a number.
        assert.ok(!/\d/.test(text), `row ${i} col ${j}: ${text}`);
        continue;
      }
      const v = truth.data[i * truth.cols + j];
      assert.ok(Math.abs(num(text) - v) <= 5e-4 * Math.max(1e-3, Math.abs(v)) + 1e-12, `row ${i} col ${j}: table ${text}, trace ${v}`);
      checked++;
    }
  }
  console.log(`  # attention heatmap table: ${truth.rows} × ${truth.cols}, ${checked} numbers equal to the trace (4 significant digits)`);
  // Keyboard: the heatmap takes focus and the arrow keys move the read-out, which shows the exact value.
  // Focused, it shows the first cell; down twice and right once reach row 3, column 2.
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.getByTestId('attention-heatmap').focus();
  const readout = () => page.locator('.attention-panel .heatmap-tooltip code').textContent();
  assert.ok(Math.abs(num(await readout()) - truth.data[0]) < 1e-6, 'read-out of the first cell on focus');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowRight');
  const tip = await readout();
  const want = truth.data[2 * truth.cols + 1];
  assert.ok(Math.abs(num(tip) - want) < 1e-6 * Math.max(1, Math.abs(want)), `read-out ${tip} vs trace ${want}`);
  await page.locator('.attention-panel .figure').screenshot({ path: path.join(SCREENSHOTS, 'a11y-heatmap-keyboard.png') });
  assertClean(app, 'table');
  await app.close();
}, { timeout: 60_000 });

// ---------------------------------------------------------------- keyboard

/** What has focus now: its kind, a short name, and whether a focus ring is drawn (computed style). */
async function focusState(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const tag = el.tagName.toLowerCase();
    const type = el.getAttribute('type');
    let kind = tag;
    if (el.classList.contains('map-box')) kind = 'map-box';
    else if (tag === 'input') kind = `input-${type ?? 'text'}`;
    else if (tag === 'svg' || tag === 'div') kind = `${tag}[tabindex]`;
    // The ring: an outline of at least 2 px on the element, or (a file input hidden in its label) on
    // the label, or (a box of the model map) the thick stroke of its frame.
    const ringOf = (e) => {
      const cs = getComputedStyle(e);
      return cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2 ? `${cs.outlineWidth} ${cs.outlineStyle} ${cs.outlineColor}` : null;
    };
    let ring = ringOf(el);
    if (!ring && tag === 'input' && type === 'file') ring = el.closest('label') ? ringOf(el.closest('label')) : null;
    if (!ring && kind === 'map-box') {
      const sw = parseFloat(getComputedStyle(el.querySelector('.map-rect')).strokeWidth);
      ring = sw >= 3 ? `stroke ${sw}` : null;
    }
    const r = el.getBoundingClientRect();
    return {
      kind,
      name: (el.getAttribute('aria-label') ?? el.getAttribute('data-testid') ?? el.textContent ?? '').trim().slice(0, 40),
      ring,
      visible: r.width > 0 && r.height > 0,
    };
  });
}

test('keyboard: Tab reaches every kind of control on the main page, each with a visible focus ring', async (env) => {
  const app = await openApp(env, { viewport: WIDE });
  const { page } = app;
  await waitForBackend(page);
  await waitForModel(page);
  await page.getByTestId('token-chip').first().waitFor({ timeout: 30_000 });
  await scrollThrough(page);
  await page.evaluate(() => document.activeElement?.blur());
  const seen = new Map();
  const noRing = [];
  let first = null;
  for (let i = 0; i < 700; i++) {
    await page.keyboard.press('Tab');
    const f = await focusState(page);
    if (!f) continue;
    const key = `${f.kind}|${f.name}`;
    if (key === first) break; // wrapped around
    if (first === null) first = key;
    if (!seen.has(f.kind)) seen.set(f.kind, []);
    seen.get(f.kind).push(f.name);
    if (!f.ring) noRing.push(`${f.kind} “${f.name}”`);
  }
  const counts = Object.fromEntries([...seen].map(([k, v]) => [k, v.length]));
  console.log(`  # tab stops by kind: ${JSON.stringify(counts)}`);
  for (const kind of ['a', 'button', 'select', 'textarea', 'summary', 'input-checkbox', 'input-radio', 'input-range', 'input-number', 'input-file', 'canvas', 'map-box', 'svg[tabindex]']) {
    assert.ok(seen.has(kind), `Tab never reached a ${kind}: ${JSON.stringify(counts)}`);
  }
  // Heatmaps are reached (the attention map among them).
  assert.ok(seen.get('canvas').some((n) => n === 'attention-heatmap' || /heatmap|attention/i.test(n)), seen.get('canvas').join(', '));
  assert.deepEqual(noRing, [], 'focus without a visible ring');
  assertClean(app, 'keyboard');
  await app.close();
}, { timeout: 120_000 });

// ---------------------------------------------------------------- every screen size

/** How far the page reaches past the window, and the elements that do (unless a box of their own clips them). */
async function pageOverflow(page) {
  return page.evaluate(() => {
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
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, wide: wide.slice(0, 8), count: wide.length };
  });
}

/**
 * Controls smaller than `min` CSS px in either direction (a checkbox or radio inside its <label> is
 * measured by the label, which is where a finger lands). Links inside running text are exempt.
 */
async function smallTargets(page, min = 32) {
  return page.evaluate((m) => {
    const out = [];
    const sel = 'button, input:not([type="hidden"]), select, textarea, a[href], summary, [role="button"], [tabindex="0"]';
    for (const el of document.querySelectorAll(sel)) {
      if (el.closest('.visually-hidden')) continue;
      let target = el;
      if (el.matches('input[type="checkbox"], input[type="radio"], input[type="file"]') && el.closest('label')) target = el.closest('label');
      if (el.matches('a') && el.closest('p, li.inline')) continue;
      const r = target.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue; // not displayed
      if (r.width < m - 0.5 || r.height < m - 0.5) {
        const name = (el.getAttribute('data-testid') ?? el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 30);
        out.push(`${el.tagName.toLowerCase()}${el.getAttribute('type') ? `[${el.getAttribute('type')}]` : ''}.${String(el.className?.baseVal ?? el.className).split(' ')[0]} “${name}” ${Math.round(r.width)}×${Math.round(r.height)}`);
      }
    }
    return out;
  }, min);
}

async function everyPanelVisible(page) {
  await page.evaluate(() => {
    for (const el of document.querySelectorAll('.panel')) el.style.contentVisibility = 'visible';
  });
  await page.waitForTimeout(600);
}

// The Compare view is the last panel of each model's page (?view=compare only scrolls to it), so
// each page below includes it, every panel rendered.
const PAGES = [
  ['coref', ''],
  ['translate', '?model=translate'],
];

test('screen sizes: at 390 × 844 and 768 × 1024 no page scrolls sideways and no figure reaches past the edge (both models with their Compare views); touch targets ≥ 32 px on phones', async (env) => {
  const problems = [];
  for (const [name, query] of PAGES) {
    for (const viewport of [PHONE, TABLET]) {
      const app = await openApp(env, { query, viewport });
      const { page } = app;
      await waitForModel(page);
      await page.getByTestId('token-chip').first().or(page.getByTestId('source-chip').first()).first().waitFor({ timeout: 40_000 });
      if (query.includes('compare')) await page.waitForFunction(() => document.querySelectorAll('[data-testid="compare-panel"] canvas').length > 0, null, { timeout: 40_000 });
      await scrollThrough(page);
      await everyPanelVisible(page);
      const o = await pageOverflow(page);
      console.log(`  # ${name} ${viewport.width} px: scrollWidth ${o.scrollWidth}, innerWidth ${o.innerWidth}, ${o.count} elements past the edge ${o.wide.join(', ')}`);
      if (o.scrollWidth > o.innerWidth) problems.push(`${name} ${viewport.width}: the page scrolls sideways by ${o.scrollWidth - o.innerWidth} px (${o.wide.join(', ')})`);
      // Nothing is cut off at the edge either (a figure wider than the screen scrolls in its own box).
      if (o.count > 0) problems.push(`${name} ${viewport.width}: ${o.count} elements reach past the edge: ${o.wide.join(', ')}`);
      if (viewport === PHONE) {
        const small = await smallTargets(page);
        console.log(`  # ${name} 390 px: ${small.length} touch targets under 32 px${small.length ? `: ${small.slice(0, 12).join('; ')}` : ''}`);
        if (small.length > 0) problems.push(`${name} 390: ${small.length} small targets: ${small.slice(0, 12).join('; ')}`);
      }
      await screenshot(page, `a11y-${name}-${viewport.width}`);
      assertClean(app, `${name} ${viewport.width}`);
      await app.close();
    }
  }
  assert.deepEqual(problems, []);
}, { timeout: 300_000 });
