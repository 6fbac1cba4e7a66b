// Groups of whole e2e files of about equal running time, for running them side by side
// (tests/e2e/parallel.mjs). The weights are seconds per file from a full run on the 2-core machine
// (run.mjs prints them as `# files {...}`); a file not listed counts as 40 s.

export const FILE_SECONDS = {
  'a11y.e2e.mjs': 166,
  'backward.e2e.mjs': 134,
  'compare.e2e.mjs': 50,
  'embeddings.e2e.mjs': 37,
  'famous.e2e.mjs': 95,
  'faults.e2e.mjs': 227,
  'foundation.e2e.mjs': 51,
  'head-roles.e2e.mjs': 70,
  'hostile.e2e.mjs': 148,
  'i18n.e2e.mjs': 21,
  'map.e2e.mjs': 104,
  'numbering.e2e.mjs': 36,
  'panels.e2e.mjs': 39,
  'repeat.e2e.mjs': 13,
  'security.e2e.mjs': 30,
  'stepper.e2e.mjs': 46,
  'text-models.e2e.mjs': 141,
  'training.e2e.mjs': 54,
  'translate-compare.e2e.mjs': 48,
  'translate-training.e2e.mjs': 95,
  'translate.e2e.mjs': 64,
  'words.e2e.mjs': 47,
};

/** `files` split into n groups (longest first, each to the lightest group so far); each group keeps file order. */
export function shardFiles(files, n) {
  const groups = Array.from({ length: n }, () => ({ seconds: 0, files: [] }));
  const weight = (f) => FILE_SECONDS[f] ?? 40;
  for (const f of files.slice().sort((a, b) => weight(b) - weight(a) || a.localeCompare(b))) {
    const g = groups.reduce((best, x) => (x.seconds < best.seconds ? x : best));
    g.seconds += weight(f);
    g.files.push(f);
  }
  return groups.map((g) => g.files.sort());
}
