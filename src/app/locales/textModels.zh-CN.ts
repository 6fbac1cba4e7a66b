// 唐诗模型与英文模型（CONTRACT §7）的简体中文文本。

import type { textModelsEn } from './textModels.en';

export const textModelsZhCN: Record<keyof typeof textModelsEn, string> = {
  'picker.tang': '唐诗（仅解码器）',
  'picker.english': '英文文本（仅解码器）',

  'compare.needsCoref.title': '对比两个句子',
  'compare.needsCoref':
    '“对比”视图研究的是指代消解模型如何在两个几乎相同的句子里判断 “it” 指的是谁。当前模型「{model}」是用别的文本训练的，这里没有可对比的内容。',
  'compare.needsCoref.load': '载入指代消解模型',

  'training.corpus.tang': '唐诗：约一万六千首五言、七言诗，每个汉字是一个词元。',
  'training.corpus.english': '英文：布朗语料库（多种体裁的日常美式英语），按词的片段切分。',
  'training.fromModel': '从当前模型开始，而不是从随机权重开始（在它的基础上继续训练）',
  'training.fromModel.unavailable': '想继续训练已训练好的模型，请先在“模型”选择框里选中它。',
  'training.fromModel.note': '这次训练从第 {step} 步的模型开始。',

  'training.samples.title': '模型写出的文字',
  'training.samples.help':
    '第 50 步写第一次，之后大约每隔一百步（写样本最多占训练时间的十分之一），模型用同一个随机种子、同样的开头再写一次，所以两次样本之间变化的只有模型本身。最新的在最上面。',
  'training.samples.prompt': '每个样本都以“{prompt}”开头。',
  'training.samples.fromStart': '每个样本都从一首诗的开头写起。',
  'training.samples.empty': '大约训练 50 步后出现第一个样本。',
  'training.samples.step': '第 {step} 步',
  'training.samples.aria': '训练过程中写出的样本，最新的在最上面',

  'training.meter.title': '五字或七字的诗句',
  'training.meter.value': '{n} 句完整诗句中占 {pct}%',
  'training.meter.none': '还没有写完的诗句',
  'training.meter.help':
    '唐诗的每一句恰好是五个字或七个字，句末有标点。每次检查时模型写 {count} 首、每首 {tokens} 个字；这里是其中写完的诗句里五字或七字句所占的比例。',

  'training.chart.unigram': '一元基线 {loss}',
  'training.chart.bigram': '二元基线 {loss}',
  'training.chart.baselinesHelp':
    '虚线：两个简单计数模型在同一份留出文本上的验证损失。一元模型只知道每个词元出现得多频繁；二元模型还知道哪个词元常跟在哪个后面。模型的损失低于二元基线，说明它用到的不只是前一个词元。',
};
