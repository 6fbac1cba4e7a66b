// Errors from the worker and from user actions, in the user's language, each dismissable.

import type { ReactNode } from 'react';
import type { AppError } from './errors';
import { useI18n } from './i18n';

export function ErrorBanner({ errors, onDismiss }: { errors: AppError[]; onDismiss: (id: number) => void }): ReactNode {
  const { t } = useI18n();
  if (errors.length === 0) return null;
  return (
    <div className="error-banner" role="alert" data-testid="error-banner">
      <strong>{t('error.title')}</strong>
      <ul>
        {errors.map((e) => (
          <li key={e.id}>
            <span>{t(e.key, e.vars)}</span>
            <button type="button" onClick={() => onDismiss(e.id)} className="link-button">
              {t('error.dismiss')}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
