// 简体中文 texts of the Embeddings panel's nearest neighbours and its measured figures; spread into
// the main dictionary (zh-CN.ts).

import type { neighboursEn } from './neighbours.en';

export const neighboursZhCN: Record<keyof typeof neighboursEn, string> = {
  'neighbours.title': '“{word}”的最近邻',
  'neighbours.help':
    '向量方向和这个词最接近的那些词，用余弦相似度衡量：1 表示方向相同，0 表示互不相关（互相垂直），−1 表示方向相反。点击一个词就可以查看它。',
  'neighbours.similarity': '余弦相似度',
  'neighbours.sameCategory': '同一类词',
  'neighbours.categoryOf': '“{word}”属于{category}。',
  'neighbours.chance': '每个向量有 {d} 个数字，两个随机方向的余弦大约是 0 ± {sd}；超过 {threshold}（它的 3 倍）就不太可能是巧合。',
  'neighbours.none': '选中句子里的一个词元，或者点击图上的一个点，就能看到它的最近邻。',
  'neighbours.picked': '在本面板中选中',
  'neighbours.measured':
    '在这个模型上实测：训练句子里有 {n} 个词可以分成 {m} 类（{kinds}），每个词在这些词中的 3 个最近邻里，有 {purity}% 和它同类（随机向量：{chance}%）。图的两个坐标轴保留了 {share}% 的差异；在图上，每个词最近的 3 个点里有 {map}% 和它同类。',
  'neighbours.unmeasured': '这个模型没有现成的词类清单可以用来检验它的近邻：近邻是否合理，请你根据列表自己判断。',
  'neighbours.category.animate': '动物和人',
  'neighbours.category.place': '地点',
  'neighbours.category.animateAdj': '形容动物和人的词（累、饿……）',
  'neighbours.category.placeAdj': '形容地点的词（窄、挤……）',
  'neighbours.category.object': '物品',
  'neighbours.category.container': '容器',
  'neighbours.category.size': '表示大小的词（大、小……）',
  'neighbours.kinds': '动物和人、地点、分别形容它们的词、物品、容器、大小',
};
