// English texts of the real-text models (唐诗 and English, CONTRACT §7): their names in the picker,
// the Compare view's note, training on their corpora (samples strip, line-length meter, baselines);
// spread into the main dictionary (en.ts).

export const textModelsEn = {
  'picker.tang': '唐诗 Tang poems (decoder-only)',
  'picker.english': 'English text (decoder-only)',

  'compare.needsCoref.title': 'Compare two sentences',
  'compare.needsCoref':
    'The Compare view studies how the coreference model decides what “it” refers to in two nearly equal sentences. The model in use, “{model}”, was trained on other text, so there is nothing to compare here.',
  'compare.needsCoref.load': 'Load the coreference model',

  'training.corpus.tang': '唐诗: about 16,000 Tang poems of five- or seven-character lines, one character per token.',
  'training.corpus.english': 'English: the Brown corpus (ordinary American English of many genres), in pieces of words.',
  'training.fromModel': 'Start from the model in use instead of random weights (continue training it)',
  'training.fromModel.unavailable': 'To continue a trained model, choose it in the Model picker first.',
  'training.fromModel.note': 'This run started from the model at step {step}.',

  'training.samples.title': 'What the model writes',
  'training.samples.help':
    'At step 50, then every hundred steps or so (writing takes at most a tenth of the training time), the model writes again with the same random seed and the same beginning, so only the model has changed between two samples. Newest first.',
  'training.samples.prompt': 'Each sample starts with “{prompt}”.',
  'training.samples.fromStart': 'Each sample starts from the beginning of a poem.',
  'training.samples.empty': 'The first sample appears after about 50 steps.',
  'training.samples.step': 'step {step}',
  'training.samples.aria': 'Samples written while training, newest first',

  'training.meter.title': 'Lines of five or seven characters',
  'training.meter.value': '{pct}% of {n} finished lines',
  'training.meter.none': 'no finished line yet',
  'training.meter.help':
    'Tang poems have lines of exactly five or seven characters, each followed by a punctuation mark. The model writes {count} poems of {tokens} characters at each check; this is the share of their finished lines that have five or seven characters.',

  'training.chart.unigram': 'unigram baseline {loss}',
  'training.chart.bigram': 'bigram baseline {loss}',
  'training.chart.baselinesHelp':
    'Dashed lines: the validation loss of two simple counting models on the same held-out text. Unigram: knows only how often each token occurs. Bigram: also knows which token tends to follow which. Below the bigram line, the model uses more than the previous token.',
} as const;
