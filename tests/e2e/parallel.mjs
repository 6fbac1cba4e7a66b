// Runs the e2e files in N groups side by side (default 2, or E2E_SHARDS), each group in its own
// Node process with its own server and Chromium (tests/e2e/run.mjs --shard K/N), prints each group's
// TAP output as it finishes, then the totals:
//   # tests N / # pass N / # fail M / # duration_ms T
// Exit code 1 on any failure. `node tests/e2e/parallel.mjs [filter]`.

import { spawn } from 'node:child_process';
import path from 'node:path';
import { ROOT } from './lib.mjs';

const shards = Math.max(1, Number(process.env.E2E_SHARDS ?? 2));
const filter = process.argv[2];
const started = Date.now();

function runShard(k) {
  return new Promise((resolve) => {
    const args = [path.join(ROOT, 'tests/e2e/run.mjs'), ...(filter ? [filter] : []), '--shard', `${k}/${shards}`];
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => resolve({ k, code, out }));
  });
}

const results = await Promise.all(
  Array.from({ length: shards }, (_, i) =>
    runShard(i + 1).then((r) => {
      console.log(`# ---- group ${r.k} of ${shards} (exit ${r.code})`);
      // Each group's own totals are renamed, so that only the overall ones below read "# pass".
      process.stdout.write(r.out.replace(/^# (tests|pass|fail|duration_ms) /gm, '# group $1 '));
      return r;
    }),
  ),
);
const count = (name) =>
  results.reduce((n, r) => n + Number(new RegExp(`^# ${name} (\\d+)`, 'm').exec(r.out)?.[1] ?? 0), 0);
const pass = count('pass');
// A group that died before printing its totals counts as one failure.
const fail = count('fail') + results.filter((r) => !/^# fail \d+/m.test(r.out)).length;
console.log(`# tests ${count('tests')}`);
console.log(`# pass ${pass}`);
console.log(`# fail ${fail}`);
console.log(`# duration_ms ${Date.now() - started}`);
process.exit(fail === 0 && results.every((r) => r.code === 0) && pass > 0 ? 0 : 1);
