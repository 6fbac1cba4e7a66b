// English texts of training the encoder–decoder on the translation corpus (the corpus choice, the
// translation accuracy, the attention sites of the heads grid); spread into the main dictionary (en.ts).

export const translateTrainingEn = {
  'training.corpus.translate':
    'Built-in translation pairs, English → Chinese (“… because it was too tired .” → “……因为动物太累了。”). Trains the encoder–decoder.',
  'training.corpus.translateFr':
    'Built-in translation pairs, English → French (“… because it was too tired .” → “… parce qu’il était trop fatigué .”): French must choose il or elle for “it”. Trains the encoder–decoder (4 encoder layers, 1 decoder layer).',
  'training.corpus.newRun': 'This text trains another kind of model than the current run: Train starts a new run from random weights.',
  'training.presetOption.encoderDecoder': '{name}: encoder {encoderLayers} layers + decoder {layers} layers, {heads} heads each, d_model {dModel}',

  'training.stats.exact': 'Exact translations',
  'training.stats.referent': 'Right noun for “it”',
  'training.stats.translationValue': '{pct}% of {n} held-out sentences',
  'training.chart.translation': 'Translation accuracy on held-out sentences',
  'training.chart.translationHelp':
    'English sentences whose noun pairs never appear in training, translated by the model one character at a time (always its likeliest next character). Exact: the whole translation is right. Right noun: after 因为 it writes the noun that “it” refers to (动物 for “tired”, 马路 for “narrow”); always picking one of the two nouns at random would score about 50%.',
  'training.chart.exact': 'exact',
  'training.chart.referent': 'right noun',

  'live.helpSites':
    'Every attention head of every layer, for the sentence above and the translation the model writes for it now. The encoder–decoder attends in three places; choose one. Darker = more attention.',
  'live.sites': 'Where attention happens',
  'live.site.decoder': 'Self-attention',
  'live.site.encoder': 'Encoder self-attention',
  'live.site.decoder-self': 'Decoder self-attention',
  'live.site.cross': 'Cross-attention',
  'live.siteHelp.decoder': 'Rows: the token that asks; columns: the earlier tokens it looks at.',
  'live.siteHelp.encoder':
    'Rows: each English word; columns: every English word it looks at, before or after it (no mask: the encoder reads the whole sentence at once).',
  'live.siteHelp.decoder-self':
    'Rows: the Chinese written so far (starting with <bos>); columns: the earlier Chinese characters it looks at (masked: it cannot see what it has not written yet).',
  'live.siteHelp.cross':
    'Rows: the Chinese character being written next; columns: the English words it looks at (queries from the decoder, keys and values from the encoder).',
  'live.siteLayerHead': '{site}, {head}',
  'live.translation': 'The model’s translation at this step: {target}',
} as const;
