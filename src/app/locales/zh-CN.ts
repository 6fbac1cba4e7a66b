// 简体中文 texts: every key of the English dictionary, checked by the type.

import type { MessageKey } from './en';
import { faultsZhCN } from './faults.zh-CN';
import { hostileZhCN } from './hostile.zh-CN';
import { compareZhCN } from './compare.zh-CN';
import { compareTranslateZhCN } from './compareTranslate.zh-CN';
import { seq2seqZhCN } from './seq2seq.zh-CN';
import { panelsZhCN } from './panels.zh-CN';
import { neighboursZhCN } from './neighbours.zh-CN';
import { stepperZhCN } from './stepper.zh-CN';
import { trainingZhCN } from './training.zh-CN';
import { translateTrainingZhCN } from './translateTraining.zh-CN';
import { mapZhCN } from './map.zh-CN';
import { wordsZhCN } from './words.zh-CN';
import { labelsZhCN } from './labels.zh-CN';
import { a11yZhCN } from './a11y.zh-CN';
import { textModelsZhCN } from './textModels.zh-CN';
import { rolesZhCN } from './roles.zh-CN';
import { repeatZhCN } from './repeat.zh-CN';
import { itHeadsZhCN } from './itHeads.zh-CN';
import { backwardZhCN } from './backward.zh-CN';
import { famousZhCN } from './famous.zh-CN';

export const zhCN: Record<MessageKey, string> = {
  ...faultsZhCN,
  ...hostileZhCN,
  ...trainingZhCN,
  ...translateTrainingZhCN,
  ...panelsZhCN,
  ...neighboursZhCN,
  ...stepperZhCN,
  ...compareZhCN,
  ...compareTranslateZhCN,
  ...seq2seqZhCN,
  ...mapZhCN,
  ...wordsZhCN,
  ...labelsZhCN,
  ...a11yZhCN,
  ...textModelsZhCN,
  ...rolesZhCN,
  ...repeatZhCN,
  ...itHeadsZhCN,
  ...backwardZhCN,
  ...famousZhCN,
  'app.title': 'Transformer 探索器',
  'app.subtitle': '一个在你的浏览器里运行的小型 Transformer。本页上的每个数字都来自真实的模型。',
  'app.privacy': '一切都在你的电脑上运行；你输入的内容不会被发送到任何地方。',

  'lang.label': '语言',

  'backend.label': '计算后端',
  'backend.starting': '正在启动…',
  'backend.ready': '已初始化（{detail}）',
  'backend.readyRequested': '按要求选择，已初始化（{detail}）',
  'backend.fallback': '{failed}——改用这个后端（{detail}）',
  'backend.failedShort': '不可用',

  'model.label': '模型',
  'model.loading': '正在加载…',
  'model.shipped': '已训练的检查点，第 {step} 步',
  'model.random': '随机权重（未训练）',
  'model.imported': '导入的检查点，第 {step} 步',
  'model.stored': '本浏览器保存的检查点，第 {step} 步',
  'model.shape': '{layers} 层 × {heads} 个头，d_model {dModel}，{params} 个参数，词表 {vocab} 个词元',
  'model.note.noShipped': '这个版本没有附带训练好的检查点，所以模型是随机权重，它的注意力模式暂时没有意义。',
  'model.note.unusable': '附带的检查点无法使用（{detail}），所以模型是随机权重。',

  'sentence.label': '句子',
  'sentence.help': '编辑这个句子。你一边输入，模型一边重新读它。',
  'sentence.truncated': '文本超过了模型一次能读的长度（{n} 个词元）；只使用前 {n} 个词元。',
  'sentence.busy': '计算中…',

  'tokens.title': '词元',
  'tokens.help':
    '句子被切成一个个词元：英文单词、标点符号、单个汉字。每个词元在模型的词表里有一个编号（id）。<bos> 表示文本的开头。',
  'tokens.id': '编号 {id}',
  'tokens.position': '位置 {pos}',
  'tokens.unknown': '不在模型的词表里，所以模型把它当作 <unk>（未知词元）。',
  'tokens.bos': '文本的开头：每个输入都以这个词元开始。',
  'tokens.unknownCount': '有 {n} 个词元不在词表里（用虚线边框标出）。',
  'tokens.empty': '输入一些文字，就能看到它的词元。',

  'attention.title': '注意力',
  'attention.help':
    '每一行是一个提出问题的词元（查询，query）；每一列是它可以看的词元（键，key）。格子颜色越深，表示这一行的词元越关注这一列的词元。一个词元只能看它自己和它前面的词元。',
  'attention.layer': '层',
  'attention.head': '头',
  'attention.stage': '阶段',
  'attention.stage.weights': '权重：softmax（每一行加起来等于 1）',
  'attention.stage.scores': '分数：Q·Kᵀ',
  'attention.stage.scaled': '缩放：Q·Kᵀ / √d_k',
  'attention.stage.masked': '掩码：后面的词元设为 −∞',
  'attention.none': '模型读完句子后，这里会显示注意力图。',

  'heatmap.query': '查询（行）',
  'heatmap.key': '键（列）',
  'heatmap.value': '数值',
  'heatmap.masked': '已遮住：词元不能看后面的词元',
  'heatmap.maskedShort': '已遮住（−∞）',
  'heatmap.aria': '{rows} × {cols} 个词元的注意力图',

  'checkpoint.title': '检查点',
  'checkpoint.download': '下载 model.json + weights.bin',
  'checkpoint.upload': '加载检查点文件…',
  'checkpoint.uploadHelp': '同时选择 model.json 和 weights.bin 两个文件。',
  'checkpoint.save': '保存到本浏览器',
  'checkpoint.load': '加载已保存的',
  'checkpoint.saved': '已保存到本浏览器。',
  'checkpoint.loaded': '检查点已加载。',
  'checkpoint.none': '本浏览器里还没有保存过检查点。',

  'error.title': '出错了',
  'error.dismiss': '关闭',
  'error.workerCrashed': '模型的后台线程停止了：{message}。请重新加载页面。',
  'error.init': '模型无法启动：{message}',
  'error.trace': '模型无法读取这段文字：{message}',
  'error.import': '无法加载这个检查点：{message}。正在使用的模型没有改变。',
  'error.needTwoFiles': '请同时选择两个文件：model.json 和 weights.bin。',
  'error.storage': '浏览器存储出错：{message}',
  'error.export': '无法导出检查点：{message}',
};
