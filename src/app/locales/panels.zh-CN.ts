// 简体中文 texts of the panels views; spread into the main dictionary (zh-CN.ts).

import type { panelsEn } from './panels.en';

export const panelsZhCN: Record<keyof typeof panelsEn, string> = {
  'tokensx.selected': '选中的词元：位置 {pos} 上的“{token}”。点击别的词元，所有面板都会跟着它。',
  'tokensx.why.number': '模型的词表（{n} 个词元）里没有数字：训练用的句子里没有出现过数字。',
  'tokensx.why.cjk': '这个汉字在训练句子里从没出现过，所以词表（{n} 个词元）里没有它。',
  'tokensx.why.word': '这个词在训练句子里从没出现过，所以词表（{n} 个词元）里没有它。',
  'tokensx.why.symbol': '这个符号在训练句子里从没出现过，所以词表（{n} 个词元）里没有它。',
  'tokensx.nearest': '模型认识的一个相近的词：“{word}”。',

  'embeddingsx.title': '词嵌入',
  'embeddingsx.help':
    '模型把每个词元编号变成一串数字（一个向量），也就是嵌入矩阵里的一行。训练可以让用法相近的词得到相近的向量；这个模型是否做到了，看下面的最近邻。向量的维数很多，这里用 PCA（主成分分析）把它们压到两维：取向量之间差别最大的两个方向。橙色的点是你句子里的词元。',
  'embeddingsx.none': '模型加载好以后，这里会显示词嵌入图。',
  'embeddingsx.error': '无法读取嵌入矩阵：{message}',
  'embeddingsx.labelAll': '显示每个词的名字',
  'embeddingsx.axis': '第 {n} 主成分（占差异的 {share}%）',
  'embeddingsx.aria': '词表中 {n} 个词投影到两维后的散点图',
  'embeddingsx.pcaNote': '每个向量有 {d} 个数字；这两个方向保留了向量之间 {share}% 的差异，所以两个点在这里看起来很近，在其他方向上仍可能相差很远：用全部 {d} 个数字算出的最近邻更可靠。',
  'embeddingsx.sumTitle': '“{token}”（位置 {pos}）真正进入模型的是什么',
  'embeddingsx.sumHelp': '第一层看到的不只是这个词本身：它得到的是词嵌入加上所在位置的位置编码，一个数字一个数字地相加。把鼠标移到格子上可以看到精确的数值。',
  'embeddingsx.sumHelpScaled':
    '第一层得到的是词嵌入（乘以 {scale}）加上所在位置的位置编码，一个数字一个数字地相加。把鼠标移到格子上可以看到精确的数值。',
  'embeddingsx.rowEmbedding': '词嵌入',
  'embeddingsx.rowPosition': '+ 位置编码',
  'embeddingsx.rowInput': '= 输入',
  'embeddingsx.readout': '第 {dim} 维：{e}（词嵌入）+ {p}（位置编码）= {x}（输入）',
  'embeddingsx.readoutHint': '把鼠标指向一列，就能看到这三个数字和它们的和。',
  'embeddingsx.hoverHint': '把鼠标指向一个词，就能看到它的向量。',
  'embeddingsx.selectedWord': '选中的词元',
  'embeddingsx.coords': '在图上的位置：({x}, {y})',
  'embeddingsx.vectorOf': '它的嵌入向量（{d} 个数字）：',

  'positionalx.title': '位置编码',
  'positionalx.help':
    '注意力会把每个词元和其他词元作比较，但它本身并不知道哪个词元在前：“狗咬了人”和“人咬了狗”在它看来是一样的。所以在第一层之前，模型给每个词元加上一个只取决于它位置的向量。每个位置都有自己的一组数字。',
  'positionalx.formulaHelp':
    '位置 pos 上的输入，是那里的词元 t_pos 的嵌入加上这个位置的向量 P_pos。在 P 里，偶数维（2i）用正弦，奇数维（2i+1）用余弦。低维是变化很快的波，相邻位置就不一样；高维是变化很慢的波，用来区分相距很远的位置。合在一起，每个位置都有独一无二的“指纹”。',
  'positionalx.none': '模型加载好以后，这里会显示位置编码表。',
  'positionalx.usesSinusoidal': '这个模型使用固定的正弦位置表（就是上面的公式，不参与训练）。',
  'positionalx.usesLearned': '这个模型在训练中学出了自己的位置表。旁边画出公式给出的正弦位置表，方便比较。',
  'positionalx.tableTitle': '位置表 P（位置 × 维度）',
  'positionalx.learnedTitle': '学出来的位置表（本模型使用的）',
  'positionalx.sinusoidalTitle': '正弦位置表（公式）',
  'positionalx.similarityTitle': '两个位置有多像',
  'positionalx.similarityHelp':
    '每个格子是两个位置向量的点积 P[i]·P[j]（没有归一化）。正弦位置表里每个向量的长度都一样，所以对角线都是 {half}，而且相邻位置的得分比相距很远的位置高。',
  'positionalx.similarityHelpLearned':
    '每个格子是模型所用的学出来的位置表里两个位置向量的点积 P[i]·P[j]（没有归一化）。红色：两个位置的向量相似；蓝色：方向相反。',
  'positionalx.similarityAria': '{n} 个位置的向量两两之间的点积',
  'positionalx.position': '位置',
  'positionalx.dimension': '维度',
  'positionalx.posShort': '位置',
  'positionalx.dimShort': '维度',
  'positionalx.dot': '点积',
  'positionalx.tableAria': '位置表：{rows} 个位置 × {cols} 个维度',
  'positionalx.curvesTitle': '几个维度随位置变化的曲线',
  'positionalx.curveN': '曲线 {n}',
  'positionalx.dimName': '第 {dim} 维（{fn}）',
  'positionalx.curvesAria': '所选维度在每个位置上的数值',
  'positionalx.wavelengths': '完整的一个波要经过这么多个位置（维度：长度）：{list}。阴影部分是你的句子用到的位置；虚线是选中的词元。',

  'attentionx.qkvIntro':
    '每个词元从自己的输入算出三个向量：查询 Q（它提出的问题，比如“它”会问“我指的是哪个名词？”）、键 K（它给别的词元的问题提供的答案）和值 V（别人关注它时，它交出去的内容）。查询和键越匹配，得分越高。',
  'attentionx.gridTitle': '一眼看全部的头',
  'attentionx.gridHelp': '每一层的每一个头都各自计算注意力。点击一张小图，就能在下面仔细看这个头。',
  'attentionx.view': '显示方式',
  'attentionx.viewMap': '热力图',
  'attentionx.viewLines': '连线图',
  'attentionx.stageHelp.scores':
    '第 1 步：行词元对列词元的分数，是行的查询和列的键的点积（Q·Kᵀ）。红色：查询和键一致；蓝色：不一致。这里后面的词元也算了分数，第 3 步的掩码会把它们去掉。',
  'attentionx.stageHelp.scaled':
    '第 2 步：每个分数都除以 √d_k = √{dk} ≈ {sqrt}。维数多时点积会变得很大，softmax 就会把几乎全部权重给一个词元，学得很慢。除一下能让分数保持在合适的范围。',
  'attentionx.stageHelp.masked': '第 3 步：一个词元不能看它后面的词元（模型要在不偷看的情况下预测下一个词）。这些分数被设为 −∞，用斜线表示。',
  'attentionx.stageHelp.weights':
    '第 4 步：softmax 把每一行分数变成 0 到 1 之间、加起来等于 1 的权重（−∞ 变成正好 0）。这个头对一个词元的输出，就是各个值向量 V 按这些权重求的加权平均。',
  'attentionx.linesHelp':
    '同样的权重（softmax 之后）画成连线：线越粗越深，表示左边的查询词元从右边的键词元那里拿得越多。选中词元的连线是橙色的；点击词元可以选中它。权重小于 0.02 的线没有画出。',
  'attentionx.linesAria': '{n} 个词元的注意力权重，画成从查询到键的连线',
  'attentionx.qkvTitle': '{head}的 Q、K、V（每个词元 d_k = {dk} 个数字）',
  'attentionx.q': 'Q：查询',
  'attentionx.k': 'K：键',
  'attentionx.v': 'V：值',
  'attentionx.qHelp': '每个词元在找什么。',
  'attentionx.kHelp': '每个词元靠什么被找到。',
  'attentionx.vHelp': '每个词元传递出去的内容。',
  'attentionx.token': '词元',
  'attentionx.dim': '维度',
  'attentionx.qkvAria': '所选头的矩阵 {name}：{rows} 个词元 × {cols} 个维度',

  'exportx.png': 'PNG',
  'exportx.svg': 'SVG',
  'exportx.pngHelp': '把这张图保存为 PNG 图片（用于幻灯片或作业）',
  'exportx.svgHelp': '把这张图保存为 SVG 矢量图（放多大都清晰）',
  'exportx.failed': '无法保存图片：{message}',
};
