// One step of the training walk-through, drawn from its BackwardStepData in the forward
// step-through's look: title, where we are (layer, head), the beginner's explanation, the formula,
// the shapes, the notes, the step's own figure (loss table, bars, Adam's table, payoff) and the real
// matrices of the trace with the selected row highlighted.

import type { ReactNode } from 'react';
import { useI18n } from '../../app/i18n';
import { headLabel, layerLabel } from '../../app/labels';
import { Bars } from '../../viz/Bars';
import { Formula } from '../../viz/Formula';
import { MatrixBlock } from '../stepper/MatrixBlock';
import { BACKWARD_MODULES } from './steps';
import type { BackwardContext, BackwardStepData, BackwardStepRef } from './types';
import { WidgetView, type AdamPickerProps } from './widgets';

export interface BackwardStepViewProps {
  step: BackwardStepRef;
  data: BackwardStepData;
  ctx: BackwardContext;
  /** Whether this is the first step of a layer. */
  startsLayer: boolean;
  picker: AdamPickerProps;
}

const BEFORE_LAYERS = new Set(['loss', 'dLogits', 'outputLayer', 'finalNorm']);

export function BackwardStepView({ step, data, ctx, startsLayer, picker }: BackwardStepViewProps): ReactNode {
  const { t } = useI18n();
  const module = BACKWARD_MODULES[step.kind];
  const config = ctx.trace.forward.config;
  const total = config.nLayers;
  const where =
    step.layer >= 0
      ? t('stepper.layerN', { layer: layerLabel(t, step.layer, { capital: true }), total })
      : BEFORE_LAYERS.has(step.kind)
        ? t('backward.where.top')
        : step.kind === 'embedding'
          ? t('backward.where.bottom')
          : t('backward.where.update');
  const bars = data.bars;
  const barsTitle = bars ? t(bars.title, bars.titleVars) : '';
  return (
    <article className="step-view" data-testid="train-step-view" data-kind={step.kind} data-layer={step.layer}>
      <header className="step-header">
        <h3 data-testid="train-step-title">{t(module.title)}</h3>
        <span className="step-where">
          {where}
          {module.perHead && ` · ${headLabel(t, ctx.head)}`}
        </span>
      </header>
      {startsLayer && (
        <p className="note step-layer-note">
          {step.layer === total - 1
            ? t('backward.enterLast', { layer: layerLabel(t, step.layer, { capital: true }) })
            : t('backward.enterLayer', { layer: layerLabel(t, step.layer, { capital: true }), prev: layerLabel(t, step.layer + 1) })}
        </p>
      )}
      <p className="step-explain">{t(module.explain)}</p>
      {module.perHead && config.nHeads > 1 && <p className="help">{t('backward.headNote', { total: config.nHeads, head: headLabel(t, ctx.head) })}</p>}
      <div className="step-math">
        <div className="step-formula">
          <h4>{t('stepper.formula')}</h4>
          <Formula tex={module.tex(config, step)} testId="train-step-formula" />
        </div>
        <div className="step-shapes">
          <h4>{t('stepper.shapes')}</h4>
          <ul data-testid="train-step-shapes">
            {data.shapes.map((s) => (
              <li key={s.name}>
                <code>{s.name}</code> [{s.dims.map((d) => d[0]).join(' × ')}] = [{s.dims.map((d) => d[1]).join(' × ')}]
              </li>
            ))}
          </ul>
          <p className="help">{t('backward.shapesHelp')}</p>
        </div>
      </div>
      {data.notes?.map((n) => (
        <p key={n.key} className="step-note" data-testid="train-step-note">
          {t(n.key, { ...n.vars, ...Object.fromEntries(Object.entries(n.layers ?? {}).map(([k, l]) => [k, layerLabel(t, l)])) })}
        </p>
      ))}
      {data.widget && <WidgetView widget={data.widget} selected={ctx.token} picker={picker} adamShape={ctx.trace.update.shape} />}
      {bars && (
        <figure className="step-bars">
          <figcaption>{barsTitle}</figcaption>
          <Bars items={bars.items} probability={bars.probability} signColors={bars.signed} width={480} ariaLabel={t('stepper.barsAria', { title: barsTitle })} testId={`train-bars-${bars.id}`} />
        </figure>
      )}
      {data.matrices.length > 0 && (
        <div className="step-matrices">
          {data.matrices.map((spec) => (
            <MatrixBlock key={spec.id} spec={spec} tokens={ctx.tokens} vocab={ctx.vocab} />
          ))}
        </div>
      )}
      {data.matrices.some((m) => m.scale === 'diverging') && <p className="help">{t('backward.signHint')}</p>}
    </article>
  );
}
