// 被拒绝或被清理的异常输入（过大或损坏的文件、奇怪的训练文本、过大的学习率、已满或不可用的浏览器存储）的简体中文文本；并入 zh-CN.ts。

import type { hostileEn } from './hostile.en';

export const hostileZhCN: Record<keyof typeof hostileEn, string> = {
  'hostile.checkpoint.tooLarge': '文件“{file}”太大，不可能是检查点（{size} MB；上限是 {max} MB），所以没有读取它。正在使用的模型没有改变。',
  'hostile.checkpoint.empty': '文件 {file} 是空的，不可能是检查点。正在使用的模型没有改变。',

  'hostile.corpus.empty': '文本是空的（只有空格或看不见的字符）：请粘贴或读取一段有文字的文本。',
  'hostile.corpus.cleaned': '已从文本中删除 {n} 个看不见的控制字符或损坏的字符；其余部分照原样使用。',
  'hostile.corpus.binary': '文件“{name}”看起来不是文本（里面是二进制数据，比如图片），所以没有使用它。',

  'hostile.divergence.exploded':
    '训练在第 {step} 步出了问题：损失暴涨到 {loss}，远高于 {limit}（比随机乱猜还差），因为学习率 {lr} 太大了。已经放回第 {restored} 步的权重，训练已暂停。请试一个更小的学习率，比如 {suggested}，然后点“继续”。',
  'hostile.autosave.quota': '无法在本浏览器保存：存储空间已满（超出配额）。训练会继续，但重新加载页面后进度会丢失。请腾出空间或清除已存储的数据。',
  'hostile.autosave.unavailable': '无法在本浏览器保存：这里没有可用的存储（比如在无痕/隐私窗口中）。训练会继续，但重新加载页面后进度会丢失。',
};
