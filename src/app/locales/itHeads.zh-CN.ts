// 编码器 “it” 头图表（src/panels/ItHeadsChart.tsx）的简体中文文本。

import type { itHeadsEn } from './itHeads.en';

export const itHeadsZhCN: Record<keyof typeof itHeadsEn, string> = {
  'itHeads.title': '训练过程中编码器的 “it” 头',
  'itHeads.measure': '度量',
  'itHeads.relative': '相对翻转（两个名词之间的权重分配是否跟着语义走）',
  'itHeads.absolute': '绝对翻转（有多少权重移到所指的名词上）',
  'itHeads.threshold': '从 {threshold} 起算 “it” 头',
  'itHeads.empty': '第一次评估的结果还没出来。',
  'itHeads.strongest': '目前最强的是编码器 {head}：相对翻转 {relative}，绝对翻转 {absolute}（在 {n} 个留出句子上）。',
  'itHeads.isItHead': '它是一个 “it” 头（相对翻转 ≥ {threshold}）：那张著名的图可以把它画出来。',
  'itHeads.noItHead': '（目前）没有哪个头达到 {threshold}：这个模型也许用别的办法带上答案——靠编码器的前馈层，或者由解码器自己去找那个名词。',
  'itHeads.aria': '{n} 次评估中编码器每个头的 “it” 行翻转',
  'itHeads.help':
    '对编码器的每个头，看它在评估所翻译的留出句子里 “it” 那一行：相对翻转 = “it” 指第一个名词时，两个名词的权重中第一个名词所占的份额，减去 “it” 指第二个名词时的同一份额（1：全部移到所指名词上；0：分配没有变化）；绝对翻转 = 移到所指名词上的权重（两个增量的一半）。超过 {threshold} 的头算作 “it” 头，也就是那张著名的图里的那种头。颜色 = 头，虚线样式 = 层。',
};
