// Shared helpers of the end-to-end tests: a tiny static server for dist/, Chromium via
// playwright-core, an app session that records console errors, page errors and every request that
// leaves the page's origin, pixel checks for canvases, screenshots, and a minimal test registry
// (test files call `test(name, fn)`; tests/e2e/run.mjs runs them in order and prints a summary).

import { createServer } from 'node:http';
import { readFile, stat, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

import { CONTENT_SECURITY_POLICY } from '../../scripts/csp.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The production build under test (E2E_DIST lets parallel work build and test its own copy). */
export const DIST = process.env.E2E_DIST ? path.resolve(process.env.E2E_DIST) : path.join(ROOT, 'dist');
export const SCREENSHOTS = path.join(ROOT, 'tests/e2e/screenshots');
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--enable-unsafe-swiftshader',
];

// ---------------------------------------------------------------- test registry

const registry = [];
let currentFile = '';

/** Register a test; `fn(env)` gets { origin, browser, open(query) }. Tests run in registration order. */
export function test(name, fn, { timeout = 45_000 } = {}) {
  registry.push({ file: currentFile, name, fn, timeout });
}

export function setCurrentFile(file) {
  currentFile = file;
}

export function registeredTests() {
  return registry.slice();
}

// ---------------------------------------------------------------- static server

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.bin': 'application/octet-stream',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/** Serve `root` on 127.0.0.1 (a free port). Unknown paths answer 404, never index.html. */
export async function startStaticServer(root = DIST) {
  const requests = [];
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      let rel = decodeURIComponent(url.pathname);
      if (rel.endsWith('/')) rel += 'index.html';
      const file = path.resolve(root, `.${rel}`);
      if (!file.startsWith(root + path.sep)) {
        res.writeHead(403).end('forbidden');
        return;
      }
      const info = await stat(file).catch(() => null);
      requests.push({ path: rel, status: info?.isFile() ? 200 : 404 });
      if (!info || !info.isFile()) {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
        return;
      }
      const body = await readFile(file);
      res.writeHead(200, {
        'content-type': MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
        'content-length': body.length,
        'cache-control': 'no-store',
        // As a deployment should: only a header reaches the worker (a <meta> policy covers the page).
        'content-security-policy': CONTENT_SECURITY_POLICY,
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch (e) {
      res.writeHead(500).end(String(e));
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

// ---------------------------------------------------------------- browser and app sessions

export async function launchBrowser() {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (set CHROMIUM_PATH)`);
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

/**
 * Whether the build ships a trained checkpoint of a model (`coref`, `translate`; otherwise the app
 * falls back to random weights).
 */
export function shipsCheckpoint(model = 'coref') {
  return existsSync(path.join(DIST, `models/${model}/model.json`));
}

function isNetworkUrl(u) {
  return u.startsWith('http:') || u.startsWith('https:') || u.startsWith('ws:') || u.startsWith('wss:');
}

/**
 * Open the app in a fresh browser context. Records console errors, uncaught page errors, and every
 * network request to another origin (such requests are also aborted, so a test cannot pass by
 * reaching the internet).
 */
export async function openApp(env, { query = '', locale = 'en-US', viewport = { width: 1280, height: 1000 } } = {}) {
  const context = await env.browser.newContext({ locale, viewport, acceptDownloads: true });
  const consoleErrors = [];
  const pageErrors = [];
  const foreignRequests = [];
  // Models whose checkpoint this build lacks: the worker's probe for it is answered 404 by design.
  const missing = ['coref', 'translate', 'tang', 'english'].filter((m) => !shipsCheckpoint(m));
  const record = (url) => {
    if (isNetworkUrl(url) && new URL(url).origin !== env.origin) foreignRequests.push(url);
  };
  context.on('request', (req) => record(req.url()));
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (isNetworkUrl(url) && new URL(url).origin !== env.origin) {
      record(url);
      return route.abort('blockedbyclient');
    }
    return route.continue();
  });
  const page = await context.newPage();
  // Content-Security-Policy violations of the page are collected for every test (see run.mjs).
  const cspViolations = [];
  await page.exposeFunction('__reportCspViolation', (text) => cspViolations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__reportCspViolation(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'}`);
    });
  });
  page.on('console', (msg) => {
    if (/Content Security Policy/i.test(msg.text())) cspViolations.push(msg.text());
    if (msg.type() !== 'error') return;
    const where = msg.location()?.url ?? '';
    // Without a shipped checkpoint the worker's probe for models/<model>/model.json is answered 404
    // by design (the app then uses random weights and says so); that one message is expected.
    const probed = /models\/(\w+)\/model\.json/.exec(where + msg.text());
    if (probed && missing.includes(probed[1]) && /status of 404/.test(msg.text())) return;
    consoleErrors.push(`${msg.text()}${where ? ` (${where})` : ''}`);
  });
  page.on('pageerror', (err) => pageErrors.push(String(err?.stack ?? err)));
  const session = {
    page,
    context,
    consoleErrors,
    pageErrors,
    foreignRequests,
    cspViolations,
    close: () => context.close(),
  };
  env.sessions?.push(session);
  await page.goto(`${env.origin}/${query}`);
  return session;
}

// ---------------------------------------------------------------- app helpers

export const BACKENDS = ['webgl', 'wasm', 'cpu'];

/** Wait until the backend status names a backend; returns { name, text }. */
export async function waitForBackend(page, timeout = 30_000) {
  const el = page.getByTestId('backend-status');
  await page.waitForFunction(
    () => {
      const s = document.querySelector('[data-testid="backend-status"]');
      return !!s && !!s.getAttribute('data-backend');
    },
    null,
    { timeout },
  );
  return { name: await el.getAttribute('data-backend'), text: await textOf(el) };
}

/** Wait until the model status says which model is in use; returns its data-source. */
export async function waitForModel(page, timeout = 30_000) {
  await page.waitForFunction(
    () => !!document.querySelector('[data-testid="model-status"]')?.getAttribute('data-source'),
    null,
    { timeout },
  );
  return page.getByTestId('model-status').getAttribute('data-source');
}

/** The token chips' texts (token only, without the id). */
export async function chipTokens(page) {
  return page.$$eval('[data-testid="token-chip"] .token-text', (els) => els.map((e) => e.textContent ?? ''));
}

/** Wait until the chips differ from `previous` (a string[]) and are non-empty; returns the new ones. */
export async function waitForTokensChange(page, previous, timeout = 15_000) {
  await page.waitForFunction(
    (prev) => {
      const now = Array.from(document.querySelectorAll('[data-testid="token-chip"] .token-text')).map((e) => e.textContent ?? '');
      return now.length > 0 && JSON.stringify(now) !== prev;
    },
    JSON.stringify(previous),
    { timeout },
  );
  return chipTokens(page);
}

/**
 * Pixels of a canvas (by test id): its size, the number of distinct colours, a checksum, and a sampler
 * for single pixels in CSS coordinates.
 */
export async function canvasSummary(page, testId) {
  return page.evaluate((id) => {
    const c = document.querySelector(`[data-testid="${id}"]`);
    if (!(c instanceof HTMLCanvasElement) || c.width === 0 || c.height === 0) return null;
    const ctx = c.getContext('2d');
    const { data } = ctx.getImageData(0, 0, c.width, c.height);
    const colours = new Set();
    let hash = 0;
    for (let i = 0; i < data.length; i += 4) {
      const v = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
      colours.add(v);
      hash = (Math.imul(hash, 31) + v + data[i + 3]) | 0;
    }
    return { width: c.width, height: c.height, cssWidth: c.clientWidth, cssHeight: c.clientHeight, colours: colours.size, hash };
  }, testId);
}

/** RGB of the pixel at CSS offset (x, y) of a canvas. */
export async function canvasPixel(page, testId, x, y) {
  return page.evaluate(
    ({ id, x, y }) => {
      const c = document.querySelector(`[data-testid="${id}"]`);
      const scale = c.width / c.clientWidth;
      const d = c.getContext('2d').getImageData(Math.floor(x * scale), Math.floor(y * scale), 1, 1).data;
      return [d[0], d[1], d[2]];
    },
    { id: testId, x, y },
  );
}

/**
 * Wait until a canvas is painted with more than one colour; returns its summary. The canvas is
 * scrolled into view while it has no size: a panel far from the viewport skips layout
 * (content-visibility: auto), so its figures get their width only once the reader comes near.
 */
export async function waitForPaintedCanvas(page, testId, timeout = 30_000) {
  await page.waitForFunction(
    (id) => {
      const c = document.querySelector(`[data-testid="${id}"]`);
      if (c && c.clientWidth === 0) c.scrollIntoView({ block: 'center' });
      if (!(c instanceof HTMLCanvasElement) || c.width === 0) return false;
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      for (let i = 4; i < d.length; i += 4) {
        if (d[i] !== d[0] || d[i + 1] !== d[1] || d[i + 2] !== d[2]) return true;
      }
      return false;
    },
    testId,
    { timeout },
  );
  return canvasSummary(page, testId);
}

/**
 * Runs `shoot` with every panel rendered: panels far from the viewport skip rendering
 * (content-visibility: auto) until scrolled near, and a panel rendered while being scrolled to
 * moves the element being photographed.
 */
async function withEveryPanelRendered(page, shoot) {
  const set = (value) =>
    page.evaluate((v) => {
      for (const el of document.querySelectorAll('.panel')) el.style.contentVisibility = v;
    }, value);
  await set('visible');
  try {
    return await shoot();
  } finally {
    await set('');
  }
}

/** A screenshot of one element (a panel or part of one), into tests/e2e/screenshots/NAME.png. */
export async function elementScreenshot(locator, name) {
  await mkdir(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await withEveryPanelRendered(locator.page(), () => locator.screenshot({ path: file }));
  return file;
}

export async function screenshot(page, name) {
  await mkdir(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await withEveryPanelRendered(page, () => page.screenshot({ path: file, fullPage: true }));
  return file;
}

/** Problems no test may have: requests leaving the origin, CSP violations. Checked after every test. */
export function universalProblems(session) {
  return [
    ...session.foreignRequests.map((u) => `request outside the origin: ${u}`),
    ...session.cspViolations.map((v) => `content security policy violation: ${v}`),
  ];
}

/** Fail with the recorded problems of a session, if any. */
export function assertClean(session, label = '') {
  const problems = [
    ...session.consoleErrors.map((e) => `console error: ${e}`),
    ...session.pageErrors.map((e) => `page error: ${e}`),
    ...universalProblems(session),
  ];
  if (problems.length > 0) throw new Error(`${label ? `${label}: ` : ''}${problems.join('\n')}`);
}

/** The training step the page shows. */
export async function trainingStep(page) {
  return Number(await page.getByTestId('train-step-count').getAttribute('data-step'));
}

/** Waits until the page shows at least training step `atLeast`; returns the step shown. */
export async function waitForTrainingStep(page, atLeast, timeout = 30_000) {
  await page.waitForFunction(
    (n) => Number(document.querySelector('[data-testid="train-step-count"]')?.getAttribute('data-step')) >= n,
    atLeast,
    { timeout },
  );
  return trainingStep(page);
}

/**
 * The text of an element, whitespace collapsed. Not innerText: panels out of view skip rendering
 * (content-visibility: auto), and innerText of a skipped element can read as empty.
 */
export async function textOf(locator) {
  return locator.evaluate((root) => {
    // Text nodes in document order; a space where the text of one block (not inline) element ends
    // and another's begins, as innerText would break the line there.
    const INLINE = new Set(['A', 'ABBR', 'B', 'BDI', 'CODE', 'EM', 'I', 'KBD', 'MARK', 'Q', 'S', 'SMALL', 'SPAN', 'STRONG', 'SUB', 'SUP', 'U', 'VAR', 'TIME']);
    const blockOf = (node) => {
      let e = node.parentElement;
      while (e && e !== root && INLINE.has(e.tagName)) e = e.parentElement;
      return e;
    };
    const walker = document.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */);
    let out = '';
    let block = null;
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const b = blockOf(n);
      if (block !== null && b !== block) out += ' ';
      out += n.data;
      block = b;
    }
    return out.replace(/\s+/g, ' ').trim();
  });
}

/**
 * What reaches past the right edge: the page, or an element matching `selector` (by default any panel
 * or the header), as "name: scrollWidth > clientWidth". Panels skipped by content-visibility get their layout only when shown, and figures
 * take their width from a ResizeObserver a frame or two later, so this re-measures until the layout
 * settles (up to `settleMs`); an overflow that stays is returned.
 */
export async function sidewaysOverflow(page, { selector = '.panel, .app-header', settleMs = 5000 } = {}) {
  const measure = () =>
    page.evaluate((sel) => {
      const out = [];
      const doc = document.documentElement;
      if (doc.scrollWidth > doc.clientWidth + 1) out.push(`page ${doc.scrollWidth} > ${doc.clientWidth}`);
      for (const p of document.querySelectorAll(sel)) {
        if (p.scrollWidth > p.clientWidth + 1) out.push(`${p.getAttribute('data-testid') ?? p.className}: ${p.scrollWidth} > ${p.clientWidth}`);
      }
      return out;
    }, selector);
  let wide = await measure();
  for (let waited = 0; waited < settleMs && wide.length > 0; waited += 200) {
    await page.waitForTimeout(200);
    wide = await measure();
  }
  return wide;
}
