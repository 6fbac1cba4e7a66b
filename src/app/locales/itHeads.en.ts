// English texts of the encoder "it" heads chart (src/panels/ItHeadsChart.tsx), shown while a
// translation model trains; spread into the main dictionary.

export const itHeadsEn = {
  'itHeads.title': 'The encoder’s “it” heads over training',
  'itHeads.measure': 'Measure',
  'itHeads.relative': 'relative flip (how the split between the two nouns follows the meaning)',
  'itHeads.absolute': 'absolute flip (how much weight moves onto the meant noun)',
  'itHeads.threshold': '“it” head from {threshold}',
  'itHeads.empty': 'The first evaluation has not come in yet.',
  'itHeads.strongest':
    'Strongest now: encoder {head}, relative flip {relative}, absolute flip {absolute}, over {n} held-out sentences.',
  'itHeads.isItHead': 'It is an “it” head (relative flip ≥ {threshold}): the famous figure can show it.',
  'itHeads.noItHead': 'No head reaches {threshold} (yet): this model may carry the answer another way — through the encoder’s feed-forward layers, or with a decoder that finds the noun itself.',
  'itHeads.aria': 'Every encoder head’s flip of its row for “it” at {n} evaluations',
  'itHeads.help':
    'For every encoder head, its row for “it” in the held-out sentences the evaluation translates: relative flip = the share of the two nouns’ weight on the first noun when “it” means it, minus the same when “it” means the second (1: all of it moves to the meant noun; 0: the split does not move); absolute flip = how much weight moves onto the meant noun (½ of the two gains). A head above {threshold} counts as an “it” head, the kind of head in the famous figure. Colour = head, dash = layer.',
} as const;
