// Training benchmark (npm run bench): serves the production build (dist/, built first when missing or
// with --build), opens it in headless Chromium and, for each backend (wasm, webgl, cpu), measures
//   - tokens/s of the worker training with live visualisation (the page's own Train button, all
//     panels on screen, traces/evaluation/snapshots/autosave running), with every panel following
//     the model ("livePanels": true, the default) and, on WASM, with only the training views live,
//   - tokens/s of a bare training loop of the same model on the same backend in the same worker
//     (request benchBareLoop: batch → step → repeat, nothing else), in short windows alternating
//     with the live ones, and the ratio of each live run to the bare windows just before and after
//     it; per mode the median of those ratios (target ≥ 0.95),
//   - main-thread frames per second (requestAnimationFrame) and long tasks (> 50 ms,
//     PerformanceObserver 'longtask') during the live run (targets ≥ 55 fps, 0 long tasks),
//   - bytes posted per second from the worker to the page,
//   - tf.memory().numTensors in the worker early in the live run and at its end;
// and which backend the app picks by itself (no ?backend=) and why. Then, with the backend the app
// picks: the Compare view's keystroke → repaint latency idle and while training (latency.mjs), the
// initial JavaScript and the time to the first interactive screen (startup.mjs), and the seconds a
// fresh run takes to reach 97 % coreference accuracy (accuracy.mjs), and a fresh run of the
// translation model to 97 % referent accuracy on held-out pairs with its bare speed
// (translateAccuracy.mjs), the real-text presets: 唐诗 from scratch to 80 % regular sampled lines,
// tokens/s live and bare for 唐诗 and English (textModels.mjs), and a fresh run of the induction task
// (builtin:repeat) until a head's induction score reaches 0.7 and the repeated half's loss falls below
// 30 % of the first half's (repeatInduction.mjs). Prints one JSON document.
//   node tests/bench/run.mjs [--build] [--live SECONDS] [--backends wasm,webgl,cpu]
//                            [--only training,latency,startup,accuracy,translate,text,repeat]

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DIST, ROOT, launchBrowser, startStaticServer } from '../e2e/lib.mjs';
import { timeToAccuracy } from './accuracy.mjs';
import { translateTimeToAccuracy } from './translateAccuracy.mjs';
import { textModelBench } from './textModels.mjs';
import { repeatTimeToInduction } from './repeatInduction.mjs';
import { runLatencyBench } from './latency.mjs';
import { firstInteractive, initialJavaScript } from './startup.mjs';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const LIVE_SECONDS = Number(opt('live', '12'));
const BACKENDS = opt('backends', 'wasm,webgl,cpu').split(',');
const ONLY = opt('only', 'training,latency,startup,accuracy,translate,text,repeat').split(',');
/** Seconds of live / bare training per backend (the CPU backend is much slower: shorter). */
const PLAN = {
  wasm: { live: LIVE_SECONDS, bare: 5, repeats: 3, trainingViewsOnly: true },
  webgl: { live: LIVE_SECONDS, bare: 8, repeats: 2, trainingViewsOnly: false },
  cpu: { live: Math.min(LIVE_SECONDS, 12), bare: 6, repeats: 2, trainingViewsOnly: false },
};

function median(xs) {
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : Number(((s[m - 1] + s[m]) / 2).toFixed(3));
}

const log = (line) => process.stderr.write(`${line}\n`);

function ensureBuild() {
  if (args.includes('--build') || !existsSync(path.join(DIST, 'index.html'))) {
    log('building dist/ …');
    execFileSync('npx', ['vite', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  }
}

/** Counts frames and long tasks on the main thread from page start; `__perf.reset()` restarts them. */
const PERF_SCRIPT = `
  window.__perf = { frames: 0, longTasks: 0, longTaskMs: 0, t0: performance.now() };
  window.__perf.reset = () => { Object.assign(window.__perf, { frames: 0, longTasks: 0, longTaskMs: 0, t0: performance.now() }); };
  const tick = () => { window.__perf.frames++; requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) { window.__perf.longTasks++; window.__perf.longTaskMs += e.duration; }
    }).observe({ type: 'longtask', buffered: false });
  } catch (e) { window.__perf.longTaskError = String(e); }
`;

async function openPage(browser, origin, query) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  await context.addInitScript(PERF_SCRIPT);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/models\/coref\/model\.json/.test(m.text())) errors.push(m.text());
  });
  await page.goto(`${origin}/${query}`);
  await page.waitForFunction(() => !!document.querySelector('[data-testid="backend-status"]')?.getAttribute('data-backend'), null, { timeout: 120_000 });
  await page.waitForFunction(() => !!document.querySelector('[data-testid="model-status"]')?.getAttribute('data-source'), null, { timeout: 120_000 });
  await page.waitForFunction(() => !!window.__trainingBench, null, { timeout: 30_000 });
  return { context, page, errors };
}

const call = (page, method, params) => page.evaluate(([m, p]) => window.__trainingBench.call(m, p), [method, params]);

async function autoPick(browser, origin) {
  const { context, page, errors } = await openPage(browser, origin, '?bench');
  const backend = await page.getByTestId('backend-status').getAttribute('data-backend');
  const reason = await page.getByTestId('backend-status').getAttribute('title');
  const why = await page.getByTestId('backend-why').innerText().catch(() => '');
  await context.close();
  return { backend, reason, why, errors };
}

/** One live run of `seconds` with the page's Train button; returns its figures (tokens/s measured in the worker). */
async function liveRun(page, seconds, livePanels) {
  await call(page, 'trainConfigure', { livePanels });
  await page.getByTestId('train-start').click();
  await page.waitForFunction(() => document.querySelector('.training-panel')?.getAttribute('data-phase') === 'running', null, { timeout: 60_000 });
  // Far away, so that no run stops at the target (the learning-rate schedule does not change the speed).
  await call(page, 'trainConfigure', { targetSteps: 100_000 });
  const first = (await call(page, 'trainStats', {})).steps;
  await page.waitForFunction(
    async (n) => (await window.__trainingBench.call('trainStats', {})).steps >= n,
    first + 3,
    { timeout: 120_000, polling: 200 },
  );
  const s0 = await call(page, 'trainStats', {});
  await page.evaluate(() => window.__perf.reset());
  const t0 = Date.now();
  await page.waitForTimeout(seconds * 1000);
  const s1 = await call(page, 'trainStats', {});
  const perf = await page.evaluate(() => ({ ...window.__perf, now: performance.now() }));
  const wall = (Date.now() - t0) / 1000;
  await page.getByTestId('train-pause').click();
  await page.waitForFunction(() => document.querySelector('.training-panel')?.getAttribute('data-phase') === 'paused', null, { timeout: 60_000 });
  const liveSeconds = (s1.runningMs - s0.runningMs) / 1000;
  return {
    livePanels,
    tokensPerSecond: Math.round((s1.tokens - s0.tokens) / liveSeconds),
    steps: s1.steps - s0.steps,
    seconds: Number(liveSeconds.toFixed(1)),
    fps: Number((perf.frames / ((perf.now - perf.t0) / 1000)).toFixed(1)),
    longTasks: perf.longTasks,
    longTaskMs: Math.round(perf.longTaskMs),
    bytesPostedPerSecond: Math.round((s1.bytesPosted - s0.bytesPosted) / wall),
    workerMs: Object.fromEntries(Object.keys(s1.overheadMs).map((k) => [k, Math.round(s1.overheadMs[k] - s0.overheadMs[k])])),
    // Share of the worker's running time spent in training steps (the bare loop spends ~100% there):
    // a noise-resistant estimate of the live / bare ratio on a busy machine.
    stepTimeShare: Number(((s1.overheadMs.steps - s0.overheadMs.steps) / (s1.runningMs - s0.runningMs)).toFixed(3)),
    msPerStep: Number(((s1.overheadMs.steps - s0.overheadMs.steps) / Math.max(1, s1.steps - s0.steps)).toFixed(1)),
    numTensors: { atStart: s0.numTensors, atEnd: s1.numTensors, startStep: s0.steps, endStep: s1.steps },
  };
}

async function benchBackend(browser, origin, name) {
  const plan = PLAN[name];
  const { context, page, errors } = await openPage(browser, origin, `?backend=${name}&bench`);
  const actual = await page.getByTestId('backend-status').getAttribute('data-backend');
  const result = { backend: actual, requested: name };
  if (actual !== name) {
    result.error = `asked for ${name}, got ${actual}`;
    await context.close();
    return result;
  }
  const bare = [];
  let stage = 'warm-up';
  const bareRun = async (seconds) => {
    const r = await call(page, 'benchBareLoop', { preset: 'tiny', batchSize: 16, seconds });
    bare.push(r);
    return r;
  };
  // Warm-up (shader compilation on WebGL, first allocations), not counted.
  await call(page, 'benchBareLoop', { preset: 'tiny', batchSize: 16, seconds: name === 'cpu' ? 1 : 3 });
  // Short bare and live windows alternate, each live one compared with the bare ones just before and
  // after it: the machine's speed drifts by ±10 % over tens of seconds, which one long window of each
  // would mistake for the cost of the views. Modes cycle (every panel / training views only).
  const modes = plan.trainingViewsOnly ? [true, false] : [true];
  const live = [];
  try {
    stage = 'bare';
    let before = await bareRun(plan.bare);
    for (let r = 0; r < plan.repeats; r++) {
      for (const livePanels of modes) {
        stage = `live ${r + 1} (${livePanels ? 'every panel' : 'training views only'})`;
        const l = await liveRun(page, plan.live, livePanels);
        stage = 'bare';
        const after = await bareRun(plan.bare);
        const adjacent = (before.tokens + after.tokens) / (before.seconds + after.seconds);
        live.push({ ...l, adjacentBareTokensPerSecond: Math.round(adjacent), ratio: Number((l.tokensPerSecond / adjacent).toFixed(3)) });
        before = after;
      }
    }
  } catch (e) {
    const banner = await page.getByTestId('error-banner').innerText().catch(() => '');
    result.error = `${stage}: ${String(e?.message ?? e).split('\n')[0]}${banner ? ` | page says: ${banner}` : ''}`;
  }
  const bareTokensPerSecond = bare.reduce((n, b) => n + b.tokens, 0) / bare.reduce((n, b) => n + b.seconds, 0);
  Object.assign(result, {
    bareTokensPerSecond: Math.round(bareTokensPerSecond),
    bareRuns: bare.map((b) => Math.round(b.tokensPerSecond)),
    bareMsPerStep: Number(((1000 * bare.reduce((n, b) => n + b.seconds, 0)) / Math.max(1, bare.reduce((n, b) => n + b.steps, 0))).toFixed(1)),
    bareTensorsBeforeAfter: bare.map((b) => [b.numTensorsBefore, b.numTensorsAfter]),
    live,
    // Per mode: the median of the live runs' ratios to their adjacent bare windows, and its share in steps.
    summary: Object.fromEntries(
      [true, false]
        .map((mode) => [mode ? 'everyPanel' : 'trainingViewsOnly', live.filter((l) => l.livePanels === mode)])
        .filter(([, runs]) => runs.length > 0)
        .map(([key, runs]) => [
          key,
          {
            runs: runs.length,
            medianTokensPerSecond: median(runs.map((l) => l.tokensPerSecond)),
            medianRatio: median(runs.map((l) => l.ratio)),
            ratios: runs.map((l) => l.ratio),
            medianStepTimeShare: median(runs.map((l) => l.stepTimeShare)),
            fps: Math.min(...runs.map((l) => l.fps)),
            longTasks: runs.reduce((n, l) => n + l.longTasks, 0),
          },
        ]),
    ),
    pageErrors: errors,
  });
  await context.close();
  return result;
}

async function main() {
  const started = Date.now();
  ensureBuild();
  const server = await startStaticServer(DIST);
  const browser = await launchBrowser();
  const out = { date: new Date().toISOString(), chromium: browser.version(), cores: (await import('node:os')).cpus().length, preset: 'tiny', batchSize: 16 };
  try {
    if (ONLY.includes('startup')) {
      log('startup: initial JavaScript, first interactive screen …');
      out.startup = { initialJavaScript: await initialJavaScript(), firstInteractive: await firstInteractive(browser, server.origin) };
      log(`startup: ${JSON.stringify(out.startup)}`);
    }
    if (ONLY.includes('training')) {
      log('auto-picked backend …');
      out.autoPicked = await autoPick(browser, server.origin);
      out.backends = {};
      for (const name of BACKENDS) {
        log(`${name}: ${PLAN[name].repeats} × (bare ${PLAN[name].bare} s, live ${PLAN[name].live} s per mode), bare …`);
        try {
          out.backends[name] = await benchBackend(browser, server.origin, name);
        } catch (e) {
          out.backends[name] = { error: String(e?.message ?? e).split('\n')[0] };
        }
        log(`${name}: ${JSON.stringify(out.backends[name])}`);
      }
    }
    if (ONLY.includes('accuracy')) {
      const { context, page } = await openPage(browser, server.origin, '?bench');
      try {
        out.timeTo97 = await timeToAccuracy(page, { log });
      } catch (e) {
        out.timeTo97 = { error: String(e?.message ?? e).split('\n')[0] };
      }
      log(`accuracy: ${JSON.stringify(out.timeTo97)}`);
      await context.close();
    }
    if (ONLY.includes('translate')) {
      const { context, page, errors } = await openPage(browser, server.origin, '?bench');
      try {
        out.translateTimeTo97 = { ...(await translateTimeToAccuracy(page, { log })), pageErrors: errors };
      } catch (e) {
        out.translateTimeTo97 = { error: String(e?.message ?? e).split('\n')[0], pageErrors: errors };
      }
      log(`translate: ${JSON.stringify(out.translateTimeTo97)}`);
      await context.close();
    }
    if (ONLY.includes('text')) {
      out.text = {};
      for (const [corpus, limitSeconds] of [
        ['tang', 240],
        ['english', 60],
      ]) {
        const { context, page, errors } = await openPage(browser, server.origin, '?bench');
        try {
          out.text[corpus] = { ...(await textModelBench(page, { corpus, limitSeconds, log })), pageErrors: errors };
        } catch (e) {
          out.text[corpus] = { error: String(e?.message ?? e).split('\n')[0], pageErrors: errors };
        }
        log(`text ${corpus}: ${JSON.stringify(out.text[corpus])}`);
        await context.close();
      }
    }
    if (ONLY.includes('repeat')) {
      const { context, page, errors } = await openPage(browser, server.origin, '?bench');
      try {
        out.repeatInduction = { ...(await repeatTimeToInduction(page, { log })), pageErrors: errors };
      } catch (e) {
        out.repeatInduction = { error: String(e?.message ?? e).split('\n')[0], pageErrors: errors };
      }
      log(`repeat: ${JSON.stringify({ ...out.repeatInduction, curve: undefined, inductionCurve: undefined })}`);
      await context.close();
    }
    if (ONLY.includes('latency')) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
      const page = await context.newPage();
      try {
        await page.goto(`${server.origin}/?view=compare`);
        out.latency = await runLatencyBench({ page, baseUrl: server.origin, log });
      } catch (e) {
        out.latency = { error: String(e?.message ?? e).split('\n')[0] };
      }
      await context.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  out.totalSeconds = Math.round((Date.now() - started) / 1000);
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
