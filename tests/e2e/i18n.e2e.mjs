// Switching to 简体中文 leaves no English behind: every visible text node and every placeholder,
// title, aria-label and alt attribute on the page is compared against the English dictionary
// (src/app/locales/*.en.ts, loaded through esbuild). A string fails when it is an English value
// (with its {placeholders} filled by anything) whose Chinese translation differs, or when it contains
// a long English phrase from the dictionary. Token text and numbers are not translated and never
// match a dictionary phrase. The same scan on the English page must find many matches, so the test
// can fail.

import assert from 'node:assert/strict';
import path from 'node:path';
import { build } from 'esbuild';
import {
  ROOT,
  assertClean,
  openApp,
  screenshot,
  test,
  waitForBackend,
  waitForModel,
  waitForPaintedCanvas,
  elementScreenshot,
} from './lib.mjs';

/** The merged English and Chinese dictionaries, as the app builds them. */
async function loadDictionaries() {
  const out = await build({
    stdin: {
      contents: "export { en } from './en'; export { zhCN } from './zh-CN';",
      resolveDir: path.join(ROOT, 'src/app/locales'),
      loader: 'ts',
    },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    logLevel: 'silent',
  });
  const code = out.outputFiles[0].text;
  return import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
}

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Matchers for English values that the Chinese dictionary translates differently: a whole-string
 * pattern (placeholders match anything), and literal chunks of 3+ words for substring search.
 */
function matchersFor(en, zh) {
  const whole = [];
  const phrases = new Set();
  for (const [key, value] of Object.entries(en)) {
    if (zh[key] === value) continue; // the same in both languages (e.g. "PNG", "Q·Kᵀ")
    const literal = value.replace(/\{\w+\}/g, ' ');
    if (!/[A-Za-z]{2,}/.test(literal)) continue;
    const source = value
      .split(/(\{\w+\})/)
      .map((part) => (/^\{\w+\}$/.test(part) ? '.+?' : escape(part)))
      .join('');
    whole.push({ key, re: new RegExp(`^${source.trim()}$`, 's') });
    for (const chunk of value.split(/\{\w+\}/)) {
      const c = chunk.trim();
      if (c.split(/\s+/).filter((w) => /[A-Za-z]/.test(w)).length >= 3) phrases.add(c);
    }
  }
  return { whole, phrases: [...phrases] };
}

/** Visible text nodes and text attributes of the page (KaTeX output excluded: it is maths). */
async function pageStrings(page) {
  return page.evaluate(() => {
    const out = [];
    const visible = (el) => {
      if (!el) return false;
      if (el.closest('.katex')) return false;
      if (el.tagName === 'OPTION' || el.closest('select')) return true; // shown when the list opens
      if (typeof el.checkVisibility === 'function') return el.checkVisibility({ visibilityProperty: true, opacityProperty: false });
      return true;
    };
    const walker = document.createTreeWalker(document.body, 4 /* NodeFilter.SHOW_TEXT */);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = (n.nodeValue ?? '').trim();
      const el = n.parentElement;
      if (!text || !el || ['SCRIPT', 'STYLE', 'NOSCRIPT'].includes(el.tagName)) continue;
      if (!visible(el)) continue;
      out.push({ text, where: `<${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? ` class="${el.className}"` : ''}>` });
    }
    for (const el of document.body.querySelectorAll('[placeholder], [title], [aria-label], [alt]')) {
      if (el.closest('.katex')) continue;
      for (const attr of ['placeholder', 'title', 'aria-label', 'alt']) {
        const v = el.getAttribute(attr);
        if (v && v.trim()) out.push({ text: v.trim(), where: `${attr} of <${el.tagName.toLowerCase()}>` });
      }
    }
    out.push({ text: document.title, where: '<title>' });
    return out;
  });
}

function untranslated(strings, m) {
  const bad = [];
  for (const s of strings) {
    const hit = m.whole.find((w) => w.re.test(s.text));
    if (hit) {
      bad.push(`${JSON.stringify(s.text)} (${s.where}) = en['${hit.key}']`);
      continue;
    }
    const phrase = m.phrases.find((p) => s.text.includes(p));
    if (phrase) bad.push(`${JSON.stringify(s.text.slice(0, 80))} (${s.where}) contains "${phrase}"`);
  }
  return bad;
}

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
