// Switching to 简体中文 leaves no English behind: every visible text node and every placeholder,
// title, aria-label and alt attribute on the page is compared against the English dictionary
// (src/app/locales/*.en.ts, loaded through esbuild). A string fails when it is an English value
// (with its {placeholders} filled by anything) whose Chinese translation differs, or when it contains
// a long English phrase from the dictionary. Token text and numbers are not translated and never
// match a dictionary phrase. The same scan on the English page must find many matches, so the test
// can fail.

import assert from 'node:assert/strict';
import {
  assertClean,
  openApp,
  screenshot,
  test,
  waitForBackend,
  waitForModel,
  waitForPaintedCanvas,
  elementScreenshot,
} from './lib.mjs';
import { loadDictionaries, matchersFor, pageStrings, untranslated } from './i18nScan.mjs';

test('switching to 简体中文 leaves no English dictionary string on the page', async (env) => {
  const { en, zhCN } = await loadDictionaries();
  const m = matchersFor(en, zhCN);
  assert.ok(m.whole.length > 100, `only ${m.whole.length} English values to look for`);

  const s = await openApp(env, { locale: 'en-US' });
  const { page } = s;
  await waitForBackend(page);
  await waitForModel(page);
  await page.getByTestId('token-chip').first().waitFor({ timeout: 20_000 });
  await waitForPaintedCanvas(page, 'attention-heatmap');
  await page.getByTestId('embeddings-scatter').waitFor();
  await page.waitForTimeout(500);

  // The scan works: on the English page it finds many dictionary strings.
  const english = untranslated(await pageStrings(page), m);
  assert.ok(english.length >= 30, `the scan found only ${english.length} English strings on the English page`);

  await page.getByTestId('lang-switch').selectOption('zh-CN');
  await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
  await page.waitForTimeout(300);
  const problems = untranslated(await pageStrings(page), m);
  // Other states of the panels: the attention line view, an unknown word, a hovered heatmap cell.
  await page.getByTestId('view-lines').click();
  await page.getByTestId('sentence-input').fill('the horsee was too tired .');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="unknown-why"] li').length > 0);
  const canvas = page.getByTestId('positional-table');
  await canvas.scrollIntoViewIfNeeded();
  await canvas.hover({ position: { x: 3, y: 3 } });
  await page.locator('.heatmap-tooltip').waitFor();
  problems.push(...untranslated(await pageStrings(page), m));
  await screenshot(page, 'i18n-zh');
  for (const id of ['tokens-panel', 'embeddings-panel', 'positional-panel', 'attention-panel']) {
    await elementScreenshot(page.getByTestId(id), `i18n-zh-${id}`);
  }
  const unique = [...new Set(problems)];
  console.log(`  # ${m.whole.length} English values; ${english.length} found on the English page, ${unique.length} on the Chinese page`);
  assert.equal(unique.length, 0, `untranslated on the Chinese page:\n${unique.join('\n')}`);
  assertClean(s, 'zh page');
  await s.close();
}, { timeout: 80_000 });
