// “那张著名的图”的中文文本（src/panels/compare/translate/FamousFigure.tsx）。

import type { famousEn } from './famous.en';

export const famousZhCN: Record<keyof typeof famousEn, string> = {
  'famous.title': '那张著名的图：“it” 在看哪里？',
  'famous.help':
    '几乎每篇讲 Transformer 的文章都有这张图：英译法模型编码器里的一个注意力头，把 “it” 那一行画成连向每个词的线。线越粗越深，注意力越大；数字是权重（每一边的权重加起来是 1）。这里画的是这个模型对 A 和 B 实际算出来的值。',
  'famous.none': '两句话里并不都有 “it”，所以没有 “it” 的那一行可画。',
  'famous.which.ranking': '图中是编码器 {head}：下面编码器 {n} 个头的排名里的第一个（它的 “it” 行在 A 和 B 之间变化最大：L1 {l1}）。',
  'famous.which.flip':
    '图中是编码器 {head}。在编码器的 {n} 个头里，它的 “it” 行在 A 和 B 之间把最多的权重移到了 “it” 所指的名词上：平均 {flip}（½ ·（所指名词在每个句子里多得到的权重）；全部移过去是 1）。它这一行总共变化了 L1 {l1}，在下面的排名里是第 {rank} 个。',
  'famous.which.chosen': '图中是编码器 {head}：你选的头（在下面的排名里是第 {rank} 个，共 {n} 个，L1 {l1}）。',
  'famous.out.masculine': '阳性（il）：它指代的名词是阳性',
  'famous.out.feminine': '阴性（elle）：它指代的名词是阴性',
  'famous.out.none': '这个译文在 “parce” 之后没有 qu’il / qu’elle。',
  'famous.swap': '编码器的各个头中，在 “{first}” 和 “{second}” 之间的分配变化最大的是 {head}：两个名词得到的权重中，“{first}” 在 A 里占 {a}，在 B 里占 {b}。',
  'famous.swapDrawn': '图中画的就是这个头。',
  'famous.swapDraw': '画这个头',
  'famous.out.help': '模型一次写一个法语词。高亮的是英文 “it” 所在位置的代词：所指名词是阳性（l’animal）就写 qu’il，是阴性（la rue）就写 qu’elle。所以只要两个名词的阴阳性不同，译文就能看出模型认为 “it” 指的是哪个名词。',
  'famous.showTop': '改回最先显示的头',
  'famous.drawL1': '改看这一行变化最大的头（{head}，L1 {l1}）',
  'famous.aria': '句子 {side}：编码器 {head} 中 “it” 对每个词的注意力',
  'famous.nouns': '“it” → {first} {w1} · {second} {w2}',
  'famous.why.here':
    '为什么在这里这个决定可能出现在一个编码器头里：法语必须把 “it” 写成 il 或 elle（l’animal 是阳性，la rue 是阴性），形容词也要跟着变（fatigué、étroite），不先弄清 “it” 指谁，译文就写不出来。这个模型的解码器只有一层：写代词时它读取编码器里 “it” 的向量，没有第二步可以自己去推断指代对象，所以编码器必须把答案放进 “it” 里。编码器每层只有一个头，这个答案没法分散到好几个各动一点的头上。一种办法是某个头的 “it” 行移向 “it” 所指的名词——上图中，若它连向 “animal” 和 “street” 的线在 A、B 之间互换，就是这种情况；另一种办法是编码器的前馈层，任何注意力图都看不到。',
  'famous.why.chinese':
    '在英译中模型（模型选择：翻译 EN→中文）里，编码器中 “it” 那一行并不会移向 “it” 所指的名词：它的两层解码器通过交叉注意力直接去看英文名词，自己写出名词（动物 或 马路），编码器里的 “it” 不需要携带答案。',
  'famous.why.decoder':
    '在仅解码器模型（模型选择：指代消解）里，“it” 根本看不到 “tired” 或 “narrow”：它们在 “it” 之后，而注意力被掩码遮住，只能看前面的词。在那里，这个决定只能在句子更后面才发生。',
  'famous.why.seeds':
    '并不是每个模型都会长出这样一个头。用同样的方法、不同的随机种子训练，有些模型翻译得一样好，却是在编码器的前馈层里做出决定：docs/translate-fr.md 列出了试过的种子中有几个长出了这个头。',
};
