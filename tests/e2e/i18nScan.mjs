// The i18n scan shared by the end-to-end tests: the app's English and Chinese dictionaries (loaded
// through esbuild from src/app/locales), matchers for English values the Chinese dictionary
// translates differently, the page's visible strings, and the ones that are still English.

import path from 'node:path';
import { build } from 'esbuild';
import { ROOT } from './lib.mjs';

/** The merged English and Chinese dictionaries, as the app builds them. */
export async function loadDictionaries() {
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
export function matchersFor(en, zh) {
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
export async function pageStrings(page) {
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

export function untranslated(strings, m) {
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
