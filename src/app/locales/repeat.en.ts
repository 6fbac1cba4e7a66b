// English texts of the induction task (builtin:repeat): its name in the corpus picker and its figures
// while training (loss on the first half and on the repeated half); spread into en.ts.

export const repeatEn = {
  'training.corpus.repeat':
    'Repeated syllables: random syllables (ba, ko, tu … 60 in all), then the same ones again. The first half cannot be guessed; the second can, by copying — watch an induction head appear.',
  'repeat.title': 'Induction: loss on each half',
  'repeat.help':
    'Each held-out sequence is random syllables followed by the same syllables again. Nothing predicts the first half: its loss cannot go below ln {symbols} = {floor} (guessing among {symbols} syllables). The repeated half can be predicted by looking back: find where the current syllable appeared before and say the one that came after it. When an induction head forms (a previous-token head in layer 1 working with a head in layer 2), the repeated half’s loss drops suddenly far below the first half’s.',
  'repeat.first': 'First half (random)',
  'repeat.repeated': 'Repeated half',
  'repeat.ratio': 'Repeated ÷ first',
  'repeat.value': '{loss} nats',
  'repeat.ratioValue': '{pct} %',
  'repeat.chart.first': 'first half',
  'repeat.chart.repeated': 'repeated half',
  'repeat.chart.floor': 'ln {symbols} = {floor} (first half’s floor)',
  'repeat.chart.aria': 'Validation loss of the first half and of the repeated half at {n} evaluations',
  'repeat.empty': 'The first evaluation comes after about 50 steps.',
  'repeat.sequences': 'Measured on {n} held-out sequences.',
};
