// What a model learning real text writes while it trains (唐诗, English): a strip of samples, one per
// evaluation (the same seed and beginning each time, newest first, scrollable), and for 唐诗 the
// line-length meter: the share of the sampled poems' finished lines with exactly five or seven
// characters. Every figure comes from the worker's evaluation (TrainEval.text).

import type { ReactNode } from 'react';
import { useI18n } from '../app/i18n';
import type { TrainEval } from '../shared/training';
import './textSamples.css';

export interface TextSamplesProps {
  evals: readonly TrainEval[];
  /** The run's corpus ("builtin:tang" shows the meter). */
  corpusId: string;
}

/** Poems per check and characters per poem, as the worker samples them (src/worker/trainingCorpora.ts), for the help text. */
const TANG_SAMPLING = { count: 8, tokens: 48 };

export function TextSamples({ evals, corpusId }: TextSamplesProps): ReactNode {
  const { t } = useI18n();
  const withText = evals.filter((e) => e.text != null);
  const newest = withText.at(-1) ?? null;
  const tang = corpusId === 'builtin:tang';
  const lines = newest?.text?.lines ?? null;
  const prompt = newest?.text?.prompt ?? (tang ? '' : null);
  return (
    <div className="text-samples" data-testid="text-samples">
      <h3>{t('training.samples.title')}</h3>
      <p className="help small">
        {t('training.samples.help')}{' '}
        {prompt === null ? null : prompt === '' ? t('training.samples.fromStart') : t('training.samples.prompt', { prompt })}
      </p>
      {tang && (
        <div className="line-meter" data-testid="line-meter" data-share={lines?.share ?? ''} data-lines={lines?.lines ?? ''} data-regular={lines?.regular ?? ''}>
          <span className="line-meter-title">{t('training.meter.title')}</span>
          <span className="line-meter-bar" aria-hidden="true">
            <span style={{ width: `${Math.round((lines?.share ?? 0) * 100)}%` }} />
          </span>
          <span className="line-meter-value" data-testid="line-meter-value">
            {lines && lines.share !== null
              ? t('training.meter.value', { pct: Math.round(lines.share * 100), n: lines.lines })
              : newest
                ? t('training.meter.none')
                : '—'}
          </span>
          <p className="help small">{t('training.meter.help', TANG_SAMPLING)}</p>
        </div>
      )}
      {withText.length === 0 ? (
        <p className="empty">{t('training.samples.empty')}</p>
      ) : (
        <ol className="sample-strip" aria-label={t('training.samples.aria')} data-testid="sample-strip" tabIndex={0}>
          {[...withText].reverse().map((e) => (
            <li key={e.step} data-step={e.step}>
              <span className="sample-step">{t('training.samples.step', { step: e.step })}</span>
              <span className="sample-text" lang={tang ? 'zh-CN' : 'en'}>
                {e.text?.samples[0] ?? ''}
              </span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
