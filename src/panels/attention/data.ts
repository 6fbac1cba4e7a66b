// The attention matrices the panel shows, read from the trace by typed field (no string keys).

import type { HeadRef } from '../../shared/protocol';
import type { AttentionTrace, Mat } from '../../shared/trace';

/** The stages in the order they are computed; the panel opens on the last one (softmax weights). */
export const ATTENTION_STAGES = ['scores', 'scaled', 'masked', 'weights'] as const;
export type AttentionStage = (typeof ATTENTION_STAGES)[number];

/**
 * The matrix of one stage of one head (what the large map shows): [T, T] for self-attention, [T, S]
 * for cross-attention. `site` is a decoder-only trace, or one attention site (attention/sites.ts).
 */
export function stageMatrix(site: { layers: readonly AttentionTrace[] }, head: HeadRef, stage: AttentionStage): Mat {
  const layer = site.layers[head.layer];
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
