// The induction task (builtin:repeat) in the production build: choosing "Repeated syllables" in the
// Training controls brings its own preset; Train starts a run on it; the training view shows the loss
// on the first half and on the repeated half of the held-out sequences (the figures of the worker's
// evaluation, the same numbers the trainHistory request holds) with their curves and the first
// half's floor ln 60, and no coreference accuracy; the history snapshots read the corpus's own
// repeated syllables (the page's English sentence has none), with head roles. Nothing here depends on
// how well the model has trained.

import assert from 'node:assert/strict';
import { assertClean, elementScreenshot, openApp, test, textOf, waitForBackend, waitForModel, waitForTrainingStep } from './lib.mjs';

test('repeat: the induction task trains from its own preset and shows the loss on each half', async (env) => {
  const session = await openApp(env, { query: '?backend=wasm&bench' });
  const { page } = session;
  assert.equal((await waitForBackend(page)).name, 'wasm');
  await waitForModel(page);
  await page.getByTestId('corpus-repeat').check();
  await page.waitForFunction(() => document.querySelector('[data-testid="train-preset"]')?.value === 'repeat');
  const presets = await page.$$eval('[data-testid="train-preset"] option', (os) => os.map((o) => o.value));
  assert.deepEqual(presets, ['repeat']);
  assert.match(await textOf(page.locator('.preset-shape')), /2 layers/);
  // Before any run: the figures' box, empty; no coreference accuracy.
  await page.getByTestId('repeat-halves').waitFor();
  assert.equal(await page.getByTestId('train-accuracy').count(), 0);

  await page.getByTestId('train-start').click();
  await page.waitForFunction(() => document.querySelector('.training-panel')?.getAttribute('data-phase') === 'running');
  await waitForTrainingStep(page, 3, 45_000);
  // The first evaluation (about step 50) fills both figures and the chart.
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="repeat-halves"]')?.getAttribute('data-evals')) >= 1, null, {
    timeout: 45_000,
  });
  await page.getByTestId('train-pause').click();
  await page.waitForFunction(() => document.querySelector('.training-panel')?.getAttribute('data-phase') !== 'running', null, { timeout: 30_000 });

  const first = Number(await page.getByTestId('repeat-first').getAttribute('data-value'));
  const repeated = Number(await page.getByTestId('repeat-repeated').getAttribute('data-value'));
  const history = await page.evaluate(() => window.__trainingBench.call('trainHistory', {}));
  const state = await page.evaluate(() => window.__trainingBench.call('trainState', {}));
  assert.equal(state.corpusId, 'builtin:repeat');
  const evals = history.evals.filter((e) => e.repeat);
  assert.ok(evals.length >= 1 && evals.every((e) => e.corefAccuracy === null), 'the evaluations carry the halves, not coreference accuracy');
  const newest = evals.at(-1).repeat;
  assert.equal(first, newest.firstHalf, 'the page shows the worker\'s first-half loss');
  assert.equal(repeated, newest.repeatedHalf, 'the page shows the worker\'s repeated-half loss');
  // A young model: the first half is about ln 60 (no model beats it for long), both finite.
  assert.ok(first > 3 && first < 5.5, `first half ${first}`);
  assert.ok(Number.isFinite(repeated) && repeated > 0, `repeated half ${repeated}`);
  assert.match(await textOf(page.getByTestId('repeat-first')), /\d\.\d{3} nats/);
  assert.match(await textOf(page.getByTestId('repeat-ratio')), /\d+ %/);
  // The chart: both curves and the first half's floor ln 60.
  await page.getByTestId('repeat-chart').scrollIntoViewIfNeeded();
  assert.equal(await page.locator('[data-testid="repeat-chart"] g.series-first-half path').count(), 1);
  assert.equal(await page.locator('[data-testid="repeat-chart"] g.series-repeated-half path').count(), 1);
  assert.match(await textOf(page.getByTestId('repeat-chart')), /ln 60 = 4\.09/);
  // The snapshots read the corpus's repeated syllables (the page's sentence is English), with roles.
  const snap = history.snapshots.at(-1);
  assert.equal(snap.tokens[0], '<bos>');
  const syllables = snap.tokens.slice(1);
  assert.equal(syllables.length, 22);
  assert.deepEqual(syllables.slice(11), syllables.slice(0, 11));
  assert.ok(syllables.every((s) => /^[bdfgklmnprst][aeiou]$/.test(s)), `probe tokens ${syllables.join(' ')}`);
  assert.equal(snap.roles.sites[0].scores.induction.length, 2);
  console.log(`  # repeat: at step ${evals.at(-1).step} first half ${first.toFixed(3)}, repeated half ${repeated.toFixed(3)}`);
  await elementScreenshot(page.getByTestId('repeat-halves'), 'repeat-halves');
  assertClean(session, 'repeat training');
  await session.close();
}, { timeout: 120_000 });
