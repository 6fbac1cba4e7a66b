// The replay of training snapshots: a slider over the snapshots taken while training, Play (steps
// through them a few times a second) and Back to live. The chosen index is owned by the parent; what
// the step shown holds beside the maps (the heads' roles) comes in as children.

import { useEffect, type ReactNode } from 'react';
import { useI18n } from '../app/i18n';
import type { TrainSnapshot } from '../shared/training';

export const PLAY_INTERVAL_MS = 350;

export interface HistoryScrubberProps {
  snapshots: readonly TrainSnapshot[];
  /** null = live. */
  index: number | null;
  onIndex: (i: number | null) => void;
  playing: boolean;
  onPlaying: (p: boolean) => void;
  children?: ReactNode;
}

export function HistoryScrubber({ snapshots, index, onIndex, playing, onPlaying, children }: HistoryScrubberProps): ReactNode {
  const { t } = useI18n();
  const n = snapshots.length;

  useEffect(() => {
    if (!playing) return;
    const timer = window.setInterval(() => {
      const next = index === null ? 0 : index + 1;
      if (next >= n) {
        onPlaying(false);
        return;
      }
      onIndex(next);
    }, PLAY_INTERVAL_MS);
    return () => window.clearInterval(timer);
  }, [playing, index, n, onIndex, onPlaying]);

  if (n === 0) return <p className="help small">{t('history.none')}</p>;
  const shown = index === null ? n - 1 : Math.min(index, n - 1);
  return (
    <div className="history-scrubber">
      <h3>{t('history.title')}</h3>
      <p className="help small">{t('history.help')}</p>
      <div className="scrubber-row">
        <button
          type="button"
          onClick={() => {
            if (playing) onPlaying(false);
            else {
              if (index === null || index >= n - 1) onIndex(0);
              onPlaying(true);
            }
          }}
          data-testid="history-play"
        >
          {playing ? t('history.stop') : t('history.play')}
        </button>
        <input
          type="range"
          min={0}
          max={n - 1}
          value={shown}
          aria-label={t('history.slider')}
          onChange={(e) => {
            onPlaying(false);
            onIndex(Number(e.target.value));
          }}
          data-testid="history-slider"
        />
        <button
          type="button"
          onClick={() => {
            onPlaying(false);
            onIndex(null);
          }}
          disabled={index === null}
        >
          {t('history.live')}
        </button>
      </div>
      <p className="help small">{t('history.count', { n, first: snapshots[0].step, last: snapshots[n - 1].step })}</p>
      {children}
    </div>
  );
}
