// English texts of the stepper views (step-through of one token, output / next token); spread into the
// main dictionary (en.ts).

export const stepperEn = {
  // ---------------------------------------------------------------- step-through: frame
  'stepper.title': 'Step through one token’s forward pass',
  'stepper.help':
    'Pick a token and follow it through every operation of the model, one at a time, with the real numbers. The highlighted row in each matrix is your token.',
  'stepper.pickToken': 'Token to follow:',
  'stepper.back': '← Back',
  'stepper.next': 'Next →',
  'stepper.progress': 'Step {n} of {total}',
  'stepper.stepSelect': 'Jump to step',
  'stepper.keysHint': 'Tip: the ← and → arrow keys also move between steps.',
  'stepper.layerN': '{layer} of {total}',
  'stepper.beforeLayers': 'Before the layers',
  'stepper.afterLayers': 'After the layers',
  'stepper.head': 'Head',
  'stepper.headNote': 'Each of the {total} heads does this step on its own, with its own weights. You see {head}.',
  'stepper.nextLayer':
    '{layer} starts here. Its input is the output of {prev}: the same operations again, with this layer’s own weights.',
  'stepper.formula': 'Formula',
  'stepper.shapes': 'Shapes',
  'stepper.shapesHelp': 'T = number of tokens, d_model = vector size, d_k = size per head, d_ff = FFN size, V = vocabulary size.',
  'stepper.following': 'Following “{token}” (position {pos})',
  'stepper.rowOf': 'The numbers of “{token}” in this matrix:',
  'stepper.rowMore': 'and {n} more values: hover the map to read them.',
  'stepper.none': 'The step-through appears once the model has read the sentence.',
  'stepper.matrixAria': '{name}: {rows} × {cols} matrix',
  'stepper.cell.row': 'row',
  'stepper.cell.col': 'column',
  'stepper.cell.value': 'value',
  'stepper.cell.masked': 'masked: a later token',
  'stepper.cell.dim': 'dimension {n}',
  'stepper.hoverHint': 'Hover a cell to read its exact value.',
  'stepper.bars.attention': 'How much “{token}” looks at each token (these weights add up to 1)',
  'stepper.bars.logits': 'The {n} highest scores (logits)',
  'stepper.bars.probs': 'The {n} most likely tokens to come after “{token}”',
  'stepper.topToken': 'Most likely next token:',
  'stepper.barsAria': 'Bar chart: {title}',

  // ---------------------------------------------------------------- step titles and explanations
  'stepper.lookup.title': 'Look up the token’s vector (embedding)',
  'stepper.lookup.explain':
    'A computer cannot compute with words, so every word of the vocabulary has its own row of numbers in the embedding table E. The model looks up the row of your token’s id; similar words end up with similar rows during training.',
  'stepper.positional.title': 'Add the position',
  'stepper.positional.explain':
    'Attention by itself does not know word order: “dog bites man” and “man bites dog” would look the same. So a position vector P[i] (a fixed pattern of sine and cosine waves, different for every position) is added to the token’s vector.',
  'stepper.preNorm1.title': 'LayerNorm before attention',
  'stepper.preNorm1.explain':
    'This model normalises first (“pre-LN”): each token’s vector is shifted and scaled so its numbers have mean 0 and spread 1, then stretched by the learned γ and β. This keeps the numbers in a steady range layer after layer.',
  'stepper.qkv.title': 'Make the query, key and value',
  'stepper.qkv.explain':
    'Three learned matrices turn each token’s vector into three new ones: the query Q is the question the token asks (“which words matter for me?”), the key K is the label it offers to other tokens’ questions, and the value V is the information it hands over if chosen. Each head uses its own slice of d_k columns.',
  'stepper.scores.title': 'Compare the question with every label: Q·Kᵀ',
  'stepper.scores.explain':
    'The token’s query is multiplied with every token’s key (a dot product). A large score means the key answers the question well: the two vectors point in a similar direction.',
  'stepper.scale.title': 'Divide by √d_k',
  'stepper.scale.explain':
    'A dot product adds up d_k products, so it grows with the vector size. Dividing by √d_k keeps the scores moderate; otherwise the softmax in the next steps would put almost all weight on one token and learning would stall.',
  'stepper.mask.title': 'Hide the future (causal mask)',
  'stepper.mask.explain':
    'This is a decoder: it learns to predict the next word, so a token must not peek at the words after it. Their scores are set to −∞ (hatched), which the softmax turns into a weight of exactly 0.',
  'stepper.softmax.title': 'Softmax: scores become weights',
  'stepper.softmax.explain':
    'Softmax turns each row of scores into positive weights that add up to 1: how much attention the token pays to each earlier token (and to itself). Higher scores get much larger shares.',
  'stepper.weightedSum.title': 'Mix the values: A·V',
  'stepper.weightedSum.explain':
    'The head’s output for the token is a weighted average of the value vectors: it takes a lot from the tokens it attends to strongly and little from the rest. This is how, for example, “it” can take in information from “animal”.',
  'stepper.concat.title': 'Put the heads side by side',
  'stepper.concat.explain':
    'Every head asked its own question and produced its own d_k numbers. They are placed next to each other (the outlined columns are the selected head), giving back a vector of size d_model.',
  'stepper.outputProj.title': 'Mix the heads: W_O',
  'stepper.outputProj.explain':
    'One more learned matrix W_O combines what all the heads found into one vector per token. This is the result of multi-head attention.',
  'stepper.addNorm1.title': 'Residual connection + LayerNorm',
  'stepper.addNorm1.explain':
    'The attention result is added to the token’s input vector (the residual connection), so nothing the token already knew is lost and training stays stable. LayerNorm then rescales each vector to mean 0 and spread 1 (times the learned γ, plus β).',
  'stepper.residual1.title': 'Residual connection',
  'stepper.residual1.explain':
    'The attention result is added to the token’s input vector, so nothing the token already knew is lost and gradients flow easily through many layers.',
  'stepper.preNorm2.title': 'LayerNorm before the feed-forward network',
  'stepper.preNorm2.explain':
    'Before the feed-forward network, each vector is normalised again: mean 0, spread 1, then the learned γ and β.',
  'stepper.ffnW1.title': 'Feed-forward network, first layer: W₁',
  'stepper.ffnW1.explain':
    'Attention mixed information between tokens; the feed-forward network now works on each token on its own. W₁ widens the vector from d_model to d_ff numbers, giving the model room to detect many patterns.',
  'stepper.relu.title': 'ReLU',
  'stepper.relu.explain':
    'ReLU keeps positive numbers and replaces negative ones by 0. This simple bend is what lets the network compute more than straight-line (linear) functions.',
  'stepper.ffnW2.title': 'Feed-forward network, second layer: W₂',
  'stepper.ffnW2.explain': 'W₂ brings the d_ff numbers back down to a vector of size d_model.',
  'stepper.addNorm2.title': 'Residual connection + LayerNorm again',
  'stepper.addNorm2.explain':
    'As after attention: the FFN result is added to its input and the sum is normalised. The result is this layer’s output for the token.',
  'stepper.residual2.title': 'Residual connection again',
  'stepper.residual2.explain': 'The FFN result is added to its input. The sum is this layer’s output for the token.',
  'stepper.finalNorm.title': 'Final LayerNorm',
  'stepper.finalNorm.explain': 'In a pre-LN model the last layer’s output is normalised once more before the output layer.',
  'stepper.logits.title': 'A score for every word: logits',
  'stepper.logits.explain':
    'The token’s final vector is multiplied by the output matrix, giving one score (logit) for every word of the vocabulary: how well that word fits as the next token.',
  'stepper.probs.title': 'Softmax: probabilities of the next token',
  'stepper.probs.explain':
    'Softmax turns the scores into probabilities that add up to 1. At the last position this is the model’s prediction for the next word; the Output panel draws the next word from it.',

  // ---------------------------------------------------------------- notes about the token's numbers
  'stepper.note.lookup': '“{token}” is word number {id} of the {V} in the vocabulary, so the model takes row {id} of E: {d} numbers (times s = {s}).',
  'stepper.note.sinusoidal': 'Position {pos} gets its own wave pattern: the first columns change quickly from one position to the next, the last ones slowly.',
  'stepper.note.learned': 'This model learned its position vectors during training (a table with one row per position); row {pos} is added here.',
  'stepper.note.scale': 'Here d_k = {dk}, so every score is divided by √{dk} = {root}.',
  'stepper.note.mask': '“{token}” may look at the first {n} tokens (itself included); the {hidden} token(s) after it are hidden.',
  'stepper.note.maskLast': '“{token}” is the last token, so it may look at all {n} tokens: nothing in its row is hidden.',
  'stepper.note.relu': 'For “{token}”, ReLU set {zeros} of the {n} numbers to 0.',
  'stepper.note.predicts': 'The row of “{token}” scores the word that comes after it: every position predicts its next token.',
  'stepper.note.probsLast': 'This is the model’s guess for the word after “{token}”, the end of your sentence.',
  'stepper.note.probsEarlier': 'This is what the model expected after “{token}”; in your sentence the next token is “{next}”.',

  // ---------------------------------------------------------------- matrix names
  'stepper.mat.embedding': 's·E[t]: token vectors',
  'stepper.mat.positional': 'P: position vectors',
  'stepper.mat.input': 'X = s·E[t] + P: the model’s input',
  'stepper.mat.layerInput': 'X: the layer’s input',
  'stepper.mat.preNorm1': 'LN₁(X): normalised input',
  'stepper.mat.q': 'Q ({head}): the questions',
  'stepper.mat.k': 'K ({head}): the labels',
  'stepper.mat.v': 'V ({head}): the contents',
  'stepper.mat.scores': 'S = Q·Kᵀ ({head})',
  'stepper.mat.scaled': 'S / √d_k ({head})',
  'stepper.mat.masked': 'masked scores ({head})',
  'stepper.mat.weights': 'A = softmax ({head}): attention weights',
  'stepper.mat.head': 'Z = A·V ({head})',
  'stepper.mat.concat': 'Z: all heads side by side',
  'stepper.mat.attention': 'MHA(X) = Z·W_O + b_O',
  'stepper.mat.residual1': 'residual sum',
  'stepper.mat.norm1Post': 'H = LN₁(X + MHA(X))',
  'stepper.mat.norm2Pre': 'LN₂(H): input of the FFN',
  'stepper.mat.ffnHidden': 'U = H·W₁ + b₁',
  'stepper.mat.ffnActivation': 'ReLU(U)',
  'stepper.mat.ffnOutput': 'F = ReLU(U)·W₂ + b₂',
  'stepper.mat.residual2': 'residual sum H + F',
  'stepper.mat.output': 'the layer’s output',
  'stepper.mat.finalNorm': 'h: after the final LayerNorm',
  'stepper.mat.logits': 'logits (one column per word)',
  'stepper.mat.probs': 'probabilities (one column per word)',

  // ---------------------------------------------------------------- output panel
  'output.title': 'Output: the next token',
  'output.help':
    'The model’s prediction for the token after the last one: a probability for every word of its vocabulary. Temperature, top-k and top-p reshape this distribution before a word is drawn from it.',
  'output.temperature': 'Temperature',
  'output.temperatureHelp': 'Below 1: sharper, the favourite wins more often. Above 1: flatter, more surprises. 0: always the most likely word.',
  'output.topK': 'Top-k',
  'output.topKHelp': 'Keep only the k most likely words (0 = keep all).',
  'output.topP': 'Top-p',
  'output.topPHelp': 'Keep the most likely words until their probabilities add up to p (1 = keep all).',
  'output.seed': 'Seed',
  'output.seedHelp': 'The same seed gives the same draws.',
  'output.generateOne': 'Add one token',
  'output.generateMany': 'Keep generating',
  'output.stop': 'Stop',
  'output.chart': 'The {n} most likely next tokens (of {vocab})',
  'output.legend': 'Blue: the probabilities after your temperature, top-k and top-p; the next word is drawn from these. Light grey (and the second number): the model’s own probabilities.',
  'output.kept': '{n} word(s) can be drawn with these settings.',
  'output.greedy': 'Temperature 0: the most likely word is always chosen.',
  'output.full': 'The context is full ({n} tokens): the model cannot read more, so generation stops.',
  'output.specials': 'Special tokens (<pad>, <bos>, <unk>) are never added to the sentence.',
  'output.added': 'Added: {token}',
  'output.none': 'The prediction appears once the model has read the sentence.',
  'output.generating': 'generating…',
} as const;
