// English texts of the Embeddings panel's nearest neighbours and its measured figures; spread into
// the main dictionary (en.ts).

export const neighboursEn = {
  'neighbours.title': 'Nearest neighbours of “{word}”',
  'neighbours.help':
    'The words whose vectors point most nearly the same way as this one’s, by cosine similarity: 1 = the same direction, 0 = unrelated (at right angles), −1 = opposite. Click a word to look at it.',
  'neighbours.similarity': 'cosine similarity',
  'neighbours.sameCategory': 'same kind of word',
  'neighbours.categoryOf': '“{word}” is one of the {category}.',
  'neighbours.chance':
    'With {d} numbers per vector, two random directions have a cosine of about 0 ± {sd}; above {threshold} (3 × that) is unlikely to be chance.',
  'neighbours.none': 'Pick a token of the sentence, or click a point on the map, to see its nearest neighbours.',
  'neighbours.picked': 'picked on this panel',
  'neighbours.measured':
    'Measured on this model: for the {n} words of the training sentences that fall into {m} kinds ({kinds}), {purity}% of each word’s 3 nearest neighbours among them are of the same kind (random vectors: {chance}%). The map’s two axes keep {share}% of the spread; on the map, {map}% of each word’s 3 nearest points are of the same kind.',
  'neighbours.unmeasured':
    'For this model there is no list of word kinds to check the neighbours against: whether its neighbours make sense is for you to judge from the list.',
  'neighbours.category.animate': 'animals and people',
  'neighbours.category.place': 'places',
  'neighbours.category.animateAdj': 'words that describe animals and people (tired, hungry …)',
  'neighbours.category.placeAdj': 'words that describe places (narrow, busy …)',
  'neighbours.category.object': 'objects',
  'neighbours.category.container': 'containers',
  'neighbours.category.size': 'sizes (big, small …)',
  'neighbours.kinds': 'animals and people, places, what describes each, objects, containers, sizes',
};
