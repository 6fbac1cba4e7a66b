// 简体中文 texts of training the encoder–decoder on the translation corpus; spread into zh-CN.ts.

import type { translateTrainingEn } from './translateTraining.en';

export const translateTrainingZhCN: Record<keyof typeof translateTrainingEn, string> = {
  'training.corpus.translate': '内置的英译中句对（“… because it was too tired .” → “……因为动物太累了。”）。训练的是编码器–解码器模型。',
  'training.corpus.translateFr': '内置的英译法句对（“… because it was too tired .” → “… parce qu’il était trop fatigué .”）：法语必须为 it 选 il（阳性）或 elle（阴性）。训练的是编码器–解码器模型（编码器 4 层，解码器 1 层）。',
  'training.corpus.newRun': '这份训练文本训练的是另一种模型，和当前这轮不同：点“训练”会从随机权重开始新的一轮。',
  'training.presetOption.encoderDecoder': '{name}：编码器 {encoderLayers} 层 + 解码器 {layers} 层，每层 {heads} 个头，d_model {dModel}',

  'training.stats.exact': '完全译对',
  'training.stats.referent': '“it” 译成了正确的名词',
  'training.stats.translationValue': '{n} 个没训练过的句子中占 {pct}%',
  'training.chart.translation': '没见过的句子上的翻译准确率',
  'training.chart.translationHelp':
    '这些英文句子里的名词组合在训练中从没出现过。模型一个字一个字地翻译（每次都选它认为最可能的下一个字）。完全译对：整句译文都对。正确的名词：在“因为”后面写出 it 指代的那个名词（tired 对应“动物”，narrow 对应“马路”）；如果每次在两个名词里随便挑一个，大约能得 50%。',
  'training.chart.exact': '完全译对',
  'training.chart.referent': '名词正确',

  'live.helpSites': '上面那句话以及模型现在给出的译文，在每一层、每一个注意力头里的注意力。编码器–解码器有三处注意力，选一处来看。颜色越深，看得越多。',
  'live.sites': '注意力发生的位置',
  'live.site.decoder': '自注意力',
  'live.site.encoder': '编码器自注意力',
  'live.site.decoder-self': '解码器自注意力',
  'live.site.cross': '交叉注意力',
  'live.siteHelp.decoder': '行：提问的词；列：它去看的前面的词。',
  'live.siteHelp.encoder': '行：每个英文词；列：它去看的所有英文词，前后都可以（没有掩码：编码器一次读完整句话）。',
  'live.siteHelp.decoder-self': '行：已经写出的中文（从 <bos> 开始）；列：它去看的前面的中文字（有掩码：看不到还没写出来的字）。',
  'live.siteHelp.cross': '行：接下来要写的中文字；列：它去看的英文词（查询 Q 来自解码器，键 K 和值 V 来自编码器）。',
  'live.siteLayerHead': '{site}，{head}',
  'live.translation': '模型在这一步的译文：{target}',
};
