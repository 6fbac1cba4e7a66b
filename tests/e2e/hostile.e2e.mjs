// Hostile input, end to end (the hardening issue, items 4–8), on WASM for speed:
//  - 50 hostile sentences typed into the main sentence input and into the Compare view's inputs: no
//    crash, no page error, no element made from the text, token chips showing it literally, and the
//    app still working afterwards;
//  - broken checkpoint files (truncated, garbage, wrong shapes, NaN, 200 MB, wrong format, JSON made
//    to hang a parser) refused within 2 s with a reason, the model in use untouched (same probe output);
//  - training text files: 50 MB (refused by its size), PNG and NUL bytes (refused), empty, control
//    characters (cleaned), mixed scripts (trained on);
//  - an absurd learning rate: 1e3 refused, 1 (the largest allowed) blows up and is rolled back;
//  - browser storage unavailable / full: training goes on and the user is told saving is off.
// `?bench` exposes the worker client (window.__trainingBench) for exact probe output and test faults.

/* global HTMLTextAreaElement, HTMLInputElement, Event -- used inside page.evaluate */

import assert from 'node:assert/strict';
import { open, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import os from 'node:os';
import {
  assertClean,
  chipTokens,
  openApp,
  screenshot,
  test,
  waitForBackend,
  waitForModel,
  waitForPaintedCanvas,
  trainingStep,
  waitForTrainingStep,
  textOf,
} from './lib.mjs';

const QUERY = '?backend=wasm&bench';
const HEATMAP = 'attention-heatmap';
const DEFAULT_SENTENCE = "the animal didn't cross the street because it was too tired . it refers to the";
const DEFAULT_TOKENS = ['<bos>', 'the', 'animal', "didn't", 'cross', 'the', 'street', 'because', 'it', 'was', 'too', 'tired', '.', 'it', 'refers', 'to', 'the'];
const TMP = path.join(os.tmpdir(), 'hostile-e2e');

/** A file of `bytes` zero bytes without writing them (sparse), for the size checks. */
async function sparseFile(name, bytes) {
  await mkdir(TMP, { recursive: true });
  const file = path.join(TMP, name);
  const fh = await open(file, 'w');
  await fh.truncate(bytes);
  await fh.close();
  return file;
}

// ---------------------------------------------------------------- 50 hostile sentences

const XSS = 'window.__xss=1';
/** [label, text]; texts are sent to the page as UTF-16 code units, so lone surrogates arrive intact. */
const SENTENCES = [
  ['empty', ''],
  ['spaces', '     '],
  ['whitespace mix', '\t\n\r\n  \t'],
  ['10k chars of words', 'word '.repeat(2000)],
  ['10k-char single word', 'a'.repeat(10_000)],
  ['10k chars ending in markup', `${'x'.repeat(9_990)}<b>y</b>`],
  ['emoji', '🙂😀🐱🐶🦊 the cat 🐈'],
  ['ZWJ sequences', '👩‍👩‍👧‍👦 👨🏽‍💻 🏳️‍🌈 🧑‍🤝‍🧑'],
  ['flags and keycaps', '🇨🇳🇺🇸🇫🇷 1️⃣ #️⃣'],
  ['Arabic', 'مرحبا بالعالم، هذا اختبار للنموذج'],
  ['Hebrew', 'שלום עולם, זה מבחן'],
  ['bidi overrides', '\u202eevil\u202c the \u2066cat\u2069 \u200fx\u200e'],
  ['zalgo', 'Z̴̡̢̛͈͍͎̈́a̷̛̙l̸̨̛g̷̣̈o̵̝̕ the dog'],
  ['stacked combining', 'e\u0301\u0302\u0303\u0304\u0305\u0306\u0307\u0308 cafe\u0301'],
  ['lone combining mark', '\u0301\u0302 it'],
  ['Chinese', '动物没有过马路，因为它太累了。它指的是'],
  ['Japanese', 'こんにちは世界、カタカナとひらがな'],
  ['Korean', '안녕하세요 세계'],
  ['script tag', '<script>alert(1)</script>'],
  ['img onerror', `<img src=x onerror="${XSS}">`],
  ['svg onload', `<svg onload=${XSS}><circle r=5></svg>`],
  ['iframe javascript:', `"><iframe src="javascript:${XSS}"></iframe>`],
  ['template injection', '{{constructor.constructor("window.__xss=1")()}}'],
  ['template literal', '${window.__xss=1} `x`'],
  ['entities', '<b>bold</b> &amp; &lt;tag&gt; &#x3C;script&#x3E;'],
  ['javascript url', 'javascript:alert(document.cookie)'],
  ['control characters', '\u0000\u0001\u0007\u001b[31mred\u007f\u0085 end'],
  ['lone surrogates', '\ud800 a \udc00 b \ud83d'],
  ['punctuation storm', '!!!???...,,,;;;:::---___((()))[[[]]]{{{}}}'],
  ['5000 dots', '.'.repeat(5000)],
  ['zero-width characters', '\u200b\u200c\u200d\ufeff\u2060'],
  ['odd spaces', 'a\u00a0b\u3000c\u2028d\u2029e'],
  ['capitals', "THE ANIMAL DIDN'T CROSS THE STREET BECAUSE IT WAS TOO TIRED"],
  ['object keys', '__proto__ constructor prototype toString hasOwnProperty valueOf'],
  ['number-like', 'NaN Infinity -0 1e308 0x1F 9007199254740993'],
  ['format strings', '%s %d %n %x %p {0} {name}'],
  ['paths', '../../etc/passwd C:\\Windows\\ \\x00'],
  ['SQL', "'; DROP TABLE users; --"],
  ['math alphanumerics', '𝕳𝖊𝖑𝖑𝖔 𝒜𝒷𝒸 𝟙𝟚𝟛'],
  ['last code points', '\u{10FFFF} \u{E0001}\u{E0061} \uFFFE\uFFFF'],
  ['mixed scripts', 'Hello 世界 مرحبا 🙂 שלום Привет'],
  ['tabs and newlines', 'the\tanimal\ncrossed\r\nthe street'],
  ['3000 its', 'it '.repeat(3000)],
  ['3000 emoji', '😀'.repeat(3000)],
  ['Arabic ligatures', 'ﷺ ﷽ ﻻ'],
  ['fullwidth', 'ｆｕｌｌｗｉｄｔｈ ＡＢＣ １２３'],
  ['number forms', 'Ⅻ ① ½ ² ٣'],
  ['literal escapes', '\\u0000 \\n \\" \\\\ literal'],
  ['quotes', "it's it’s ‘quoted’ “double” «guillemets» „low“"],
  ['markup + emoji + RTL', '<i>it</i> 🙂 שלום <u>the</u>'],
];

function codeUnits(s) {
  return Array.from({ length: s.length }, (_, i) => s.charCodeAt(i));
}

/** Sets a React-controlled input/textarea's value (as typing would) from UTF-16 code units. */
async function setValue(page, testId, text) {
  await page.evaluate(
    ({ testId, units }) => {
      const el = document.querySelector(`[data-testid="${testId}"]`);
      const value = String.fromCharCode(...units);
      const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
      Object.getOwnPropertyDescriptor(proto, 'value').set.call(el, value);
      el.dispatchEvent(new Event('input', { bubbles: true }));
    },
    { testId, units: codeUnits(text) },
  );
}

/** What a text becomes in the token chips when it is plain ASCII: no spaces, letters lower-cased. */
function asciiPieces(text) {
  return /^[\x20-\x7e]*$/.test(text) ? text.replace(/\s+/g, '').toLowerCase() : null;
}

/** Elements that user text must never become, and any element with an inline event handler. */
async function injected(page) {
  return page.evaluate(() => ({
    scripts: document.querySelectorAll('script').length,
    media: document.querySelectorAll('img, iframe, object, embed, frame, video, audio').length,
    handlers: Array.from(document.querySelectorAll('*')).filter((e) => Array.from(e.attributes).some((a) => /^on/i.test(a.name))).length,
    xss: window.__xss ?? null,
  }));
}

test('hostile: 50 sentences in the main input — shown as text, nothing injected, the app still works', async (env) => {
  const session = await openApp(env, { query: QUERY });
  const { page } = session;
  await waitForBackend(page);
  await waitForModel(page);
  await waitForPaintedCanvas(page, HEATMAP, 20_000);
  const baseline = await injected(page);
  assert.equal(baseline.handlers, 0);
  assert.equal(SENTENCES.length, 50);
  let checkedLiterally = 0;
  for (const [label, text] of SENTENCES) {
    await setValue(page, 'sentence-input', text);
    const pieces = asciiPieces(text);
    // Wait for this text's trace: the busy mark gone and, for plain ASCII, the chips spelling it.
    await page.waitForFunction(
      (pieces) => {
        if (document.querySelector('.sentence-panel .busy.visible')) return false;
        if (pieces === null) return true;
        const chips = Array.from(document.querySelectorAll('[data-testid="token-chip"] .token-text')).map((e) => e.textContent ?? '');
        const joined = chips.slice(1).join('');
        return pieces === '' ? chips.length <= 1 : joined.length > 0 && pieces.startsWith(joined);
      },
      pieces,
      { timeout: 15_000 },
    ).catch((e) => {
      throw new Error(`${label}: ${e.message}`);
    });
    const chips = await chipTokens(page);
    if (pieces) {
      const joined = chips.slice(1).join('');
      if (joined !== pieces) {
        // Cut at the context length: the note says so.
        assert.equal(await page.locator('.sentence-panel .note.warn').count(), 1, `${label}: cut without a note`);
      }
      if (/[<>]/.test(text)) {
        assert.ok(chips.includes('<') && chips.includes('>'), `${label}: the chips show < and > as text: ${chips.join(' ')}`);
        checkedLiterally++;
      }
    }
    if (label === 'Chinese') assert.deepEqual(chips.slice(1, 4), ['动', '物', '没'], 'one chip per Chinese character');
    if (label === 'emoji') assert.ok(chips.some((c) => c.includes('🙂')), `${label}: ${chips.join(' ')}`);
    if (label === 'Arabic') assert.ok(chips.includes('مرحبا'), `${label}: ${chips.join(' ')}`);
    const now = await injected(page);
    assert.deepEqual(now, baseline, `${label}: elements made from the text: ${JSON.stringify(now)}`);
    assert.equal(await page.getByTestId('error-banner').count(), 0, `${label}: an error banner`);
    assertClean(session, label);
  }
  assert.ok(checkedLiterally >= 6, `markup sentences checked literally: ${checkedLiterally}`);
  // The textarea kept the last text as typed.
  assert.equal(await page.getByTestId('sentence-input').inputValue(), SENTENCES.at(-1)[1]);
  // The default sentence traces again and the heatmap paints.
  await page.getByTestId('sentence-input').fill(DEFAULT_SENTENCE);
  await page.waitForFunction(
    (want) => JSON.stringify(Array.from(document.querySelectorAll('[data-testid="token-chip"] .token-text')).map((e) => e.textContent)) === want,
    JSON.stringify(DEFAULT_TOKENS),
    { timeout: 15_000 },
  );
  const painted = await waitForPaintedCanvas(page, HEATMAP);
  assert.ok(painted.colours > 1);
  assert.equal(await page.evaluate(() => window.__xss ?? null), null);
  assertClean(session, 'after 50 sentences');
  await session.close();
}, { timeout: 150_000 });

test('hostile: 50 sentences in the Compare inputs — shown as text, nothing injected, the view still works', async (env) => {
  const session = await openApp(env, { query: `${QUERY}&view=compare` });
  const { page } = session;
  await waitForBackend(page);
  await waitForModel(page);
  const panel = page.getByTestId('compare-panel');
  await panel.waitFor();
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="compare-panel"]')?.getAttribute('data-repainted') ?? '0') > 0, null, {
    timeout: 30_000,
  });
  const baseline = await injected(page);
  let checkedLiterally = 0;
  for (const [i, [label, text]] of SENTENCES.entries()) {
    const seq = Number((await panel.getAttribute('data-repainted')) ?? '0');
    // A into A, and the next sentence into B (so both sides see every text, in different pairs).
    const other = SENTENCES[(i + 1) % SENTENCES.length][1];
    await setValue(page, 'compare-sentence-a', text);
    await setValue(page, 'compare-sentence-b', other);
    // The view's own test for an empty side (an <input> drops line breaks).
    const blank = (t) => t.replace(/[\r\n]/g, '').trim() === '';
    const blankA = blank(text);
    if (!blankA && !blank(other)) {
      // Two texts to trace: a newer result is shown.
      await page
        .waitForFunction(
          ({ seq }) => {
            const el = document.querySelector('[data-testid="compare-panel"]');
            return Number(el?.getAttribute('data-repainted') ?? '0') > seq && !el.querySelector('.busy.visible');
          },
          { seq },
          { timeout: 20_000 },
        )
        .catch((e) => {
          throw new Error(`${label}: ${e.message}`);
        });
    }
    if (blankA) await page.getByTestId('compare-empty-a').waitFor({ timeout: 5000 });
    const now = await injected(page);
    assert.deepEqual(now, baseline, `${label}: elements made from the text: ${JSON.stringify(now)}`);
    const pieces = asciiPieces(text);
    if (pieces && /[<>]/.test(text) && text.length < 500 && !blank(other)) {
      // Markup: side A's tokens (the strip shows "A | B" where they differ) spell it literally, < and > as
      // tokens of their own. (Other text is not compared literally: the view trims a final full stop
      // before it appends its resolution clause.)
      await page
        .waitForFunction(
          (pieces) => {
            const tokens = Array.from(document.querySelectorAll('[data-testid="compare-token"]')).map((e) =>
              Array.from(e.childNodes)
                .filter((n) => n.nodeType === 3)
                .map((n) => n.textContent)
                .join('')
                .split(' | ')[0],
            );
            const joined = tokens.slice(1).join('');
            // The strip is as long as the shorter side (positions are compared), and A gets its clause after it.
            const p = pieces.replace(/\.+$/, '');
            return joined.length > 1 && (joined.startsWith(p) || p.startsWith(joined)) && tokens.includes('<');
          },
          pieces,
          { timeout: 10_000 },
        )
        .catch((e) => {
          throw new Error(`${label}: side A's tokens do not show the text literally (${e.message})`);
        });
      checkedLiterally++;
    }
    assert.equal(await page.getByTestId('error-banner').count(), 0, `${label}: an error banner`);
    assertClean(session, `compare: ${label}`);
  }
  assert.ok(checkedLiterally >= 5, `markup sentences checked literally in Compare: ${checkedLiterally}`);
  // The default pair again: the view answers as before.
  await page.getByTestId('compare-preset-tired-narrow').click();
  await page.waitForFunction(
    () => (document.querySelector('[data-testid="compare-panel"]')?.getAttribute('data-shown-a') ?? '').includes('too tired'),
    null,
    { timeout: 20_000 },
  );
  await waitForPaintedCanvas(page, 'compare-map-a');
  assert.equal(await page.evaluate(() => window.__xss ?? null), null);
  await screenshot(page, 'hostile-compare-after');
  assertClean(session, 'compare after 50 sentences');
  await session.close();
}, { timeout: 240_000 });

// ---------------------------------------------------------------- checkpoint files

const PROBE = DEFAULT_SENTENCE;

async function probeOutput(page) {
  return page.evaluate(async (text) => {
    const r = await window.__trainingBench.call('trace', { text });
    const weights = r.trace.layers.flatMap((l) => l.weights.flatMap((w) => Array.from(w.data)));
    return { tokens: r.tokens, weights, probs: Array.from(r.trace.probs.data) };
  }, PROBE);
}

test('hostile: broken checkpoint files are refused within 2 s with a reason; the model in use is untouched', async (env) => {
  const session = await openApp(env, { query: QUERY });
  const { page } = session;
  await waitForBackend(page);
  await waitForModel(page);
  await page.waitForFunction(() => !!window.__trainingBench);
  const status = page.getByTestId('model-status');
  const statusBefore = await textOf(status);
  const sourceBefore = await status.getAttribute('data-source');
  const before = await probeOutput(page);
  // The real files, as the app exports them.
  await page.getByTestId('checkpoint-export').click();
  await page.locator('.download-links a[download="weights.bin"]').waitFor();
  const files = await page.evaluate(async () => {
    const get = async (name) => {
      const response = await fetch(document.querySelector(`.download-links a[download="${name}"]`).href);
      return Array.from(new Uint8Array(await response.arrayBuffer()));
    };
    return { json: await get('model.json'), bin: await get('weights.bin') };
  });
  const json = Buffer.from(files.json);
  const bin = Buffer.from(files.bin);
  const doc = JSON.parse(json.toString('utf8'));
  const edited = (edit) => {
    const d = structuredClone(doc);
    edit(d);
    return Buffer.from(JSON.stringify(d));
  };
  const nanBin = Buffer.from(bin);
  nanBin.writeFloatLE(Number.NaN, 8);
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]);
  const keys = [];
  for (let i = 0; i < 200_000; i++) keys.push(`"k${i}":${i}`);
  const huge = await sparseFile('weights-200mb.bin', 200 * 1024 * 1024);
  const hugeJson = await sparseFile('model-20mb.json', 20 * 1024 * 1024);
  // Every case's files on disk (Playwright cannot mix buffers with the big files' paths).
  let n = 0;
  const onDisk = async (name, buffer) => {
    const dir = path.join(TMP, `case-${n++}`);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, name), buffer);
    return path.join(dir, name);
  };
  const jsonFile = (buffer, name = 'model.json') => onDisk(name, buffer);
  const binFile = (buffer, name = 'weights.bin') => onDisk(name, buffer);

  const cases = [
    ['truncated weights.bin', [jsonFile(json), binFile(bin.subarray(0, 100))], /could not be loaded: weights\.bin has 100 bytes, expected \d+ bytes/],
    ['truncated model.json', [jsonFile(json.subarray(0, json.length >> 1)), binFile(bin)], /could not be loaded: model\.json is not valid JSON/],
    ['garbage model.json (PNG bytes)', [jsonFile(png), binFile(bin)], /model\.json is not valid JSON/],
    ['wrong format', [jsonFile(edited((d) => (d.format = 'tfjs-layers-model'))), binFile(bin)], /unknown format "tfjs-layers-model"/],
    ['wrong version', [jsonFile(edited((d) => (d.version = 2))), binFile(bin)], /unsupported version 2/],
    [
      'wrong shape',
      [jsonFile(edited((d) => (d.weightsManifest[0].weights[0].shape = [3, 3]))), binFile(bin)],
      /weight "embedding\/token" has shape \[3, 3\], expected \[\d+, \d+\]/,
    ],
    ['NaN weight', [jsonFile(json), binFile(nanBin)], /weight "embedding\/token" has a non-finite value \(NaN\) at index 2/],
    ['200 MB weights.bin', [jsonFile(json), huge], /“weights-200mb\.bin” is too large for a checkpoint \(200\.0 MB; the limit is 64\.0 MB\), so it was not read/],
    ['20 MB model.json', [hugeJson, binFile(bin)], /“model-20mb\.json” is too large for a checkpoint \(20\.0 MB; the limit is 12\.0 MB\)/],
    ['1e6 nested arrays', [jsonFile(Buffer.from('['.repeat(1_000_000) + ']'.repeat(1_000_000))), binFile(bin)], /model\.json is nested more than 32 levels deep/],
    ['200 000 keys', [jsonFile(Buffer.from(`{${keys.join(',')}}`)), binFile(bin)], /model\.json holds more than 100000 values/],
    ['empty model.json', [jsonFile(Buffer.alloc(0)), binFile(bin)], /The file model\.json is empty/],
    ['one file only', [jsonFile(json)], /Choose both files at once/],
    ['two JSON files', [jsonFile(json), jsonFile(json, 'other.json')], /Choose both files at once/],
  ];
  const upload = page.getByTestId('checkpoint-import');
  const banner = page.getByTestId('error-banner');
  const times = [];
  for (const [label, input, reason] of cases) {
    const files = await Promise.all(input);
    const t0 = Date.now();
    await upload.setInputFiles(files);
    await page
      .waitForFunction((src) => new RegExp(src).test(document.querySelector('[data-testid="error-banner"]')?.textContent ?? ''), reason.source, {
        timeout: 5000,
      })
      .catch(async () => {
        throw new Error(`${label}: no matching reason; banner: ${await textOf(banner).catch(() => '(none)')}`);
      });
    const ms = Date.now() - t0;
    times.push(`${label} ${ms} ms`);
    assert.ok(ms < 2000, `${label}: refused after ${ms} ms`);
    assert.match(await textOf(banner), /unchanged|both files/, label);
    assert.equal(await textOf(status), statusBefore, `${label}: model status changed`);
    assert.equal(await status.getAttribute('data-source'), sourceBefore);
    await banner.getByRole('button').first().click();
    await banner.waitFor({ state: 'detached' });
  }
  console.log(`  # rejection times (upload → reason shown): ${times.join(', ')}`);
  // The model in use gives exactly the same output as before.
  const after = await probeOutput(page);
  assert.deepEqual(after.tokens, before.tokens);
  assert.deepEqual(after.weights, before.weights);
  assert.deepEqual(after.probs, before.probs);
  // In Chinese, the reason is given in Chinese.
  await page.getByTestId('lang-switch').selectOption('zh-CN');
  await upload.setInputFiles([await jsonFile(json), huge]);
  await banner.waitFor();
  assert.match(await textOf(banner), /文件“weights-200mb\.bin”太大，不可能是检查点（200\.0 MB；上限是 64\.0 MB）/);
  await banner.getByRole('button').first().click();
  await page.getByTestId('lang-switch').selectOption('en');
  // And the good pair still loads (the cases above could fail).
  await upload.setInputFiles([await jsonFile(json), await binFile(bin)]);
  await page.waitForFunction(() => document.querySelector('[data-testid="model-status"]')?.getAttribute('data-source') === 'imported');
  assertClean(session, 'checkpoint files');
  await session.close();
}, { timeout: 90_000 });

// ---------------------------------------------------------------- training text

test('hostile: training text — 50 MB refused by size, PNG/NUL refused, empty explained, controls cleaned, mixed scripts train', async (env) => {
  const session = await openApp(env, { query: QUERY });
  const { page } = session;
  await waitForBackend(page);
  await waitForModel(page);
  await page.getByTestId('corpus-text').check();
  const area = page.getByTestId('corpus-textarea');
  const file = page.getByTestId('corpus-file');
  const problem = page.getByTestId('corpus-file-problem');
  await page.getByTestId('corpus-empty').waitFor();
  assert.match(await textOf(page.getByTestId('corpus-empty')), /The text is empty/);

  // 50 MB: refused by its size at once (a sparse file of zeros: were it read, it would be called binary instead).
  const big = await sparseFile('corpus-50mb.txt', 50 * 1024 * 1024);
  let t0 = Date.now();
  await file.setInputFiles(big);
  await problem.waitFor({ timeout: 2000 });
  const bigMs = Date.now() - t0;
  assert.match(await textOf(problem), /“corpus-50mb\.txt” is too big \(52\.4 MB\)\. Choose a text file under 4 MB/);
  assert.equal(await area.inputValue(), '');

  // Binary data: PNG bytes, and NUL bytes.
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 1, 0, 0, 0, 1, 0, 8, 6]);
  for (const [name, buffer] of [['photo.png.txt', png], ['nul.txt', Buffer.from('abc\u0000def\u0000'.repeat(50))]]) {
    t0 = Date.now();
    await file.setInputFiles({ name, mimeType: 'text/plain', buffer });
    await page.waitForFunction((n) => (document.querySelector('[data-testid="corpus-file-problem"]')?.textContent ?? '').includes(n), name, { timeout: 2000 });
    assert.match(await textOf(problem), new RegExp(`“${name.replace(/\./g, '\\.')}” does not look like text \\(it holds binary data`));
    assert.equal(await area.inputValue(), '', `${name}: nothing taken from it`);
  }
  const binaryMs = Date.now() - t0;

  // An empty file: the text stays empty and the note says why nothing can be trained.
  await file.setInputFiles({ name: 'empty.txt', mimeType: 'text/plain', buffer: Buffer.alloc(0) });
  await page.getByTestId('corpus-empty').waitFor();
  assert.equal(await problem.count(), 0);

  // Pasted text with control characters and a lone surrogate: cleaned, with a note saying how many.
  await setValue(page, 'corpus-textarea', 'the cat\u0000 sat\u0007 on\u001b the mat \ud800 and slept .');
  await page.getByTestId('corpus-cleaned').waitFor();
  assert.match(await textOf(page.getByTestId('corpus-cleaned')), /^4 invisible control characters or broken characters were removed/);
  assert.equal(await area.inputValue(), 'the cat sat on the mat  and slept .');

  // Mixed scripts from a file: kept exactly, and trained on.
  const mixed = 'The cat sat on the mat. 猫坐在垫子上。 Le chat était là. 🐱 👩‍👩‍👧 family! مرحبا بالعالم שלום עולם é e\u0301 '.repeat(12);
  await file.setInputFiles({ name: 'mixed.txt', mimeType: 'text/plain', buffer: Buffer.from(mixed, 'utf8') });
  await page.waitForFunction((want) => document.querySelector('[data-testid="corpus-textarea"]')?.value === want, mixed);
  assert.equal(await page.getByTestId('corpus-cleaned').count(), 0);
  assert.equal(await page.getByTestId('corpus-empty').count(), 0);
  await page.getByTestId('train-start').click();
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="train-step-count"]')?.getAttribute('data-step')) >= 3, null, {
    timeout: 45_000,
  });
  await page.getByTestId('train-pause').click();
  const stats = await textOf(page.locator('.training-corpus'));
  assert.match(stats, /Your text: \d+ tokens, \d+ words in the vocabulary/);
  assert.ok(Number.isFinite(Number(await textOf(page.getByTestId('train-loss')))));
  console.log(`  # corpus: 50 MB refused in ${bigMs} ms, binary in ≤ ${binaryMs} ms`);
  await screenshot(page, 'hostile-corpus');
  assertClean(session, 'training text');
  await session.close();
}, { timeout: 90_000 });

// ---------------------------------------------------------------- learning rate


test('hostile: learning rate 1e3 is refused; 1 blows the loss up, training pauses, rolls back and explains', async (env) => {
  const session = await openApp(env, { query: QUERY });
  const { page } = session;
  await waitForBackend(page);
  await waitForModel(page);
  await page.getByTestId('train-start').click();
  await waitForTrainingStep(page, 27, 45_000);
  // Past the app's bounds: refused with the reason, training goes on.
  const refused = await page.evaluate(() =>
    window.__trainingBench.call('trainConfigure', { learningRate: 1e3 }).then(
      () => 'accepted',
      (e) => String(e?.message ?? e),
    ),
  );
  assert.match(refused, /learningRate must be from 0\.00001 to 1, got 1000/);
  const at = await trainingStep(page);
  await waitForTrainingStep(page, at + 3);
  assert.equal(await page.locator('.training-panel').getAttribute('data-phase'), 'running');
  // The largest rate allowed, far too high for Adam: the loss explodes without becoming NaN.
  await page.evaluate(() => window.__trainingBench.call('trainConfigure', { learningRate: 1 }));
  const banner = page.getByTestId('divergence');
  await banner.waitFor({ timeout: 30_000 });
  assert.equal(await page.locator('.training-panel').getAttribute('data-phase'), 'diverged');
  const text = await textOf(banner);
  assert.match(text, /the loss blew up to [\d.e+]+, far above [\d.]+ \(worse than guessing at random\), because the learning rate 1 is much too high/);
  const restored = Number(text.match(/The weights from step (\d+) were put back/)?.[1]);
  assert.ok(restored >= 25 && restored % 25 === 0, `restored to a good copy: ${restored}`);
  assert.equal(await trainingStep(page), restored, 'the step counter shows the restored step');
  assert.match(text, /e\.g\. 0\.003/);
  await screenshot(page, 'hostile-lr-diverged');
  // Chinese explanation.
  await page.getByTestId('lang-switch').selectOption('zh-CN');
  assert.match(await textOf(banner), /损失暴涨到 .*因为学习率 1 太大了。已经放回第 \d+ 步的权重/);
  await page.getByTestId('lang-switch').selectOption('en');
  // Take the suggestion: training goes on from the restored step with a sane loss.
  await banner.getByRole('button').click();
  await page.getByTestId('train-start').click();
  await waitForTrainingStep(page, restored + 3);
  const loss = Number(await textOf(page.getByTestId('train-loss')));
  assert.ok(Number.isFinite(loss) && loss < 10, `loss after the rollback: ${loss}`);
  assert.equal(await banner.count(), 0);
  await page.getByTestId('train-pause').click();
  assertClean(session, 'high learning rate');
  await session.close();
}, { timeout: 120_000 });

// ---------------------------------------------------------------- browser storage

test('hostile: browser storage missing (private window) or full — training goes on, the user is told saving is off', async (env) => {
  const session = await openApp(env, { query: QUERY });
  const { page } = session;
  await waitForBackend(page);
  await waitForModel(page);
  await page.waitForFunction(() => !!window.__trainingBench);
  await page.evaluate(() => window.__trainingBench.call('storageInjectFault', { fault: 'no-idb' }));
  await page.getByTestId('train-start').click();
  const off = page.getByTestId('autosave-off');
  // The first autosave is tried at step 25.
  await off.waitFor({ timeout: 60_000 });
  assert.equal(await off.getAttribute('data-problem'), 'unavailable');
  assert.match(await textOf(off), /Saving in this browser is off: storage is not available here \(e\.g\. a private window\)\. Training goes on/);
  assert.match(await off.getAttribute('title'), /SecurityError|insecure/);
  const at = await trainingStep(page);
  await waitForTrainingStep(page, at + 5);
  assert.equal(await page.locator('.training-panel').getAttribute('data-phase'), 'running');
  // Saving a checkpoint by hand says why it failed.
  await page.getByTestId('train-pause').click();
  await page.waitForFunction(() => document.querySelector('.training-panel')?.getAttribute('data-phase') === 'paused');
  await page.getByTestId('checkpoint-save').click();
  await page.getByTestId('error-banner').waitFor();
  assert.match(await textOf(page.getByTestId('error-banner')), /Browser storage did not work: browser storage is not available/);
  await page.getByTestId('error-banner').getByRole('button').first().click();

  // Full storage: writes fail with QuotaExceededError; a pause (which autosaves) says the storage is full.
  await page.evaluate(() => window.__trainingBench.call('storageInjectFault', { fault: 'idb-quota' }));
  await page.getByTestId('train-start').click();
  const at2 = await trainingStep(page);
  await waitForTrainingStep(page, at2 + 3);
  await page.getByTestId('train-pause').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="autosave-off"]')?.getAttribute('data-problem') === 'quota', null, {
    timeout: 20_000,
  });
  assert.match(await textOf(off), /its storage is full \(quota exceeded\)\. Training goes on/);
  await page.getByTestId('lang-switch').selectOption('zh-CN');
  assert.match(await textOf(off), /存储空间已满（超出配额）。训练会继续/);
  await page.getByTestId('lang-switch').selectOption('en');
  // Storage back: the next save works and the note goes away.
  await page.evaluate(() => window.__trainingBench.call('storageInjectFault', { fault: null }));
  await page.getByTestId('train-start').click();
  await waitForTrainingStep(page, (await trainingStep(page)) + 2);
  await page.getByTestId('train-pause').click();
  await page.getByTestId('autosave-status').waitFor({ timeout: 20_000 });
  assert.equal(await off.count(), 0);
  assertClean(session, 'storage');
  await session.close();
}, { timeout: 120_000 });
