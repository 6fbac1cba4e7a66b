// The production build's Content-Security-Policy: as strict as TF.js allows. Only our own origin,
// no eval except WebAssembly compilation. (Every test also fails on a CSP violation or a request
// leaving the origin: see run.mjs.)

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../../scripts/csp.mjs';
import { DIST, openApp, test, waitForBackend, waitForModel, waitForPaintedCanvas } from './lib.mjs';

async function policyOfBuild() {
  const html = await readFile(path.join(DIST, 'index.html'), 'utf8');
  const m = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)"/);
  assert.ok(m, 'dist/index.html carries a Content-Security-Policy meta tag');
  const policy = m[1].replace(/&#39;/g, "'");
  return Object.fromEntries(
    policy.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]),
  );
}

test('CSP: own origin only, no eval beyond wasm-unsafe-eval', async () => {
  const p = await policyOfBuild();
  assert.deepEqual(p['default-src'], ["'self'"]);
  assert.deepEqual(p['script-src'], ["'self'", "'wasm-unsafe-eval'"]);
  assert.deepEqual(p['object-src'], ["'none'"]);
  for (const [name, values] of Object.entries(p)) {
    assert.ok(!values.includes("'unsafe-eval'"), `${name} allows unsafe-eval`);
    for (const v of values) assert.ok(!/^(https?|wss?):/.test(v) && v !== '*', `${name} allows a remote origin: ${v}`);
  }
});

test('CSP: the app runs under it on every backend without a violation', async (env) => {
  // The server sends the policy as a header too, so it also governs the worker that runs TF.js.
  const res = await fetch(`${env.origin}/index.html`);
  assert.equal(res.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY);
  for (const backend of ['wasm', 'webgl', 'cpu']) {
    const session = await openApp(env, { query: `?backend=${backend}` });
    const used = await waitForBackend(session.page);
    assert.equal(used.name, backend, `?backend=${backend} ran on ${used.name}: ${used.text}`);
    await waitForModel(session.page);
    await waitForPaintedCanvas(session.page, 'attention-heatmap');
    assert.deepEqual(session.cspViolations, [], `${backend}: CSP violations`);
    assert.deepEqual(session.consoleErrors, [], `${backend}: console errors`);
    await session.close();
  }
}, { timeout: 120_000 });
