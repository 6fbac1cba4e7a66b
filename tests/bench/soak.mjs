// Soak: training with every panel live for a long time (default 10 minutes), sampling every 30 s
//   - tensors and tensor bytes in the worker (tf.memory()),
//   - the worker's and the page's JavaScript heap (CDP Runtime.getHeapUsage, the worker reached
//     through the page's auto-attached target; each after a forced garbage collection, so the
//     figure is what is retained),
//   - steps trained;
// and whether each levels off: the mean of the last third of the samples against the middle third
// (growth ≤ 10 % and, for tensors, no change at all). Prints one JSON document.
//   node tests/bench/soak.mjs [--minutes 10] [--backend wasm]

import { existsSync } from 'node:fs';
import path from 'node:path';
import { DIST, launchBrowser, startStaticServer } from '../e2e/lib.mjs';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const MINUTES = Number(opt('minutes', '10'));
const BACKEND = opt('backend', '');
const EVERY_S = 30;
const log = (line) => process.stderr.write(`${line}\n`);

/** CDP commands to the page's dedicated worker (Playwright has no CDP session for workers). */
async function workerChannel(cdp) {
  const attached = [];
  cdp.on('Target.attachedToTarget', (e) => attached.push(e));
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  const deadline = Date.now() + 5000;
  while (!attached.some((a) => a.targetInfo.type === 'worker') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  const worker = attached.find((a) => a.targetInfo.type === 'worker');
  if (!worker) return null;
  let nextId = 1;
  const waiting = new Map();
  cdp.on('Target.receivedMessageFromTarget', (e) => {
    const m = JSON.parse(e.message);
    waiting.get(m.id)?.(m);
    waiting.delete(m.id);
  });
  return (method, params = {}) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, (m) => (m.error ? reject(new Error(m.error.message)) : resolve(m.result)));
      cdp.send('Target.sendMessageToTarget', { sessionId: worker.sessionId, message: JSON.stringify({ id, method, params }) }).catch(reject);
    });
}

function levelOff(samples, key) {
  const xs = samples.map((s) => s[key]).filter((v) => typeof v === 'number');
  if (xs.length < 6) return null;
  const third = Math.floor(xs.length / 3);
  const mean = (a) => a.reduce((n, v) => n + v, 0) / a.length;
  const middle = mean(xs.slice(third, 2 * third));
  const last = mean(xs.slice(xs.length - third));
  return { middle: Math.round(middle), last: Math.round(last), growth: Number((last / middle - 1).toFixed(4)), first: xs[0], max: Math.max(...xs) };
}

async function main() {
  if (!existsSync(path.join(DIST, 'index.html'))) {
    console.error('dist/index.html is missing: run `npx vite build` first');
    process.exit(2);
  }
  const server = await startStaticServer(DIST);
  const browser = await launchBrowser();
  const out = { date: new Date().toISOString(), minutes: MINUTES };
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${server.origin}/?bench${BACKEND ? `&backend=${BACKEND}` : ''}`);
    await page.waitForFunction(() => !!window.__trainingBench && !!document.querySelector('[data-testid="model-status"]')?.getAttribute('data-source'), null, {
      timeout: 120_000,
    });
    out.backend = await page.getByTestId('backend-status').getAttribute('data-backend');
    const cdp = await context.newCDPSession(page);
    await cdp.send('HeapProfiler.enable');
    const inWorker = await workerChannel(cdp);
    if (inWorker) await inWorker('HeapProfiler.enable');
    // A long run: the target is set beyond what 10 minutes can reach, so it never stops by itself.
    await page.getByTestId('train-target').fill('100000');
    await page.getByTestId('train-start').click();
    const samples = [];
    const t0 = Date.now();
    while (Date.now() - t0 < MINUTES * 60_000) {
      await page.waitForTimeout(EVERY_S * 1000);
      await cdp.send('HeapProfiler.collectGarbage');
      const heap = await cdp.send('Runtime.getHeapUsage');
      let workerHeap = null;
      if (inWorker) {
        await inWorker('HeapProfiler.collectGarbage');
        workerHeap = (await inWorker('Runtime.getHeapUsage')).usedSize;
      }
      const s = await page.evaluate(() => window.__trainingBench.call('trainStats', {}));
      const sample = {
        t: Math.round((Date.now() - t0) / 1000),
        steps: s.steps,
        numTensors: s.numTensors,
        tensorBytes: s.numBytes,
        workerHeap,
        pageHeap: heap.usedSize,
        phase: await page.locator('.training-panel').getAttribute('data-phase'),
      };
      samples.push(sample);
      log(`soak: ${JSON.stringify(sample)}`);
      if (sample.phase !== 'running') break;
    }
    await page.getByTestId('train-pause').click().catch(() => {});
    out.samples = samples;
    out.levelOff = {
      numTensors: levelOff(samples, 'numTensors'),
      tensorBytes: levelOff(samples, 'tensorBytes'),
      workerHeap: levelOff(samples, 'workerHeap'),
      pageHeap: levelOff(samples, 'pageHeap'),
    };
    const lo = out.levelOff;
    out.levelsOff = {
      numTensors: lo.numTensors !== null && lo.numTensors.middle === lo.numTensors.last,
      workerHeap: lo.workerHeap === null ? null : lo.workerHeap.growth <= 0.1,
      pageHeap: lo.pageHeap !== null && lo.pageHeap.growth <= 0.1,
    };
    out.pageErrors = errors;
    await context.close();
  } finally {
    await browser.close();
    await server.close();
  }
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
