// The real-text models as a learner meets them (part "text" of npm run bench): a fresh page of the app
// with the backend it picks by itself, the 唐诗 (or English) corpus chosen in the Training controls
// (which brings its preset and settings), Train pressed and left alone. For 唐诗: seconds and steps
// until the share of sampled lines with exactly five or seven characters (the app's line meter, from
// the samples of each evaluation) first reaches 80 %, and the curve on the way; for both: target
// tokens per second live (the worker's own count over its running time, with every panel following)
// and, in the same worker, of a bare training loop of the same preset and batch (no events).

import { bareLoop, chooseCorpus, isRunning, pauseRun, pressTrain } from './freshRun.mjs';

/** `page` is a fresh page of the app (?bench, so the worker client is reachable). */
export async function textModelBench(page, { corpus, limitSeconds = 240, target = 0.8, bareSeconds = 8, log = () => {} } = {}) {
  const { backend, settings } = await chooseCorpus(page, `corpus-${corpus}`);
  const { preset } = settings;
  await page.evaluate(() => {
    window.__evals = [];
    window.__trainingBench.on('trainEval', (e) => window.__evals.push({ ...e, at: performance.now() }));
  });
  // The corpus file is fetched when the run starts: the clock runs from the click.
  const clickedAt = await pressTrain(page, { timeout: 120_000 });
  const lines = corpus === 'tang';
  log(`text ${corpus}: training ${preset} on ${backend}${lines ? ` until ${target * 100}% of sampled lines are regular` : ''} (at most ${limitSeconds} s) …`);
  let reached = null;
  const deadline = Date.now() + limitSeconds * 1000;
  while (Date.now() < deadline) {
    await page.waitForTimeout(1000);
    const evals = await page.evaluate(() => window.__evals);
    const hit = lines ? evals.find((e) => (e.text?.lines?.share ?? 0) >= target && (e.text?.lines?.lines ?? 0) >= 8) : null;
    if (hit) {
      reached = hit;
      break;
    }
    if (!(await isRunning(page))) break;
  }
  const evals = await page.evaluate(() => window.__evals);
  const stats = await page.evaluate(() => window.__trainingBench.call('trainStats', {}));
  await pauseRun(page);
  const bare = await bareLoop(page, { preset, batchSize: settings.batchSize, corpus: `builtin:${corpus}` }, bareSeconds);
  const last = evals.at(-1);
  const liveTokensPerSecond = stats.runningMs > 0 ? Math.round(stats.tokens / (stats.runningMs / 1000)) : null;
  return {
    backend,
    corpus: `builtin:${corpus}`,
    settings,
    ...(lines
      ? {
          target,
          reached: reached !== null,
          seconds: reached ? Number(((reached.at - clickedAt) / 1000).toFixed(1)) : null,
          step: reached ? reached.step : null,
          regularLines: reached ? reached.text.lines : null,
        }
      : {}),
    lastEval: last
      ? {
          step: last.step,
          s: Number(((last.at - clickedAt) / 1000).toFixed(1)),
          valLoss: Number(last.valLoss.toFixed(3)),
          sample: last.text?.samples?.[0] ?? null,
          lines: last.text?.lines ?? null,
        }
      : null,
    curve: evals.map((e) => ({
      step: e.step,
      s: Number(((e.at - clickedAt) / 1000).toFixed(1)),
      valLoss: Number(e.valLoss.toFixed(3)),
      lines: e.text?.lines?.share ?? null,
    })),
    live: {
      steps: stats.steps,
      tokensPerSecond: liveTokensPerSecond,
      msPerStep: Number((stats.overheadMs.steps / Math.max(1, stats.steps)).toFixed(1)),
      evaluations: evals.length,
      msPerEvaluation: Math.round(stats.overheadMs.evals / Math.max(1, evals.length)),
      snapshotMs: Math.round(stats.overheadMs.snapshots),
    },
    bare,
    liveOverBare: liveTokensPerSecond && bare.tokensPerSecond ? Number((liveTokensPerSecond / bare.tokensPerSecond).toFixed(3)) : null,
  };
}
