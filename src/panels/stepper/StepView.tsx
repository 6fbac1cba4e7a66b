// One step of the walk, drawn from its StepData: title, where we are (layer, head), the beginner's
// explanation, the formula, the shapes, the bars (if any) and the real matrices of the trace.

import type { ReactNode } from 'react';
import { useI18n, type MessageKey } from '../../app/i18n';
import { headLabel, layerLabel } from '../../app/labels';
import type { AttentionSite } from '../../shared/config';
import { Bars } from '../../viz/Bars';
import { Formula } from '../../viz/Formula';
import { MatrixBlock } from './MatrixBlock';
import { STEP_MODULES } from './steps';
import { walk } from './common';
import type { StepContext, StepData, StepKind, StepRef } from './types';

/** Explanations that differ where attention has no mask (the encoder) or reads the source (cross-attention). */
const SITE_EXPLAIN: Partial<Record<StepKind, Partial<Record<AttentionSite, MessageKey>>>> = {
  scores: { cross: 'seq2seq.explain.scoresCross', encoder: 'seq2seq.explain.scoresEncoder' },
  softmax: { cross: 'seq2seq.explain.softmaxCross', encoder: 'seq2seq.explain.softmaxEncoder' },
  weightedSum: { cross: 'seq2seq.explain.weightedSumCross' },
};

export interface StepViewProps {
  step: StepRef;
  data: StepData;
  ctx: StepContext;
  /** Whether this is the first step of a layer after the first one. */
  startsLayer: boolean;
}

export function StepView({ step, data, ctx, startsLayer }: StepViewProps): ReactNode {
  const { t } = useI18n();
  const module = STEP_MODULES[step.kind];
  const config = ctx.trace.config;
  const w = walk(ctx);
  const total = w.layers.length;
  const where =
    step.layer >= 0
      ? w.seq2seq
        ? t(w.stack === 'encoder' ? 'seq2seq.encoderLayerN' : 'seq2seq.decoderLayerN', { layer: layerLabel(t, step.layer), total })
        : t('stepper.layerN', { layer: layerLabel(t, step.layer, { capital: true }), total })
      : step.kind === 'lookup' || step.kind === 'positional'
        ? t(w.seq2seq ? (w.stack === 'encoder' ? 'seq2seq.beforeEncoder' : 'seq2seq.beforeDecoder') : 'stepper.beforeLayers')
        : t(w.seq2seq ? (w.stack === 'encoder' ? 'seq2seq.afterEncoder' : 'seq2seq.afterDecoder') : 'stepper.afterLayers');
  // Which attention an attention step belongs to, when the stack has more than one kind.
  const siteKey = step.site === 'cross' ? 'seq2seq.site.cross' : step.site === 'decoder-self' ? 'seq2seq.site.decoderSelf' : step.site === 'encoder' ? 'seq2seq.site.encoder' : null;
  const bars = data.bars;
  const barsTitle = bars ? t(bars.title, bars.titleVars) : '';
  const top = step.kind === 'probs' && bars && bars.items.length > 0 ? bars.items[0] : null;
  return (
    <article className="step-view" data-testid="step-view" data-kind={step.kind} data-layer={step.layer} data-site={step.site} data-stack={w.seq2seq ? w.stack : undefined}>
      <header className="step-header">
        <h3 data-testid="step-title">{t(module.title)}</h3>
        <span className="step-where">
          {siteKey && (
            <span className={`site-badge site-${step.site ?? ''}`} data-testid="step-site">
              {t(siteKey)}
            </span>
          )}
          {where}
          {module.perHead && ` · ${headLabel(t, ctx.head)}`}
        </span>
      </header>
      {startsLayer && <p className="note step-layer-note">{t('stepper.nextLayer', { layer: layerLabel(t, step.layer, { capital: true }), prev: layerLabel(t, step.layer - 1) })}</p>}
      <p className="step-explain">{t((step.site && SITE_EXPLAIN[step.kind]?.[step.site]) || module.explain)}</p>
      {module.perHead && config.nHeads > 1 && <p className="help">{t('stepper.headNote', { total: config.nHeads, head: headLabel(t, ctx.head) })}</p>}
      <div className="step-math">
        <div className="step-formula">
          <h4>{t('stepper.formula')}</h4>
          <Formula tex={module.tex(config, step)} testId="step-formula" />
        </div>
        <div className="step-shapes">
          <h4>{t('stepper.shapes')}</h4>
          <ul data-testid="step-shapes">
            {data.shapes.map((s) => (
              <li key={s.name}>
                <code>{s.name}</code> [{s.dims.map((d) => d[0]).join(' × ')}] = [{s.dims.map((d) => d[1]).join(' × ')}]
              </li>
            ))}
          </ul>
          <p className="help">{t(w.seq2seq ? 'seq2seq.shapesHelp' : 'stepper.shapesHelp')}</p>
        </div>
      </div>
      {data.notes?.map((n) => (
        <p key={n.key} className="step-note" data-testid="step-note">
          {t(n.key, n.vars)}
        </p>
      ))}
      {top && (
        <p className="step-top-token">
          {t('stepper.topToken')}{' '}
          <b data-testid="stepper-top-token" data-index={top.index}>
            {top.label}
          </b>{' '}
          ({(top.value * 100).toFixed(1)}%)
        </p>
      )}
      {bars && (
        <figure className="step-bars">
          <figcaption>{barsTitle}</figcaption>
          <Bars
            items={bars.items}
            probability={bars.probability}
            width={440}
            ariaLabel={t('stepper.barsAria', { title: barsTitle })}
            testId={`step-bars-${bars.id}`}
          />
        </figure>
      )}
      <div className="step-matrices">
        {data.matrices.map((spec) => (
          <MatrixBlock key={spec.id} spec={spec} tokens={ctx.tokens} vocab={ctx.vocab} sourceTokens={ctx.sourceTokens} />
        ))}
      </div>
      <p className="help">{t('stepper.hoverHint')}</p>
    </article>
  );
}
