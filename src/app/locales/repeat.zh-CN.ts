// 归纳任务（builtin:repeat）的简体中文文本。

import type { repeatEn } from './repeat.en';

export const repeatZhCN: Record<keyof typeof repeatEn, string> = {
  'training.corpus.repeat':
    '重复的音节：先是一串随机音节（ba、ko、tu……共 60 个），再把同一串重复一遍。前一半无法猜中；后一半可以靠“照抄”预测——看归纳头（induction head）出现。',
  'repeat.title': '归纳：前后两半的损失',
  'repeat.help':
    '每条验证序列都是一串随机音节，后面跟着同样的一串。前一半没有任何规律可循，它的损失不可能低于 ln {symbols} = {floor}（在 {symbols} 个音节里瞎猜）。重复的后一半可以往回看来预测：找到当前音节上一次出现的位置，说出当时紧跟在它后面的那个音节。一旦形成归纳头（第 1 层的“前一个词元”头与第 2 层的一个头配合），后一半的损失会突然降到远低于前一半。',
  'repeat.first': '前一半（随机）',
  'repeat.repeated': '重复的后一半',
  'repeat.ratio': '后一半 ÷ 前一半',
  'repeat.value': '{loss} 奈特',
  'repeat.ratioValue': '{pct}%',
  'repeat.chart.first': '前一半',
  'repeat.chart.repeated': '重复的后一半',
  'repeat.chart.floor': 'ln {symbols} = {floor}（前一半的下限）',
  'repeat.chart.aria': '前一半与重复的后一半的验证损失，共 {n} 次评估',
  'repeat.empty': '大约 50 步后进行第一次评估。',
  'repeat.sequences': '在 {n} 条留出的序列上测量。',
};
