// The embedding matrix and position table of the model in use, fetched from the worker once per model
// revision (they change only when the model changes).

import { useEffect, useState } from 'react';
import { errorMessage, type ReportError } from '../app/errors';
import { isCancelled, type WorkerClient } from '../app/workerClient';
import type { EmbeddingTables, ModelInfo } from '../shared/protocol';
import type { Mat } from '../shared/trace';

function sameMat(a: Mat, b: Mat): boolean {
  if (a.rows !== b.rows || a.cols !== b.cols) return false;
  for (let i = 0; i < a.data.length; i++) if (a.data[i] !== b.data[i]) return false;
  return true;
}

/**
 * The new tables, keeping the previous objects of the position tables when their numbers did not
 * change (a sinusoidal table never does while training), so that views of them need not redraw.
 */
export function keepUnchanged(prev: EmbeddingTables | null, next: EmbeddingTables): EmbeddingTables {
  if (!prev) return next;
  const positionTable = sameMat(prev.positionTable, next.positionTable) ? prev.positionTable : next.positionTable;
  const sinusoidal = sameMat(prev.sinusoidal, next.sinusoidal) ? prev.sinusoidal : next.sinusoidal;
  return { ...next, positionTable, sinusoidal };
}

export function useEmbeddingTables(client: WorkerClient | null, model: ModelInfo | null, report: ReportError): EmbeddingTables | null {
  const [tables, setTables] = useState<EmbeddingTables | null>(null);
  const revision = model?.revision;
  useEffect(() => {
    if (!client || revision === undefined) return;
    const controller = new AbortController();
    client.call('embeddings', {}, { signal: controller.signal }).then((next) => setTables((prev) => keepUnchanged(prev, next)), (e: unknown) => {
      if (!isCancelled(e)) report('embeddingsx.error', { message: errorMessage(e) });
    });
    return () => controller.abort();
  }, [client, revision, report]);
  return tables;
}
