// What every "fresh run" bench part does on a fresh page of the app (?bench, so the worker client is
// reachable): choose a corpus in the Training controls (which brings its preset and settings) and
// read them; press Train at a measured instant; pause at the end; time a bare training loop of the
// same preset in the same worker.

const phase = (page) => page.locator('.training-panel').getAttribute('data-phase');

/** Waits for the app, picks the corpus (its radio's test id, or none for the default), reads the backend and settings. */
export async function chooseCorpus(page, corpusTestId = null) {
  await page.waitForFunction(() => !!window.__trainingBench, null, { timeout: 30_000 });
  const backend = await page.getByTestId('backend-status').getAttribute('data-backend');
  if (corpusTestId) await page.getByTestId(corpusTestId).check();
  const preset = await page.getByTestId('train-preset').inputValue();
  const settings = {
    preset,
    learningRate: Number(await page.getByTestId('train-lr').inputValue()),
    batchSize: Number(await page.getByTestId('train-batch').inputValue()),
    targetSteps: Number(await page.getByTestId('train-target').inputValue()),
  };
  return { backend, settings };
}

/** Clicks Train; returns the page's clock at the click once the run is going. */
export async function pressTrain(page, { timeout = 60_000 } = {}) {
  const clickedAt = await page.evaluate(() => {
    const t = performance.now();
    document.querySelector('[data-testid="train-start"]').click();
    return t;
  });
  await page.waitForFunction(() => document.querySelector('.training-panel')?.getAttribute('data-phase') === 'running', null, { timeout });
  return clickedAt;
}

/** True while the run is going. */
export async function isRunning(page) {
  return (await phase(page)) === 'running';
}

/** Pauses the run (if it is still going) and waits until it has stopped. */
export async function pauseRun(page) {
  if (await isRunning(page)) await page.getByTestId('train-pause').click();
  await page.waitForFunction(() => document.querySelector('.training-panel')?.getAttribute('data-phase') !== 'running', null, { timeout: 60_000 });
}

/** A bare training loop (request benchBareLoop) after 2 s of warm-up: steps, tokens/s, ms per step. */
export async function bareLoop(page, params, seconds) {
  const call = (p) => page.evaluate((x) => window.__trainingBench.call('benchBareLoop', x), p);
  await call({ ...params, seconds: 2 });
  const bare = await call({ ...params, seconds });
  return {
    steps: bare.steps,
    seconds: Number(bare.seconds.toFixed(1)),
    tokensPerSecond: Math.round(bare.tokensPerSecond),
    msPerStep: Number(((1000 * bare.seconds) / Math.max(1, bare.steps)).toFixed(1)),
    numTensorsBeforeAfter: [bare.numTensorsBefore, bare.numTensorsAfter],
  };
}
