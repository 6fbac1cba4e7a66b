// A panel that only serves the decoder-only model, shown while a translation model is in use: its
// title and one sentence saying so (never a blank panel, never a request the model cannot answer).

import type { ReactNode } from 'react';
import { useI18n, type MessageKey } from '../app/i18n';

export function NotForThisModel({ title, testId, className = '' }: { title: MessageKey; testId: string; className?: string }): ReactNode {
  const { t } = useI18n();
  const name = t(title);
  return (
    <section className={`panel not-for-model ${className}`.trim()} data-testid={testId} aria-label={name}>
      <h2>{name}</h2>
      <p className="note" data-testid="not-for-model">
        {t('seq2seq.notFor', { panel: name })}
      </p>
    </section>
  );
}
