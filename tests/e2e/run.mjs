// End-to-end tests against the production build in a real Chromium.
//   npm run build && node tests/e2e/run.mjs [filter] [--shard K/N]
// (--shard K/N runs the K-th of N groups of whole files, balanced by tests/e2e/parallel.mjs's weights;
// `npm run test:e2e` runs the groups side by side through parallel.mjs.)
// Serves dist/ on 127.0.0.1, discovers tests/e2e/*.e2e.mjs (each registers tests with `test()` from
// lib.mjs), runs them in order with one shared browser, and prints TAP-style lines ending with
//   # pass N
//   # fail M
// A failing test leaves a screenshot in tests/e2e/screenshots/FAIL-*.png. Exit code 1 on any failure.

import { readdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { shardFiles } from './shards.mjs';
import {
  DIST,
  ROOT,
  launchBrowser,
  registeredTests,
  universalProblems,
  setCurrentFile,
  startStaticServer,
} from './lib.mjs';

const argv = process.argv.slice(2);
const shardAt = argv.indexOf('--shard');
const shard = shardAt >= 0 ? argv.splice(shardAt, 2)[1] : null;
const filter = argv[0] ?? '';
const dir = path.join(ROOT, 'tests/e2e');

function withTimeout(promise, ms, name) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${name}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function main() {
  if (!existsSync(path.join(DIST, 'index.html'))) {
    console.error('dist/index.html is missing: run `npm run build` first');
    process.exit(2);
  }
  let files = (await readdir(dir)).filter((f) => f.endsWith('.e2e.mjs')).sort();
  if (shard) {
    const [k, n] = shard.split('/').map(Number);
    if (!(Number.isInteger(k) && Number.isInteger(n) && k >= 1 && k <= n)) throw new Error(`bad --shard ${shard} (K/N, 1 ≤ K ≤ N)`);
    files = shardFiles(files, n)[k - 1];
  }
  for (const f of files) {
    setCurrentFile(f);
    await import(pathToFileURL(path.join(dir, f)).href);
  }
  const tests = registeredTests().filter((t) => !filter || t.file.includes(filter) || t.name.includes(filter));

  const started = Date.now();
  const server = await startStaticServer(DIST);
  const browser = await launchBrowser();
  const env = { origin: server.origin, browser, server, sessions: [] };
  console.log(`TAP version 13\n# serving ${DIST} at ${server.origin}; chromium ${browser.version()}`);
  console.log(`1..${tests.length}`);

  let pass = 0;
  let fail = 0;
  const fileMs = new Map();
  for (const [i, t] of tests.entries()) {
    const t0 = Date.now();
    const tag = shard ? `s${shard.split('/')[0]}-` : '';
    try {
      await withTimeout(Promise.resolve().then(() => t.fn(env)), t.timeout, t.name);
      // In every test: no request left the page's origin and the CSP was never violated.
      const problems = env.sessions.flatMap((s) => universalProblems(s));
      for (const s of env.sessions) {
        s.foreignRequests.length = 0;
        s.cspViolations.length = 0;
      }
      if (problems.length > 0) throw new Error(problems.join('\n'));
      pass++;
      console.log(`ok ${i + 1} - ${t.file}: ${t.name} (${Date.now() - t0} ms)`);
    } catch (e) {
      fail++;
      console.log(`not ok ${i + 1} - ${t.file}: ${t.name} (${Date.now() - t0} ms)`);
      const text = String(e?.stack ?? e).split('\n').slice(0, 12).join('\n');
      console.log(text.replace(/^/gm, '  # '));
      // The latest session's page, if still open, tells what the user would have seen.
      const last = env.sessions.at(-1);
      if (last && !last.page.isClosed()) {
        const shot = path.join('tests/e2e/screenshots', `FAIL-${tag}${i + 1}.png`);
        await last.page.screenshot({ path: path.join(ROOT, shot), fullPage: true }).catch(() => {});
        console.log(`  # screenshot: ${shot}`);
      }
    }
    fileMs.set(t.file, (fileMs.get(t.file) ?? 0) + Date.now() - t0);
  }
  // Seconds per file (the weights in shards.mjs come from these).
  console.log(`# files ${JSON.stringify(Object.fromEntries([...fileMs].map(([f, ms]) => [f, Math.round(ms / 1000)])))}`);

  await browser.close();
  await server.close();
  console.log(`# tests ${tests.length}`);
  console.log(`# pass ${pass}`);
  console.log(`# fail ${fail}`);
  console.log(`# duration_ms ${Date.now() - started}`);
  process.exit(fail === 0 && tests.length > 0 ? 0 : 1);
}

main().catch((e) => {
  console.error(e);
  console.log('# pass 0');
  console.log('# fail 1');
  process.exit(1);
});
