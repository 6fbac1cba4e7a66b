// What is compared: the layer, head and stage of the maps, and the query token (a position both
// sentences share). The token strip marks where A and B differ, and the positions before that.

import type { ReactNode } from 'react';
import { useI18n, type MessageKey } from '../../app/i18n';
import { headLabel, layerLabel } from '../../app/labels';
import { STAGES, type Stage } from '../../app/urlState';
import { IndexSelect } from './translate/IndexSelect';

const STAGE_KEYS: Record<Stage, MessageKey> = {
  scores: 'compare.stage.scores',
  scaled: 'compare.stage.scaled',
  masked: 'compare.stage.masked',
  weights: 'compare.stage.weights',
};

export interface HeadControlsProps {
  nLayers: number;
  nHeads: number;
  layer: number;
  head: number;
  stage: Stage;
  onChange: (change: { layer?: number; head?: number; stage?: Stage }) => void;
}

export function HeadControls({ nLayers, nHeads, layer, head, stage, onChange }: HeadControlsProps): ReactNode {
  const { t } = useI18n();
  return (
    <div className="compare-controls">
      <IndexSelect label={t('compare.layer')} value={layer} count={nLayers} name={(i) => layerLabel(t, i)} onPick={(i) => onChange({ layer: i })} testId="compare-layer" />
      <IndexSelect label={t('compare.head')} value={head} count={nHeads} name={(i) => headLabel(t, i)} onPick={(i) => onChange({ head: i })} testId="compare-head" />
      <label>
        {t('compare.stage')}{' '}
        <select value={stage} onChange={(e) => onChange({ stage: e.target.value as Stage })} data-testid="compare-stage">
          {STAGES.map((s) => (
            <option key={s} value={s}>
              {t(STAGE_KEYS[s])}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}

export interface QueryStripProps {
  tokensA: readonly string[];
  tokensB: readonly string[];
  /** Positions whose word the model does not know (read as <unk>), in A and in B. */
  unknownA: readonly number[];
  unknownB: readonly number[];
  /** Positions both sentences have. */
  n: number;
  first: number;
  query: number;
  onQuery: (position: number) => void;
}

/** The shared positions as buttons: "it" and the other tokens before the first difference are marked as seeing the same. */
export function QueryStrip({ tokensA, tokensB, unknownA, unknownB, n, first, query, onQuery }: QueryStripProps): ReactNode {
  const { t } = useI18n();
  return (
    <div className="compare-strip" role="group" aria-label={t('compare.queryPick')}>
      <span className="compare-strip-label">{t('compare.queryPick')}</span>
      {Array.from({ length: n }, (_, i) => {
        const same = tokensA[i] === tokensB[i];
        const unknown = unknownA.includes(i) || unknownB.includes(i);
        const cls = ['compare-token', i < first ? 'before' : 'after', same ? 'same' : 'differs', i === query ? 'active' : '', unknown ? 'unknown' : ''].join(' ');
        return (
          <button
            key={i}
            type="button"
            className={cls}
            onClick={() => onQuery(i)}
            aria-pressed={i === query}
            title={`${i < first ? t('compare.tokenBefore') : t('compare.tokenAfter')}${unknown ? ` ${t('compare.tokenUnknown')}` : ''}`}
            data-unknown={unknown ? 'true' : undefined}
            data-testid="compare-token"
            data-pos={i}
          >
            <span className="compare-token-pos">{i}</span>
            {same ? tokensA[i] : `${tokensA[i]} | ${tokensB[i]}`}
          </button>
        );
      })}
    </div>
  );
}
