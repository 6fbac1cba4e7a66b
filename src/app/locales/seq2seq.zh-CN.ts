// 简体中文 texts of the translation model; every key of seq2seq.en.ts.

import type { seq2seqEn } from './seq2seq.en';

export const seq2seqZhCN: Record<keyof typeof seq2seqEn, string> = {
  // ---------------------------------------------------------------- attention sites
  'seq2seq.site.label': '哪一种注意力',
  'seq2seq.site.decoder': '自注意力',
  'seq2seq.site.encoder': '编码器自注意力',
  'seq2seq.site.decoderSelf': '解码器自注意力',
  'seq2seq.site.cross': '交叉注意力（编码器–解码器）',
  'seq2seq.site.encoderHelp':
    '编码器读英文句子。每一行是一个提出问题（查询）的源语言单词；每一列是它可以看的源语言单词（键）。格子越深，表示这一行的单词从这一列的单词那里拿得越多。',
  'seq2seq.site.encoderMask': '这里没有掩码：编码器读的是一个已经完整的句子，所以每个词都可以两头看，既看前面的词，也看后面的词。',
  'seq2seq.site.decoderSelfHelp':
    '解码器一个词元一个词元地写出中文译文。每一行是它到目前为止写出的一个词元（从 <bos> 开始）；每一列是它可以看的、已经写出的词元。',
  'seq2seq.site.decoderSelfMask': '因果掩码还在：写的时候，解码器不能偷看自己还没写出来的词元。',
  'seq2seq.site.crossHelp':
    '这里由解码器提问、编码器回答：每一行是解码器的一个位置（到目前为止写出的中文），每一列是一个英文源单词。查询 Q 来自解码器，键 K 和值 V 来自编码器的输出。每一行显示解码器在写下一个词元时看英文句子的哪里。',
  'seq2seq.site.crossMask': '这里没有掩码：翻译开始之前整句英文就已经知道了，所以解码器的每个位置都可以读每一个源单词。',
  'seq2seq.stage.noMask': '掩码：这种注意力没有掩码',
  'seq2seq.crossQkv': '在交叉注意力里，Q 每个解码器位置一行；K 和 V 每个英文源单词一行（它们由编码器的输出 M 算出）。',
  'seq2seq.table.show': '把数字显示成表格（{rows} × {cols}）',
  'seq2seq.table.sum': '行之和',

  // ---------------------------------------------------------------- step-through
  'seq2seq.stepper.pickSource': '英文源词元（经过编码器）：',
  'seq2seq.stepper.pickTarget': '解码器词元（经过解码器）：',
  'seq2seq.stepper.sourceHelp':
    '你在跟随一个源单词走过编码器：没有掩码的自注意力，然后是前馈网络，一层接一层。编码器最后的输出 M 就是解码器要读的内容。',
  'seq2seq.stepper.targetHelp':
    '你在跟随解码器的一个位置走过解码器：先是对已写出的中文做带掩码的自注意力，然后是对英文句子（编码器的输出）做交叉注意力，再是前馈网络；最后得到下一个中文词元的概率。',
  'seq2seq.encoderLayerN': '编码器{layer}（共 {total} 层）',
  'seq2seq.decoderLayerN': '解码器{layer}（共 {total} 层）',
  'seq2seq.beforeEncoder': '进入编码器各层之前',
  'seq2seq.beforeDecoder': '进入解码器各层之前',
  'seq2seq.afterEncoder': '编码器各层之后',
  'seq2seq.afterDecoder': '解码器各层之后',
  'seq2seq.shapesHelp':
    'T = 这一行所在序列的词元数，S = 英文源词元数，d_model = 向量长度，d_k = 每个头的长度，d_ff = 前馈网络的宽度，V = 词表大小。',
  'seq2seq.step.crossQkv.title': '交叉注意力：Q 来自解码器，K 和 V 来自编码器',
  'seq2seq.step.crossQkv.explain':
    '两半在这里相遇。解码器的每一行提出问题（查询 Q），而键 K 和值 V 由编码器的输出 M 算出，每个英文单词一行。这样解码器就能问：“下一个该翻译哪个英文单词？”',
  'seq2seq.step.preNormCross.title': '交叉注意力之前的层归一化',
  'seq2seq.step.preNormCross.explain': '在交叉注意力之前，每个解码器向量先做归一化（均值 0、离散程度 1，再乘以学到的 γ、加上 β）。',
  'seq2seq.step.addNormCross.title': '交叉注意力之后：残差连接 + 层归一化',
  'seq2seq.step.addNormCross.explain':
    '交叉注意力从英文句子里取来的内容被加到解码器向量上，再把和归一化。现在这个向量既带着已写出的中文，也带着它需要的英文信息。',
  'seq2seq.step.residualCross.title': '交叉注意力之后的残差连接',
  'seq2seq.step.residualCross.explain': '交叉注意力从英文句子里取来的内容被加到解码器向量上。',
  'seq2seq.step.memory.title': '编码器的输出 M',
  'seq2seq.step.memory.explain':
    '经过最后一个编码器层之后，每个英文单词都有一个看过整句话的向量。这些向量合起来就是“记忆”M：解码器的每一层都通过交叉注意力来读它。',
  'seq2seq.note.sharedTable': '两种语言共用一张嵌入表：英文单词和中文字都是同一个 E 里的行。',
  'seq2seq.note.encoderQkv': '在编码器里，每个词只用英文句子算出自己的 Q、K、V。',
  'seq2seq.note.crossScores': '“{token}”这一行有 {S} 个分数：每个英文源词元一个。',
  'seq2seq.note.noMaskEncoder': '编码器里没有掩码：句子是完整的，每个词都可以看它前面和后面的词。下一步就是 softmax。',
  'seq2seq.note.noMaskCross': '交叉注意力里没有掩码：整句英文都已知，解码器的每个位置都可以读每一个源单词。下一步就是 softmax。',
  'seq2seq.note.crossSoftmax': '这些权重说明“{token}”在看英文句子的哪里；它们加起来等于 1。',
  'seq2seq.note.crossQkv': '查询来自“{token}”这一行；{S} 个键和值来自编码器的输出，每个英文词元一个。',
  'seq2seq.note.memory': '“{token}”经过全部 {n} 个编码器层之后的向量：这一行是交叉注意力要读的键和值之一。',
  'seq2seq.note.probsLast': '这是模型对“{token}”之后那个词元的猜测，也就是目前译文的末尾（<eos> 表示“写完了”）。',
  'seq2seq.note.probsEarlier': '这是模型在“{token}”之后预期的内容；译文接下来是“{next}”。',
  'seq2seq.bars.cross': '“{token}”在看英文句子的哪里（这些权重加起来等于 1）',
  'seq2seq.mat.h1': 'H₁ = LN₁(Y + Self(Y))',
  'seq2seq.mat.h2': 'H₂ = LN₂(H₁ + Cross(H₁, M))',
  'seq2seq.mat.norm2Pre': 'LN₂(H₁)：交叉注意力的输入',
  'seq2seq.mat.norm3Pre': 'LN₃(H₂)：前馈网络的输入',
  'seq2seq.mat.memory': 'M：编码器的输出（每个英文词元一行）',
  'seq2seq.mat.cross': 'Cross(H₁, M) = Z·W_O + b_O',

  // ---------------------------------------------------------------- model picker
  'picker.label': '模型',
  'picker.coref': '指代消解（仅解码器）',
  'picker.translate': '翻译 EN→中文（编码器–解码器）',
  'picker.translateFr': '翻译 EN→法语（编码器–解码器）',
  'picker.shapeSeq2seq': '编码器 {encoder} 层 + 解码器 {decoder} 层 × {heads} 个头，d_model {dModel}，{params} 个参数，词表 {vocab} 个词元',

  // ---------------------------------------------------------------- sentence, tokens, sides
  'seq2seq.sentence.label': '要翻译的英文句子',
  'seq2seq.sentence.help': '输入一个英文句子。编码器读它，解码器一个词元一个词元地写出中文译文；下面每个面板都显示两者的真实数字。',
  'seq2seq.tokens.help':
    '这个模型读两个序列。编码器读英文原句（没有 <bos>：它一开始就是完整的）。解码器读 <bos> 加上它到目前为止写出的中文，并在每一行预测下一个词元。每个词元在同一个共用词表里都有一个编号（id）。',
  'seq2seq.tokens.source': '英文原句：{n} 个词元，由编码器读取',
  'seq2seq.tokens.target': '解码器：<bos> + 译文（已写出 {n} 个词元）',
  'seq2seq.tokens.eos': '结束',
  'seq2seq.tokens.targetHelp': '模型以 <eos>（“译文结束”）收尾：解码器不再读它，所以它没有自己的一行。',
  'seq2seq.tokens.unfinished': '译文还没写完：模型还没有写出 <eos>。',
  'seq2seq.tokens.selectedSource': '已选中：源词元“{token}”（位置 {pos}）。每个面板都会显示它。',
  'seq2seq.tokens.selectedTarget': '已选中：解码器的一行“{token}”（位置 {pos}）。每个面板都会显示它。',
  'seq2seq.side.source': '现在显示的是英文原句（编码器的输入）。在“词元”面板里选一个解码器词元，就能看解码器这一边：两边共用这同一张嵌入表。',
  'seq2seq.side.target': '现在显示的是解码器的各行（<bos> + 译文）。在“词元”面板里选一个英文词元，就能看编码器这一边：两边共用这同一张嵌入表。',

  // ---------------------------------------------------------------- output
  'seq2seq.output.title': '输出：下一个中文词元',
  'seq2seq.output.help': '在解码器的每一行，模型都给词表里的每个词元一个概率：这是它对译文下一个词元的猜测。在“词元”面板里选一个解码器词元，就能看模型在它之后预期的是什么。',
  'seq2seq.output.chart': '“{token}”之后最可能的 {n} 个词元（解码器第 {pos} 行）',
  'seq2seq.output.wrote': '译文接下来是“{token}”（橙色）。',
  'seq2seq.output.pickRow': '这是最后一行：它最可能的词元就是译文接下来要写的内容。',
  'seq2seq.output.stepTitle': '一步一步地翻译',
  'seq2seq.output.stepHelp':
    '译文是一个词元一个词元写出来的：解码器读 <bos> 和已写出的词元，选出下一个，把它接上，再读一遍——直到写出 <eos>。点“从头开始”，然后每次加一个词元，看每个面板怎样跟着变化。',
  'seq2seq.output.greedy': '温度为 0：每一步都取最可能的词元（贪心）。',
  'seq2seq.output.sampled': '每一步都以温度 {temperature}、随机种子 {seed} 抽一个词元（种子相同，译文就相同）。',
  'seq2seq.output.restart': '从头开始',
  'seq2seq.output.step': '下一个词元',
  'seq2seq.output.play': '一直写到结束',
  'seq2seq.output.all': '完整译文',
  'seq2seq.output.stepN': '第 {n} 步',
  'seq2seq.output.prob': 'p = {p}%',
  'seq2seq.output.drawProb': '抽取概率 {p}%',
  'seq2seq.output.finished': '写了 {n} 个词元后结束：{text}',
  'seq2seq.output.soFar': '目前 {n} 个词元：{text}',
  'seq2seq.output.cut': '写了 {n} 个词元后停下，没有 <eos>：上下文已经满了。',

  // ---------------------------------------------------------------- panels for the decoder-only model

  // ---------------------------------------------------------------- explanations without a mask
  'seq2seq.stage.weightsNoMask':
    '第 4 步：softmax 把每一行分数变成 0 到 1 之间、加起来等于 1 的权重。这里什么都没有遮住，所以每一列都可以得到权重。这个头对一行的输出，就是各个值向量 V 按这些权重求的加权平均。',
  'seq2seq.explain.scoresCross': '解码器这一行的查询和每一个英文源词元的键相乘（点积）。分数大，说明这个源单词很好地回答了解码器的问题。',
  'seq2seq.explain.scoresEncoder': '这个词的查询和句子里每个词的键相乘（点积），前面的和后面的都算。分数大，说明这个键很好地回答了问题。',
  'seq2seq.explain.softmaxCross': 'softmax 把这一行分数变成加起来等于 1 的正权重：解码器这一行从每个英文源单词那里拿多少。分数越高，份额大得越多。',
  'seq2seq.explain.softmaxEncoder': 'softmax 把这一行分数变成加起来等于 1 的正权重：这个词从句子里每个词（前面的、后面的，还有它自己）那里拿多少。',
  'seq2seq.explain.weightedSumCross':
    '这个头对解码器这一行的输出，是各个源单词值向量的加权平均：英文句子里的信息（比如“it”指的是哪个名词）就是这样传到正在写的中文里的。',
};
