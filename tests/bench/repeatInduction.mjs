// The induction task as a learner meets it (part "repeat" of npm run bench): a fresh page of the app
// with the backend it picks by itself, "Repeated syllables" (builtin:repeat) chosen in the Training
// controls (which brings its preset and settings), Train pressed and left alone. Reports the seconds
// from the click, and the step, at which
//   - some head's induction score first reaches 0.7 (the `roles` every training snapshot carries, live
//     ones included: src/shared/headRoles.ts, measured on the seeded repeated probe), and
//   - the repeated half's validation loss first falls below 30 % of the first half's (the corpus's own
//     evaluation, TrainEval.repeat, every ~50 steps);
// with the curve of both on the way. The target: both within 2 minutes.

import { chooseCorpus, isRunning, pauseRun, pressTrain } from './freshRun.mjs';

const INDUCTION_TARGET = 0.7;
const RATIO_TARGET = 0.3;

/** The highest induction score of any head of a snapshot's roles, with its head (from 0), or null. */
function bestInduction(roles) {
  let best = null;
  for (const site of roles?.sites ?? []) {
    site.scores.induction.forEach((heads, layer) =>
      heads.forEach((score, head) => {
        if (score !== null && (best === null || score > best.score)) best = { score, layer, head, site: site.site };
      }),
    );
  }
  return best;
}

/** `page` is a fresh page of the app (?bench, so the worker client is reachable). */
export async function repeatTimeToInduction(page, { limitSeconds = 300, log = () => {} } = {}) {
  const { backend, settings } = await chooseCorpus(page, 'corpus-repeat');
  const { preset } = settings;
  await page.evaluate(() => {
    window.__evals = [];
    window.__snaps = [];
    window.__trainingBench.on('trainEval', (e) => window.__evals.push({ step: e.step, valLoss: e.valLoss, repeat: e.repeat ?? null, at: performance.now() }));
    window.__trainingBench.on('trainSnapshot', (s) => {
      if (s.roles) window.__snaps.push({ step: s.step, live: !!s.live, induction: s.roles.sites.map((x) => ({ site: x.site, scores: x.scores.induction, previous: x.scores.previousToken })), at: performance.now() });
    });
  });
  const clickedAt = await pressTrain(page);
  log(`repeat: training ${preset} on ${backend} until a head's induction score reaches ${INDUCTION_TARGET} and the repeated half's loss < ${RATIO_TARGET * 100}% of the first half's …`);
  const seconds = (at) => Number(((at - clickedAt) / 1000).toFixed(1));
  const inductionOf = (s) => bestInduction({ sites: s.induction.map((x) => ({ site: x.site, scores: { induction: x.scores } })) });
  let induction = null;
  let ratio = null;
  const deadline = Date.now() + limitSeconds * 1000;
  while (Date.now() < deadline && (induction === null || ratio === null)) {
    await page.waitForTimeout(500);
    const [evals, snaps] = await page.evaluate(() => [window.__evals, window.__snaps]);
    induction ??= snaps.find((s) => (inductionOf(s)?.score ?? 0) >= INDUCTION_TARGET) ?? null;
    ratio ??= evals.find((e) => e.repeat && e.repeat.repeatedHalf < RATIO_TARGET * e.repeat.firstHalf) ?? null;
    if (!(await isRunning(page))) break;
  }
  const [evals, snaps] = await page.evaluate(() => [window.__evals, window.__snaps]);
  const stats = await page.evaluate(() => window.__trainingBench.call('trainStats', {}));
  await pauseRun(page);
  const best = induction ? inductionOf(induction) : null;
  return {
    backend,
    settings,
    targets: { induction: INDUCTION_TARGET, repeatedOverFirst: RATIO_TARGET, withinSeconds: 120 },
    induction: induction
      ? { seconds: seconds(induction.at), step: induction.step, score: Number(best.score.toFixed(3)), head: `L${best.layer + 1} H${best.head + 1}` }
      : null,
    halves: ratio
      ? {
          seconds: seconds(ratio.at),
          step: ratio.step,
          firstHalf: Number(ratio.repeat.firstHalf.toFixed(3)),
          repeatedHalf: Number(ratio.repeat.repeatedHalf.toFixed(3)),
          ratio: Number((ratio.repeat.repeatedHalf / ratio.repeat.firstHalf).toFixed(3)),
        }
      : null,
    // The largest fall of the repeated half's loss between two evaluations: where the head formed.
    jump: (() => {
      let best = null;
      const r = evals.filter((e) => e.repeat);
      for (let i = 1; i < r.length; i++) {
        const fall = r[i - 1].repeat.repeatedHalf - r[i].repeat.repeatedHalf;
        if (best === null || fall > best.fall) best = { fall: Number(fall.toFixed(3)), fromStep: r[i - 1].step, toStep: r[i].step, from: Number(r[i - 1].repeat.repeatedHalf.toFixed(3)), to: Number(r[i].repeat.repeatedHalf.toFixed(3)) };
      }
      return best;
    })(),
    curve: evals.map((e) => ({
      step: e.step,
      s: seconds(e.at),
      first: e.repeat ? Number(e.repeat.firstHalf.toFixed(3)) : null,
      repeated: e.repeat ? Number(e.repeat.repeatedHalf.toFixed(3)) : null,
    })),
    inductionCurve: snaps
      .filter((s) => !s.live)
      .map((s) => ({ step: s.step, s: seconds(s.at), best: Number((inductionOf(s)?.score ?? 0).toFixed(3)) })),
    live: {
      steps: stats.steps,
      msPerStep: Number((stats.overheadMs.steps / Math.max(1, stats.steps)).toFixed(1)),
      evaluations: evals.length,
      snapshots: snaps.length,
    },
  };
}
