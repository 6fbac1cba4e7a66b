// The embedding matrix and position table of the model in use, fetched from the worker once per model
// revision (they change only when the model changes).

import { useEffect, useState } from 'react';
import { errorMessage, type ReportError } from '../app/errors';
import { isCancelled, type WorkerClient } from '../app/workerClient';
import type { EmbeddingTables, ModelInfo } from '../shared/protocol';

export function useEmbeddingTables(client: WorkerClient | null, model: ModelInfo | null, report: ReportError): EmbeddingTables | null {
  const [tables, setTables] = useState<EmbeddingTables | null>(null);
  const revision = model?.revision;
  useEffect(() => {
    if (!client || revision === undefined) return;
    const controller = new AbortController();
    client.call('embeddings', {}, { signal: controller.signal }).then(setTables, (e: unknown) => {
      if (!isCancelled(e)) report('embeddingsx.error', { message: errorMessage(e) });
    });
    return () => controller.abort();
  }, [client, revision, report]);
  return tables;
}
