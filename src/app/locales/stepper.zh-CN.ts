// 简体中文 texts of the stepper views; spread into the main dictionary (zh-CN.ts).

import type { stepperEn } from './stepper.en';

export const stepperZhCN: Record<keyof typeof stepperEn, string> = {
};
