// The training-step walk-through: the page's sentence as one training example, walked backwards
// with the real numbers of the model's own backward pass — the loss at every position, ∂L/∂logits,
// back through the output layer and every block in reverse (LayerNorm Jacobian, the ReLU's gate, the
// softmax Jacobian, the causal mask), into the embeddings, the gradient's size and clipping, Adam's
// update of a chosen weight, and the payoff (the sentence's loss before and after). The same look and
// keys as the forward step-through (Stepper.tsx): Back / Next or ← / →, the step in the URL (`tstep`).
// Every number comes from the BackwardTrace; nothing is recomputed here.

import { memo, useCallback, useMemo, useRef, type ReactNode } from 'react';
import { useI18n } from '../app/i18n';
import { headLabel, layerHeadFileTag, layerShort } from '../app/labels';
import { useStepHeadChoice, useTrainStepChoice } from '../app/usePageNav';
import { useSelectionChoice, useSideSelection } from '../app/useSelection';
import type { BackwardTrace } from '../shared/backward';
import { BackwardStepView } from './backward/BackwardStepView';
import { backwardSteps, buildBackwardStep, BACKWARD_MODULES } from './backward/steps';
import { defaultRow } from './backward/read';
import type { BackwardContext } from './backward/types';
import { ExportButton } from './ExportButton';
import { TokenPicker } from './Stepper';
import { useArrowKeys } from './stepper/useArrowKeys';
import './trainingStep.css';

export interface TrainingStepProps {
  /** The page's sentence through one training step (null until it arrives). */
  result: { trace: BackwardTrace; tokens: readonly string[] } | null;
  vocab: readonly string[];
  /** A request is on its way (a newer sentence, weight or model). */
  busy: boolean;
  /** Why the last request failed (shown instead of a blank panel). */
  error: string | null;
  /** The model has trained on since these numbers were computed. */
  stale: boolean;
  onRefresh: () => void;
  /** A translation model is in use: the walk-through covers the decoder-only models. */
  seq2seq: boolean;
  /** The weight tensor whose Adam update is shown (CONTRACT §2 name), and choosing another. */
  weight: string;
  onWeight: (name: string) => void;
}

function clamp(i: number, n: number): number {
  return Math.max(0, Math.min(n - 1, i));
}

function TrainingStepView({ result, vocab, busy, error, stale, onRefresh, seq2seq, weight, onWeight }: TrainingStepProps): ReactNode {
  const { t } = useI18n();
  const [stepChoice, setStep] = useTrainStepChoice();
  const [headChoice, setHead] = useStepHeadChoice();
  const figureRef = useRef<HTMLDivElement | null>(null);
  const trace = seq2seq ? null : (result?.trace ?? null);
  const tokens = result?.tokens ?? [];
  const T = trace ? trace.forward.ids.length : 0;
  const { index: selected, select } = useSideSelection({ source: 0, target: T });
  const config = trace?.forward.config ?? null;
  const steps = useMemo(() => (config ? backwardSteps(config) : []), [config]);
  const index = clamp(stepChoice, steps.length);
  const head = config ? clamp(headChoice, config.nHeads) : 0;
  // Until the learner picks a row: where the model was most wrong (the last token, the other panels'
  // default, predicts nothing in this example: its gradients at the top are all 0).
  const chosen = useSelectionChoice();
  const token = chosen === null && trace ? defaultRow(trace) : Math.max(0, selected);

  const back = useCallback(() => setStep((i) => Math.max(0, Math.min(i, steps.length - 1) - 1)), [steps.length, setStep]);
  const next = useCallback(() => setStep((i) => Math.min(steps.length - 1, i + 1)), [steps.length, setStep]);
  useArrowKeys(back, next, trace !== null);

  const step = steps[index];
  const ctx: BackwardContext | null = useMemo(() => (trace ? { trace, token, head, tokens, vocab } : null), [trace, token, head, tokens, vocab]);
  const data = useMemo(() => (ctx && step ? buildBackwardStep(step, ctx) : null), [ctx, step]);
  const startsLayer = step !== undefined && step.layer >= 0 && (index === 0 || steps[index - 1].layer !== step.layer);
  const perHead = step ? BACKWARD_MODULES[step.kind].perHead : false;
  const names = useMemo(() => trace?.weights.map((w) => w.name) ?? [], [trace]);
  const picker = useMemo(() => ({ names, chosen: weight, onChoose: onWeight, busy }), [names, weight, onWeight, busy]);
  const exportRef = useMemo(
    () => ({
      get current(): HTMLElement | null {
        const root = figureRef.current;
        return root?.querySelector<HTMLElement>('.step-matrices') ?? root?.querySelector<HTMLElement>('.step-bars') ?? root;
      },
    }),
    [],
  );

  return (
    <section className="panel stepper-panel training-step" aria-labelledby="train-step-title" data-testid="training-step" data-busy={busy || undefined} data-stale={stale || undefined}>
      <div className="panel-title">
        <h2 id="train-step-title">{t('backward.title')}</h2>
        {data && step && (
          <ExportButton
            target={exportRef}
            name={`training-step-${index + 1}-${step.layer >= 0 ? `${layerHeadFileTag(step.layer, perHead ? head : undefined)}-` : ''}${step.kind}`}
            title={`${index + 1}. ${t('backward.title')}`}
          />
        )}
      </div>
      <p className="help">{t('backward.help')}</p>
      {seq2seq ? (
        <p className="note" data-testid="training-step-seq2seq">
          {t('backward.seq2seq')}
        </p>
      ) : !trace || !ctx || !data || !step ? (
        error ? (
          <p className="error-text" role="alert" data-testid="training-step-error">
            {t('backward.error', { message: error })}
          </p>
        ) : (
          <p className="empty">{t(busy ? 'backward.computing' : 'backward.none')}</p>
        )
      ) : (
        <>
          {error && (
            <p className="error-text" role="alert" data-testid="training-step-error">
              {t('backward.error', { message: error })}
            </p>
          )}
          {stale && (
            <p className="note stale-note" data-testid="training-step-stale">
              {t('backward.stale')}{' '}
              <button type="button" onClick={onRefresh} disabled={busy} data-testid="training-step-refresh">
                {t('backward.refresh')}
              </button>
            </p>
          )}
          <TokenPicker label={t('backward.pickRow')} tokens={tokens.slice(0, T)} selected={token} onSelect={(i) => select('target', i)} testId="train-token" />
          <div className="stepper-nav">
            <button type="button" onClick={back} disabled={index === 0} data-testid="train-back">
              {t('stepper.back')}
            </button>
            <label className="stepper-jump">
              <span className="visually-hidden">{t('stepper.stepSelect')}</span>
              <select value={index} onChange={(e) => setStep(Number(e.target.value))} data-testid="train-select">
                {steps.map((s, i) => (
                  <option key={i} value={i} data-kind={s.kind} data-layer={s.layer}>
                    {`${i + 1}. ${s.layer >= 0 ? `${layerShort(t, s.layer)} · ` : ''}${t(BACKWARD_MODULES[s.kind].title)}`}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" onClick={next} disabled={index === steps.length - 1} data-testid="train-next">
              {t('stepper.next')}
            </button>
            <span className="stepper-progress" data-testid="train-progress" data-index={index} data-total={steps.length} data-kind={step.kind}>
              {t('stepper.progress', { n: index + 1, total: steps.length })}
            </span>
            {trace.forward.config.nHeads > 1 && (
              <label className="stepper-head">
                {t('stepper.head')}
                <select value={head} onChange={(e) => setHead(Number(e.target.value))} disabled={!perHead} data-testid="train-head">
                  {Array.from({ length: trace.forward.config.nHeads }, (_, h) => (
                    <option key={h} value={h}>
                      {headLabel(t, h)}
                    </option>
                  ))}
                </select>
              </label>
            )}
            {busy && <span className="help">{t('backward.busy')}</span>}
          </div>
          <p className="help stepper-following">
            {t('backward.following', { token: tokens[token] ?? '', pos: token })} · {t('stepper.keysHint')}
          </p>
          <div ref={figureRef}>
            <BackwardStepView step={step} data={data} ctx={ctx} startsLayer={startsLayer} picker={picker} />
          </div>
        </>
      )}
    </section>
  );
}

/** Memoised: the page re-renders often (training); same props, no redraw. */
export const TrainingStep = memo(TrainingStepView);
