// Language of the default sentences and the words the model knows, in the production build:
// the Chinese UI opens on the Chinese showcase sentences (main box and Compare's pair), a language
// switch swaps the defaults but never a sentence the learner typed (also after a reload, from the
// URL, which holds only typed sentences); an unknown word is marked under its box, a suggested word
// replaces it and the Tokens panel then has no <unk> (main box, Compare, and the translation model);
// the vocabulary dialog opens from the keyboard, filters and closes with Esc; at 390 px the page
// does not scroll sideways. Screenshots at 1440 and 390 px wide.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, assertClean, chipTokens, openApp, screenshot, elementScreenshot, shipsCheckpoint, test, textOf, waitForModel } from './lib.mjs';

const WIDE = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

const ZH_MAIN = '动物没有过马路，因为它太累了。它指的是';
const ZH_A = '动物没有过马路，因为它太累了';
const ZH_B = '动物没有过马路，因为它太窄了';
const EN_MAIN = "the animal didn't cross the street because it was too tired . it refers to the";
const EN_A = "the animal didn't cross the street because it was too tired";
const EN_TRANSLATE = "the animal didn't cross the street because it was too tired .";

/** The shipped vocabulary of a model, read from its checkpoint (independently of the page). */
function shippedVocab(model) {
  return JSON.parse(readFileSync(path.join(ROOT, `public/models/${model}/model.json`), 'utf8')).tokenizer.vocab;
}

const value = (page, id) => page.getByTestId(id).inputValue();

/** Waits until the Tokens panel's chips are the pieces of `first…` (first tokens given). */
async function waitForChipsStartingWith(page, first, chip = 'token-chip', timeout = 20_000) {
  await page.waitForFunction(
    ({ want, id }) => {
      const now = Array.from(document.querySelectorAll(`[data-testid="${id}"] .token-text`)).map((e) => e.textContent ?? '');
      return want.every((w, i) => now[i] === w);
    },
    { want: first, id: chip },
    { timeout },
  );
}

function query(page) {
  return new URL(page.url()).searchParams;
}

test('words: the Chinese UI opens on Chinese sentences; a language switch swaps defaults, never typed sentences', async (env) => {
  if (!shipsCheckpoint('coref')) return;
  const s = await openApp(env, { locale: 'zh-CN', viewport: WIDE });
  const { page } = s;
  await waitForModel(page);
  assert.equal(await value(page, 'sentence-input'), ZH_MAIN);
  assert.equal(await value(page, 'compare-sentence-a'), ZH_A);
  assert.equal(await value(page, 'compare-sentence-b'), ZH_B);
  // The model reads them without <unk>: the chips are its characters, none marked unknown.
  await waitForChipsStartingWith(page, ['<bos>', '动', '物', '没']);
  assert.equal((await chipTokens(page)).length, 1 + [...ZH_MAIN].length);
  assert.equal(await page.locator('[data-testid="token-chip"][data-unknown]').count(), 0);
  assert.equal(await page.getByTestId('unknown-word').count(), 0);
  // Compare traced the Chinese pair (with its clause).
  await page.waitForFunction(() => document.querySelector('[data-testid="compare-panel"]')?.dataset.shownA?.startsWith('动物'), null, { timeout: 30_000 });
  // Defaults stay out of the URL.
  for (const key of ['text', 'a', 'b']) assert.equal(query(page).has(key), false, `${key} in ${page.url()}`);
  await screenshot(page, 'words-zh-defaults-1440');
  await elementScreenshot(page.locator('.compare-sentences'), 'words-zh-compare-1440');

  // To English: every default swaps.
  await page.getByTestId('lang-switch').selectOption('en');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.equal(await value(page, 'sentence-input'), EN_MAIN);
  assert.equal(await value(page, 'compare-sentence-a'), EN_A);
  await waitForChipsStartingWith(page, ['<bos>', 'the', 'animal']);

  // Typed sentences (main and B) stay through a switch; A, untouched, follows the language.
  const typedMain = "the cat didn't cross the river because it was too tired . it refers to the";
  const typedB = "the dog didn't cross the road because it was too icy";
  await page.getByTestId('sentence-input').fill(typedMain);
  await page.getByTestId('compare-sentence-b').fill(typedB);
  await page.getByTestId('lang-switch').selectOption('zh-CN');
  await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
  assert.equal(await value(page, 'sentence-input'), typedMain);
  assert.equal(await value(page, 'compare-sentence-b'), typedB);
  assert.equal(await value(page, 'compare-sentence-a'), ZH_A);
  await waitForChipsStartingWith(page, ['<bos>', 'the', 'cat']);
  await page.waitForFunction(() => new URL(window.location.href).searchParams.get('b') !== null);
  assert.equal(query(page).get('text'), typedMain);
  assert.equal(query(page).get('b'), typedB);
  assert.equal(query(page).has('a'), false);

  // A reload restores the typed sentences from the URL; the untouched one is the default again.
  await page.reload();
  await waitForModel(page);
  assert.equal(await value(page, 'sentence-input'), typedMain);
  assert.equal(await value(page, 'compare-sentence-b'), typedB);
  assert.equal(await value(page, 'compare-sentence-a'), ZH_A);
  assertClean(s, 'language');
  await s.close();
}, { timeout: 90_000 });

test('words: an unknown word is marked, a suggestion replaces it, and the Tokens panel has no <unk>', async (env) => {
  if (!shipsCheckpoint('coref')) return;
  const s = await openApp(env, { viewport: WIDE });
  const { page } = s;
  await waitForModel(page);
  await waitForChipsStartingWith(page, ['<bos>', 'the', 'animal']);
  const input = page.getByTestId('sentence-input');
  await input.fill("The animal didn't cross the Stret because it was too tierd . it refers to the");
  const hints = page.getByTestId('words-main');
  await hints.getByTestId('unknown-word').nth(1).waitFor();
  assert.deepEqual(await hints.getByTestId('unknown-word').evaluateAll((els) => els.map((e) => e.dataset.word)), ['stret', 'tierd']);
  // Marked where they stand, as typed.
  assert.deepEqual(await hints.getByTestId('word-marked').allTextContents(), ['Stret', 'tierd']);
  // The model agrees: these two are its <unk> tokens.
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="token-chip"][data-unknown]').length === 2, null, { timeout: 20_000 });
  // Announced to screen readers.
  await page.waitForFunction(() => /stret.*tierd/.test(document.querySelector('[data-testid="words-announce-main"]')?.textContent ?? ''));
  assert.equal(await page.getByTestId('words-announce-main').getAttribute('aria-live'), 'polite');
  // Spelling suggestions: the intended words first; "by meaning" answers for the best match, either with
  // neighbours above 3/√d or with a line saying that none qualify.
  const stret = hints.locator('[data-word="stret"]');
  assert.equal(await stret.locator('[data-kind="spelling"]').first().getAttribute('data-word'), 'street');
  assert.equal(await hints.locator('[data-word="tierd"] [data-kind="spelling"]').first().getAttribute('data-word'), 'tired');
  const meaning = await textOf(stret.getByTestId('word-meaning'));
  assert.match(meaning, /“street”/);
  const meaningChips = await stret.locator('[data-kind="meaning"]').count();
  if (meaningChips === 0) assert.match(meaning, /none has a cosine above 0\.38 = 3\/√64/);
  console.log(`  # by meaning for "street": ${meaning}`);
  await screenshot(page, 'words-unknown-1440');
  await page.screenshot({ path: path.join(ROOT, 'tests/e2e/screenshots/words-unknown-view-1440.png') });
  await elementScreenshot(page.locator('.sentence-panel'), 'words-unknown-box-1440');

  const before = await chipTokens(page);
  await stret.locator('[data-kind="spelling"][data-word="street"]').click();
  assert.equal(await input.inputValue(), "The animal didn't cross the street because it was too tierd . it refers to the");
  await hints.locator('[data-word="tierd"] [data-kind="spelling"][data-word="tired"]').click();
  assert.equal(await input.inputValue(), "The animal didn't cross the street because it was too tired . it refers to the");
  await page.waitForFunction(
    (prev) => {
      const now = Array.from(document.querySelectorAll('[data-testid="token-chip"] .token-text')).map((e) => e.textContent);
      return JSON.stringify(now) !== prev && now.includes('tired');
    },
    JSON.stringify(before),
    { timeout: 20_000 },
  );
  assert.equal(await page.locator('[data-testid="token-chip"][data-unknown]').count(), 0);
  assert.equal(await page.getByTestId('unknown-word').count(), 0);
  assert.ok(!(await chipTokens(page)).includes('<unk>'));
  assert.match(await textOf(page.getByTestId('words-announce-main')), /knows every word/);

  // Compare's box B: the same, and the model then reads B without <unk>.
  await page.getByTestId('compare-sentence-b').fill("the animal didn't cross the street because it was too narow");
  const hintsB = page.getByTestId('words-b');
  await hintsB.locator('[data-word="narow"] [data-word="narrow"]').click();
  assert.equal(await value(page, 'compare-sentence-b'), "the animal didn't cross the street because it was too narrow");
  await page.waitForFunction(() => document.querySelector('[data-testid="compare-panel"]')?.dataset.shownB?.includes('too narrow'), null, { timeout: 30_000 });
  assert.equal(await page.getByTestId('compare-unknown-b').count(), 0);
  assert.equal(await hintsB.getByTestId('unknown-word').count(), 0);
  assertClean(s, 'unknown words');
  await s.close();
}, { timeout: 90_000 });

test('words: the vocabulary dialog opens from the keyboard, filters, and closes with Esc', async (env) => {
  if (!shipsCheckpoint('coref')) return;
  const vocab = shippedVocab('coref').filter((w) => !/^<[a-z]+>$/.test(w));
  const s = await openApp(env, { viewport: WIDE });
  const { page } = s;
  await waitForModel(page);
  const open = page.getByTestId('vocab-open-main');
  assert.match(await textOf(open), new RegExp(`\\(${vocab.length}\\)`));
  await open.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByTestId('vocab-dialog');
  await dialog.waitFor();
  assert.equal(await dialog.evaluate((d) => d.open && d.matches(':modal')), true);
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'vocab-search');
  assert.equal(await dialog.getByTestId('vocab-item').count(), vocab.length);
  await page.screenshot({ path: path.join(ROOT, 'tests/e2e/screenshots/words-vocab-1440.png') });
  await page.keyboard.type('ti');
  const withTi = vocab.filter((w) => w.includes('ti'));
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="vocab-item"]').length === n, withTi.length);
  assert.deepEqual((await dialog.getByTestId('vocab-item').allTextContents()).sort(), [...withTi].sort());
  await page.getByTestId('vocab-search').fill('累');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="vocab-item"]').length === 1);
  await page.getByTestId('vocab-search').fill('qqq');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="vocab-item"]').length === 0);
  assert.match(await textOf(dialog), /No word in the vocabulary contains “qqq”/);
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'vocab-open-main');
  // Compare's boxes open the same list.
  await page.getByTestId('vocab-open-a').click();
  await dialog.waitFor();
  await page.getByTestId('vocab-close').click();
  await dialog.waitFor({ state: 'detached' });
  assertClean(s, 'vocabulary dialog');
  await s.close();
}, { timeout: 60_000 });

test('words: the translation model keeps English sentences in the Chinese UI and suggests from its own vocabulary', async (env) => {
  if (!shipsCheckpoint('translate')) return;
  const s = await openApp(env, { query: '?model=translate', locale: 'zh-CN', viewport: WIDE });
  const { page } = s;
  await waitForModel(page);
  assert.equal(await value(page, 'sentence-input'), EN_TRANSLATE);
  assert.equal(await value(page, 'compare-sentence-a'), EN_A);
  await page.getByTestId('sentence-input').fill("the animal didn't cross the stret because it was too tired .");
  const hints = page.getByTestId('words-main');
  await hints.locator('[data-word="stret"] [data-kind="spelling"][data-word="street"]').click();
  assert.equal(await value(page, 'sentence-input'), "the animal didn't cross the street because it was too tired .");
  await page.waitForFunction(
    () => {
      const now = Array.from(document.querySelectorAll('[data-testid="source-chip"] .token-text')).map((e) => e.textContent);
      return now.includes('street') && !now.includes('stret');
    },
    null,
    { timeout: 30_000 },
  );
  assert.equal(await page.locator('[data-testid="source-chip"][data-unknown]').count(), 0);
  // The translation model's own list (it has <eos> and other characters than the coreference model).
  const vocab = shippedVocab('translate').filter((w) => !/^<[a-z]+>$/.test(w));
  assert.match(await textOf(page.getByTestId('vocab-open-main')), new RegExp(`${vocab.length}`));
  assertClean(s, 'translate');
  await s.close();
}, { timeout: 90_000 });

test('words: at 390 px the hints and the dialog fit the screen', async (env) => {
  if (!shipsCheckpoint('coref')) return;
  const s = await openApp(env, { locale: 'zh-CN', viewport: PHONE });
  const { page } = s;
  await waitForModel(page);
  await page.getByTestId('sentence-input').fill('小狗没有过马路，因为它太累了。它指的是猪');
  await page.getByTestId('words-main').getByTestId('unknown-word').waitFor();
  // A Chinese character: no spelling suggestion, a line saying why.
  assert.match(await textOf(page.getByTestId('words-main').getByTestId('unknown-word')), /拼写帮不上忙/);
  await page.getByTestId('compare-sentence-a').fill('动物没有过马路，因为它太 tird 了');
  await page.getByTestId('words-a').getByTestId('unknown-word').waitFor();
  await page.waitForTimeout(300);
  const width = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
  assert.ok(width.scroll <= width.inner, `page scrolls sideways: ${width.scroll} > ${width.inner}`);
  await elementScreenshot(page.locator('.sentence-panel'), 'words-unknown-box-390');
  await elementScreenshot(page.locator('.compare-sentences'), 'words-compare-390');
  await screenshot(page, 'words-zh-390');
  await page.getByTestId('sentence-input').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(ROOT, 'tests/e2e/screenshots/words-zh-view-390.png') });
  await page.getByTestId('vocab-open-main').click();
  const dialog = page.getByTestId('vocab-dialog');
  await dialog.waitFor();
  const box = await dialog.boundingBox();
  assert.ok(box && box.x >= 0 && box.x + box.width <= PHONE.width, `dialog outside the screen: ${JSON.stringify(box)}`);
  await page.screenshot({ path: path.join(ROOT, 'tests/e2e/screenshots/words-vocab-390.png') });
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  assertClean(s, 'phone');
  await s.close();
}, { timeout: 60_000 });
