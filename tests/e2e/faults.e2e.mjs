// Fault tolerance, end to end, with the faults injected for real:
// - WebGL unavailable, OffscreenCanvas missing, WASM binaries answering 404 (`?bench&fault=…`, read by
//   the worker before it picks a backend): the worker falls through to the next backend and the shipped
//   model still gives the same answer ('animal', same probability to 1e-4 as on WASM);
// - the WebGL context lost mid-training (WEBGL_lose_context on the backend's own context): the next
//   step notices, training goes on on WASM from the last good weights and optimizer state (the loss
//   curve after the switch retraces the one before it, step for step), and the page says so;
// - the worker killed without a word (the watchdog notices) or throwing outside a request (its 'error'
//   event): a new worker starts and the run is restored paused at its autosaved step, or the shipped
//   model is loaded again when nothing was autosaved, with a message;
// - reloads at random moments while training: the resume offer is never behind the last autosave the
//   page was told about.

import assert from 'node:assert/strict';
import {
  openApp,
  screenshot,
  test,
  waitForBackend,
  waitForModel,
  trainingStep,
  waitForTrainingStep,
  textOf,
} from './lib.mjs';

const SENTENCE = "the animal didn't cross the street because it was too tired . it refers to the";

// ---------------------------------------------------------------- helpers

async function ready(page) {
  await waitForBackend(page, 60_000);
  await waitForModel(page, 60_000);
  await page.waitForFunction(() => !!window.__trainingBench, null, { timeout: 10_000 });
}

/** Console errors and page errors, except the ones `expected` (an array of RegExp) allows. */
function unexpectedProblems(session, expected = []) {
  const ok = (text) => expected.some((re) => re.test(text));
  return [
    ...session.consoleErrors.filter((e) => !ok(e)).map((e) => `console error: ${e}`),
    ...session.pageErrors.filter((e) => !ok(e)).map((e) => `page error: ${e}`),
  ];
}

function assertNoOtherProblems(session, expected, label) {
  const problems = unexpectedProblems(session, expected);
  if (problems.length > 0) throw new Error(`${label}: ${problems.join('\n')}`);
}

/** The next token the model in use predicts after SENTENCE, with its probability (exact float). */
async function probeTop(page) {
  return page.evaluate(async (text) => {
    const c = window.__trainingBench;
    const files = await c.call('exportCheckpoint', {});
    const vocab = JSON.parse(files.modelJson).tokenizer.vocab;
    const r = await c.call('trace', { text });
    const { rows, cols, data } = r.trace.probs;
    const last = data.subarray((rows - 1) * cols, rows * cols);
    let best = 0;
    for (let i = 1; i < cols; i++) if (last[i] > last[best]) best = i;
    return { token: vocab[best], prob: last[best] };
  }, SENTENCE);
}

const waitForStep = (page, atLeast, timeout = 60_000) => waitForTrainingStep(page, atLeast, timeout);

async function waitForPhase(page, phase, timeout = 30_000) {
  await page.waitForFunction((p) => document.querySelector('.training-panel')?.getAttribute('data-phase') === p, phase, { timeout });
}

/** The step of the last autosave the page was told about, or null. */
async function autosavedStep(page, timeout = 500) {
  const v = await page.getByTestId('autosave-status').getAttribute('data-step', { timeout }).catch(() => null);
  return v === null ? null : Number(v);
}

/** A seeded generator (mulberry32), so a failing sequence of reload moments can be replayed. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------------------------------------------------------------- 3. a backend that is not there

let reference = null;

async function referenceAnswer(env) {
  if (reference) return reference;
  const session = await openApp(env, { query: '?backend=wasm&bench' });
  await ready(session.page);
  assert.equal(await session.page.getByTestId('model-status').getAttribute('data-source'), 'shipped');
  reference = await probeTop(session.page);
  assert.equal(reference.token, 'animal');
  assert.ok(reference.prob > 0.5 && reference.prob < 1, `P(animal) = ${reference.prob}`);
  console.log(`  # wasm: P(${reference.token}) = ${reference.prob}`);
  assertNoOtherProblems(session, [], 'reference');
  await session.close();
  return reference;
}

const FALLS = [
  // WebGL asked for, but no context can be had: WASM takes over.
  { fault: 'no-webgl', query: '?backend=webgl', failed: 'webgl', expect: 'wasm' },
  // No OffscreenCanvas in the worker, so WebGL cannot run there: WASM takes over.
  { fault: 'no-offscreen', query: '?backend=webgl', failed: 'webgl', expect: 'wasm' },
  // The WASM binaries answer 404: WebGL (software here) takes over.
  { fault: 'no-wasm', query: '?backend=wasm', failed: 'wasm', expect: 'webgl', expectedErrors: [/missing-wasm-for-test|wasm|404/i] },
  // Neither: the plain JavaScript backend.
  { fault: 'no-webgl,no-wasm', query: '', failed: 'wasm', expect: 'cpu', expectedErrors: [/missing-wasm-for-test|wasm|404/i] },
];

for (const f of FALLS) {
  test(`faults: ${f.fault} — the worker falls through to ${f.expect} and the answer is unchanged`, async (env) => {
    await referenceAnswer(env);
    const query = `${f.query ? `${f.query}&` : '?'}bench&fault=${f.fault}`;
    const before = env.server.requests.length;
    const session = await openApp(env, { query });
    const { page } = session;
    await ready(page);
    const backend = await waitForBackend(page);
    assert.equal(backend.name, f.expect, `backend in use (${backend.text})`);
    // The page says what failed and what runs instead.
    const reason = await page.getByTestId('backend-status').getAttribute('title');
    assert.match(reason, new RegExp(`${f.failed} failed`), reason);
    assert.match(backend.text, new RegExp(`${f.failed}:`), backend.text);
    assert.match(await textOf(page.getByTestId('backend-why')), new RegExp(`^${f.expect} runs because others failed`));
    if (f.fault.includes('no-wasm')) {
      const missing = env.server.requests.slice(before).filter((r) => r.path.includes('missing-wasm-for-test'));
      assert.ok(missing.length > 0 && missing.every((r) => r.status === 404), 'the WASM binary was asked for where it 404s');
    }
    assert.equal(await page.getByTestId('model-status').getAttribute('data-source'), 'shipped');
    const top = await probeTop(page);
    assert.equal(top.token, 'animal');
    assert.ok(Math.abs(top.prob - reference.prob) < 1e-4, `P(animal) on ${f.expect} ${top.prob} vs wasm ${reference.prob}`);
    console.log(`  # ${f.fault}: ${backend.name}, P(animal) = ${top.prob} (Δ ${(top.prob - reference.prob).toExponential(1)})`);
    assertNoOtherProblems(session, f.expectedErrors ?? [], f.fault);
    await session.close();
  }, { timeout: 150_000 });
}

// ---------------------------------------------------------------- 1. WebGL context lost mid-training

test('faults: WebGL context lost mid-training — training goes on on WASM from the last good step', async (env) => {
  const session = await openApp(env, { query: '?backend=webgl&bench' });
  const { page } = session;
  await ready(page);
  assert.equal((await waitForBackend(page)).name, 'webgl');
  // Every loss the worker reports, in order (before and after the switch).
  await page.evaluate(() => {
    window.__losses = [];
    window.__trainingBench.on('trainProgress', (p) => {
      for (let i = 0; i + 1 < p.points.length; i += 2) window.__losses.push([p.points[i], p.points[i + 1]]);
    });
  });
  // The smallest preset and batch: the mechanism is the same, and software WebGL takes its steps sooner.
  await page.getByTestId('train-preset').selectOption('nano');
  await page.getByTestId('train-batch').selectOption('8');
  await page.getByTestId('train-start').click();
  // Past the good copy at step 25, then the context goes.
  await waitForStep(page, 28, 120_000);
  await page.evaluate(() => window.__trainingBench.call('trainInjectFault', { fault: 'webgl-context-lost' }));
  const note = page.getByTestId('backend-switch');
  await note.waitFor({ timeout: 30_000 });
  assert.equal(await note.getAttribute('data-backend'), 'wasm');
  assert.equal(await note.getAttribute('data-from'), 'webgl');
  const resumed = Number(await note.getAttribute('data-step'));
  const lost = Number(await note.getAttribute('data-lost-step'));
  assert.ok(resumed >= 25 && resumed % 25 === 0 && resumed <= lost, `resumed at ${resumed}, lost at ${lost}`);
  const text = await textOf(note);
  assert.match(text, /WebGL context was lost/);
  assert.match(text, new RegExp(`at step ${lost}\\b`));
  assert.match(text, new RegExp(`Training goes on with wasm from step ${resumed}\\b`));
  // The header names the new backend and why.
  assert.equal(await page.getByTestId('backend-status').getAttribute('data-backend'), 'wasm');
  assert.match(await textOf(page.getByTestId('backend-status')), /webgl: the WebGL context was lost/);
  // Still training, on from the restored step.
  assert.equal(await page.locator('.training-panel').getAttribute('data-phase'), 'running');
  await waitForStep(page, Math.max(resumed, lost) + 5, 60_000);
  assert.equal(await page.getByTestId('model-status').getAttribute('data-source'), 'training');
  await page.getByTestId('train-pause').click();
  await waitForPhase(page, 'paused');
  await screenshot(page, 'faults-context-lost');
  // From the last good weights AND optimizer state: the batches are seeded by step, so the losses of
  // steps resumed+1… after the switch repeat the ones WebGL reported before it (float differences of
  // the two backends aside). A fresh model or a reset optimizer would not.
  const losses = await page.evaluate(() => window.__losses);
  const firstAfter = losses.findIndex((p, i) => i > 0 && p[0] <= losses[i - 1][0]);
  assert.ok(firstAfter > 0, 'the steps went back to the good copy after the switch');
  const beforeSwitch = new Map(losses.slice(0, firstAfter).map(([s, l]) => [s, l]));
  const afterSwitch = new Map(losses.slice(firstAfter).map(([s, l]) => [s, l]));
  assert.equal(losses[firstAfter][0], resumed + 1, 'the first step after the switch follows the good copy');
  const compared = [];
  let maxDiff = 0;
  for (let s = resumed + 1; s <= lost && beforeSwitch.has(s) && afterSwitch.has(s); s++) {
    compared.push(s);
    const a = beforeSwitch.get(s);
    const b = afterSwitch.get(s);
    maxDiff = Math.max(maxDiff, Math.abs(a - b));
    assert.ok(Math.abs(a - b) < 1e-4, `step ${s}: loss ${a} on webgl, ${b} on wasm after the switch`);
  }
  assert.ok(compared.length >= 2, `compared steps ${compared.join(', ')} (lost at ${lost}, resumed at ${resumed})`);
  console.log(`  # lost at ${lost}, resumed at ${resumed} on wasm; losses equal at steps ${compared.join(', ')} (max |Δ| ${maxDiff.toExponential(1)})`);
  assertNoOtherProblems(session, [], 'context lost');
  await session.close();
}, { timeout: 240_000 });

// ---------------------------------------------------------------- 2. the worker dies

/** Train, pause (an autosave), train on; returns the last autosaved step the page reported. */
async function trainWithAutosave(page) {
  await page.getByTestId('train-start').click();
  await waitForStep(page, 12);
  await page.getByTestId('train-pause').click();
  await waitForPhase(page, 'paused');
  const paused = await trainingStep(page);
  await page.waitForFunction(
    (n) => Number(document.querySelector('[data-testid="autosave-status"]')?.getAttribute('data-step')) === n,
    paused,
    { timeout: 20_000 },
  );
  await page.getByTestId('train-start').click();
  await waitForStep(page, paused + 8);
  assert.equal(await page.locator('.training-panel').getAttribute('data-phase'), 'running');
  return autosavedStep(page);
}

/** After the worker died: the run is back, paused at its autosaved step, on a new worker. */
async function assertRestored(page, saved, bannerPattern) {
  const banner = page.getByTestId('error-banner');
  await banner.waitFor({ timeout: 45_000 });
  await page.waitForFunction(() => /restored from its autosave at step/.test(document.querySelector('[data-testid="error-banner"]')?.textContent ?? ''), null, {
    timeout: 45_000,
  });
  const text = await textOf(banner);
  assert.match(text, bannerPattern);
  const restored = Number(text.match(/autosave at step (\d+)/)[1]);
  // The autosave the page last heard of, or one written after it (before the worker died).
  assert.ok(restored >= saved, `restored at ${restored}, last reported autosave ${saved}`);
  await waitForPhase(page, 'paused');
  await page.waitForFunction((n) => Number(document.querySelector('[data-testid="train-step-count"]')?.getAttribute('data-step')) === n, restored, {
    timeout: 20_000,
  });
  await page.waitForFunction(() => document.querySelector('[data-testid="model-status"]')?.getAttribute('data-source') === 'training');
  const state = await page.evaluate(() => window.__trainingBench.call('trainState', {}));
  assert.equal(state.step, restored);
  assert.equal(state.phase, 'paused');
  assert.equal(state.autosavedStep, restored);
  // The new worker trains on from there.
  await page.getByTestId('train-step').click();
  await waitForStep(page, restored + 1);
  return restored;
}

test('faults: the worker is killed mid-step — the watchdog notices and the run is restored at its autosave', async (env) => {
  const session = await openApp(env, { query: '?backend=wasm&bench&watchdog=3000' });
  const { page } = session;
  await ready(page);
  const saved = await trainWithAutosave(page);
  assert.ok(saved !== null && saved >= 12, `autosaved at ${saved}`);
  const old = await page.evaluateHandle(() => window.__trainingBench);
  await page.evaluate(() => window.__trainingBench.killForTest());
  const restored = await assertRestored(page, saved, /stopped answering \(no answer for \d+ s\)/);
  assert.ok(await page.evaluate((o) => window.__trainingBench !== o, old), 'a new worker client');
  console.log(`  # killed after autosave ${saved}; restored at ${restored}`);
  assertNoOtherProblems(session, [], 'killed');
  await session.close();
}, { timeout: 150_000 });

test('faults: the worker throws outside a request — its error event starts a new one, the run is restored', async (env) => {
  const session = await openApp(env, { query: '?backend=wasm&bench' });
  const { page } = session;
  await ready(page);
  const saved = await trainWithAutosave(page);
  assert.ok(saved !== null && saved >= 12, `autosaved at ${saved}`);
  await page.evaluate(() => window.__trainingBench.call('trainInjectFault', { fault: 'worker-throw' }));
  const restored = await assertRestored(page, saved, /crashed \(.*injected fault: an uncaught exception in the worker\)/);
  console.log(`  # threw after autosave ${saved}; restored at ${restored}`);
  await screenshot(page, 'faults-worker-restarted');
  assertNoOtherProblems(session, [/injected fault/], 'worker threw');
  await session.close();
}, { timeout: 150_000 });

test('faults: a worker killed with nothing autosaved — the shipped model is loaded again (简体中文)', async (env) => {
  const session = await openApp(env, { query: '?backend=wasm&bench&watchdog=3000&lang=zh-CN', locale: 'zh-CN' });
  const { page } = session;
  await ready(page);
  assert.equal(await page.evaluate(() => window.__trainingBench.call('autosaveInfo', {})), null);
  const before = await probeTop(page);
  await page.evaluate(() => window.__trainingBench.killForTest());
  const banner = page.getByTestId('error-banner');
  await banner.waitFor({ timeout: 30_000 });
  assert.match(await textOf(banner), /模型 worker 没有响应了（.*）。已启动一个新的 worker，并重新载入了自带的模型。/);
  await page.waitForFunction(() => document.querySelector('[data-testid="model-status"]')?.getAttribute('data-source') === 'shipped', null, {
    timeout: 30_000,
  });
  const after = await probeTop(page);
  assert.deepEqual(after, before, 'the same shipped model answers');
  assert.equal(await page.getByTestId('resume-offer').count(), 0);
  assertNoOtherProblems(session, [], 'killed idle');
  await session.close();
}, { timeout: 90_000 });

// ---------------------------------------------------------------- 10. reload at any moment

test('faults: reloads at random moments while training — the offer is never behind the last autosave', async (env) => {
  const seed = Number(process.env.FAULTS_SEED ?? Date.now() % 100_000);
  const random = rng(seed);
  console.log(`  # reload moments seeded with ${seed} (FAULTS_SEED=${seed} replays them)`);
  const session = await openApp(env, { query: '?backend=wasm&bench' });
  const { page } = session;
  await ready(page);
  await page.getByTestId('train-start').click();
  // The first autosave comes with a good copy (every 25 steps) once 8 s have passed.
  await page.getByTestId('autosave-status').waitFor({ timeout: 60_000 });
  const seen = [];
  for (let round = 0; round < 4; round++) {
    // Up to 12 s: some rounds span a new autosave (every 8 s, with a good copy every 25 steps), some do not.
    await page.waitForTimeout(Math.round(250 + random() * 12_000));
    // The status is on the page since the first autosave (and after a resume): a busy page may take a while to answer.
    const saved = await autosavedStep(page, 10_000);
    const step = await trainingStep(page);
    await page.reload();
    await waitForModel(page, 60_000);
    const offer = page.getByTestId('resume-offer');
    await offer.waitFor({ timeout: 30_000 });
    const offered = Number(await offer.getAttribute('data-step'));
    seen.push(`${step}/${saved}→${offered}`);
    assert.ok(saved !== null, 'an autosave was reported before the reload');
    assert.ok(offered >= saved, `round ${round}: offered step ${offered}, last reported autosave ${saved} (training at ${step})`);
    assert.match(await textOf(offer), new RegExp(`step ${offered}\\b`));
    await page.getByTestId('resume-yes').click();
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="train-step-count"]')?.getAttribute('data-step')) === n, offered, {
      timeout: 30_000,
    });
    await page.getByTestId('train-start').click();
    await waitForPhase(page, 'running');
  }
  console.log(`  # step/autosaved→offered: ${seen.join(', ')}`);
  await page.getByTestId('train-pause').click();
  assertNoOtherProblems(session, [], 'reloads');
  await session.close();
}, { timeout: 240_000 });
