// The Embeddings and Positional panels for a translation model: both stacks start the same way (one
// shared token-embedding table, sinusoidal positions from 0 on each side), so the panels show the
// side of the selected token — the English source the encoder reads, or the decoder's rows — with a
// line saying which.

import { memo, useMemo, type ReactNode } from 'react';
import { useI18n } from '../app/i18n';
import { useSideSelection } from '../app/useSelection';
import type { EmbeddingTables } from '../shared/protocol';
import type { EncoderDecoderTrace } from '../shared/trace';
import { EmbeddingsPanel, type EmbeddingRows } from './EmbeddingsPanel';
import { PositionalPanel } from './PositionalPanel';

function SideNote({ side }: { side: 'source' | 'target' }): ReactNode {
  const { t } = useI18n();
  return (
    <p className="note side-note" data-testid="side-note" data-side={side}>
      {t(side === 'source' ? 'seq2seq.side.source' : 'seq2seq.side.target')}
    </p>
  );
}

export interface SideEmbeddingsProps {
  tables: EmbeddingTables | null;
  trace: EncoderDecoderTrace | null;
  source: readonly string[];
  /** The decoder's rows: <bos> + the translation. */
  target: readonly string[];
}

export const SideEmbeddings = memo(function SideEmbeddings({ tables, trace, source, target }: SideEmbeddingsProps): ReactNode {
  const { side } = useSideSelection({ source: source.length, target: target.length });
  const rows: EmbeddingRows | null = useMemo(() => {
    if (!trace) return null;
    return side === 'source' ? { ids: trace.sourceIds, ...trace.encoder } : { ids: trace.targetIds, ...trace.decoder };
  }, [trace, side]);
  return <EmbeddingsPanel tables={tables} trace={rows} tokens={side === 'source' ? source : target} side={side} caption={<SideNote side={side} />} />;
});

export const SidePositional = memo(function SidePositional({ tables, source, target }: Omit<SideEmbeddingsProps, 'trace'>): ReactNode {
  const { side } = useSideSelection({ source: source.length, target: target.length });
  return <PositionalPanel tables={tables} tokens={side === 'source' ? source : target} />;
});
