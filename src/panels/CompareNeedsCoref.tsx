// The Compare view in the place of the real models' (唐诗, English): it studies how the coreference
// model resolves "it", so it says so and offers to load that model.

import type { ReactNode } from 'react';
import { useI18n } from '../app/i18n';
import type { MessageKey } from '../app/i18n';

export interface CompareNeedsCorefProps {
  /** The picker name of the model in use. */
  modelName: MessageKey;
  onLoadCoref: () => void;
}

export function CompareNeedsCoref({ modelName, onLoadCoref }: CompareNeedsCorefProps): ReactNode {
  const { t } = useI18n();
  return (
    <section className="panel compare-panel" id="compare" data-testid="compare-needs-coref" aria-labelledby="compare-needs-title">
      <h2 id="compare-needs-title">{t('compare.needsCoref.title')}</h2>
      <p className="help">{t('compare.needsCoref', { model: t(modelName) })}</p>
      <button type="button" onClick={onLoadCoref} data-testid="compare-load-coref">
        {t('compare.needsCoref.load')}
      </button>
    </section>
  );
}
