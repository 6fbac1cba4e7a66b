// English texts. This dictionary defines the message keys; every other language must translate
// every key (src/app/locales/zh-CN.ts is typed against it). Placeholders look like {name}.

import { faultsEn } from './faults.en';
import { hostileEn } from './hostile.en';
import { compareEn } from './compare.en';
import { compareTranslateEn } from './compareTranslate.en';
import { seq2seqEn } from './seq2seq.en';
import { panelsEn } from './panels.en';
import { neighboursEn } from './neighbours.en';
import { stepperEn } from './stepper.en';
import { trainingEn } from './training.en';
import { translateTrainingEn } from './translateTraining.en';
import { mapEn } from './map.en';
import { wordsEn } from './words.en';
import { labelsEn } from './labels.en';
import { a11yEn } from './a11y.en';
import { textModelsEn } from './textModels.en';
import { rolesEn } from './roles.en';
import { repeatEn } from './repeat.en';
import { itHeadsEn } from './itHeads.en';
import { backwardEn } from './backward.en';
import { famousEn } from './famous.en';

export const en = {
  ...faultsEn,
  ...hostileEn,
  ...trainingEn,
  ...translateTrainingEn,
  ...panelsEn,
  ...neighboursEn,
  ...stepperEn,
  ...compareEn,
  ...compareTranslateEn,
  ...seq2seqEn,
  ...mapEn,
  ...wordsEn,
  ...labelsEn,
  ...a11yEn,
  ...textModelsEn,
  ...rolesEn,
  ...repeatEn,
  ...itHeadsEn,
  ...backwardEn,
  ...famousEn,
  'app.title': 'Transformer Explorer',
  'app.subtitle':
    'A small Transformer that runs in your browser. Every number on this page comes from the real model.',
  'app.privacy': 'Everything runs on your computer; nothing you type is sent anywhere.',

  'lang.label': 'Language',

  'backend.label': 'Backend',
  'backend.starting': 'starting…',
  'backend.ready': 'initialised ({detail})',
  'backend.readyRequested': 'chosen by request, initialised ({detail})',
  'backend.fallback': '{failed} — using this one instead ({detail})',
  'backend.failedShort': 'not available',

  'model.label': 'Model',
  'model.loading': 'loading…',
  'model.shipped': 'trained checkpoint, step {step}',
  'model.random': 'random weights (untrained)',
  'model.imported': 'imported checkpoint, step {step}',
  'model.stored': 'checkpoint from this browser, step {step}',
  'model.shape': '{layers} layers × {heads} heads, d_model {dModel}, {params} parameters, {vocab} tokens in the vocabulary',
  'model.note.noShipped':
    'No trained checkpoint comes with this build, so the model has random weights. Its attention patterns are not meaningful yet.',
  'model.note.unusable':
    'The shipped checkpoint could not be used ({detail}), so the model has random weights.',

  'sentence.label': 'Sentence',
  'sentence.help': 'Edit the sentence. The model reads it again as you type.',
  'sentence.truncated':
    'The text is longer than the model can read at once ({n} tokens); only the first {n} tokens are used.',
  'sentence.busy': 'computing…',

  'tokens.title': 'Tokens',
  'tokens.help':
    'The sentence is cut into tokens: words, punctuation, and single Chinese characters. Each token has a number (its id) in the model’s vocabulary. <bos> marks the beginning of the text.',
  'tokens.id': 'id {id}',
  'tokens.position': 'position {pos}',
  'tokens.unknown': 'Not in the model’s vocabulary, so the model sees it as <unk> (unknown).',
  'tokens.bos': 'Beginning of the text: every input starts with this token.',
  'tokens.unknownCount': '{n} token(s) are not in the vocabulary (marked with a dashed border).',
  'tokens.empty': 'Type something to see its tokens.',

  'attention.title': 'Attention',
  'attention.help':
    'Each row is one token asking a question (the query); each column is a token it can look at (the key). A darker cell means the row token looks more at that column token. A token can only look at itself and the tokens before it.',
  'attention.layer': 'Layer',
  'attention.head': 'Head',
  'attention.stage': 'Stage',
  'attention.stage.weights': 'weights: softmax (each row sums to 1)',
  'attention.stage.scores': 'scores: Q·Kᵀ',
  'attention.stage.scaled': 'scaled: Q·Kᵀ / √d_k',
  'attention.stage.masked': 'masked: later tokens set to −∞',
  'attention.none': 'The attention map appears once the model has read the sentence.',

  'heatmap.query': 'query (row)',
  'heatmap.key': 'key (column)',
  'heatmap.value': 'value',
  'heatmap.masked': 'masked: a token cannot look at later tokens',
  'heatmap.maskedShort': 'masked (−∞)',
  'heatmap.aria': 'Attention map of {rows} × {cols} tokens',

  'checkpoint.title': 'Checkpoint',
  'checkpoint.download': 'Download model.json + weights.bin',
  'checkpoint.upload': 'Load checkpoint files…',
  'checkpoint.uploadHelp': 'Choose model.json and weights.bin together.',
  'checkpoint.save': 'Save in this browser',
  'checkpoint.load': 'Load saved',
  'checkpoint.saved': 'Saved in this browser.',
  'checkpoint.loaded': 'Checkpoint loaded.',
  'checkpoint.none': 'Nothing saved in this browser yet.',

  'error.title': 'Something went wrong',
  'error.dismiss': 'Dismiss',
  'error.workerCrashed': 'The model worker stopped: {message}. Reload the page to start again.',
  'error.init': 'The model could not start: {message}',
  'error.trace': 'The model could not read this text: {message}',
  'error.import': 'This checkpoint could not be loaded: {message}. The model in use is unchanged.',
  'error.needTwoFiles': 'Choose both files at once: model.json and weights.bin.',
  'error.storage': 'Browser storage did not work: {message}',
  'error.export': 'The checkpoint could not be exported: {message}',
} as const;

export type MessageKey = keyof typeof en;
