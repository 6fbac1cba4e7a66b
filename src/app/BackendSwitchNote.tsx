// The notice shown when the backend changed while the page ran (the WebGL context was lost): which
// backend runs now and, for a training run, the step it continues from.

import { useState, type ReactNode } from 'react';
import type { BackendSwitch } from '../shared/protocol';
import { useI18n } from './i18n';

export function BackendSwitchNote({ change }: { change: BackendSwitch | null }): ReactNode {
  const { t } = useI18n();
  const [dismissed, setDismissed] = useState<BackendSwitch | null>(null);
  if (!change || dismissed === change) return null;
  const backend = change.info.backend;
  const text =
    change.resumedStep !== null
      ? t('faults.contextLost.training', { backend, lost: change.lostAtStep ?? change.resumedStep, step: change.resumedStep })
      : t('faults.contextLost.model', { backend });
  return (
    <p
      className="model-note"
      role="status"
      data-testid="backend-switch"
      data-backend={backend}
      data-from={change.from}
      data-step={change.resumedStep ?? undefined}
      data-lost-step={change.lostAtStep ?? undefined}
    >
      {text}{' '}
      <button type="button" className="link-button" onClick={() => setDismissed(change)}>
        {t('faults.dismiss')}
      </button>
    </p>
  );
}
