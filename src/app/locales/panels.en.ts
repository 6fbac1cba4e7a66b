// English texts of the panels views; spread into the main dictionary (en.ts).

export const panelsEn = {
  'tokensx.selected': 'Selected token: “{token}” at position {pos}. Click another token to follow it in every panel.',
  'tokensx.why.number': 'numbers are not in the model’s vocabulary ({n} tokens): the training sentences contain no digits.',
  'tokensx.why.cjk': 'this Chinese character never appears in the training sentences, so the vocabulary ({n} tokens) has no entry for it.',
  'tokensx.why.word': 'this word never appears in the training sentences, so the vocabulary ({n} tokens) has no entry for it.',
  'tokensx.why.symbol': 'this symbol never appears in the training sentences, so the vocabulary ({n} tokens) has no entry for it.',
  'tokensx.nearest': 'A similar word the model knows: “{word}”.',

  'embeddingsx.title': 'Embeddings',
  'embeddingsx.help':
    'The model turns each token id into a list of numbers (a vector): one row of the embedding matrix. Training can give words the model uses in similar ways similar vectors; the nearest neighbours below show whether it did in this model. The vectors have many dimensions, so here they are flattened to two with PCA (principal component analysis): the two directions in which the vectors differ the most. Orange points are the tokens of your sentence.',
  'embeddingsx.none': 'The embedding map appears once the model is loaded.',
  'embeddingsx.error': 'The embedding matrix could not be read: {message}',
  'embeddingsx.labelAll': 'Show every word’s name',
  'embeddingsx.axis': 'principal component {n} ({share}% of the spread)',
  'embeddingsx.aria': 'Scatter plot of {n} vocabulary words, projected to two dimensions',
  'embeddingsx.pcaNote': 'Each vector has {d} numbers; these two directions keep {share}% of how much the vectors differ, so two points can look close here and still differ in the other directions: the nearest neighbours, measured with all {d} numbers, are the surer guide.',
  'embeddingsx.sumTitle': 'What enters the model for “{token}” (position {pos})',
  'embeddingsx.sumHelp':
    'The first layer does not see the word alone: it gets the word’s embedding plus the positional encoding of its position, added number by number. Hover a cell for its exact value.',
  'embeddingsx.sumHelpScaled':
    'The first layer gets the word’s embedding (multiplied by {scale}) plus the positional encoding of its position, added number by number. Hover a cell for its exact value.',
  'embeddingsx.rowEmbedding': 'embedding',
  'embeddingsx.rowPosition': '+ position',
  'embeddingsx.rowInput': '= input',
  'embeddingsx.readout': 'dimension {dim}: {e} (embedding) + {p} (position) = {x} (input)',
  'embeddingsx.readoutHint': 'Point at a column to see its three numbers and their sum.',
  'embeddingsx.hoverHint': 'Point at a word to see its vector.',
  'embeddingsx.selectedWord': 'the selected token',
  'embeddingsx.coords': 'position on the map: ({x}, {y})',
  'embeddingsx.vectorOf': 'its embedding vector ({d} numbers):',

  'positionalx.title': 'Positional encoding',
  'positionalx.help':
    'Attention compares every token with every other token, but by itself it does not know which token came first: “the dog bit the man” and “the man bit the dog” would look the same. So before the first layer, the model adds to each token a vector that depends only on its position. Each position gets its own pattern of numbers.',
  'positionalx.formulaHelp':
    'The input at position pos is the embedding of the token t_pos there plus that position’s vector P_pos. In P, even dimensions (2i) use sine, odd ones (2i+1) cosine. Low dimensions are fast waves that change from one position to the next; high dimensions are slow waves that tell far-apart positions apart. Together they give every position a unique fingerprint.',
  'positionalx.none': 'The positional table appears once the model is loaded.',
  'positionalx.usesSinusoidal': 'This model uses the fixed sinusoidal table (the formula above; it is not trained).',
  'positionalx.usesLearned': 'This model learned its own position table during training. The sinusoidal table of the formula is shown beside it for comparison.',
  'positionalx.tableTitle': 'The table P (position × dimension)',
  'positionalx.learnedTitle': 'The learned table (used by this model)',
  'positionalx.sinusoidalTitle': 'The sinusoidal table (the formula)',
  'positionalx.similarityTitle': 'How alike two positions are',
  'positionalx.similarityHelp':
    'Each cell is the dot product P[i]·P[j] of the two positions’ vectors (not normalised). For the sinusoidal table every vector has the same length, so the diagonal is {half} and nearby positions score higher than distant ones.',
  'positionalx.similarityHelpLearned':
    'Each cell is the dot product P[i]·P[j] of the two positions’ vectors in the learned table the model uses (not normalised). Red: the two positions have similar vectors; blue: opposite ones.',
  'positionalx.similarityAria': 'Dot products between the vectors of {n} positions',
  'positionalx.position': 'position',
  'positionalx.dimension': 'dimension',
  'positionalx.posShort': 'pos',
  'positionalx.dimShort': 'dim',
  'positionalx.dot': 'dot product',
  'positionalx.tableAria': 'Positional table: {rows} positions × {cols} dimensions',
  'positionalx.curvesTitle': 'A few dimensions as curves over the positions',
  'positionalx.curveN': 'Curve {n}',
  'positionalx.dimName': 'dim {dim} ({fn})',
  'positionalx.curvesAria': 'Values of the chosen dimensions at every position',
  'positionalx.wavelengths': 'One full wave takes this many positions (dimension: length): {list}. The shaded part is the positions your sentence uses; the dashed line is the selected token.',

  'attentionx.qkvIntro':
    'Each token makes three vectors from its input: a query Q (the question it asks, e.g. “it” asks “which noun am I?”), a key K (the answer it offers to other tokens’ questions) and a value V (what it hands over when someone looks at it). A query that matches a key well gives a high score.',
  'attentionx.gridTitle': 'All heads at a glance',
  'attentionx.gridHelp': 'Every head of every layer computes its own attention. Click a map to look at that head closely below.',
  'attentionx.view': 'View',
  'attentionx.viewMap': 'Map',
  'attentionx.viewLines': 'Lines',
  'attentionx.stageHelp.scores':
    'Step 1: the score of row token → column token is the dot product of the row’s query with the column’s key (Q·Kᵀ). Red: the query and key agree; blue: they disagree. Later tokens are still computed here; the mask removes them in step 3.',
  'attentionx.stageHelp.scaled':
    'Step 2: every score is divided by √d_k = √{dk} ≈ {sqrt}. With many dimensions, dot products grow large, and softmax would then put almost all the weight on one token and learn slowly. Dividing keeps the scores in a friendly range.',
  'attentionx.stageHelp.masked':
    'Step 3: a token may not look at tokens that come after it (the model must predict the next word without peeking). Those scores are set to −∞, drawn hatched.',
  'attentionx.stageHelp.weights':
    'Step 4: softmax turns each row of scores into weights between 0 and 1 that add up to 1 (−∞ becomes exactly 0). The head’s output for a token is the weighted average of the value vectors V.',
  'attentionx.linesHelp':
    'The same weights (after softmax) as lines: a thicker, darker line means the query token on the left takes more from the key token on the right. The selected token’s lines are orange; click a token to select it. Lines thinner than weight 0.02 are left out.',
  'attentionx.linesAria': 'Attention weights of {n} tokens as lines from queries to keys',
  'attentionx.qkvTitle': 'Q, K and V of {head} (d_k = {dk} numbers per token)',
  'attentionx.q': 'Q: queries',
  'attentionx.k': 'K: keys',
  'attentionx.v': 'V: values',
  'attentionx.qHelp': 'What each token is looking for.',
  'attentionx.kHelp': 'What each token offers to be found by.',
  'attentionx.vHelp': 'What each token passes on.',
  'attentionx.token': 'token',
  'attentionx.dim': 'dimension',
  'attentionx.qkvAria': 'Matrix {name} of the selected head: {rows} tokens × {cols} dimensions',

  'exportx.png': 'PNG',
  'exportx.svg': 'SVG',
  'exportx.pngHelp': 'Save this figure as a PNG image (for slides or homework)',
  'exportx.svgHelp': 'Save this figure as an SVG vector image (sharp at any size)',
  'exportx.failed': 'The image could not be saved: {message}',
} as const;
