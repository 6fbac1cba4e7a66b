// Latency of the Compare view: from a keystroke in sentence B to every panel of the view repainted
// (both traces and both attributions back, maps, bars, ranking and answers committed and their
// canvases drawn), p50 / p95 over 50 edits, idle and while the model trains in the same worker.
// Targets: p95 < 50 ms idle, < 100 ms while training.
//
// Measured inside the page: t0 = performance.now() right before the input event of the edit; the view
// writes `data-repainted-at` (performance.now()) in the effect that runs after the commit showing the
// new text, once the children's canvases are drawn — `repaint` is that minus t0; `frame` is t0 to the
// next animation frame after it (when the pixels reach the screen). Edits are spaced 150 ms apart, so
// each is a keystroke after a pause (a burst of keystrokes within 120 ms is coalesced by design).
//
//   node tests/bench/latency.mjs [--edits N] [--backend webgl|wasm|cpu] [--no-training]   → JSON on stdout
// or, from another bench: `await runLatencyBench({ page, baseUrl, log })` with a page of the app open.

/* global HTMLInputElement, MutationObserver, Event */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DIST, launchBrowser, startStaticServer } from '../e2e/lib.mjs';

const PANEL = '[data-testid="compare-panel"]';
const BASE = "the animal didn't cross the street because it was too";
const ADJECTIVES = ['narrow', 'wide', 'busy', 'crowded', 'dark', 'icy', 'steep', 'long', 'tired', 'scared', 'weak', 'old', 'slow'];
const CLAUSE = ' . it refers to the';

function quantile(sorted, q) {
  if (sorted.length === 0) return null;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i];
}

function summarise(samples) {
  const r = samples.map((s) => s.repaint).sort((a, b) => a - b);
  const f = samples.map((s) => s.frame).sort((a, b) => a - b);
  const round = (x) => (x === null ? null : Number(x.toFixed(1)));
  const median = (key) => round(quantile(samples.map((s) => s[key]).sort((a, b) => a - b), 0.5));
  return {
    n: samples.length,
    p50: round(quantile(r, 0.5)),
    p95: round(quantile(r, 0.95)),
    max: round(r[r.length - 1] ?? null),
    mean: round(r.reduce((a, b) => a + b, 0) / Math.max(1, r.length)),
    frameP50: round(quantile(f, 0.5)),
    frameP95: round(quantile(f, 0.95)),
    /** Medians of the parts: keystroke → requests sent, requests → all four answers in, answers → repainted. */
    parts: { toDispatchP50: median('toDispatch'), workerP50: median('worker'), renderP50: median('render') },
  };
}

/** One edit of sentence B; resolves with { repaint, frame } in ms. */
async function edit(page, text) {
  return page.evaluate(
    async ({ sel, text, expected }) => {
      const input = document.querySelector('[data-testid="compare-sentence-b"]');
      const panel = document.querySelector(sel);
      const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
      const shown = new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          obs.disconnect();
          reject(new Error(`no repaint for "${text}" within 15 s`));
        }, 15_000);
        const obs = new MutationObserver(() => {
          if (panel.getAttribute('data-shown-b') === expected) {
            obs.disconnect();
            clearTimeout(timer);
            resolve();
          }
        });
        obs.observe(panel, { attributes: true });
      });
      const t0 = performance.now();
      setValue.call(input, text);
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await shown;
      const repaintedAt = Number(panel.getAttribute('data-repainted-at'));
      const dispatchedAt = Number(panel.getAttribute('data-dispatched-at'));
      const receivedAt = Number(panel.getAttribute('data-received-at'));
      await new Promise((r) => requestAnimationFrame(() => r()));
      return {
        repaint: repaintedAt - t0,
        frame: performance.now() - t0,
        toDispatch: dispatchedAt - t0,
        worker: receivedAt - dispatchedAt,
        render: repaintedAt - receivedAt,
      };
    },
    { sel: PANEL, text, expected: text + CLAUSE },
  );
}

async function series(page, edits, offset) {
  const samples = [];
  for (let k = 0; k < edits; k++) {
    const text = `${BASE} ${ADJECTIVES[(k + offset) % ADJECTIVES.length]}`;
    // Skip an edit that would not change the text (the result would not be re-shown).
    const current = await page.getByTestId('compare-sentence-b').inputValue();
    if (current === text) continue;
    samples.push(await edit(page, text));
    await page.waitForTimeout(150);
  }
  return samples;
}

/**
 * Runs the benchmark on a page of the app at `baseUrl` (opened with ?view=compare if `page` is
 * not on it already). Returns { backend, idle, training, targets, met }.
 */
export async function runLatencyBench({ page, baseUrl, log = () => {}, edits = 50, training = true }) {
  if (baseUrl && !page.url().startsWith(baseUrl)) await page.goto(`${baseUrl}/?view=compare`);
  await page.waitForFunction((sel) => Number(document.querySelector(sel)?.getAttribute('data-repainted') ?? 0) > 0, PANEL, { timeout: 120_000 });
  const backend = await page.getByTestId('backend-status').getAttribute('data-backend');
  log(`latency: backend ${backend}; warm-up …`);
  await series(page, 5, 3);
  log(`latency: ${edits} edits, idle …`);
  const idle = summarise(await series(page, edits, 0));
  log(`latency idle: ${JSON.stringify(idle)}`);
  let whileTraining = null;
  const start = page.getByTestId('train-start');
  if (training && (await start.count()) > 0) {
    await start.click();
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="train-step-count"]')?.getAttribute('data-step')) >= 3, null, {
      timeout: 120_000,
    });
    log(`latency: ${edits} edits while training …`);
    whileTraining = summarise(await series(page, edits, 1));
    const step = await page.getByTestId('train-step-count').getAttribute('data-step');
    whileTraining.trainingStepAtEnd = Number(step);
    await page.getByTestId('train-pause').click();
    log(`latency training: ${JSON.stringify(whileTraining)}`);
  } else if (training) {
    log('latency: no Train button on the page; measured idle only');
  }
  const targets = { idleP95: 50, trainingP95: 100 };
  return {
    backend,
    idle,
    training: whileTraining,
    targets,
    met: { idle: idle.p95 !== null && idle.p95 < targets.idleP95, training: whileTraining ? whileTraining.p95 < targets.trainingP95 : null },
  };
}

async function main() {
  const args = process.argv.slice(2);
  const opt = (name, fallback) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
  };
  if (!existsSync(path.join(DIST, 'index.html'))) {
    console.error('dist/index.html is missing: run `npx vite build` first');
    process.exit(2);
  }
  const backend = opt('backend', '');
  const server = await startStaticServer(DIST);
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${server.origin}/?view=compare${backend ? `&backend=${backend}` : ''}`);
    const result = await runLatencyBench({
      page,
      baseUrl: server.origin,
      log: (l) => process.stderr.write(`${l}\n`),
      edits: Number(opt('edits', '50')),
      training: !args.includes('--no-training'),
    });
    process.stdout.write(`${JSON.stringify({ date: new Date().toISOString(), chromium: browser.version(), ...result, pageErrors: errors }, null, 2)}\n`);
    await context.close();
  } finally {
    await browser.close();
    await server.close();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
