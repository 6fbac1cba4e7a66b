// The learner's measure of speed (part of npm run bench): a fresh training run in the browser, with
// the app's defaults and the backend it picks by itself, pressed Train and left alone — seconds until
// the coreference accuracy on the held-out cases (measured by the app every few steps) first reaches
// 97 % (target ≤ 60 s), with the steps and the accuracy curve on the way.

const TARGET = 0.97;

/** `page` is a fresh page of the app (?bench, so the worker client is reachable). */
export async function timeToAccuracy(page, { limitSeconds = 240, log = () => {} } = {}) {
  await page.waitForFunction(() => !!window.__trainingBench, null, { timeout: 30_000 });
  const backend = await page.getByTestId('backend-status').getAttribute('data-backend');
  await page.evaluate(() => {
    window.__evals = [];
    window.__trainingBench.on('trainEval', (e) => window.__evals.push({ ...e, at: performance.now() }));
  });
  const clickedAt = await page.evaluate(() => {
    const t = performance.now();
    document.querySelector('[data-testid="train-start"]').click();
    return t;
  });
  log(`accuracy: training on ${backend} until ${TARGET * 100}% …`);
  let reached = null;
  const deadline = Date.now() + limitSeconds * 1000;
  while (Date.now() < deadline) {
    await page.waitForTimeout(500);
    const evals = await page.evaluate(() => window.__evals);
    const hit = evals.find((e) => e.corefAccuracy !== null && e.corefAccuracy >= TARGET);
    if (hit) {
      reached = hit;
      break;
    }
    const phase = await page.locator('.training-panel').getAttribute('data-phase');
    if (phase !== 'running') break;
  }
  const evals = await page.evaluate(() => window.__evals);
  await page.getByTestId('train-pause').click().catch(() => {});
  return {
    backend,
    target: TARGET,
    reached: reached !== null,
    seconds: reached ? Number(((reached.at - clickedAt) / 1000).toFixed(1)) : null,
    step: reached ? reached.step : null,
    curve: evals.map((e) => ({ step: e.step, s: Number(((e.at - clickedAt) / 1000).toFixed(1)), acc: e.corefAccuracy })),
    targetSeconds: 60,
  };
}
