// Head roles where heads are shown (src/shared/headRoles.ts, docs/head-roles.md), in the production
// build:
// - the shipped 唐诗 model, picked in the model picker: badges appear on the heads grid, each the head's
//   dominant role at ≥ 0.4 with its score, and the scores of the text-probe roles (previous, first,
//   self, previous line) equal an independent recomputation in this test from the attention maps the
//   worker traces for the page's sentence; a head without a badge has no text role ≥ 0.4; the model
//   map marks the same heads; the Attention panel says the selected head's role; the table of every
//   score opens from the keyboard and holds the badges' numbers (and "—" where a role is undefined);
// - the Chinese page: the new parts have no English left; at 390 px nothing scrolls sideways;
// - the translation model: badges on its encoder and decoder self-attention, none on cross-attention
//   (which has no roles, and the panel says so); the table lists both self-attention sites;
// - training the default model: the roles-over-training chart fills with one line per head as
//   snapshots come, hovering reads the values, and the replay slider switches every badge and score
//   to the replayed snapshot's roles (and back to live).
// Screenshots at 1440 and 390 px.

import assert from 'node:assert/strict';
import {
  assertClean,
  elementScreenshot,
  openApp,
  sidewaysOverflow,
  test,
  textOf,
  waitForBackend,
  waitForModel,
  waitForTrainingStep,
} from './lib.mjs';
import { loadDictionaries, matchersFor, untranslated } from './i18nScan.mjs';

const WIDE = { width: 1440, height: 1000 };
const NARROW = { width: 390, height: 844 };
const ROLES = ['previousToken', 'firstToken', 'currentToken', 'duplicateToken', 'induction', 'previousLine'];
const TEXT_ROLES = ['previousToken', 'firstToken', 'currentToken', 'previousLine'];
const THRESHOLD = 0.4;
const LINE_MARKS = '，。？！；';

let app = null;

/** Waits until the page shows the 唐诗 model with its own sentence's tokens. */
async function waitForTang(page, timeout = 60_000) {
  await page.waitForFunction(() => document.querySelector('.app')?.getAttribute('data-model') === 'tang', null, { timeout });
  await waitForModel(page, timeout);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="token-chip"] .token-text')[1]?.textContent === '白', null, { timeout });
}

/** No element is wider than its box: the page never scrolls sideways. */
/** What must not reach past the right edge here. */
const ROLE_VIEWS = '.panel, .app-header, .head-roles, .roles-chart, [data-testid="head-grid"]';

/** Visible texts and the attributes people read, inside the elements matching `selector`. */
async function stringsIn(page, selector) {
  return page.evaluate((sel) => {
    const out = [];
    for (const root of document.querySelectorAll(sel)) {
      const walker = document.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const text = (n.nodeValue ?? '').trim();
        if (text) out.push({ text, where: `<${n.parentElement?.tagName.toLowerCase()}> in ${sel}` });
      }
      for (const el of [root, ...root.querySelectorAll('*')]) {
        for (const a of ['title', 'aria-label']) {
          const v = el.getAttribute(a);
          if (v && v.trim()) out.push({ text: v.trim(), where: `${a} in ${sel}` });
        }
      }
    }
    return out;
  }, selector);
}

/** The badges of the heads grid: role, exact score, head, text. */
async function gridBadges(page) {
  return page.$$eval('[data-testid="head-grid"] [data-testid="role-badge"]', (els) =>
    els.map((e) => ({
      role: e.getAttribute('data-role'),
      score: Number(e.getAttribute('data-score')),
      layer: Number(e.getAttribute('data-layer')),
      head: Number(e.getAttribute('data-head')),
      from: e.getAttribute('data-from'),
      text: e.textContent ?? '',
    })),
  );
}

/** Every head cell's strongest role and score (also below the threshold). */
async function cellTops(page) {
  return page.$$eval('[data-testid="head-grid"] [data-testid="head-cell"]', (els) =>
    els.map((e) => ({
      layer: Number(e.getAttribute('data-layer')),
      head: Number(e.getAttribute('data-head')),
      role: e.getAttribute('data-top-role'),
      score: Number(e.getAttribute('data-top-score')),
    })),
  );
}

/** Two decimals, three where two would round a score under the threshold up to it. */
function shown(v) {
  const two = v.toFixed(2);
  return v < THRESHOLD && Number(two) >= THRESHOLD ? v.toFixed(3) : two;
}

// ------------------------------------------------------------------ the test's own role scores

/** The same place in the previous line, per row (lines end with a mark; <bos> belongs to none). */
function previousLineTargets(tokens) {
  const starts = [];
  const lineOf = [];
  let start = tokens[0] === '<bos>' ? 1 : 0;
  for (let i = 0; i < tokens.length; i++) {
    if (i < start) {
      lineOf.push(-1);
      continue;
    }
    if (starts.at(-1) !== start) starts.push(start);
    lineOf.push(starts.length - 1);
    if (tokens[i].length === 1 && LINE_MARKS.includes(tokens[i])) start = i + 1;
  }
  const length = (k) => (k + 1 < starts.length ? starts[k + 1] : tokens.length) - starts[k];
  return tokens.map((_, i) => {
    const k = lineOf[i];
    if (k < 1) return [];
    const place = i - starts[k];
    return place < length(k - 1) ? [starts[k - 1] + place] : [];
  });
}

/** Mean over rows i ≥ 1 with targets of the weight on them; null when no row has any. */
function score(w, T, targets) {
  let sum = 0;
  let n = 0;
  for (let i = 1; i < T; i++) {
    if (targets[i].length === 0) continue;
    sum += targets[i].reduce((s, j) => s + w[i * T + j], 0);
    n++;
  }
  return n > 0 ? sum / n : null;
}

/** The text roles of every head, from the attention maps of a trace of the page's sentence. */
function textRoles(trace) {
  const T = trace.tokens.length;
  const range = (f) => Array.from({ length: T }, (_, i) => (i >= 1 ? f(i) : []));
  const targets = {
    previousToken: range((i) => [i - 1]),
    firstToken: range(() => [0]),
    currentToken: range((i) => [i]),
    previousLine: previousLineTargets(trace.tokens),
  };
  return trace.layers.map((heads) =>
    heads.map((w) => Object.fromEntries(TEXT_ROLES.map((r) => [r, score(w, T, targets[r])]))),
  );
}

// ------------------------------------------------------------------------------------ the tests

test('唐诗: badges on the heads grid carry the dominant role ≥ 0.4, and its score is the one recomputed from the attention maps', async (env) => {
  app = await openApp(env, { viewport: WIDE, query: '?bench' });
  const { page } = app;
  await waitForBackend(page);
  await waitForModel(page);
  await page.getByTestId('token-chip').first().waitFor({ timeout: 30_000 });
  await page.getByTestId('model-picker').selectOption('tang');
  await waitForTang(page);
  const { en } = await loadDictionaries();

  await page.getByTestId('head-grid').scrollIntoViewIfNeeded();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="head-grid"] [data-testid="role-badge"]').length > 0, null, { timeout: 60_000 });
  // Every head's roles are in: each cell names its strongest role.
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="head-cell"]')].every((c) => c.getAttribute('data-top-role')), null, { timeout: 30_000 });
  const badges = await gridBadges(page);
  const tops = await cellTops(page);
  assert.equal(tops.length, 16, `the heads grid has ${tops.length} heads`);
  assert.ok(badges.length > 0);
  for (const b of badges) {
    assert.ok(ROLES.includes(b.role), `role ${b.role}`);
    assert.ok(b.score >= THRESHOLD && b.score <= 1, `L${b.layer + 1} H${b.head + 1}: ${b.score}`);
    assert.equal(b.text, `${en[`roles.short.${b.role}`]} ${b.score.toFixed(2)}`);
    assert.equal(b.from, 'model');
    const top = tops.find((c) => c.layer === b.layer && c.head === b.head);
    assert.equal(top.role, b.role, 'the badge is the strongest role');
    assert.equal(top.score, b.score);
  }

  // Independent: the page's sentence traced by the worker, the text roles computed here.
  const sentence = await page.getByTestId('sentence-input').inputValue();
  const trace = await page.evaluate(async (text) => {
    const r = await window.__trainingBench.call('trace', { text });
    return { tokens: r.tokens, layers: r.trace.layers.map((l) => l.weights.map((w) => Array.from(w.data))) };
  }, sentence);
  const mine = textRoles(trace);
  let checked = 0;
  for (const c of tops) {
    const here = mine[c.layer][c.head];
    const best = TEXT_ROLES.reduce((a, r) => (here[r] !== null && (a === null || here[r] > here[a]) ? r : a), null);
    if (TEXT_ROLES.includes(c.role)) {
      assert.ok(Math.abs(here[c.role] - c.score) < 1e-5, `L${c.layer + 1} H${c.head + 1} ${c.role}: page ${c.score}, recomputed ${here[c.role]}`);
      assert.equal(c.role, best, `L${c.layer + 1} H${c.head + 1}: strongest text role`);
      checked++;
    } else {
      // A role of the repeated sequence is strongest: it beats every text role.
      assert.ok(c.score >= here[best] - 1e-6, `L${c.layer + 1} H${c.head + 1}: ${c.role} ${c.score} < ${best} ${here[best]}`);
    }
    const badged = badges.some((b) => b.layer === c.layer && b.head === c.head);
    // A head without a badge has no role at the threshold; one with a badge has its strongest there.
    assert.equal(badged, c.score >= THRESHOLD, `L${c.layer + 1} H${c.head + 1}: badge ${badged}, score ${c.score}`);
  }
  assert.ok(checked >= 8, `only ${checked} heads had a text role to recompute`);
  const badgeOf = (b) => `L${b.layer + 1}H${b.head + 1} ${b.role} ${b.score.toFixed(3)}`;
  console.log(`  # 唐诗 badges: ${badges.map(badgeOf).join(', ')}; ${checked} heads recomputed from the maps`);

  // The model map marks the same heads with the same roles.
  const marks = await page.$$eval('[data-testid="map-box"][data-kind="head"]', (els) =>
    els.flatMap((e) => {
      const m = e.querySelector('[data-testid="map-role"]');
      return m ? [{ layer: Number(e.getAttribute('data-layer')), head: Number(e.getAttribute('data-head')), role: m.getAttribute('data-role'), score: Number(m.getAttribute('data-score')) }] : [];
    }),
  );
  assert.deepEqual(
    marks.map((m) => `${m.layer}.${m.head}.${m.role}.${m.score}`).sort(),
    badges.map((b) => `${b.layer}.${b.head}.${b.role}.${b.score}`).sort(),
  );
  const first = badges[0];
  const mapName = await page.locator(`[data-box="decoder.L${first.layer}.decoder.h${first.head}"]`).getAttribute('aria-label');
  assert.ok(mapName.includes(first.text), `the map head's name says its role: ${mapName}`);

  // The Attention panel on a badged head says its role in words.
  await page.locator(`[data-testid="head-cell"][data-layer="${first.layer}"][data-head="${first.head}"]`).click();
  const said = page.getByTestId('selected-role');
  await page.waitForFunction(
    ({ l, h }) => {
      const box = document.querySelector('[data-testid="head-roles"]');
      return box?.getAttribute('data-layer') === String(l) && box?.getAttribute('data-head') === String(h);
    },
    { l: first.layer, h: first.head },
  );
  assert.equal(await said.getAttribute('data-role'), first.role);
  assert.equal(Number(await said.getAttribute('data-score')), first.score);
  const line = await textOf(said);
  assert.ok(line.includes(en[`roles.name.${first.role}`]) && line.includes(first.score.toFixed(2)), line);

  // The table opens from the keyboard: Tab reaches the button, Enter opens it.
  const toggle = page.getByTestId('roles-table-toggle');
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  await page.locator('[data-testid="head-cell"]').last().focus();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'roles-table-toggle');
  await page.keyboard.press('Enter');
  await page.getByTestId('roles-table').waitFor();
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
  const rows = await page.$$eval('[data-testid="roles-row"]', (trs) =>
    trs.map((tr) => ({
      layer: Number(tr.getAttribute('data-layer')),
      head: Number(tr.getAttribute('data-head')),
      cells: [...tr.querySelectorAll('td[data-role]')].map((td) => ({ role: td.getAttribute('data-role'), score: td.getAttribute('data-score'), text: td.textContent })),
    })),
  );
  assert.equal(rows.length, 16);
  for (const r of rows) {
    assert.deepEqual(r.cells.map((c) => c.role), ROLES);
    for (const c of r.cells) {
      if (c.score === null) assert.equal(c.text, '—');
      else assert.equal(c.text, shown(Number(c.score)));
    }
    const top = tops.find((c) => c.layer === r.layer && c.head === r.head);
    assert.equal(Number(r.cells.find((c) => c.role === top.role).score), top.score);
    // The text roles in the table are the recomputed ones.
    for (const role of TEXT_ROLES) {
      const cell = r.cells.find((c) => c.role === role);
      const want = mine[r.layer][r.head][role];
      if (want === null) assert.equal(cell.score, null);
      else assert.ok(Math.abs(Number(cell.score) - want) < 1e-5, `${role} L${r.layer + 1} H${r.head + 1}`);
    }
  }
  // The definitions, with the score's rule, are beside the table.
  assert.ok((await textOf(page.getByTestId('role-definitions'))).includes('averaged over the query rows'));
  await elementScreenshot(page.locator('.head-roles'), 'roles-table-1440');
  await elementScreenshot(page.getByTestId('head-grid'), 'roles-grid-tang-1440');
  await page.evaluate(() => window.scrollTo(0, 0));
  await elementScreenshot(page.getByTestId('map-dock'), 'roles-map-tang-1440');
  assertClean(app, '唐诗 roles');
}, { timeout: 150_000 });

test('唐诗 in Chinese: the badges, the selected head, the table and the map speak Chinese; at 390 px nothing scrolls sideways', async () => {
  const { page } = app;
  const { en, zhCN } = await loadDictionaries();
  const m = matchersFor(en, zhCN);
  const parts = '[data-testid="head-grid"], [data-testid="head-roles"], [data-testid="map-section"], .live-attention';
  // The scan works: in English it finds the new parts' strings.
  const english = untranslated(await stringsIn(page, parts), m);
  assert.ok(english.length >= 10, `the scan found only ${english.length} English strings in the new parts`);
  await page.getByTestId('lang-switch').selectOption('zh-CN');
  await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
  await page.waitForFunction(() => /[首前自重归行]/.test(document.querySelector('[data-testid="head-grid"] [data-testid="role-badge"]')?.textContent ?? ''));
  const badges = await gridBadges(page);
  for (const b of badges) assert.equal(b.text, `${zhCN[`roles.short.${b.role}`]} ${b.score.toFixed(2)}`);
  const left = untranslated(await stringsIn(page, parts), m);
  assert.deepEqual(left, [], `English left in the new parts: ${left.join(' | ')}`);
  await elementScreenshot(page.locator('.head-roles'), 'roles-table-zh-1440');

  await page.setViewportSize(NARROW);
  await page.waitForTimeout(500);
  await page.getByTestId('head-grid').scrollIntoViewIfNeeded();
  assert.deepEqual(await sidewaysOverflow(page, { selector: ROLE_VIEWS }), []);
  await elementScreenshot(page.getByTestId('head-grid'), 'roles-grid-zh-390');
  await elementScreenshot(page.locator('.head-roles'), 'roles-table-zh-390');
  await page.evaluate(() => window.scrollTo(0, 0));
  await elementScreenshot(page.getByTestId('map-dock'), 'roles-map-zh-390');
  assertClean(app, '唐诗 roles in Chinese');
  await app.close();
  app = null;
}, { timeout: 90_000 });

test('training the default model: the roles chart fills, hovering reads it, the replay switches the badges and scores', async (env) => {
  app = await openApp(env, { viewport: WIDE, query: '?backend=wasm&bench' });
  const { page } = app;
  await waitForBackend(page);
  await waitForModel(page);
  await page.getByTestId('token-chip').first().waitFor({ timeout: 30_000 });
  await page.getByTestId('train-start').click();
  await waitForTrainingStep(page, 1, 60_000);
  const chart = page.getByTestId('roles-chart');
  await chart.scrollIntoViewIfNeeded();
  // A snapshot every 10 steps (and one at step 0): wait for five.
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="roles-chart"]')?.getAttribute('data-points')) >= 5, null, { timeout: 180_000 });
  const lines = await page.$$eval('[data-testid="roles-line-chart"] [data-series]', (gs) =>
    gs.filter((g) => g.tagName === 'g').map((g) => ({ id: g.getAttribute('data-series'), d: g.querySelector('path')?.getAttribute('d') ?? '' })),
  );
  assert.equal(lines.length, 8, `the coreference model has 2 × 4 heads: ${lines.length} lines`);
  for (const l of lines) assert.ok(/^M[\d.]+,[\d.]+(L[\d.]+,[\d.]+){3,}/.test(l.d), `line ${l.id}: ${l.d.slice(0, 60)}`);
  const legend = await page.$$eval('[data-testid="roles-chart"] .legend-item:not(.legend-reference)', (els) => els.map((e) => e.textContent?.trim()));
  assert.deepEqual(legend, ['L1 H1', 'L1 H2', 'L1 H3', 'L1 H4', 'L2 H1', 'L2 H2', 'L2 H3', 'L2 H4']);
  // The badge threshold is drawn as a dashed line.
  assert.equal(Number(await chart.getByTestId('reference-threshold').getAttribute('data-value')), THRESHOLD);
  // The role chosen is the one with the highest score at the latest snapshot.
  const role = await chart.getAttribute('data-role');
  assert.ok(ROLES.includes(role));
  assert.equal(await page.getByTestId('roles-chart-role').inputValue(), role);

  await page.getByTestId('train-pause').click();
  await page.waitForFunction(() => document.querySelector('.training-panel')?.getAttribute('data-phase') === 'paused', null, { timeout: 30_000 });
  const history = await page.evaluate(async () => {
    const h = await window.__trainingBench.call('trainHistory', {});
    return h.snapshots.filter((s) => s.roles).map((s) => ({ step: s.step, roles: s.roles.sites[0].scores }));
  });
  assert.ok(history.length >= 5);

  // Hover: the first snapshot's values, read off the chart, are the snapshot's scores for the role.
  const box = await page.locator('[data-testid="roles-line-chart"] > svg').boundingBox();
  await page.mouse.move(box.x + 44 + 1, box.y + box.height / 2);
  const readout = page.getByTestId('roles-line-chart-readout');
  await page.waitForFunction(() => document.querySelector('[data-testid="roles-line-chart-readout"]')?.getAttribute('data-x') === '0');
  const values = await readout.evaluate((r) => [...r.querySelectorAll('[data-series]')].map((s) => Number(s.getAttribute('data-value'))));
  const step0 = history.find((s) => s.step === 0);
  assert.deepEqual(values.map((v) => v.toFixed(6)), step0.roles[role].flat().map((v) => v.toFixed(6)));
  assert.match(await textOf(readout), /^step 0 L1 H1 \d\.\d\d /);

  // The replay: the first snapshot's roles on every head, then the last one's, then live again.
  const slider = page.getByTestId('history-slider');
  await slider.scrollIntoViewIfNeeded();
  await slider.focus();
  await page.keyboard.press('Home');
  await page.waitForFunction(() => document.querySelector('[data-testid="roles-at-step"]')?.getAttribute('data-from') === 'replay');
  assert.equal(Number(await page.getByTestId('roles-at-step').getAttribute('data-step')), 0);
  const atStart = await cellTops(page);
  const strongest = (scores, l, h) => Math.max(...ROLES.map((r) => scores[r][l][h]).filter((v) => v !== null));
  for (const c of atStart) assert.ok(Math.abs(c.score - strongest(step0.roles, c.layer, c.head)) < 1e-12, `step 0 L${c.layer + 1} H${c.head + 1}`);
  // Under the slider, every head's strongest role at that step.
  const listed = await page.$$eval('[data-testid="roles-at-step"] li', (lis) =>
    lis.map((li) => ({ layer: Number(li.getAttribute('data-layer')), head: Number(li.getAttribute('data-head')), score: Number(li.getAttribute('data-score')) })),
  );
  assert.equal(listed.length, atStart.length);
  for (const c of listed) assert.ok(Math.abs(c.score - strongest(step0.roles, c.layer, c.head)) < 1e-12, `listed step 0 L${c.layer + 1} H${c.head + 1}`);
  assert.equal(await page.locator('[data-testid="chart-mark"]').getAttribute('data-x'), '0');
  await page.getByTestId('roles-replay-note').waitFor();
  await page.keyboard.press('End');
  const lastStep = history.at(-1).step;
  await page.waitForFunction((s) => document.querySelector('[data-testid="roles-at-step"]')?.getAttribute('data-step') === String(s), lastStep);
  const atEnd = await cellTops(page);
  for (const c of atEnd) assert.ok(Math.abs(c.score - strongest(history.at(-1).roles, c.layer, c.head)) < 1e-12, `step ${lastStep} L${c.layer + 1} H${c.head + 1}`);
  const changed = atStart.filter((c, i) => c.score !== atEnd[i].score || c.role !== atEnd[i].role).length;
  assert.ok(changed >= 4, `only ${changed} heads changed between step 0 and step ${lastStep}`);
  console.log(`  # replay step 0 → ${lastStep}: ${changed} of ${atEnd.length} heads' strongest scores changed; chart role ${role}`);
  await elementScreenshot(page.locator('.live-attention'), 'roles-replay-1440');
  await elementScreenshot(page.locator('.training-panel'), 'roles-training-1440');

  // Chinese: the chart, its read-out and the replay's roles.
  const { en, zhCN } = await loadDictionaries();
  const m = matchersFor(en, zhCN);
  const parts = '[data-testid="roles-chart"], [data-testid="roles-at-step"], [data-testid="head-roles"], [data-testid="head-grid"]';
  assert.ok(untranslated(await stringsIn(page, parts), m).length >= 5, 'the scan finds the English chart');
  await page.getByTestId('lang-switch').selectOption('zh-CN');
  await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
  await page.waitForTimeout(300);
  const left = untranslated(await stringsIn(page, parts), m);
  assert.deepEqual(left, [], `English left: ${left.join(' | ')}`);
  await page.setViewportSize(NARROW);
  await page.waitForTimeout(500);
  assert.deepEqual(await sidewaysOverflow(page, { selector: ROLE_VIEWS }), []);
  await chart.scrollIntoViewIfNeeded();
  await elementScreenshot(page.locator('.training-panel'), 'roles-training-zh-390');
  await elementScreenshot(page.locator('.live-attention'), 'roles-replay-zh-390');

  // Back to live: the replay note goes, the roles are the model's again.
  await page.getByTestId('history-slider').scrollIntoViewIfNeeded();
  await page.locator('.scrubber-row button').last().click();
  await page.waitForFunction(() => document.querySelector('[data-testid="roles-at-step"]')?.getAttribute('data-from') !== 'replay');
  assert.equal(await page.getByTestId('roles-replay-note').count(), 0);
  assertClean(app, 'roles while training');
  await app.close();
  app = null;
}, { timeout: 300_000 });

test('the translation model: roles on its two self-attention sites, none on cross-attention', async (env) => {
  app = await openApp(env, { viewport: WIDE, query: '?model=translate' });
  const { page } = app;
  await waitForBackend(page);
  await waitForModel(page);
  await page.getByTestId('site-decoder-self').waitFor({ timeout: 60_000 });
  const { en } = await loadDictionaries();
  await page.getByTestId('site-decoder-self').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="head-roles"]')?.getAttribute('data-site') === 'decoder-self');
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="head-cell"]')].every((c) => c.getAttribute('data-top-role')), null, { timeout: 60_000 });
  const tops = await cellTops(page);
  assert.equal(tops.length, 8);
  const badges = await gridBadges(page);
  for (const b of badges) {
    assert.ok(ROLES.includes(b.role) && b.score >= THRESHOLD, JSON.stringify(b));
    assert.equal(b.text, `${en[`roles.short.${b.role}`]} ${b.score.toFixed(2)}`);
  }
  assert.equal(badges.length, tops.filter((c) => c.score >= THRESHOLD).length);
  console.log(`  # translation decoder self-attention badges: ${badges.map((b) => `L${b.layer + 1}H${b.head + 1} ${b.role} ${b.score.toFixed(3)}`).join(', ') || 'none'}`);
  await elementScreenshot(page.getByTestId('head-grid'), 'roles-grid-translate-decoder-self-1440');

  // Cross-attention: no roles, said in words.
  await page.getByTestId('site-cross').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="head-roles"]')?.getAttribute('data-site') === 'cross');
  assert.equal(await page.locator('[data-testid="head-grid"] [data-testid="role-badge"]').count(), 0);
  assert.equal(await page.locator('[data-testid="head-cell"][data-top-role]').count(), 0);
  assert.equal(await textOf(page.getByTestId('selected-role')), en['roles.selectedUndefined']);
  // The table: both self-attention sites, every head, no cross-attention.
  await page.getByTestId('roles-table-toggle').click();
  const sites = await page.$$eval('[data-testid="roles-row"]', (trs) => trs.map((tr) => tr.getAttribute('data-site')));
  assert.deepEqual([...new Set(sites)], ['encoder', 'decoder-self']);
  assert.equal(sites.length, 16);
  await elementScreenshot(page.locator('.head-roles'), 'roles-table-translate-1440');
  assertClean(app, 'translation roles');
  await app.close();
  app = null;
}, { timeout: 120_000 });
