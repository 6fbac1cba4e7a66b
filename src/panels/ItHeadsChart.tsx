// The encoder's "it" heads over training (translation corpora): at every evaluation, every encoder
// head's flip — how far its row for "it" follows the noun "it" means over the held-out sentences the
// evaluation translates (docs/translate-fr.md) — against the step, with the "it" head threshold as a
// dashed line; the strongest head now in words. One colour per head, one dash per layer (as the
// roles chart); while replaying, a vertical line marks the step shown. Every figure comes from the
// worker's evaluation (TrainEval.itHeads).

import { useMemo, useState, type ReactNode } from 'react';
import { useI18n } from '../app/i18n';
import { layerHeadLabel, layerHeadShort } from '../app/labels';
import { useRoles } from '../app/RolesContext';
import { IT_HEAD_RELATIVE_FLIP } from '../shared/itHead';
import type { TrainEval } from '../shared/training';
import { LineChart, type ChartHover } from '../viz/LineChart';
import type { ReferenceLine, Series } from '../viz/lineChart';
import { headColour, layerDash } from './roles/data';

type Measure = 'relative' | 'absolute';

export interface ItHeadsChartProps {
  /** The run's evaluations (the array grows in place; `version` changes when it does). */
  evals: readonly TrainEval[];
  version: number;
}

const fmt = (x: number): string => (Number.isFinite(x) ? x.toFixed(3) : '—');

export function ItHeadsChart({ evals, version }: ItHeadsChartProps): ReactNode {
  const { t } = useI18n();
  const { shown } = useRoles();
  const [measure, setMeasure] = useState<Measure>('relative');
  // evals grows in place: version says when it changed.
  const points = useMemo(() => evals.filter((e) => e.itHeads != null && e.itHeads.heads.length > 0), [evals, version]);
  const newest = points.at(-1)?.itHeads ?? null;
  const strongest = newest ? newest.heads.reduce((b, h) => (h.relative > b.relative ? h : b)) : null;
  const series: Series[] = useMemo(() => {
    const first = points[0]?.itHeads;
    if (!first) return [];
    const xs = points.map((e) => e.step);
    return first.heads.map((h, k) => ({
      id: `it-${h.layer}-${h.head}`,
      label: layerHeadShort(t, h.layer, h.head),
      xs,
      ys: points.map((e) => e.itHeads?.heads[k]?.[measure] ?? Number.NaN),
      color: headColour(h.head),
      dash: layerDash(h.layer),
      dots: xs.length <= 12,
    }));
  }, [points, measure, t]);
  const references: ReferenceLine[] = useMemo(
    () => (measure === 'relative' ? [{ id: 'threshold', label: t('itHeads.threshold', { threshold: IT_HEAD_RELATIVE_FLIP }), y: IT_HEAD_RELATIVE_FLIP }] : []),
    [measure, t],
  );
  const yDomain = useMemo<[number, number]>(() => {
    let lo = -0.1;
    for (const s of series) for (let i = 0; i < s.ys.length; i++) if (Number.isFinite(s.ys[i])) lo = Math.min(lo, s.ys[i]);
    return [Math.floor(lo * 10) / 10, 1];
  }, [series]);
  const hover: ChartHover = useMemo(() => ({ title: (x) => t('roles.chart.hover', { step: x }), format: (v) => fmt(v), help: t('roles.chart.hoverHelp') }), [t]);
  const replayStep = shown?.from === 'replay' ? shown.step : null;
  return (
    <div className="it-heads" data-testid="it-heads" data-evals={points.length} data-measure={measure}>
      <h3 title={t('itHeads.help', { threshold: IT_HEAD_RELATIVE_FLIP })}>{t('itHeads.title')}</h3>
      <div className="controls">
        <label>
          {t('itHeads.measure')}{' '}
          <select value={measure} onChange={(e) => setMeasure(e.target.value as Measure)} data-testid="it-heads-measure">
            <option value="relative">{t('itHeads.relative')}</option>
            <option value="absolute">{t('itHeads.absolute')}</option>
          </select>
        </label>
      </div>
      {!newest || !strongest ? (
        <p className="empty">{t('itHeads.empty')}</p>
      ) : (
        <>
          <p
            className="help small"
            data-testid="it-heads-strongest"
            data-layer={strongest.layer}
            data-head={strongest.head}
            data-relative={strongest.relative}
            data-absolute={strongest.absolute}
          >
            {t('itHeads.strongest', {
              head: layerHeadLabel(t, strongest.layer, strongest.head),
              relative: fmt(strongest.relative),
              absolute: fmt(strongest.absolute),
              n: newest.cases,
            })}{' '}
            {t(strongest.relative >= IT_HEAD_RELATIVE_FLIP ? 'itHeads.isItHead' : 'itHeads.noItHead', { threshold: IT_HEAD_RELATIVE_FLIP })}
          </p>
          <LineChart
            series={series}
            references={references}
            yDomain={yDomain}
            yFormat={(v) => v.toFixed(1)}
            xLabel={t('training.chart.step')}
            ariaLabel={t('itHeads.aria', { n: points.length })}
            testId="it-heads-chart"
            hover={hover}
            markX={replayStep}
          />
        </>
      )}
      <p className="help small">{t('itHeads.help', { threshold: IT_HEAD_RELATIVE_FLIP })}</p>
    </div>
  );
}
