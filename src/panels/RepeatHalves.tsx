// The induction task's figures while training (builtin:repeat): the validation loss on the first half
// (random syllables: never below ln of their number) and on the repeated half of the held-out
// sequences, newest values and both curves against the step. The repeated half's sudden drop is the
// induction head forming. Every figure comes from the worker's evaluation (TrainEval.repeat).

import { useMemo, type ReactNode } from 'react';
import { useI18n } from '../app/i18n';
import type { TrainEval } from '../shared/training';
import { LineChart } from '../viz/LineChart';
import type { ReferenceLine, Series } from '../viz/lineChart';
import './repeatHalves.css';

export interface RepeatHalvesProps {
  /** The run's evaluations (the array grows in place; `version` changes when it does). */
  evals: readonly TrainEval[];
  version: number;
}

const fmt = (x: number): string => (Number.isFinite(x) ? x.toFixed(3) : '—');

export function RepeatHalves({ evals, version }: RepeatHalvesProps): ReactNode {
  const { t } = useI18n();
  // evals grows in place: version says when it changed.
  const points = useMemo(() => evals.filter((e) => e.repeat != null), [evals, version]);
  const newest = points.at(-1)?.repeat ?? null;
  const symbols = newest ? Math.round(Math.exp(newest.floor)) : 60;
  const floor = newest ? newest.floor : Math.log(60);
  const { series, references, yDomain } = useMemo(() => {
    const xs = points.map((e) => e.step);
    const s: Series[] = [
      { id: 'first-half', label: t('repeat.chart.first'), xs, ys: points.map((e) => e.repeat?.firstHalf ?? Number.NaN), dots: true },
      { id: 'repeated-half', label: t('repeat.chart.repeated'), xs, ys: points.map((e) => e.repeat?.repeatedHalf ?? Number.NaN), dots: true },
    ];
    const r: ReferenceLine[] = [{ id: 'floor', label: t('repeat.chart.floor', { symbols, floor: floor.toFixed(2) }), y: floor }];
    // From 0, so that the repeated half's drop reads as the share of the first half it is.
    let top = floor;
    for (const e of points) top = Math.max(top, e.repeat?.firstHalf ?? 0, e.repeat?.repeatedHalf ?? 0);
    return { series: s, references: r, yDomain: [0, top * 1.05] as [number, number] };
  }, [points, t, symbols, floor]);
  const ratio = newest && newest.firstHalf > 0 ? newest.repeatedHalf / newest.firstHalf : Number.NaN;
  return (
    <div className="repeat-halves" data-testid="repeat-halves" data-evals={points.length}>
      <h3>{t('repeat.title')}</h3>
      <p className="help small">{t('repeat.help', { symbols, floor: floor.toFixed(2) })}</p>
      <dl className="training-stats">
        <div>
          <dt>{t('repeat.first')}</dt>
          <dd data-testid="repeat-first" data-value={newest?.firstHalf ?? ''}>
            {newest ? t('repeat.value', { loss: fmt(newest.firstHalf) }) : '—'}
          </dd>
        </div>
        <div>
          <dt>{t('repeat.repeated')}</dt>
          <dd data-testid="repeat-repeated" data-value={newest?.repeatedHalf ?? ''}>
            {newest ? t('repeat.value', { loss: fmt(newest.repeatedHalf) }) : '—'}
          </dd>
        </div>
        <div>
          <dt>{t('repeat.ratio')}</dt>
          <dd data-testid="repeat-ratio" data-value={Number.isFinite(ratio) ? ratio : ''}>
            {Number.isFinite(ratio) ? t('repeat.ratioValue', { pct: Math.round(ratio * 100) }) : '—'}
          </dd>
        </div>
      </dl>
      {points.length === 0 ? (
        <p className="empty">{t('repeat.empty')}</p>
      ) : (
        <>
          <LineChart
            series={series}
            references={references}
            yDomain={yDomain}
            xLabel={t('training.chart.step')}
            ariaLabel={t('repeat.chart.aria', { n: points.length })}
            testId="repeat-chart"
          />
          {newest && <p className="help small">{t('repeat.sequences', { n: newest.sequences })}</p>}
        </>
      )}
    </div>
  );
}
