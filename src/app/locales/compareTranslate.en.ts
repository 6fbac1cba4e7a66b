// English texts of the Compare view for a translation model (encoder–decoder); spread into en.ts.

export const compareTranslateEn = {
  'tcompare.title': 'Compare two sentences: where does the translation model decide?',
  'tcompare.help':
    'Change one word and watch where the translation model decides what “it” is. Both sentences are translated by the model after every edit (greedy: the most likely character at each step); every map, bar and number below comes from its real attention.',
  'tcompare.clauseHelp': 'Every sentence the model learned ends with “ .”, so it is added after yours (you cannot edit it).',
  'tcompare.loading': 'Loading the model and translating both sentences…',
  'tcompare.truncated': 'The sentence is longer than the {n} tokens the model can read at once, so it was cut after the first {n} tokens.',

  'tcompare.out.title': 'The two translations',
  'tcompare.out.help':
    'The model writes the Chinese one character at a time. Highlighted: the slot where the English has “it” (因为 __ 太… = “because __ was too …”). A careful translator writes the noun there, so the translation shows which noun the model thinks “it” is.',
  'tcompare.out.slot': 'In the place of “it” it writes',
  'tcompare.out.isNoun': '“it” = the {word}',
  'tcompare.out.neither': 'neither noun of the sentence',
  'tcompare.out.none':
    'There is no “因为 …” in this translation, so no row writes the referent (an untrained model writes almost anything). The maps below show the last row of the decoder instead.',
  'tcompare.out.unfinished': '(stopped before the end mark)',

  'tcompare.site': 'Attention',
  'tcompare.site.cross': 'cross-attention (Chinese row → English words)',
  'tcompare.site.decoder-self': 'decoder self-attention (Chinese so far)',
  'tcompare.site.encoder': 'encoder self-attention (English)',
  'tcompare.siteShort.cross': 'cross-attention',
  'tcompare.siteShort.decoder-self': 'decoder self-attention',
  'tcompare.siteShort.encoder': 'encoder',
  'tcompare.headLabel': '{site} · {head}',
  'tcompare.headShort': '{site} {head}',

  'tcompare.map.title': '{site}, {head}',
  'tcompare.map.rowReferent': 'Outlined: the row that writes the referent (it reads “{token}” and writes the next character).',
  'tcompare.map.rowLast': 'Outlined: the last row (there is no row that writes the referent).',
  'tcompare.map.rowIt': 'Outlined: the row of “it”.',
  'tcompare.map.rowQuery': 'row (query)',
  'tcompare.map.colKey': 'column (key)',
  'tcompare.map.diffLengths': 'A and B have maps of different sizes ({a} and {b}); B − A covers the rows and columns both have.',
  'tcompare.rows.title': 'The compared row in A and in B',
  'tcompare.rows.l1': 'difference of the two rows (L1 = sum of |A − B| over the columns, 0 … 2): {value}',
  'tcompare.rows.aria': 'The compared row of A and of B as bars over the columns',

  'tcompare.rank.title': 'Which decoder heads move where the noun is written',
  'tcompare.rank.help':
    'For every head of the decoder, self-attention and cross-attention, the L1 distance between its row that writes the referent in A and in B (sum of |A − B| over the columns; 0 = the same row, 2 = they look at completely different words), largest first, with the row’s weight on the two nouns. Click a head to show its maps.',
  'tcompare.rank.head': 'head',
  'tcompare.rank.l1': 'L1 difference',
  'tcompare.rank.nounsA': 'A: weight on the nouns',
  'tcompare.rank.nounsB': 'B: weight on the nouns',
  'tcompare.rank.off': 'switched off',
  'tcompare.rank.none': 'At least one translation has no row that writes the referent, so there is nothing to rank.',

  'tcompare.it.title': 'Does “it” itself carry the decision? The encoder’s row for “it”',
  'tcompare.it.help':
    'The encoder reads the whole English sentence with no mask, so “it” can also look at the adjective after it. If “it” made the decision with its attention, its row would move towards the first noun in one sentence and towards the second in the other.',
  'tcompare.it.figure': 'Largest move of the “it” row over the encoder’s {n} heads: {l1} ({head}).',
  'tcompare.it.nouns': 'Its weight on the nouns: A {first} {a1} · {second} {a2}; B {first} {b1} · {second} {b2}.',
  'tcompare.it.none': 'There is no “it” in both sentences.',
  'tcompare.it.all': 'Every encoder head at the row of “it”',

  'tcompare.dec.title': 'The decoder-only model on the same pair',
  'tcompare.dec.help':
    'The app’s first model, the decoder-only coreference model (its shipped checkpoint, training step {step}), reads each sentence followed by “ . it refers to the”; the word it predicts next is its answer. It is traced now beside the translation model, from its own weights; the heads switched off below belong to the translation model and do not apply to it.',
  'tcompare.dec.loading': 'Loading the decoder-only model and reading both sentences with it…',
  'tcompare.dec.error': 'The decoder-only model could not read the sentences: {message}',
  'tcompare.dec.random': 'Its checkpoint could not be loaded, so a randomly initialised decoder-only model stands in: its figures show what the mask does, not a trained model’s choices.',
  'tcompare.dec.answer': 'next word: “{word}”',
  'tcompare.dec.mapHelp':
    'The chosen head’s attention in A, in B and B − A; outlined: the row of “it”. Above the diagonal is masked: no word can look at a later one, so every row before the first word that differs is exactly the same in A and B (white in B − A).',
  'tcompare.dec.l1': 'L1 between A and B: {value}',
  'tcompare.dec.itTitle': 'The row of “it” ({head})',
  'tcompare.dec.itAll': 'Over all {n} heads the largest L1 of this row is {max}, and the vector of “it” after the last layer differs by at most {vec} (largest |B − A|).',
  'tcompare.dec.itHidden': 'The first word that differs, “{diff}”, comes after “it”: the mask hides it, so “it” reads the same words in A and in B.',
  'tcompare.dec.itSees': 'Here A and B already differ before “it” (“{diff}”), so the mask does not hide the difference from it.',
  'tcompare.dec.noIt': 'There is no “it” in both sentences before the added question.',
  'tcompare.dec.lastTitle': 'The last row (“{token}”, which predicts the answer), {head}',
  'tcompare.dec.peaks': 'It looks most at “{pa}” ({wa}) in A and at “{pb}” ({wb}) in B.',
  'tcompare.dec.rowsAria': 'The row of A and of B as bars over the words it can see',
  'tcompare.dec.rankTitle': 'Heads ranked by how far the last row moves',
  'tcompare.dec.rankHelp':
    'For every head of the decoder-only model, the L1 distance between its last row in A and in B (0 = the same row, 2 = no weight in common), largest first; beside it the same figure for the row of “it”, and the word each last row looks at most. Click a head to show its maps.',
  'tcompare.dec.rank.last': 'L1 last row',
  'tcompare.dec.rank.it': 'L1 row of “it”',
  'tcompare.dec.rank.peak': 'looks most at (A, B)',

  'tcompare.why.sep': ' ',
  'tcompare.why.title': 'Decoder-only vs encoder–decoder: who can see “{adj}”?',
  'tcompare.why.mask':
    'A decoder-only model (this app’s coreference model) reads left to right: the causal mask hides every word after the one being read. “{adj}” comes after “it”, so the decoder’s “it” cannot see it: its row is exactly the same in both sentences, and the model can only decide at later words. An encoder has no mask: its “it” can look both ways, back at the two nouns and ahead at “{adj}”.',
  'tcompare.why.decSame':
    'Measured now with the decoder-only model on this pair (the card above): the row of “it” differs between A and B by {max} (largest L1 over its {n} heads), and the vector of “it” after its last layer by {vec}: the same in both, because “{diff}” comes after “it”.',
  'tcompare.why.decMoves':
    'Measured now with the decoder-only model on this pair (the card above): the row of “it” moves by up to {max} (largest L1 over its {n} heads), because A and B already differ before it, at “{diff}”.',
  'tcompare.why.decNoIt': 'The decoder-only model finds no “it” in both sentences, so its row of “it” cannot be compared.',
  'tcompare.why.decLast':
    'So it decides later, at the last position (“{token}” of the added “it refers to the”), which can see “{adj}”: there {head} moves most, by {l1}, looking at “{pa}” ({wa}) in A and at “{pb}” ({wb}) in B; its answer is “{ansA}” ({pA}) for A and “{ansB}” ({pB}) for B.',
  'tcompare.why.decLoading': 'The decoder-only model’s figures on this pair are being measured…',
  'tcompare.why.encoder':
    'What the translation model does with that freedom: its encoder’s “it” row moves by up to {enc} between A and B ({encHead}; 0 = the same row, 2 = completely different).',
  'tcompare.why.encoderNouns': 'In A that row puts {aRef} of its weight on “{na}”, the noun “it” means, and {aOther} on “{oa}”; in B {bRef} on “{nb}” and {bOther} on “{ob}”: {direction}.',
  'tcompare.why.towards': 'it moves towards the noun “it” means',
  'tcompare.why.notTowards': 'it does not move towards the noun “it” means',
  'tcompare.why.decoder': 'In the decoder, at the row that writes the referent, heads move by up to {dec} ({decHead}).',
  'tcompare.why.fetch': 'The head that fetches the noun from the English is {head}: {wa} of its weight on “{na}” in A, {wb} on “{nb}” in B (its row moves by {l1}).',
  'tcompare.why.adjective': 'The cross-attention head that looks at the adjective most from that row is {head} ({w} of its weight, mean of A and B).',
  'tcompare.why.readout':
    'And where the answer lives: after the last encoder layer a linear read-out (below) names the referent from the vector of “it” in {it} of held-out sentences, from the first noun’s vector in {first} and from the second’s in {second}.',
  'tcompare.why.identity': 'Which word the referent is (one of {n} nouns) can be read from the vector of “it” in {it} of them, and from the adjective’s own vector in {adj}.',
  'tcompare.why.carries': 'So the vector of “it” does carry the answer by then, whatever its attention row looks at.',
  'tcompare.why.notCarried': 'So the vector of “it” does not carry the answer well: the decoder has to find it elsewhere.',
  'tcompare.why.noRow': 'One of the translations has no row that writes the referent, so this model’s figures cannot be stated for this pair.',
  'tcompare.why.source':
    'All figures of this paragraph are measured now on the two sentences above: the translation model’s (knocked-out heads included) and the decoder-only model’s (its shipped checkpoint, traced beside it). The decoder-only model’s own Compare view has more:',
  'tcompare.why.link': 'open the coreference model’s Compare with this pair',

  'tcompare.readout.title': 'Where can the answer be read? A linear read-out per encoder layer',
  'tcompare.readout.help':
    'A linear read-out is the simplest classifier there is: a weighted sum of a vector’s numbers and a threshold (logistic regression). Here one is fitted on {train} training sentences and scored on {heldOut} held-out sentences, whose noun pairs the model never saw, to say which noun “it” refers to from one token’s vector at each depth of the encoder. 50 % is chance; if it scores high, that vector carries the answer.',
  'tcompare.readout.x': 'encoder depth',
  'tcompare.readout.y': 'held-out accuracy',
  'tcompare.readout.depth0': 'input',
  'tcompare.readout.depth': 'after {layer}',
  'tcompare.readout.it': 'vector of “it”',
  'tcompare.readout.first': 'vector of the first noun',
  'tcompare.readout.second': 'vector of the second noun',
  'tcompare.readout.adjective': 'vector of the adjective (a control)',
  'tcompare.readout.chance': 'chance',
  'tcompare.readout.which': 'Which noun “it” refers to (the first or the second; chance 50 %): the chart above',
  'tcompare.readout.identity': 'Which word the referent is (one of {n} nouns, a read-out of the same kind with one score per noun): a stronger test of “its vector has absorbed the noun”',
  'tcompare.readout.busy': 'Fitting the read-outs (a few seconds)…',
  'tcompare.readout.error': 'No read-out for this model: {message}',
  'tcompare.readout.step': 'From the model in use (training step {step}); knocked-out heads are not applied here.',
  'tcompare.readout.aria': 'Held-out accuracy of the linear read-outs at each encoder depth',

  'tcompare.ko.title': 'Switch heads off',
  'tcompare.ko.help':
    'Switch a head off (its output set to zero, everything else unchanged) and both sentences are translated again: the translations, the maps and every number above change. Any head: the encoder’s, the decoder’s self-attention or cross-attention.',
  'tcompare.ko.count': '{n} switched off',

  // The English → French model: the same cards, speaking of the French pronoun (I18nVariants in TranslateComparePanel).
  'tcompare.fr.help':
    'Change one word and watch where the translation model decides what “it” is. Both sentences are translated by the model after every edit (greedy: the most likely word at each step); every map, bar and number below comes from its real attention.',
  'tcompare.fr.out.none':
    'There is no “parce qu’il / qu’elle” in this translation, so no row writes the pronoun (an untrained model writes almost anything). The maps below show the last row of the decoder instead.',
  'tcompare.fr.site.cross':
    'cross-attention (French row → English words)',
  'tcompare.fr.site.decoder-self':
    'decoder self-attention (French so far)',
  'tcompare.fr.map.rowReferent':
    'Outlined: the row that writes the pronoun (it reads “{token}” and writes qu’il or qu’elle next).',
  'tcompare.fr.map.rowLast':
    'Outlined: the last row (there is no row that writes the pronoun).',
  'tcompare.fr.rank.title':
    'Which decoder heads move where the pronoun is written',
  'tcompare.fr.rank.help':
    'For every head of the decoder, self-attention and cross-attention, the L1 distance between its row that writes the pronoun (qu’il or qu’elle) in A and in B (sum of |A − B| over the columns; 0 = the same row, 2 = they look at completely different words), largest first, with the row’s weight on the two nouns. Click a head to show its maps.',
  'tcompare.fr.rank.none':
    'At least one translation has no row that writes the pronoun, so there is nothing to rank.',
  'tcompare.fr.why.decoder':
    'In the decoder, at the row that writes the pronoun, heads move by up to {dec} ({decHead}).',
  'tcompare.fr.why.fetch':
    'Of the decoder heads at that row, the one with most weight on the noun “it” means is {head}: {wa} of its weight on “{na}” in A, {wb} on “{nb}” in B (its row moves by {l1}).',
  'tcompare.fr.why.noRow':
    'One of the translations has no row that writes the pronoun, so this model’s figures cannot be stated for this pair.',
} as const;
