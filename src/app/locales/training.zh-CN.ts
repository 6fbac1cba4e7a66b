// 简体中文 texts of the training views; spread into the main dictionary (zh-CN.ts).

import type { trainingEn } from './training.en';

export const trainingZhCN: Record<keyof typeof trainingEn, string> = {
};
