// 简体中文 texts of the panels views; spread into the main dictionary (zh-CN.ts).

import type { panelsEn } from './panels.en';

export const panelsZhCN: Record<keyof typeof panelsEn, string> = {
};
