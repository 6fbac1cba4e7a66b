// English texts of hostile input refused or cleaned (oversized or broken files, odd training text,
// an exploding learning rate, browser storage that is full or missing); spread into en.ts.

export const hostileEn = {
  'hostile.checkpoint.tooLarge':
    'The file “{file}” is too large for a checkpoint ({size} MB; the limit is {max} MB), so it was not read. The model in use is unchanged.',
  'hostile.checkpoint.empty': 'The file {file} is empty, so it cannot be a checkpoint. The model in use is unchanged.',

  'hostile.corpus.empty': 'The text is empty (only spaces or invisible characters): paste or read a text with words in it.',
  'hostile.corpus.cleaned':
    '{n} invisible control characters or broken characters were removed from the text; the rest is used as it is.',
  'hostile.corpus.binary': 'The file “{name}” does not look like text (it holds binary data, e.g. an image), so it was not used.',

  'hostile.divergence.exploded':
    'Training went wrong at step {step}: the loss blew up to {loss}, far above {limit} (worse than guessing at random), because the learning rate {lr} is much too high. The weights from step {restored} were put back and training paused. Try a lower learning rate, e.g. {suggested}, then press Continue.',
  'hostile.autosave.quota':
    'Saving in this browser is off: its storage is full (quota exceeded). Training goes on, but a reload loses it. Free some space or clear stored data.',
  'hostile.autosave.unavailable':
    'Saving in this browser is off: storage is not available here (e.g. a private window). Training goes on, but a reload loses it.',
} as const;
