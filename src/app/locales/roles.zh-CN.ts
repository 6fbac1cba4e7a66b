// 注意力头“角色”的简体中文文本（src/shared/headRoles.ts，docs/head-roles.md）：头上的标记、全部分数的表格、
// “训练中的角色”曲线和回放里的角色；并入主词典（zh-CN.ts）。层和头的名称由 src/app/labels.ts 以 {head} 传入。

import type { rolesEn } from './roles.en';

export const rolesZhCN: Record<keyof typeof rolesEn, string> = {
  // ---------------------------------------------------------------- 角色：简称（标记）与全称
  'roles.short.previousToken': '前一个',
  'roles.short.firstToken': '首个',
  'roles.short.currentToken': '自己',
  'roles.short.duplicateToken': '重复',
  'roles.short.induction': '归纳',
  'roles.short.previousLine': '上一行',
  // 模型结构图里最小的头只放一个字。
  'roles.tiny.previousToken': '前',
  'roles.tiny.firstToken': '首',
  'roles.tiny.currentToken': '自',
  'roles.tiny.duplicateToken': '重',
  'roles.tiny.induction': '归',
  'roles.tiny.previousLine': '行',
  'roles.name.previousToken': '前一个词元头',
  'roles.name.firstToken': '首词元头',
  'roles.name.currentToken': '当前词元头',
  'roles.name.duplicateToken': '重复词元头',
  'roles.name.induction': '归纳头',
  'roles.name.previousLine': '上一行头',
  // 给初学者：这种头做什么。
  'roles.explain.previousToken': '每个词元主要看紧挨在它前面的那个词元：这个头把前一个词的信息传过来。',
  'roles.explain.firstToken':
    '每个词元主要看第一个词元（<bos>）。一个头找不到有用的东西可看时，注意力也必须落在某处（每一行加起来总是 1）：<bos> 就是它“歇脚”的地方。',
  'roles.explain.currentToken': '每个词元主要看它自己：这个头保留词元自身的信息。',
  'roles.explain.duplicateToken': '每个词元回头看前面出现过的同一个词元：这个头注意到“这个我见过”。',
  'roles.explain.induction':
    '每个词元看它上一次出现时紧跟在后面的那个词元。如果前面出现过“A B”，现在 A 又来了，这个头就指向 B，于是模型能猜到接下来又是 B。',
  'roles.explain.previousLine': '在诗里，每个字看上一句同一位置的字：上下句互相对应。',
  // 精确的模式：第 i 行应该看哪些键（列）。
  'roles.def.previousToken': '第 i 行：落在第 i − 1 个键上的权重',
  'roles.def.firstToken': '第 i 行：落在第 0 个键（第一个词元 <bos>）上的权重',
  'roles.def.currentToken': '第 i 行：落在第 i 个键（它自己）上的权重',
  'roles.def.duplicateToken': '第 i 行：落在前面与第 i 行词元相同的那些键上的权重（在重复两遍的随机序列上）',
  'roles.def.induction': '第 i 行：落在这样的键 j 上的权重——j 的前一个词元（第 j − 1 个）与第 i 行的词元相同（在重复两遍的随机序列上）',
  'roles.def.previousLine': '第 i 行：落在上一行同一位置那个键上的权重（一行以 ，。？！； 结尾；只在上一行足够长的地方有定义）',
  'roles.scoreRule':
    '分数 = 这个头的注意力落在该角色模式所指位置上的份额，对模式有定义的所有查询行取平均（第一行不算）。1 表示这个头完全这样做；约 1/T 表示注意力平均分给了 T 个词元。分数达到 {threshold} 才显示标记。',
  'roles.probes':
    '在两种输入上测量，从不用训练数据：页面上的句子（前一个、首个、自己、上一行），以及一段 {n} 个词元的随机序列重复两遍，每次都相同（重复、归纳）。',

  // ---------------------------------------------------------------- 标记
  'roles.badge': '{role} {score}',
  'roles.badgeAria': '{head}：{badge}，{role}',
  'roles.none': '无明显角色',
  'roles.noneAria': '{head}：没有角色达到 {threshold}（最强的是 {role} {score}）',
  'roles.replayNote': '角色标记显示的是回放中的快照（第 {step} 步）；注意力图显示的是现在的模型。',
  'roles.snapshotNote': '训练第 {step} 步时的角色。',

  // ---------------------------------------------------------------- 注意力面板
  'roles.error': '无法测量各个头的角色：{message}',
  'roles.title': '这个头在做什么',
  'roles.selected': '{head}：{role}（分数 {score}）。',
  'roles.selectedNone': '{head}：没有角色达到 {threshold}。它最强的是 {role}（分数 {score}）。',
  'roles.selectedUndefined': '这种注意力不测角色（交叉注意力看的是另一个句子，没有自己的顺序可以对照）。',
  'roles.measuring': '正在测量各个头的角色……',
  'roles.tableOpen': '显示全部角色分数表',
  'roles.tableClose': '隐藏角色分数表',
  'roles.tableCaption': '每个头的角色分数（0 到 1；每个头最强的一项加粗，达到 {threshold} 显示标记）',
  'roles.col.site': '注意力',
  'roles.col.head': '头',
  'roles.col.strongest': '最强',
  'roles.undefined': '在这个输入上没有定义',
  'roles.definitions': '每种角色的含义',
  'roles.patternIs': '精确模式——{pattern}。',

  // ---------------------------------------------------------------- 训练中的角色
  'roles.chart.title': '训练中各个头的角色',
  'roles.chart.help': '每条线是一个头在每个快照上对所选角色的分数。一个头学会这种角色时，分数会升向 1。',
  'roles.chart.role': '角色',
  'roles.chart.site': '注意力',
  'roles.chart.threshold': '达到 {threshold} 显示标记',
  'roles.chart.empty': '有了第一批快照后显示角色分数。',
  'roles.chart.aria': '每个头对角色“{role}”的分数随训练步数的变化：{n} 个快照',
  'roles.chart.hover': '第 {step} 步',
  'roles.chart.hoverHelp': '把鼠标移到图上（或聚焦后用 ← →）读出数值。',

  // ---------------------------------------------------------------- 回放
  'roles.replay.title': '第 {step} 步时的角色',
  'roles.replay.none': '这一步没有头达到 {threshold}。',
  'roles.replay.missing': '这个快照是在开始测量角色之前记录的。',
};
