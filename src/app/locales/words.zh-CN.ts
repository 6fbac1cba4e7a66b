// “模型认识的词”（标出不认识的词、给出替换建议、词表）的简体中文文本；并入主词典（zh-CN.ts）。

import type { wordsEn } from './words.en';

export const wordsZhCN: Record<keyof typeof wordsEn, string> = {
  'words.unknownTitle': '不在模型的词表里（模型把它们读成 <unk>）：',
  'words.unknownMore': '……还有 {n} 个不认识的词。',
  'words.spelling': '拼写相近：',
  'words.noSpelling': '词表里没有拼写相近的词。',
  'words.noSpellingCjk': '任意两个汉字之间都只差一处编辑，拼写帮不上忙；请在词表里找一个。',
  'words.meaning': '与“{word}”意思相近（按模型的词嵌入）：',
  'words.noMeaning': '在模型的词嵌入里，没有哪个词与“{word}”明显相近（余弦相似度都不超过 {threshold} = 3/√{d}）。',
  'words.replace': '把“{from}”换成“{to}”',
  'words.cosine': '余弦相似度 {value}',
  'words.edits': '差 {n} 处',
  'words.announceSome': '模型不认识 {n} 个词：{words}。',
  'words.announceNone': '现在句子里的每个词模型都认识了。',
  'words.open': '模型认识的词（{n} 个）',
  'words.dialogTitle': '模型认识的词',
  'words.dialogHelp': '分词器在这张表里查每个词（每个汉字）；查不到的都变成 <unk>。英文不分大小写。',
  'words.search': '在词表里搜索',
  'words.count': '显示 {shown} / {total} 个',
  'words.groupWords': '英文单词',
  'words.groupCjk': '汉字',
  'words.groupOther': '标点和其他符号',
  'words.specials': '模型自己使用的特殊词元（不用输入）：{list}',
  'words.none': '词表里没有包含“{query}”的词。',
  'words.close': '关闭',
};
