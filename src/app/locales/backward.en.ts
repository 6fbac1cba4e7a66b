// English texts of the training-step walk-through (the sentence as one training example: the loss,
// the gradients back through every operation, Adam's update, the payoff); spread into en.ts.

export const backwardEn = {
  // ---------------------------------------------------------------- frame
  'backward.tabs': 'Step-through',
  'backward.tab.forward': 'Forward: one token',
  'backward.tab.training': 'Training: one step',
  'backward.title': 'Step through one training step',
  'backward.help':
    'The sentence is treated as one training example: every token is asked to predict the next one. Follow the error back from the loss through every operation (backpropagation) down to the embeddings, then watch Adam update the weights — all with the model’s real numbers.',
  'backward.pickRow': 'Row to highlight:',
  'backward.following': 'Highlighting “{token}” (position {pos})',
  'backward.none': 'The training step appears once the model has read the sentence.',
  'backward.computing': 'Computing the training step for this sentence…',
  'backward.busy': 'updating…',
  'backward.error': 'The training step could not be computed: {message}',
  'backward.tooShort': 'Write at least one word: a training step needs a next word to predict.',
  'backward.stale':
    'The model has kept training since these numbers were computed (they stay still so you can read them).',
  'backward.refresh': 'Recompute with the current weights',
  'backward.seq2seq':
    'The training-step walk-through covers the decoder-only models (one sentence predicting its own next tokens). A translation model learns the same way, through cross-attention too; choose a decoder-only model to walk through its numbers.',
  'backward.where.top': 'At the output, before the layers',
  'backward.where.bottom': 'Below the layers: the embeddings',
  'backward.where.update': 'After the backward pass: the update',
  'backward.enterLast':
    'The gradient enters {layer}, the last layer, at its output. We go through its operations in reverse order.',
  'backward.enterLayer':
    'The gradient that came out of the bottom of {prev} enters {layer} at its output: the same operations in reverse, with this layer’s own weights.',
  'backward.headNote': 'The {total} heads split the gradient between them; each gets its own. You see {head}.',
  'backward.shapesHelp':
    'T = number of tokens, d_model = vector size, d_k = size per head, d_ff = FFN size, V = vocabulary size. A gradient always has the shape of what it belongs to.',
  'backward.transposed': '(shown on its side: rows ↔ columns, to fit)',
  'backward.signHint':
    'Colours: red = positive, blue = negative, white = 0. Gradient descent moves each number against its gradient: a red entry will go down, a blue one up. Hover a cell for its exact value.',

  // ---------------------------------------------------------------- steps
  'backward.loss.title': 'The loss: how surprised was the model?',
  'backward.loss.explain':
    'At every position the model gave a probability to each word of the vocabulary; the right answer is the real next word of the sentence. The loss there is −log p(right word) (the cross-entropy loss): 0 if the model was sure and right, large if it gave the right word little chance. Training lowers the average over the positions.',
  'backward.dLogits.title': 'The first gradient: ∂L/∂logits = p − one-hot',
  'backward.dLogits.explain':
    'The gradient tells each score which way to move to lower the loss. For softmax followed by cross-entropy it is simply “what the model predicted minus what was right”, divided by the number of positions: negative for the right word (raise its score), positive for every other word (lower theirs, most for the ones it wrongly liked).',
  'backward.outputLayer.title': 'Back through the output layer',
  'backward.outputLayer.explain':
    'The scores came from h·W_out. Each weight’s gradient multiplies what went in (h) by the error that came out (δ), summed over the positions; and each token’s vector h gets its share of the error sent back through the same weights (δ·W_outᵀ). This is the rule backpropagation repeats at every matrix.',
  'backward.finalNorm.title': 'Back through the final LayerNorm',
  'backward.finalNorm.explain':
    'The output layer read the last layer’s output after one more LayerNorm. The gradient goes back through it (its Jacobian, below), into the last layer’s output.',
  'backward.addNorm2.title': 'Back through add & norm after the FFN',
  'backward.addNorm2.explain':
    'Forward, the FFN’s output was added to its input and normalised. Backwards, the gradient first passes the LayerNorm: because normalising subtracts the mean and divides by the spread, the gradient loses its own mean and the part along the normalised vector. Then the addition copies it to both summands unchanged.',
  'backward.ffnW2.title': 'Back through the FFN’s second matrix W₂',
  'backward.ffnW2.explain':
    'The same rule as at the output layer: W₂’s gradient is the activations times the error (Aᵀ·∂F), and the error goes back to the activations through W₂ᵀ.',
  'backward.relu.title': 'Back through ReLU: the gradient passes only where the input was positive',
  'backward.relu.explain':
    'ReLU let positive numbers through and set the negative ones to 0. Backwards it acts as a gate: where its input was positive the gradient passes unchanged, where it was negative nothing passes (those numbers did not affect the output, so changing them would not change the loss).',
  'backward.ffnW1.title': 'Back through the FFN’s first matrix W₁',
  'backward.ffnW1.explain':
    'W₁’s gradient is the FFN’s input times the gated error (Xᵀ·∂U), and the error goes back to the FFN’s input through W₁ᵀ.',
  'backward.preNorm2.title': 'Back through the LayerNorm before the FFN, and the skip connection',
  'backward.preNorm2.explain':
    'This model normalises before each sublayer (pre-LN). The FFN’s gradient passes back through LN₂ (its Jacobian) and is added to the gradient that came straight down the skip connection.',
  'backward.addNorm1.title': 'Back through add & norm after attention',
  'backward.addNorm1.explain':
    'The same as after the FFN: the gradient passes the LayerNorm LN₁ (its Jacobian) and the addition copies it to the attention’s output and to the layer’s input.',
  'backward.attnOut.title': 'Back through the output matrix W_O into the heads',
  'backward.attnOut.explain':
    'Attention’s output was the heads side by side times W_O. The gradient goes back through W_Oᵀ and is cut into the heads’ columns again: each head gets the part of the error that belongs to its d_k columns.',
  'backward.attnValues.title': 'Back through A·V: to the values and to the attention weights',
  'backward.attnValues.explain':
    'Each head’s output was a weighted average of the values. Backwards the error splits two ways: a value gets the error of every token that looked at it, weighted by how much it looked (Aᵀ·∂Z); an attention weight gets the error times the value it chose (∂Z·Vᵀ).',
  'backward.attnSoftmax.title': 'Back through the softmax (its Jacobian)',
  'backward.attnSoftmax.explain':
    'The weights of a row add up to 1, so raising one lowers the others. The softmax’s Jacobian says exactly this: each cell’s gradient is its weight times (its own gradient minus the row’s weighted average). Cells with weight 0 — the future tokens the causal mask hid — get no gradient at all.',
  'backward.attnScale.title': 'Back through the mask and ÷√d_k',
  'backward.attnScale.explain':
    'The mask only replaced the hidden cells by −∞, so nothing flows back to them; the others pass unchanged. Dividing by √d_k forward means the gradient is divided by √d_k backwards too.',
  'backward.attnQK.title': 'Back through Q·Kᵀ: to the queries and keys',
  'backward.attnQK.explain':
    'A score was one query times one key. So a query’s gradient is the keys weighted by its row of score gradients (∂S·K), and a key’s gradient is the queries weighted by its column (∂Sᵀ·Q).',
  'backward.attnInput.title': 'Into W_Q, W_K, W_V and the layer’s input',
  'backward.attnInput.explain':
    'Q, K and V were made from the same input X by three matrices. Each matrix gets its gradient (Xᵀ times the error of Q, K or V), and the input collects the error of all three.',
  'backward.preNorm1.title': 'Back through the LayerNorm before attention, and the skip connection',
  'backward.preNorm1.explain':
    'Attention read LN₁(X). Its gradient passes back through LN₁ (its Jacobian) and is added to the gradient that came down the skip connection: the layer’s input gradient.',
  'backward.embedding.title': 'Into the embedding table: only the sentence’s rows',
  'backward.embedding.explain':
    'The input was a looked-up row of the embedding table E plus the position. So the gradient of each input row goes to the row of its word in E (added up when a word appears twice). Words not in the sentence were never looked up: their rows get no gradient from this example.',
  'backward.norms.title': 'How big is each weight’s gradient? (and clipping)',
  'backward.norms.explain':
    'Every weight tensor now has a gradient of its own shape. Its size (the square root of the sum of squares) says how strongly this sentence pulls on it. If all of them together are larger than the clipping threshold, every gradient is scaled down by the same factor, so that one unusual example cannot throw the weights far.',
  'backward.norms.chart': 'Gradient size ‖g‖ per weight tensor (before clipping)',
  'backward.norms.global': 'All weights together ‖g‖:',
  'backward.norms.clip': 'Clipping threshold:',
  'backward.norms.noClip': 'none',
  'backward.norms.factor': 'Factor applied:',
  'backward.adam.title': 'Update the weights with Adam',
  'backward.adam.explain':
    'Adam does not just subtract the gradient. It keeps a running average of the gradient (m, the direction) and of its square (v, how large it usually is), corrects both for starting at 0, and moves each weight by the learning rate times m̂/√v̂: every weight takes a step of about the same size, in the direction that lowers the loss.',
  'backward.adam.pick': 'Weight to update:',
  'backward.adam.entries': 'The {n} entries with the largest gradient (of a tensor of shape {shape}):',
  'backward.adam.legend':
    'W: the weight before · g: its gradient after clipping · m, v: Adam’s moving averages · m̂, v̂: after bias correction · ΔW: the step · W′: the weight after.',
  'backward.payoff.title': 'The payoff: the same sentence after one update',
  'backward.payoff.explain':
    'All weights have now taken their step. Run the same sentence through the updated model: the loss is lower, because every step went against the gradient. One step changes little; training repeats this for many sentences, thousands of times.',
  'backward.payoff.before': 'Loss before:',
  'backward.payoff.after': 'after one update:',

  // ---------------------------------------------------------------- matrices
  'backward.mat.probs': 'p: the predicted probabilities (the right next word outlined)',
  'backward.mat.dLogits': 'δ = ∂L/∂logits',
  'backward.mat.finalNorm': 'h: the output layer’s input (after the final LayerNorm)',
  'backward.mat.lastOutput': 'h: the output layer’s input (the output of {layer})',
  'backward.mat.dHidden': '∂L/∂h: the gradient of the output layer’s input',
  'backward.mat.dWeight': '∂L/∂{symbol}: the gradient of the weight {symbol}',
  'backward.mat.dLayerOutput': '∂L/∂Y: the gradient of the output of {layer}',
  'backward.mat.dLayerInput': '∂L/∂X: the gradient of the input of {layer}',
  'backward.mat.dResidual2': '∂L/∂R₂: the gradient of the sum after the FFN (= ∂L/∂F)',
  'backward.mat.dResidual1': '∂L/∂R₁: the gradient of the sum after attention',
  'backward.mat.dFfnOutput': '∂L/∂F: the gradient of the FFN’s output',
  'backward.mat.dFfnActivation': '∂L/∂A: the gradient of the ReLU’s output',
  'backward.mat.reluGate': '𝟙[U > 0]: where the ReLU’s input was positive (dark = passes)',
  'backward.mat.dFfnHidden': '∂L/∂U: the gradient after the ReLU’s gate',
  'backward.mat.dFfnInput': '∂L/∂H: the gradient of the FFN’s input (FFN path + skip)',
  'backward.mat.dFfnInputPre': '∂L/∂X₂: the gradient of the FFN’s input LN₂(R₁)',
  'backward.mat.dPreNorm1': '∂L/∂X′: the gradient of attention’s input LN₁(X)',
  'backward.mat.dAttention': '∂L/∂O: the gradient of attention’s output',
  'backward.mat.dConcat': '∂L/∂Z: the gradient of the heads side by side ({head}’s columns outlined)',
  'backward.mat.dHeads': '∂L/∂Z_h: the gradient of {head}’s output',
  'backward.mat.weights': 'A_h: {head}’s attention weights (forward)',
  'backward.mat.dWeights': '∂L/∂A_h: the gradient of {head}’s attention weights',
  'backward.mat.dV': '∂L/∂V_h: the gradient of {head}’s values',
  'backward.mat.dMasked': '∂L/∂M_h: the gradient before the softmax ({head}; hatched: masked cells)',
  'backward.mat.dScores': '∂L/∂S_h: the gradient of {head}’s scores Q·Kᵀ',
  'backward.mat.dQ': '∂L/∂Q_h: the gradient of {head}’s queries',
  'backward.mat.dK': '∂L/∂K_h: the gradient of {head}’s keys',
  'backward.mat.dInput': '∂L/∂X: the gradient of the first layer’s input (= ∂L/∂(s·E[t]))',
  'backward.mat.dEmbeddingRows': '∂L/∂E: the rows of the sentence’s words (every other row is 0)',
  'backward.mat.dPositionRows': '∂L/∂P: the rows of the sentence’s positions',
  'backward.mat.adamGrad': 'g: the clipped gradient of the whole tensor',
  'backward.mat.adamDelta': 'ΔW: the step Adam takes for every entry',

  // ---------------------------------------------------------------- bars and tables
  'backward.bars.losses': 'The loss at each position (−log p of the real next word)',
  'backward.bars.dLogits': 'The {n} largest entries of ∂L/∂logits for “{token}” (negative: score goes up)',
  'backward.bars.payoff': 'p(real next word) after the update (light bar: before)',
  'backward.col.pos': 'Position',
  'backward.col.pair': 'Token → real next word',
  'backward.col.mean': 'Mean over {n} positions: the loss L',
  'backward.col.entry': 'Entry',
  'backward.col.before': 'the weight before the update',
  'backward.col.grad': 'its gradient, after clipping',
  'backward.col.m': 'first moment: moving average of the gradient',
  'backward.col.v': 'second moment: moving average of the squared gradient',
  'backward.col.mHat': 'm after bias correction',
  'backward.col.vHat': 'v after bias correction',
  'backward.col.delta': 'the step: the change of the weight',
  'backward.col.after': 'the weight after the update',
  'backward.col.pBefore': 'p before',
  'backward.col.pAfter': 'p after',
  'backward.col.change': 'Change (points)',
  'backward.embeddingRows.title': 'The {n} rows of E this sentence looked up (of {V}), with the size of their gradient:',
  'backward.embeddingRows.chip': '“{word}” (id {id}): gradient size {norm}; at positions {positions}',
  'backward.embeddingRows.rest': 'The other {n} rows: exactly 0.',

  // ---------------------------------------------------------------- notes
  'backward.note.loss': 'Position of “{token}”: the real next word is “{next}”; the model gave it {p}%, so the loss here is {loss}.',
  'backward.note.lossLast': '“{token}” is the last token: there is no next word in this example, so it adds no loss.',
  'backward.note.lossMean': 'The loss of the sentence is the mean of these {n} numbers: L = {loss}.',
  'backward.note.dLogits':
    'Row of “{token}”: the real next word “{next}” gets {value} (p − 1 over {n} positions, negative: its score will be raised); every other word gets its own p divided by {n}.',
  'backward.note.dLogitsLast': '“{token}” predicts nothing in this example, so its whole row is 0.',
  'backward.note.tied': 'This model uses the embedding table E as its output layer (tied weights), so this gradient goes into E.',
  'backward.note.dHidden': 'For “{token}” the largest push is on dimension {dim}: {value}.',
  'backward.note.lnJacobian':
    'The LayerNorm Jacobian (formula, second line): x̂ is the normalised vector, σ its spread; the bars are averages over the d_model numbers of a row.',
  'backward.note.skipCopy': 'The skip connection copies the gradient: ∂L/∂F (into the FFN) equals ∂L/∂R₂, and the FFN’s input H gets it too.',
  'backward.note.skipCopy1': 'The skip connection copies the gradient: ∂L/∂O (into attention) equals ∂L/∂R₁, and the layer’s input X gets it too.',
  'backward.note.skipJoin': 'H fed both the FFN and the skip connection, so its gradient is the sum of both paths.',
  'backward.note.preResidual2': 'In this pre-LN model the layer’s output is R₂ = R₁ + F itself, so ∂L/∂F is the gradient of the layer’s output.',
  'backward.note.preSkip': 'The skip connection adds the gradient that came straight down, unchanged.',
  'backward.note.relu': 'Row of “{token}”: the gradient passes at {open} of the {n} places and is stopped at {closed}.',
  'backward.note.reluZero': 'Every stopped place has gradient exactly 0.',
  'backward.note.reluNotZero': 'Some stopped places have a gradient that is not 0: the trace does not match ReLU’s rule here.',
  'backward.note.values': 'Row of “{token}” in ∂L/∂A_h: how this token’s output would change the loss through each value it read.',
  'backward.note.softmax': 'Row of “{token}”: the cells add up to 0, since the weights of a row must keep adding up to 1.',
  'backward.note.softmaxMasked':
    '∂L/∂A_h has numbers above the diagonal too (a later token’s value would have mattered), but there A_h = 0, so the softmax passes nothing back: those cells of ∂L/∂M_h are 0.',
  'backward.note.maskZero': 'The causal mask hid {n} cells (later tokens): all {zero} of them get gradient exactly 0.',
  'backward.note.maskNotZero': 'The causal mask hid {n} cells; only {zero} of them have gradient 0.',
  'backward.note.scale': 'Here √d_k = √{dk} = {root}: every unmasked gradient is divided by it.',
  'backward.note.qk': 'The row of “{token}” in ∂L/∂Q_h changes what it asks; its row in ∂L/∂K_h changes how it answers the later tokens’ questions.',
  'backward.note.attnInput': 'This ∂L/∂X (attention path + skip) is the gradient of the input of {layer}: the output of {below}, where the walk continues.',
  'backward.note.attnInputFirst': 'This ∂L/∂X (attention path + skip) is the gradient of the input of {layer}: the sum of embeddings and positions, where the walk through the layers ends.',
  'backward.note.attnInputPre': 'This is the gradient of LN₁’s output; the next step takes it through LN₁ and adds the skip connection.',
  'backward.note.embeddingRows': 'Only the {n} rows of the sentence’s words can get a gradient; the other {zero} of the {V} rows are exactly 0 — their words were not in the sentence.',
  'backward.note.embeddingSilent':
    'The row of “{word}” is 0 too, though the word is in the sentence: it is only the last token, which predicts nothing here, and no token before it may look at it.',
  'backward.note.embeddingSilentTied':
    '“{word}” gets nothing from the input: it is only the last token, which predicts nothing here, and no token before it may look at it.',
  'backward.note.embeddingTied':
    'This model also uses E as its output layer, so every row of E gets a gradient from there; the {n} rows of the sentence’s words get a second part from the input.',
  'backward.note.positionFixed': 'The positions are fixed sine and cosine waves, not weights: nothing to learn there.',
  'backward.note.positionLearned': 'The positions are learned here: the rows of the sentence’s positions in P get the same gradient.',
  'backward.note.noClip': 'All gradients together have size {norm}; this training does not clip.',
  'backward.note.clipped': 'All gradients together have size {norm}, more than the threshold {clip}: every gradient is multiplied by {factor}.',
  'backward.note.notClipped': 'All gradients together have size {norm}, below the threshold {clip}: no clipping (factor 1).',
  'backward.note.keyBias':
    'The key biases b_K get almost no gradient (rounding only): adding the same number to every key raises a whole row of scores equally, and the softmax does not change when a whole row moves together.',
  'backward.note.adamSettings': 'Learning rate η = {lr}, β₁ = {b1}, β₂ = {b2}, ε = {eps}, weight decay λ = {wd}; step t = {t}.',
  'backward.note.adamFromRun': 'm and v come from the training run in progress: they remember earlier steps’ gradients.',
  'backward.note.adamFresh':
    'A fresh optimizer (t = 1): m and v start at 0, so after bias correction m̂/√v̂ is just the sign of g — every entry moves by about η, against its gradient.',
  'backward.note.payoffDown': 'The loss went from {before} to {after} ({change}%): this one update made the sentence less surprising.',
  'backward.note.payoffUp': 'The loss went from {before} to {after} ({change}%): this time the step overshot.',
  'backward.note.payoffPositions': 'At {up} of {n} positions the real next word became more likely.',
} as const;
