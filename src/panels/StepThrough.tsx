// The step-through section: two walk-throughs side by side as tabs — one token's forward pass, and
// one training step of the whole sentence (the backward pass and Adam's update). The choice is the
// page's (`walk` in the URL); only the shown walk-through is mounted, so only it answers the arrow keys
// and only it asks the worker for its numbers.

import type { ReactNode } from 'react';
import { useI18n } from '../app/i18n';
import type { Walk } from '../app/pageUrl';
import { useWalkChoice } from '../app/usePageNav';
import './trainingStep.css';

export interface StepThroughProps {
  forward: ReactNode;
  training: ReactNode;
}

const TABS: { walk: Walk; key: 'backward.tab.forward' | 'backward.tab.training' }[] = [
  { walk: 'forward', key: 'backward.tab.forward' },
  { walk: 'training', key: 'backward.tab.training' },
];

export function StepThrough({ forward, training }: StepThroughProps): ReactNode {
  const { t } = useI18n();
  const [walk, setWalk] = useWalkChoice();
  return (
    <div className="step-through" data-walk={walk}>
      <div className="walk-tabs" role="tablist" aria-label={t('backward.tabs')}>
        {TABS.map((tab) => (
          <button
            key={tab.walk}
            type="button"
            role="tab"
            id={`walk-tab-${tab.walk}`}
            aria-selected={walk === tab.walk}
            aria-controls="walk-panel"
            className={walk === tab.walk ? 'walk-tab selected' : 'walk-tab'}
            onClick={() => setWalk(tab.walk)}
            data-testid={`walk-${tab.walk}`}
          >
            {t(tab.key)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id="walk-panel" aria-labelledby={`walk-tab-${walk}`}>
        {walk === 'training' ? training : forward}
      </div>
    </div>
  );
}
