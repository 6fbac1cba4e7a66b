// 层和头的名称（src/app/labels.ts 用它们拼出所有这类标签）；并入主词典（zh-CN.ts）。这里的数字已经从 1 开始数。

import type { labelsEn } from './labels.en';

export const labelsZhCN: Record<keyof typeof labelsEn, string> = {
  'label.layer': '第 {n} 层',
  'label.head': '第 {n} 头',
  'label.layerHead': '第 {layer} 层 第 {head} 头',
  'label.layerShort': '{n}层',
  'label.layerHeadShort': '{layer}层{head}头',
};
