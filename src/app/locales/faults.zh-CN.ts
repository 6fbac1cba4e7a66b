// 故障恢复的简体中文文本（WebGL 上下文丢失、模型 worker 崩溃）；并入 zh-CN.ts。

import type { faultsEn } from './faults.en';

export const faultsZhCN: Record<keyof typeof faultsEn, string> = {
  'faults.restarted.resumed.error':
    '模型 worker 崩溃了（{message}）。已启动一个新的 worker，并从自动保存恢复了你的训练：第 {step} 步。训练已暂停：点“继续”接着训练。',
  'faults.restarted.resumed.unresponsive':
    '模型 worker 没有响应了（{message}）。已启动一个新的 worker，并从自动保存恢复了你的训练：第 {step} 步。训练已暂停：点“继续”接着训练。',
  'faults.restarted.nothingSaved.error':
    '模型 worker 崩溃了（{message}），当时你的训练还没有自动保存过。已启动一个新的 worker，并载入了自带的模型。',
  'faults.restarted.nothingSaved.unresponsive':
    '模型 worker 没有响应了（{message}），当时你的训练还没有自动保存过。已启动一个新的 worker，并载入了自带的模型。',
  'faults.restarted.shipped.error': '模型 worker 崩溃了（{message}）。已启动一个新的 worker，并重新载入了自带的模型。',
  'faults.restarted.shipped.unresponsive': '模型 worker 没有响应了（{message}）。已启动一个新的 worker，并重新载入了自带的模型。',

  'faults.contextLost.training':
    '显卡在第 {lost} 步停止为本页工作（WebGL 上下文丢失）。训练改用 {backend} 继续，从第 {step} 步开始——这是最近一份确认正常的权重；其余都没有丢失。',
  'faults.contextLost.model': '显卡停止为本页工作（WebGL 上下文丢失）。模型现在改用 {backend} 运行；没有丢失任何东西。',
  'faults.dismiss': '知道了',
};
