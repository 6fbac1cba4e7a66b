// Groups of whole e2e files of about equal running time, for running them side by side
// (tests/e2e/parallel.mjs). The weights are seconds per file from a full run on the 2-core machine
// (run.mjs prints them as `# files {...}`); a file not listed counts as 40 s.

export const FILE_SECONDS = {
  'a11y.e2e.mjs': 252,
  'backward.e2e.mjs': 90,
  'compare.e2e.mjs': 58,
  'embeddings.e2e.mjs': 45,
  'famous.e2e.mjs': 132,
  'faults.e2e.mjs': 240,
  'foundation.e2e.mjs': 56,
  'head-roles.e2e.mjs': 53,
  'hostile.e2e.mjs': 146,
  'i18n.e2e.mjs': 27,
  'map.e2e.mjs': 116,
  'numbering.e2e.mjs': 34,
  'panels.e2e.mjs': 38,
  'repeat.e2e.mjs': 18,
  'security.e2e.mjs': 24,
  'stepper.e2e.mjs': 65,
  'text-models.e2e.mjs': 138,
  'training.e2e.mjs': 98,
  'translate-compare.e2e.mjs': 96,
  'translate-training.e2e.mjs': 127,
  'translate.e2e.mjs': 143,
  'words.e2e.mjs': 62,
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
