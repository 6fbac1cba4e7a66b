// 无障碍辅助（图的文字替代）的简体中文文本；并入主词典（zh-CN.ts）。

import type { a11yEn } from './a11y.en';

export const a11yZhCN: Record<keyof typeof a11yEn, string> = {
  'a11y.table.min': '最小值',
  'a11y.table.max': '最大值',
  'a11y.table.argmax': '最大值所在',
};
