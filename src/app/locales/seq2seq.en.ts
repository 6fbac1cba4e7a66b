// English texts of the translation model (the encoder–decoder of CONTRACT §5): the model picker, its
// attention sites, the step-through of the encoder and of the decoder with cross-attention, the
// translation output, and the notes of panels that only serve the decoder-only model. Spread into
// the main dictionary (en.ts).

export const seq2seqEn = {
  // ---------------------------------------------------------------- attention sites
  'seq2seq.site.label': 'Which attention',
  'seq2seq.site.decoder': 'Self-attention',
  'seq2seq.site.encoder': 'Encoder self-attention',
  'seq2seq.site.decoderSelf': 'Decoder self-attention',
  'seq2seq.site.cross': 'Cross-attention (encoder–decoder)',
  'seq2seq.site.encoderHelp':
    'The encoder reads the English sentence. Each row is a source word asking a question (query); each column is a source word it may look at (key). A darker cell means the row word takes more from the column word.',
  'seq2seq.site.encoderMask':
    'No mask here: the encoder reads a sentence that is already complete, so every word may look both ways, at the words before it and after it.',
  'seq2seq.site.decoderSelfHelp':
    'The decoder writes the Chinese translation one token at a time. Each row is a token it has written so far (starting with <bos>); each column is a written token it may look at.',
  'seq2seq.site.decoderSelfMask':
    'The causal mask stays: while writing, the decoder must not peek at tokens it has not written yet.',
  'seq2seq.site.crossHelp':
    'Here the decoder asks and the encoder answers: each row is a decoder position (the Chinese written so far), each column is an English source word. The queries Q come from the decoder, the keys K and values V from the encoder’s output. Each row shows where the decoder looks in the English sentence while writing its next token.',
  'seq2seq.site.crossMask':
    'No mask here: the whole English sentence is known before the translation starts, so every decoder position may read every source word.',
  'seq2seq.stage.noMask': 'mask: none in this attention',
  'seq2seq.crossQkv': 'In cross-attention Q has one row per decoder position; K and V have one row per English source word (they are computed from the encoder’s output M).',
  'seq2seq.table.show': 'Show the numbers as a table ({rows} × {cols})',
  'seq2seq.table.sum': 'row sum',

  // ---------------------------------------------------------------- step-through
  'seq2seq.stepper.pickSource': 'English source token (through the encoder):',
  'seq2seq.stepper.pickTarget': 'Decoder token (through the decoder):',
  'seq2seq.stepper.sourceHelp':
    'You follow a source word through the encoder: self-attention without a mask, then the feed-forward network, layer after layer. The encoder’s last output M is what the decoder reads.',
  'seq2seq.stepper.targetHelp':
    'You follow a decoder position through the decoder: masked self-attention over the Chinese written so far, then cross-attention over the English sentence (the encoder’s output), then the feed-forward network; at the end, the probabilities of the next Chinese token.',
  'seq2seq.encoderLayerN': 'Encoder {layer} of {total}',
  'seq2seq.decoderLayerN': 'Decoder {layer} of {total}',
  'seq2seq.beforeEncoder': 'Before the encoder layers',
  'seq2seq.beforeDecoder': 'Before the decoder layers',
  'seq2seq.afterEncoder': 'After the encoder layers',
  'seq2seq.afterDecoder': 'After the decoder layers',
  'seq2seq.shapesHelp':
    'T = number of tokens in this row’s sequence, S = number of English source tokens, d_model = vector size, d_k = size per head, d_ff = FFN size, V = vocabulary size.',
  'seq2seq.step.crossQkv.title': 'Cross-attention: Q from the decoder, K and V from the encoder',
  'seq2seq.step.crossQkv.explain':
    'This is where the two halves meet. The decoder’s rows make the questions (queries Q), while the keys K and values V are made from the encoder’s output M, one row per English word. So the decoder can ask: “which English word should I translate next?”',
  'seq2seq.step.preNormCross.title': 'LayerNorm before cross-attention',
  'seq2seq.step.preNormCross.explain': 'Before cross-attention, each decoder vector is normalised (mean 0, spread 1, then the learned γ and β).',
  'seq2seq.step.addNormCross.title': 'Residual connection + LayerNorm after cross-attention',
  'seq2seq.step.addNormCross.explain':
    'What cross-attention fetched from the English sentence is added to the decoder vector, and the sum is normalised. Now the vector carries both the Chinese written so far and the English it needs.',
  'seq2seq.step.residualCross.title': 'Residual connection after cross-attention',
  'seq2seq.step.residualCross.explain': 'What cross-attention fetched from the English sentence is added to the decoder vector.',
  'seq2seq.step.memory.title': 'The encoder’s output M',
  'seq2seq.step.memory.explain':
    'After the last encoder layer, each English word has one vector that has looked at the whole sentence. Together these vectors are the memory M: every decoder layer reads it through cross-attention.',
  'seq2seq.note.sharedTable': 'One embedding table serves both languages: English words and Chinese characters are rows of the same E.',
  'seq2seq.note.encoderQkv': 'In the encoder every word makes its Q, K and V from the English sentence only.',
  'seq2seq.note.crossScores': 'The row of “{token}” has {S} scores: one per English source token.',
  'seq2seq.note.noMaskEncoder': 'No mask in the encoder: the sentence is complete, so every word may look at words before and after it. The softmax comes next.',
  'seq2seq.note.noMaskCross': 'No mask in cross-attention: the whole English sentence is known, so every decoder position may read every source word. The softmax comes next.',
  'seq2seq.note.crossSoftmax': 'These weights say where “{token}” looks in the English sentence; they add up to 1.',
  'seq2seq.note.crossQkv': 'The query comes from the row of “{token}”; the {S} keys and values come from the encoder’s output, one per English token.',
  'seq2seq.note.memory': 'The vector of “{token}” after all {n} encoder layers: this row is one of the keys and values cross-attention reads.',
  'seq2seq.note.probsLast': 'This is the model’s guess for the token after “{token}”, the end of the translation so far (<eos> means “done”).',
  'seq2seq.note.probsEarlier': 'This is what the model expected after “{token}”; the translation continues with “{next}”.',
  'seq2seq.bars.cross': 'Where “{token}” looks in the English sentence (these weights add up to 1)',
  'seq2seq.mat.h1': 'H₁ = LN₁(Y + Self(Y))',
  'seq2seq.mat.h2': 'H₂ = LN₂(H₁ + Cross(H₁, M))',
  'seq2seq.mat.norm2Pre': 'LN₂(H₁): input of cross-attention',
  'seq2seq.mat.norm3Pre': 'LN₃(H₂): input of the FFN',
  'seq2seq.mat.memory': 'M: the encoder’s output (one row per English token)',
  'seq2seq.mat.cross': 'Cross(H₁, M) = Z·W_O + b_O',

  // ---------------------------------------------------------------- model picker
  'picker.label': 'Model',
  'picker.coref': 'Coreference (decoder-only)',
  'picker.translate': 'Translation EN→中文 (encoder–decoder)',
  'picker.translateFr': 'Translation EN→Français (encoder–decoder)',
  'picker.shapeSeq2seq':
    'encoder {encoder} layers + decoder {decoder} layers × {heads} heads, d_model {dModel}, {params} parameters, {vocab} tokens in the vocabulary',

  // ---------------------------------------------------------------- sentence, tokens, sides
  'seq2seq.sentence.label': 'English sentence to translate',
  'seq2seq.sentence.help':
    'Type an English sentence. The encoder reads it, and the decoder writes its Chinese translation one token at a time; every panel below shows the real numbers of both.',
  'seq2seq.tokens.help':
    'The model reads two sequences. The encoder reads the English source (no <bos>: it is complete from the start). The decoder reads <bos> followed by the Chinese it has written so far, and from each row predicts the next token. Every token has a number (its id) in one shared vocabulary.',
  'seq2seq.tokens.source': 'English source: {n} tokens, read by the encoder',
  'seq2seq.tokens.target': 'Decoder: <bos> + the translation ({n} tokens written)',
  'seq2seq.tokens.eos': 'end',
  'seq2seq.tokens.targetHelp': 'The model ended with <eos> (“end of translation”): it is not read by the decoder, so it has no row.',
  'seq2seq.tokens.unfinished': 'The translation is not finished yet: the model has not written <eos>.',
  'seq2seq.tokens.selectedSource': 'Selected: source token “{token}” (position {pos}). Every panel shows it.',
  'seq2seq.tokens.selectedTarget': 'Selected: decoder row “{token}” (position {pos}). Every panel shows it.',
  'seq2seq.side.source': 'Showing the English source (the encoder’s input). Select a decoder token in the Tokens panel to see the decoder’s side: both sides share this one embedding table.',
  'seq2seq.side.target': 'Showing the decoder’s rows (<bos> + the translation). Select an English token in the Tokens panel to see the encoder’s side: both sides share this one embedding table.',

  // ---------------------------------------------------------------- output
  'seq2seq.output.title': 'Output: the next Chinese token',
  'seq2seq.output.help':
    'At every decoder row the model gives a probability to every token of its vocabulary: its guess for the next token of the translation. Select a decoder token (Tokens panel) to see what the model expected after it.',
  'seq2seq.output.chart': 'The {n} most likely tokens after “{token}” (decoder row {pos})',
  'seq2seq.output.wrote': 'The translation continues with “{token}” (orange).',
  'seq2seq.output.pickRow': 'This is the last row: its most likely token is what the translation would say next.',
  'seq2seq.output.stepTitle': 'Translate step by step',
  'seq2seq.output.stepHelp':
    'A translation is written one token at a time: the decoder reads <bos> and the tokens so far, picks the next one, appends it, and reads again — until it writes <eos>. Start over, then add one token at a time and watch every panel follow.',
  'seq2seq.output.greedy': 'Temperature 0: each step takes the most likely token (greedy).',
  'seq2seq.output.sampled': 'Each step draws a token at temperature {temperature} with seed {seed} (the same seed gives the same translation).',
  'seq2seq.output.restart': 'Start over',
  'seq2seq.output.step': 'Next token',
  'seq2seq.output.play': 'Play to the end',
  'seq2seq.output.all': 'Whole translation',
  'seq2seq.output.stepN': 'step {n}',
  'seq2seq.output.prob': 'p = {p}%',
  'seq2seq.output.drawProb': 'drawn with {p}%',
  'seq2seq.output.finished': 'Done after {n} tokens: {text}',
  'seq2seq.output.soFar': 'So far {n} tokens: {text}',
  'seq2seq.output.cut': 'Stopped after {n} tokens without <eos>: the context is full.',

  // ---------------------------------------------------------------- panels for the decoder-only model

  // ---------------------------------------------------------------- explanations without a mask
  'seq2seq.stage.weightsNoMask':
    'Step 4: softmax turns each row of scores into weights between 0 and 1 that add up to 1. Nothing is hidden here, so every column can get weight. The head’s output for a row is the weighted average of the value vectors V.',
  'seq2seq.explain.scoresCross':
    'The decoder row’s query is multiplied with the key of every English source token (a dot product). A large score means that source word answers the decoder’s question well.',
  'seq2seq.explain.scoresEncoder':
    'The word’s query is multiplied with every source word’s key (a dot product), before and after it. A large score means the key answers the question well.',
  'seq2seq.explain.softmaxCross':
    'Softmax turns the row of scores into positive weights that add up to 1: how much the decoder row takes from each English source word. Higher scores get much larger shares.',
  'seq2seq.explain.softmaxEncoder':
    'Softmax turns the row of scores into positive weights that add up to 1: how much the word takes from every word of the sentence, before and after it (and itself).',
  'seq2seq.explain.weightedSumCross':
    'The head’s output for the decoder row is a weighted average of the source words’ value vectors: this is how the English sentence’s information (for example, which noun “it” means) reaches the Chinese being written.',
} as const;
