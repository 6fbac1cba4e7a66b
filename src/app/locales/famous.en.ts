// English texts of "the famous figure" (src/panels/compare/translate/FamousFigure.tsx), shown in the
// translation Compare when the English → French model is in use; spread into the main dictionary.

export const famousEn = {
  'famous.title': 'The famous figure: where does “it” look?',
  'famous.help':
    'The picture in every article about the Transformer: one attention head of an English → French encoder, its row for “it” drawn as lines to every word. Thicker, darker line = more attention; the number is the weight (each side’s weights add up to 1). Here it is measured on this model, for A and B.',
  'famous.none': 'There is no “it” in both sentences, so there is no row of “it” to draw.',
  'famous.which.ranking':
    'Drawn: encoder {head}, the first of the ranking of the encoder’s {n} heads below (its row for “it” moves most between A and B: L1 {l1}).',
  'famous.which.flip':
    'Drawn: encoder {head}. Of the encoder’s {n} heads, its row for “it” moves the most weight onto the noun “it” means between A and B: {flip} on average (½ · the weight the meant noun gains in each sentence; 1 would be all of it). Its row moves by L1 {l1} in all, number {rank} in the ranking below.',
  'famous.which.chosen': 'Drawn: encoder {head}, the head you picked (number {rank} of {n} in the ranking below, L1 {l1}).',
  'famous.out.masculine': 'masculine (il): the noun it stands for is masculine',
  'famous.out.feminine': 'feminine (elle): the noun it stands for is feminine',
  'famous.out.none': 'This translation has no qu’il / qu’elle after “parce”.',
  'famous.swap':
    'Of the encoder’s heads, the one whose split between “{first}” and “{second}” moves most is {head}: “{first}” gets {a} of the two nouns’ weight in A and {b} in B.',
  'famous.swapDrawn': 'That is the head drawn.',
  'famous.swapDraw': 'Draw that head',
  'famous.out.help':
    'The model writes the French one word at a time. Highlighted: the pronoun where the English has “it” — qu’il if the noun it means is masculine (l’animal), qu’elle if feminine (la rue) — so the translation shows which noun the model thinks “it” is whenever the two nouns differ in gender.',
  'famous.showTop': 'Draw the head shown first again',
  'famous.drawL1': 'Draw the head whose row moves most ({head}, L1 {l1})',
  'famous.aria': 'Sentence {side}: the attention of “it” on every word in encoder {head}',
  'famous.nouns': '“it” → {first} {w1} · {second} {w2}',
  'famous.why.here':
    'Why the decision can show in one encoder head here: French must write il or elle for “it” (l’animal is masculine, la rue feminine) and make the adjective agree (fatigué, étroite), so the translation cannot be written without deciding what “it” is. This model’s decoder has a single layer: where it writes the pronoun it reads the encoder’s vector for “it” and has no second step to work the referent out itself, so the encoder must put the answer into “it”. Each encoder layer has a single head, so that answer cannot be spread over several heads that each move a little. One way is a head whose “it” row moves to the noun “it” means, as drawn above when its lines to “animal” and “street” swap between A and B; the other is the encoder’s feed-forward layers, which no attention picture shows.',
  'famous.why.chinese':
    'In the English → Chinese model (picker: Translation EN→中文) the encoder’s row for “it” does not move towards the noun “it” means: its two-layer decoder writes the noun itself (动物 or 马路) by looking at the English nouns through cross-attention, so the encoder’s “it” does not need to carry the answer.',
  'famous.why.decoder':
    'In the decoder-only model (picker: Coreference) “it” cannot see “tired” or “narrow” at all: they come after it and its attention is masked to the words before it. There, the decision can only happen later in the sentence.',
  'famous.why.seeds':
    'Not every model grows such a head. Trained from different seeds with the same recipe, some translate just as well and decide inside the encoder’s feed-forward layers instead: docs/translate-fr.md lists how many of the seeds tried did.',
} as const;
