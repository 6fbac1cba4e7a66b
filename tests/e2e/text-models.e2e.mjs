// The real-text models (唐诗 and English, CONTRACT §7) in the production build: the first screen
// fetches neither their checkpoints nor their corpora; the picker loads each (its checkpoint only),
// its sentence is cut as its tokenizer cuts it, and every panel draws; the Compare view says it needs
// the coreference model and its button loads that model. Training 唐诗 in the tab fetches the corpus,
// adds samples to the strip and shows the line-length meter, and the loss chart's unigram and bigram
// lines are the values `npm run cli -- baselines` computes from the committed corpus files on the same
// validation windows. The Chinese page with the 唐诗 model has no English left. Screenshots at 1440
// and 390 px wide. Nothing here depends on how well the models are trained.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  assertClean,
  elementScreenshot,
  openApp,
  ROOT,
  screenshot,
  sidewaysOverflow,
  test,
  textOf,
  waitForBackend,
  waitForModel,
  waitForPaintedCanvas,
} from './lib.mjs';
import { loadDictionaries, matchersFor, pageStrings, untranslated } from './i18nScan.mjs';

const WIDE = { width: 1440, height: 1000 };
const NARROW = { width: 390, height: 844 };
const TANG_SENTENCE = '白日依山尽，黄河入海流。';
/** The validation windows the training view measures (src/worker/trainingCorpora.ts TEXT_EVAL_SEQUENCES). */
const EVAL_SEQUENCES = 128;

let app = null;

async function chips(page) {
  return page.$$eval('[data-testid="token-chip"] .token-text', (els) => els.map((e) => e.textContent ?? ''));
}

/** Waits until the page shows the model of `corpus` (ModelInfo.corpus, in the header's status) with its tokens. */
async function waitForCorpusModel(page, id, timeout = 60_000) {
  await page.waitForFunction((m) => document.querySelector('.app')?.getAttribute('data-model') === m, id, { timeout });
  await page.waitForFunction(() => document.querySelector('[data-testid="model-status"]')?.getAttribute('data-source') != null, null, { timeout });
  // The tokens of the new model's own sentence (not those of the model before): its first word after <bos>.
  const first = { tang: '白', english: 'the' }[id];
  await page.waitForFunction(
    (f) => document.querySelectorAll('[data-testid="token-chip"] .token-text')[1]?.textContent === f,
    first,
    { timeout },
  );
}

/** No element is wider than its box: the page never scrolls sideways. */
/** Every panel of the decoder-only page draws real pixels / elements for the model in use. */
async function assertPanelsRender(page, label) {
  for (const id of ['attention-heatmap', 'head-thumb', 'positional-table', 'step-matrix-embedding-view']) {
    // A panel far below skips layout until the reader comes near (content-visibility): go there first.
    await page.getByTestId(id).first().scrollIntoViewIfNeeded();
    const c = await waitForPaintedCanvas(page, id, 30_000).catch((e) => {
      throw new Error(`${label}: ${id} is not painted: ${e.message}`);
    });
    assert.ok(c.colours > 3, `${label}: ${id} has ${c.colours} colours`);
  }
  // The embeddings scatter: a point per vocabulary token (thousands), drawn.
  await page.getByTestId('embeddings-scatter').scrollIntoViewIfNeeded();
  await page.getByTestId('embeddings-scatter').waitFor();
  const points = await page.locator('[data-testid="embeddings-scatter"] circle').count();
  assert.ok(points > 50, `${label}: the scatter has ${points} points`);
  // The output panel: the top next tokens as bars.
  await page.getByTestId('output-panel').scrollIntoViewIfNeeded();
  await page.locator('[data-testid="output-bars"] [data-testid="bar"]').nth(4).waitFor({ timeout: 20_000 });
  // The model map.
  await page.getByTestId('model-map').first().waitFor({ timeout: 20_000 });
  // The Compare view says it needs the coreference model, with a button to load it.
  await page.getByTestId('compare-needs-coref').waitFor();
  assert.equal(await page.getByTestId('compare-panel').count(), 0, `${label}: the coreference Compare view is shown`);
  await page.getByTestId('compare-load-coref').waitFor();
}

test('the first screen fetches no real-text checkpoint or corpus; the picker loads 唐诗 and every panel renders', async (env) => {
  const start = env.server.requests.length;
  app = await openApp(env, { viewport: WIDE });
  const { page } = app;
  await waitForBackend(page);
  await waitForModel(page);
  await page.getByTestId('token-chip').first().waitFor({ timeout: 30_000 });
  assert.equal(await page.getByTestId('model-picker').inputValue(), 'coref');
  const options = await page.$$eval('[data-testid="model-picker"] option', (os) => os.map((o) => o.value));
  assert.deepEqual(options.slice(0, 4), ['coref', 'translate', 'tang', 'english']);
  const early = env.server.requests.slice(start).map((r) => r.path);
  for (const p of early) {
    assert.ok(!/^\/(models\/(tang|english)\/|corpora\/)/.test(p), `fetched on the first screen: ${p}`);
  }

  const before = env.server.requests.length;
  await page.getByTestId('model-picker').selectOption('tang');
  await waitForCorpusModel(page, 'tang');
  assert.match(page.url(), /[?&]model=tang\b/);
  const after = env.server.requests.slice(before).map((r) => r.path);
  assert.ok(after.includes('/models/tang/model.json'), `picking 唐诗 did not fetch its checkpoint: ${after}`);
  assert.ok(!after.some((p) => p.startsWith('/models/english/')), 'picking 唐诗 fetched the English checkpoint');
  // The sentence: its default poem, one token per character after <bos>.
  assert.equal(await page.getByTestId('sentence-input').inputValue(), TANG_SENTENCE);
  const tokens = await chips(page);
  assert.deepEqual(tokens.slice(-[...TANG_SENTENCE].length), [...TANG_SENTENCE]);
  // The header's model line: 4 layers × 4 heads over the corpus's vocabulary (read from the checkpoint).
  assert.match(await textOf(page.getByTestId('model-status')), /4 layers × 4 heads/);
  await assertPanelsRender(page, '唐诗');
  // Training is set up for its corpus and preset.
  assert.ok(await page.getByTestId('corpus-tang').isChecked(), 'the 唐诗 corpus is chosen for the 唐诗 model');
  assert.equal(await page.getByTestId('train-preset').inputValue(), 'tang');
  assert.deepEqual(await sidewaysOverflow(page), []);
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, 'text-tang-1440');
  assertClean(app, '唐诗 picked');
}, { timeout: 150_000 });

test('the step-through walks a character of the poem through the model', async () => {
  const { page } = app;
  await page.getByTestId('stepper').scrollIntoViewIfNeeded();
  const total = Number(await page.getByTestId('stepper-progress').getAttribute('data-total'));
  assert.ok(total > 5, `the step-through has ${total} steps`);
  await page.getByTestId('stepper-next').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="stepper-progress"]')?.getAttribute('data-index') === '1');
  assertClean(app, 'step-through');
});

test('the picker loads the English model: subword tokens, every panel renders', async (env) => {
  const { page } = app;
  const before = env.server.requests.length;
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.getByTestId('model-picker').selectOption('english');
  await waitForCorpusModel(page, 'english');
  const after = env.server.requests.slice(before).map((r) => r.path);
  assert.ok(after.includes('/models/english/model.json'), `picking English did not fetch its checkpoint: ${after}`);
  assert.ok(!after.some((p) => p.startsWith('/corpora/')), `picking English fetched a corpus: ${after}`);
  const sentence = await page.getByTestId('sentence-input').inputValue();
  assert.match(sentence, /^[a-z .]+$/);
  // Its tokens glue back into the sentence's words (a "##" piece continues the word before it).
  const tokens = (await chips(page)).filter((t) => t !== '<bos>');
  const glued = tokens.reduce((s, t) => (t.startsWith('##') ? s + t.slice(2) : s ? `${s} ${t}` : t), '');
  assert.equal(glued, sentence);
  await assertPanelsRender(page, 'English');
  assert.ok(await page.getByTestId('corpus-english').isChecked());
  assert.equal(await page.getByTestId('train-preset').inputValue(), 'english');
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, 'text-english-1440');
  assertClean(app, 'English picked');
}, { timeout: 150_000 });

test('the Compare view offers the coreference model, and its button loads it', async () => {
  const { page } = app;
  await page.getByTestId('compare-load-coref').scrollIntoViewIfNeeded();
  await page.getByTestId('compare-load-coref').click();
  await page.waitForFunction(() => document.querySelector('.app')?.getAttribute('data-model') === 'coref');
  await page.getByTestId('compare-panel').waitFor({ timeout: 60_000 });
  assert.equal(await page.getByTestId('model-picker').inputValue(), 'coref');
  assert.equal(await page.getByTestId('compare-needs-coref').count(), 0);
  assertClean(app, 'back to coref');
  await app.close();
  app = null;
}, { timeout: 90_000 });

test('training 唐诗 in the tab: the corpus is fetched when chosen, samples fill the strip, the meter shows a share, the baselines are drawn', async (env) => {
  app = await openApp(env, { viewport: WIDE, query: '?model=tang' });
  const { page } = app;
  await waitForBackend(page);
  await waitForCorpusModel(page, 'tang');
  const before = env.server.requests.length;
  assert.ok(
    !env.server.requests.some((r) => r.path.startsWith('/corpora/')),
    'a corpus was fetched before training',
  );
  // From scratch (the default), a smaller batch so that 50 steps come soon on a slow machine.
  await page.getByTestId('train-batch').selectOption('8');
  await page.getByTestId('train-start').click();
  // The first sample comes at the first evaluation (about step 50).
  await page.locator('[data-testid="sample-strip"] li').first().waitFor({ timeout: 240_000 });
  const fetched = env.server.requests.slice(before).map((r) => r.path);
  assert.ok(fetched.includes('/corpora/tang.txt') && fetched.includes('/corpora/tang.json'), `the corpus files were not fetched: ${fetched}`);
  await page.locator('[data-testid="sample-strip"] li').nth(1).waitFor({ timeout: 240_000 });
  await page.getByTestId('train-pause').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="train-phase"]')?.textContent?.length, null, { timeout: 30_000 });

  // The strip: newest first, each with its step and a text of the corpus's characters.
  const strip = await page.$$eval('[data-testid="sample-strip"] li', (lis) =>
    lis.map((li) => ({ step: Number(li.getAttribute('data-step')), text: li.querySelector('.sample-text')?.textContent ?? '' })),
  );
  assert.ok(strip.length >= 2, `the strip has ${strip.length} samples`);
  for (let i = 1; i < strip.length; i++) assert.ok(strip[i - 1].step > strip[i].step, `not newest first: ${strip.map((s) => s.step)}`);
  for (const s of strip) assert.ok(s.step > 0 && [...s.text].length >= 10, `sample at step ${s.step}: ${s.text}`);
  // The meter: the share it shows is regular / finished lines, as it says.
  const meter = await page.getByTestId('line-meter').evaluate((m) => ({
    share: m.getAttribute('data-share'),
    lines: Number(m.getAttribute('data-lines')),
    regular: Number(m.getAttribute('data-regular')),
  }));
  const shown = await textOf(page.getByTestId('line-meter-value'));
  if (meter.lines > 0) {
    assert.ok(meter.regular >= 0 && meter.regular <= meter.lines, JSON.stringify(meter));
    assert.ok(Math.abs(Number(meter.share) - meter.regular / meter.lines) < 1e-12, JSON.stringify(meter));
    assert.match(shown, new RegExp(`^${Math.round((100 * meter.regular) / meter.lines)}% of ${meter.lines} finished lines$`));
  } else {
    assert.equal(shown, 'no finished line yet');
  }
  // The newest sample's finished lines (the strip shows the first of the poems the meter counts)
  // can each be counted by hand: lengths between the marks ，。？！；.
  // The baselines: the reference lines carry the values the command line computes from the corpus files.
  const cli = JSON.parse(
    execFileSync('node', ['scripts/run-node.mjs', 'src/cli/main.ts', 'baselines', '--corpus', 'builtin:tang', '--sequences', String(EVAL_SEQUENCES)], {
      cwd: ROOT,
      encoding: 'utf8',
    }),
  );
  const chart = page.getByTestId('loss-chart');
  const uni = Number(await chart.getByTestId('reference-unigram').getAttribute('data-value'));
  const bi = Number(await chart.getByTestId('reference-bigram').getAttribute('data-value'));
  assert.ok(Math.abs(uni - cli.unigram.loss) < 1e-9, `unigram ${uni} vs ${cli.unigram.loss}`);
  assert.ok(Math.abs(bi - cli.bigram.loss) < 1e-9, `bigram ${bi} vs ${cli.bigram.loss}`);
  assert.match(await textOf(chart.getByTestId('legend-reference-unigram')), new RegExp(`unigram baseline ${cli.unigram.loss.toFixed(2)}`));
  assert.match(await textOf(chart.getByTestId('legend-reference-bigram')), new RegExp(`bigram baseline ${cli.bigram.loss.toFixed(2)}`));
  await page.getByTestId('text-samples').scrollIntoViewIfNeeded();
  await screenshot(page, 'text-tang-training-1440');
  await elementScreenshot(page.locator('.training-panel'), 'text-tang-training-panel-1440');
  assert.deepEqual(await sidewaysOverflow(page), []);
  assertClean(app, 'training 唐诗');
  await app.close();
  app = null;
}, { timeout: 600_000 });

test('the Chinese page with the 唐诗 model: every string translated, no sideways scroll at 390 px', async (env) => {
  app = await openApp(env, { viewport: NARROW, locale: 'zh-CN', query: '?model=tang&lang=zh-CN' });
  const { page } = app;
  await waitForBackend(page);
  await waitForCorpusModel(page, 'tang');
  await page.getByTestId('compare-needs-coref').waitFor();
  assert.match(await textOf(page.getByTestId('compare-needs-coref')), /指代消解模型/);
  assert.ok(await page.getByTestId('corpus-tang').isChecked());
  const { en, zhCN } = await loadDictionaries();
  const left = untranslated(await pageStrings(page), matchersFor(en, zhCN));
  assert.deepEqual(left, [], `English left on the Chinese page: ${left.join(' | ')}`);
  assert.deepEqual(await sidewaysOverflow(page), []);
  await screenshot(page, 'text-tang-zh-390');
  // Panels far down skip rendering until near (content-visibility): the Compare note and the corpus choice up close.
  await page.getByTestId('compare-needs-coref').scrollIntoViewIfNeeded();
  await elementScreenshot(page.getByTestId('compare-needs-coref'), 'text-tang-zh-390-compare');
  await page.getByTestId('corpus-tang').scrollIntoViewIfNeeded();
  await elementScreenshot(page.locator('.training-corpus'), 'text-tang-zh-390-corpus');
  assertClean(app, 'Chinese 唐诗');
  await app.close();
  app = null;
}, { timeout: 120_000 });
