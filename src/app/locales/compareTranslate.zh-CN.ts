// 翻译模型（编码器–解码器）比较视图的简体中文文本；并入 zh-CN.ts。

import type { compareTranslateEn } from './compareTranslate.en';

export const compareTranslateZhCN: Record<keyof typeof compareTranslateEn, string> = {
  'tcompare.title': '比较两个句子：翻译模型在哪里做出判断？',
  'tcompare.help':
    '改动一个词，看看翻译模型在哪里决定 “it” 指的是什么。每次编辑后，模型都会重新翻译两个句子（贪心解码：每一步取最可能的字）；下面的每张图、每根柱子、每个数字都来自它真实的注意力。',
  'tcompare.clauseHelp': '模型学过的每个句子都以 “ .” 结尾，所以会自动加在你的句子后面（不能编辑）。',
  'tcompare.loading': '正在加载模型并翻译两个句子……',
  'tcompare.truncated': '句子比模型一次能读的 {n} 个词元还长，所以只保留了前 {n} 个词元。',

  'tcompare.out.title': '两个译文',
  'tcompare.out.help':
    '模型一次写一个汉字。高亮的是英文里 “it” 所在的位置（因为 __ 太……）。细心的译者会在这里写出名词，所以译文直接告诉我们：模型认为 “it” 是哪个名词。',
  'tcompare.out.slot': '在 “it” 的位置写的是',
  'tcompare.out.isNoun': '“it” = {word}',
  'tcompare.out.neither': '不是句子里的任何一个名词',
  'tcompare.out.none': '这个译文里没有 “因为……”，所以没有哪一行在写指代的名词（未训练的模型几乎会写任何东西）。下面的图改为显示解码器的最后一行。',
  'tcompare.out.unfinished': '（没写到结束标记就停了）',

  'tcompare.site': '注意力',
  'tcompare.site.cross': '交叉注意力（中文行 → 英文词）',
  'tcompare.site.decoder-self': '解码器自注意力（已写出的中文）',
  'tcompare.site.encoder': '编码器自注意力（英文）',
  'tcompare.siteShort.cross': '交叉注意力',
  'tcompare.siteShort.decoder-self': '解码器自注意力',
  'tcompare.siteShort.encoder': '编码器',
  'tcompare.headLabel': '{site} · {head}',
  'tcompare.headShort': '{site} {head}',

  'tcompare.map.title': '{site}，{head}',
  'tcompare.map.rowReferent': '框出的是写出指代名词的那一行（它读的是 “{token}”，写出下一个字）。',
  'tcompare.map.rowLast': '框出的是最后一行（没有写出指代名词的那一行）。',
  'tcompare.map.rowIt': '框出的是 “it” 那一行。',
  'tcompare.map.rowQuery': '行（查询）',
  'tcompare.map.colKey': '列（键）',
  'tcompare.map.diffLengths': 'A 和 B 的图大小不同（{a} 和 {b}）；B − A 只覆盖两者都有的行和列。',
  'tcompare.rows.title': 'A 和 B 中被比较的那一行',
  'tcompare.rows.l1': '两行的差别（L1 = 各列 |A − B| 之和，0 … 2）：{value}',
  'tcompare.rows.aria': 'A 和 B 中被比较的那一行，按列画成柱子',

  'tcompare.rank.title': '在写出名词的地方，哪些解码器头变化最大',
  'tcompare.rank.help':
    '对解码器的每个头（自注意力和交叉注意力），计算它写出指代名词的那一行在 A 和 B 中的 L1 距离（各列 |A − B| 之和；0 = 同一行，2 = 看的是完全不同的词），从大到小排列，并给出这一行放在两个名词上的权重。点一个头，上面的图就显示它。',
  'tcompare.rank.head': '头',
  'tcompare.rank.l1': 'L1 差别',
  'tcompare.rank.nounsA': 'A：名词上的权重',
  'tcompare.rank.nounsB': 'B：名词上的权重',
  'tcompare.rank.off': '已关掉',
  'tcompare.rank.none': '至少有一个译文没有写出指代名词的那一行，所以无法排序。',

  'tcompare.it.title': '“it” 自己带着答案吗？编码器中 “it” 的那一行',
  'tcompare.it.help':
    '编码器不加掩码地读整句英文，所以 “it” 也能看到它后面的形容词。如果 “it” 是靠注意力做出判断的，它的那一行在一个句子里会偏向第一个名词，在另一个句子里偏向第二个名词。',
  'tcompare.it.figure': '在编码器的 {n} 个头中，“it” 那一行变化最大的是 {l1}（{head}）。',
  'tcompare.it.nouns': '它在名词上的权重：A 中 {first} {a1} · {second} {a2}；B 中 {first} {b1} · {second} {b2}。',
  'tcompare.it.none': '两个句子里并不都有 “it”。',
  'tcompare.it.all': '编码器每个头在 “it” 那一行的情况',

  'tcompare.dec.title': '同一对句子交给只有解码器的模型',
  'tcompare.dec.help':
    '本应用的第一个模型——只有解码器的指代消解模型（随应用发布的检查点，训练了 {step} 步）——读每个句子时后面都接上 “ . it refers to the”，它预测的下一个词就是它的回答。它此刻就在翻译模型旁边用自己的权重运行；下面关掉的头属于翻译模型，对它不起作用。',
  'tcompare.dec.loading': '正在加载只有解码器的模型，并用它读这两个句子……',
  'tcompare.dec.error': '只有解码器的模型没能读这两个句子：{message}',
  'tcompare.dec.random': '它的检查点加载不了，所以换成了一个随机初始化的只有解码器的模型：这些数字只能说明掩码的作用，不代表训练好的模型怎么选。',
  'tcompare.dec.answer': '下一个词：“{word}”',
  'tcompare.dec.mapHelp':
    '所选的头在 A、B 中的注意力，以及 B − A；框出的是 “it” 那一行。对角线以上被掩码遮住：任何词都不能看后面的词，所以在第一个不同的词之前，每一行在 A 和 B 中都完全相同（B − A 中是白色）。',
  'tcompare.dec.l1': 'A 与 B 之间的 L1：{value}',
  'tcompare.dec.itTitle': '“it” 那一行（{head}）',
  'tcompare.dec.itAll': '在全部 {n} 个头里，这一行的 L1 最大是 {max}；最后一层之后 “it” 的向量，A 与 B 最多相差 {vec}（|B − A| 的最大值）。',
  'tcompare.dec.itHidden': '第一个不同的词 “{diff}” 在 “it” 后面：掩码把它遮住了，所以 “it” 在 A 和 B 中读到的词完全一样。',
  'tcompare.dec.itSees': '这里 A 和 B 在 “it” 之前就已经不同了（“{diff}”），所以掩码并没有把这个差别遮住。',
  'tcompare.dec.noIt': '在附加的问句之前，两个句子里并不都有 “it”。',
  'tcompare.dec.lastTitle': '最后一行（“{token}”，由它预测回答），{head}',
  'tcompare.dec.peaks': '它在 A 中最关注 “{pa}”（{wa}），在 B 中最关注 “{pb}”（{wb}）。',
  'tcompare.dec.rowsAria': 'A 和 B 的这一行，按它能看到的词画成柱子',
  'tcompare.dec.rankTitle': '按最后一行的变化给各个头排序',
  'tcompare.dec.rankHelp':
    '对只有解码器的模型的每个头，计算它最后一行在 A 和 B 中的 L1 距离（0 = 同一行，2 = 权重完全不重合），从大到小排列；旁边是 “it” 那一行的同一个数字，以及最后一行在各句中最关注的词。点一个头，上面的图就显示它。',
  'tcompare.dec.rank.last': '最后一行的 L1',
  'tcompare.dec.rank.it': '“it” 那一行的 L1',
  'tcompare.dec.rank.peak': '最关注的词（A、B）',

  'tcompare.why.sep': '',
  'tcompare.why.title': '只有解码器的模型 vs 编码器–解码器：谁能看到 “{adj}”？',
  'tcompare.why.mask':
    '只有解码器的模型（本应用的指代消解模型）从左往右读：因果掩码把正在读的词后面的所有词都遮住了。“{adj}” 在 “it” 后面，所以解码器里的 “it” 看不到它：它那一行在两个句子中完全相同，模型只能在后面的词上做出判断。编码器没有掩码：它的 “it” 可以前后都看——往前看两个名词，往后看 “{adj}”。',
  'tcompare.why.decSame':
    '用只有解码器的模型在这对句子上刚刚测得（见上面的卡片）：“it” 那一行在 A 和 B 之间相差 {max}（它 {n} 个头中最大的 L1），最后一层之后 “it” 的向量相差 {vec}：两句完全一样，因为 “{diff}” 在 “it” 后面。',
  'tcompare.why.decMoves':
    '用只有解码器的模型在这对句子上刚刚测得（见上面的卡片）：“it” 那一行最多变化了 {max}（它 {n} 个头中最大的 L1），因为 A 和 B 在它之前的 “{diff}” 处就已经不同了。',
  'tcompare.why.decNoIt': '只有解码器的模型在两个句子里没有都找到 “it”，所以无法比较 “it” 那一行。',
  'tcompare.why.decLast':
    '所以它要到后面才做决定：在最后一个位置（附加的 “it refers to the” 里的 “{token}”），这里能看到 “{adj}”。在这一行上变化最大的是 {head}，变化了 {l1}，在 A 中它最关注 “{pa}”（{wa}），在 B 中最关注 “{pb}”（{wb}）；它对 A 的回答是 “{ansA}”（{pA}），对 B 的回答是 “{ansB}”（{pB}）。',
  'tcompare.why.decLoading': '正在测量只有解码器的模型在这对句子上的数字……',
  'tcompare.why.encoder': '翻译模型是怎么利用这份自由的：它的编码器中 “it” 那一行在 A 和 B 之间最多变化了 {enc}（{encHead}；0 = 同一行，2 = 完全不同）。',
  'tcompare.why.encoderNouns': '在 A 中这一行把 {aRef} 的权重放在 “{na}”（“it” 所指的名词）上，把 {aOther} 放在 “{oa}” 上；在 B 中 {bRef} 在 “{nb}” 上，{bOther} 在 “{ob}” 上：{direction}。',
  'tcompare.why.towards': '它朝着 “it” 所指的名词移动',
  'tcompare.why.notTowards': '它并没有朝着 “it” 所指的名词移动',
  'tcompare.why.decoder': '在解码器里，写出指代名词的那一行上，各个头最多变化了 {dec}（{decHead}）。',
  'tcompare.why.fetch': '从英文里取出名词的是 {head}：在 A 中它把 {wa} 的权重放在 “{na}” 上，在 B 中把 {wb} 放在 “{nb}” 上（它这一行变化了 {l1}）。',
  'tcompare.why.adjective': '从那一行看形容词最多的交叉注意力头是 {head}（权重 {w}，A 和 B 的平均）。',
  'tcompare.why.readout':
    '答案存在哪里：在编码器最后一层之后，线性读出（见下文）用 “it” 的向量在 {it} 的留出句子上说对了指代对象，用第一个名词的向量是 {first}，用第二个名词的向量是 {second}。',
  'tcompare.why.identity': '指代对象具体是哪个词（{n} 个名词之一），用 “it” 的向量能读对 {it}，用形容词自己的向量能读对 {adj}。',
  'tcompare.why.carries': '所以到那时，“it” 的向量确实带着答案——不管它那一行注意力看的是哪里。',
  'tcompare.why.notCarried': '所以 “it” 的向量并没有很好地带着答案：解码器得从别处找到它。',
  'tcompare.why.noRow': '有一个译文没有写出指代名词的那一行，所以无法给出这个模型在这对句子上的数字。',
  'tcompare.why.source': '这一段里的数字都是在上面两个句子上刚刚测出来的：翻译模型的（包括被关掉的头），以及只有解码器的模型的（随应用发布的检查点，就在旁边运行）。只有解码器的模型自己的比较视图里还有更多：',
  'tcompare.why.link': '用这对句子打开指代消解模型的比较视图',

  'tcompare.readout.title': '答案在哪一层能被读出来？每个编码器层的线性读出',
  'tcompare.readout.help':
    '线性读出是最简单的分类器：把一个向量的各个数加权求和，再和阈值比较（逻辑回归）。这里在 {train} 个训练句子上拟合，在 {heldOut} 个留出句子上打分（这些句子里的名词组合模型从没见过），任务是根据编码器某一深度上一个词元的向量，说出 “it” 指的是哪个名词。50% 等于瞎猜；分数高，说明这个向量里带着答案。',
  'tcompare.readout.x': '编码器深度',
  'tcompare.readout.y': '留出准确率',
  'tcompare.readout.depth0': '输入',
  'tcompare.readout.depth': '{layer}之后',
  'tcompare.readout.it': '“it” 的向量',
  'tcompare.readout.first': '第一个名词的向量',
  'tcompare.readout.second': '第二个名词的向量',
  'tcompare.readout.adjective': '形容词的向量（对照）',
  'tcompare.readout.chance': '瞎猜',
  'tcompare.readout.which': '“it” 指的是哪个名词（第一个还是第二个；瞎猜 50%）：即上面的图',
  'tcompare.readout.identity': '指代对象是哪个词（{n} 个名词之一，同类的线性读出，每个名词一个分数）：更严格地检验“它的向量吸收了这个名词”',
  'tcompare.readout.busy': '正在拟合线性读出（需要几秒）……',
  'tcompare.readout.error': '这个模型没有线性读出：{message}',
  'tcompare.readout.step': '来自当前模型（训练第 {step} 步）；这里不应用被关掉的头。',
  'tcompare.readout.aria': '每个编码器深度上线性读出的留出准确率',

  'tcompare.ko.title': '关掉注意力头',
  'tcompare.ko.help':
    '关掉一个头（把它的输出设为零，其余不变），两个句子会重新翻译：译文、图和上面的每个数字都会变。任何头都可以：编码器的、解码器自注意力的或交叉注意力的。',
  'tcompare.ko.count': '已关掉 {n} 个',

  // The English → French model: the same cards, speaking of the French pronoun (I18nVariants in TranslateComparePanel).
  'tcompare.fr.help':
    '改动一个词，看看翻译模型在哪里决定 “it” 指的是什么。每次编辑后，模型都会重新翻译两个句子（贪心解码：每一步取最可能的词）；下面的每张图、每根柱子、每个数字都来自它真实的注意力。',
  'tcompare.fr.out.none':
    '这个译文里没有 “parce qu’il / qu’elle”，所以没有哪一行在写代词（未训练的模型几乎会写任何东西）。下面的图改为显示解码器的最后一行。',
  'tcompare.fr.site.cross':
    '交叉注意力（法文行 → 英文词）',
  'tcompare.fr.site.decoder-self':
    '解码器自注意力（已写出的法文）',
  'tcompare.fr.map.rowReferent':
    '框出的是写出代词的那一行（它读的是 “{token}”，接着写出 qu’il 或 qu’elle）。',
  'tcompare.fr.map.rowLast':
    '框出的是最后一行（没有写出代词的那一行）。',
  'tcompare.fr.rank.title':
    '在写出代词的地方，哪些解码器头变化最大',
  'tcompare.fr.rank.help':
    '对解码器的每个头（自注意力和交叉注意力），计算它写出代词（qu’il 或 qu’elle）的那一行在 A 和 B 中的 L1 距离（各列 |A − B| 之和；0 = 同一行，2 = 看的是完全不同的词），从大到小排列，并给出这一行放在两个名词上的权重。点一个头，上面的图就显示它。',
  'tcompare.fr.rank.none':
    '至少有一个译文没有写出代词的那一行，所以无法排序。',
  'tcompare.fr.why.decoder':
    '在解码器里，写出代词的那一行上，各个头最多变化了 {dec}（{decHead}）。',
  'tcompare.fr.why.fetch':
    '在那一行上，把最多权重放在 “it” 所指名词上的解码器头是 {head}：在 A 中它把 {wa} 的权重放在 “{na}” 上，在 B 中把 {wb} 放在 “{nb}” 上（它这一行变化了 {l1}）。',
  'tcompare.fr.why.noRow':
    '有一个译文没有写出代词的那一行，所以无法给出这个模型在这对句子上的数字。',
};
