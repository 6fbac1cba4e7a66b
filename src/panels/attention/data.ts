// The attention matrices the panel shows, read from the trace by typed field (no string keys).

import type { HeadRef } from '../../shared/protocol';
import type { ForwardTrace, Mat } from '../../shared/trace';

/** The stages in the order they are computed; the panel opens on the last one (softmax weights). */
export const ATTENTION_STAGES = ['scores', 'scaled', 'masked', 'weights'] as const;
export type AttentionStage = (typeof ATTENTION_STAGES)[number];

/** The matrix of one stage of one head (what the large map shows), [T, T]. */
export function stageMatrix(trace: ForwardTrace, head: HeadRef, stage: AttentionStage): Mat {
  const layer = trace.layers[head.layer];
  switch (stage) {
    case 'scores':
      return layer.scores[head.head];
    case 'scaled':
      return layer.scaled[head.head];
    case 'masked':
      return layer.masked[head.head];
    case 'weights':
      return layer.weights[head.head];
  }
}
