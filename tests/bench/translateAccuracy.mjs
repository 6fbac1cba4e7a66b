// The translation model's speed as a learner meets it (part "translate" of npm run bench): a fresh
// page of the app with the backend it picks by itself, the translation corpus chosen in the Training
// controls (which brings the translation preset and its settings), Train pressed and left alone —
// seconds and steps until the referent accuracy on the held-out pairs (measured by the app every few
// steps) first reaches 97 %, with the exact-translation accuracy at that moment and the curve on the
// way; then, in the same worker, a bare training loop of the same model (no events, no evaluation):
// target tokens per second and milliseconds per step.

import { bareLoop, chooseCorpus, isRunning, pauseRun, pressTrain } from './freshRun.mjs';

const TARGET = 0.97;

/** `page` is a fresh page of the app (?bench, so the worker client is reachable). */
export async function translateTimeToAccuracy(page, { limitSeconds = 240, bareSeconds = 8, log = () => {} } = {}) {
  const { backend, settings } = await chooseCorpus(page, 'corpus-translate');
  const { preset } = settings;
  await page.evaluate(() => {
    window.__evals = [];
    window.__trainingBench.on('trainEval', (e) => window.__evals.push({ ...e, at: performance.now() }));
  });
  const clickedAt = await pressTrain(page);
  log(`translate: training ${preset} on ${backend} until the referent accuracy reaches ${TARGET * 100}% …`);
  let reached = null;
  const deadline = Date.now() + limitSeconds * 1000;
  while (Date.now() < deadline) {
    await page.waitForTimeout(500);
    const evals = await page.evaluate(() => window.__evals);
    const hit = evals.find((e) => e.translation && e.translation.referent >= TARGET);
    if (hit) {
      reached = hit;
      break;
    }
    if (!(await isRunning(page))) break;
  }
  const evals = await page.evaluate(() => window.__evals);
  const state = await page.evaluate(() => window.__trainingBench.call('trainState', {}));
  const stats = await page.evaluate(() => window.__trainingBench.call('trainStats', {}));
  await pauseRun(page);
  // Bare: the same model and batch size in the same worker, nothing else running.
  const bare = await bareLoop(page, { preset, batchSize: settings.batchSize, corpus: 'builtin:translate' }, bareSeconds);
  return {
    backend,
    corpus: state.corpusId,
    settings,
    target: TARGET,
    reached: reached !== null,
    seconds: reached ? Number(((reached.at - clickedAt) / 1000).toFixed(1)) : null,
    step: reached ? reached.step : null,
    referentAccuracy: reached ? reached.translation.referent : null,
    exactAccuracy: reached ? reached.translation.exact : null,
    heldOutCases: reached ? reached.translation.cases : null,
    curve: evals.map((e) => ({
      step: e.step,
      s: Number(((e.at - clickedAt) / 1000).toFixed(1)),
      referent: e.translation?.referent ?? null,
      exact: e.translation?.exact ?? null,
      valLoss: Number(e.valLoss.toFixed(3)),
    })),
    // Worker time while the run was live: training steps, and the evaluations between them.
    live: {
      steps: stats.steps,
      msPerStep: Number((stats.overheadMs.steps / Math.max(1, stats.steps)).toFixed(1)),
      evaluations: evals.length,
      msPerEvaluation: Math.round(stats.overheadMs.evals / Math.max(1, evals.length)),
      snapshotMs: Math.round(stats.overheadMs.snapshots),
    },
    bare,
  };
}
