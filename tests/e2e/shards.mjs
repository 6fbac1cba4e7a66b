// Groups of whole e2e files of about equal running time, for running them side by side
// (tests/e2e/parallel.mjs). The weights are seconds per file from a full run on the 2-core machine
// (run.mjs prints them as `# files {...}`); a file not listed counts as 40 s.

export const FILE_SECONDS = {
  'a11y.e2e.mjs': 103,
  'backward.e2e.mjs': 180,
  'compare.e2e.mjs': 30,
  'embeddings.e2e.mjs': 17,
  'famous.e2e.mjs': 92,
  'faults.e2e.mjs': 144,
  'foundation.e2e.mjs': 20,
  'head-roles.e2e.mjs': 31,
  'hostile.e2e.mjs': 79,
  'i18n.e2e.mjs': 15,
  'map.e2e.mjs': 54,
  'numbering.e2e.mjs': 19,
  'panels.e2e.mjs': 18,
  'repeat.e2e.mjs': 7,
  'security.e2e.mjs': 12,
  'stepper.e2e.mjs': 45,
  'text-models.e2e.mjs': 81,
  'training.e2e.mjs': 52,
  'translate-compare.e2e.mjs': 43,
  'translate-training.e2e.mjs': 44,
  'translate.e2e.mjs': 74,
  'words.e2e.mjs': 28,
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
