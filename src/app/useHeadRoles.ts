// The head roles of the model in use for the page's sentence (src/shared/headRoles.ts): asked of the
// worker (`headRoles`) at each model revision, ~100 ms after the last edit; a newer request cancels
// the one before it, as the trace's does (useTrace.ts).

import { useEffect, useRef, useState } from 'react';
import type { ModelInfo } from '../shared/protocol';
import type { MeasuredRoles } from '../panels/roles/data';
import { errorMessage, type ReportError } from './errors';
import { TRACE_DEBOUNCE_MS } from './useTrace';
import { isCancelled, type WorkerClient } from './workerClient';

export interface HeadRolesState {
  measured: MeasuredRoles | null;
  busy: boolean;
}

export function useHeadRoles(client: WorkerClient | null, model: ModelInfo | null, text: string, report: ReportError): HeadRolesState {
  const [measured, setMeasured] = useState<MeasuredRoles | null>(null);
  const [busy, setBusy] = useState(false);
  const revision = model?.revision;
  // The step of the weights measured: the model's at the time of asking (the revision pins it).
  const step = model?.step ?? 0;
  const stepRef = useRef(step);
  stepRef.current = step;
  const first = useRef(true);

  useEffect(() => {
    if (!client || revision === undefined) return;
    const controller = new AbortController();
    setBusy(true);
    const asked = stepRef.current;
    const timer = window.setTimeout(
      () => {
        client.call('headRoles', { text }, { signal: controller.signal }).then(
          (r) => {
            first.current = false;
            setMeasured({ roles: r.roles, revision: r.revision, step: asked });
            setBusy(false);
          },
          (e: unknown) => {
            if (isCancelled(e)) return;
            setBusy(false);
            report('roles.error', { message: errorMessage(e) });
          },
        );
      },
      first.current ? 0 : TRACE_DEBOUNCE_MS,
    );
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [client, revision, text, report]);

  return { measured, busy };
}
