// Step-through of one token's forward pass (the centre of the product): pick a token, then walk with
// Next/Back or ←/→ through every operation of every layer (CONTRACT §1), each step drawn from the
// real trace by a small module in ./stepper/. The list of steps comes from the model's description:
// a translation model (CONTRACT §5) walks a source token through the encoder and a target token
// through the decoder, cross-attention included.

import { memo, useCallback, useEffect, useMemo, useRef, type ReactNode } from 'react';
import { useI18n } from '../app/i18n';
import { headLabel, layerHeadFileTag, layerShort } from '../app/labels';
import { useSideSelection } from '../app/useSelection';
import { useStepChoice, useStepHeadChoice } from '../app/usePageNav';
import { isEncoderDecoderTrace, type ModelTrace } from '../shared/trace';
import { ExportButton } from './ExportButton';
import { buildStep, stepsFor, STEP_MODULES } from './stepper/steps';
import { StepView } from './stepper/StepView';
import type { StepContext } from './stepper/types';
import { useArrowKeys } from './stepper/useArrowKeys';

export interface StepperProps {
  trace: ModelTrace | null;
  /** The decoder's tokens: the sentence of a decoder-only model, or <bos> + the translation. */
  tokens: readonly string[];
  vocab: readonly string[];
  /** A translation model's source tokens (what the encoder reads); empty for a decoder-only model. */
  sourceTokens?: readonly string[];
}

const NO_SOURCE: readonly string[] = [];

function clamp(i: number, n: number): number {
  return Math.max(0, Math.min(n - 1, i));
}

function StepperView({ trace, tokens, vocab, sourceTokens = NO_SOURCE }: StepperProps): ReactNode {
  const { t } = useI18n();
  // The step is the page's (in the URL; the model map can open a step).
  const [stepChoice, setStep, stepWrites] = useStepChoice();
  // So is the head of its per-head steps (`shead`).
  const [headChoice, setHead] = useStepHeadChoice();
  const figureRef = useRef<HTMLDivElement | null>(null);
  // The image of a step is its matrices (or, at the end, its bars), not the text around them.
  const exportRef = useMemo(
    () => ({
      get current(): HTMLElement | null {
        const root = figureRef.current;
        return root?.querySelector<HTMLElement>('.step-matrices') ?? root?.querySelector<HTMLElement>('.step-bars') ?? root;
      },
    }),
    [],
  );

  const seq2seq = trace !== null && isEncoderDecoderTrace(trace);
  const T = trace ? (isEncoderDecoderTrace(trace) ? trace.targetIds.length : trace.ids.length) : 0;
  const S = trace && isEncoderDecoderTrace(trace) ? trace.sourceIds.length : 0;
  // The token shared by every panel (default: the last one, whose next token the model predicts).
  const { side, index: selected, select } = useSideSelection({ source: S, target: T });
  const config = trace?.config ?? null;
  const steps = useMemo(() => (config ? stepsFor(config, side) : []), [config, side]);
  // Another side chosen (a source token after a target token): stay at the same operation of the same
  // layer when the other stack has it (e.g. layer 1's softmax), else at the nearest step.
  // A step chosen together with the side (the model map opening an encoder step) already counts in
  // the new list: it is kept as it is.
  const shown = useRef({ steps, stepWrites });
  useEffect(() => {
    const before = shown.current;
    shown.current = { steps, stepWrites };
    if (before.steps === steps || before.steps.length === 0 || before.stepWrites !== stepWrites) return;
    setStep((i) => {
      const at = before.steps[clamp(i, before.steps.length)];
      if (!at) return clamp(i, steps.length);
      const exact = steps.findIndex((s) => s.kind === at.kind && s.layer === at.layer && s.site === at.site);
      if (exact >= 0) return exact;
      const same = steps.findIndex((s) => s.kind === at.kind && s.layer === at.layer);
      return same >= 0 ? same : clamp(i, steps.length);
    });
  }, [steps, stepWrites, setStep]);
  const token = Math.max(0, selected);
  const sideTokens = side === 'source' ? sourceTokens : tokens;
  const index = clamp(stepChoice, steps.length);
  const head = trace ? clamp(headChoice, trace.config.nHeads) : 0;

  const back = useCallback(() => setStep((i) => Math.max(0, Math.min(i, steps.length - 1) - 1)), [steps.length]);
  const next = useCallback(() => setStep((i) => Math.min(steps.length - 1, i + 1)), [steps.length]);
  useArrowKeys(back, next, trace !== null);

  const step = steps[index];
  const ctx: StepContext | null = useMemo(
    () => (trace ? { trace, token, head, tokens: sideTokens, vocab, side, sourceTokens } : null),
    [trace, token, head, sideTokens, vocab, side, sourceTokens],
  );
  const data = useMemo(() => (ctx && step ? buildStep(step, ctx) : null), [ctx, step]);
  const startsLayer = step !== undefined && step.layer > 0 && (index === 0 || steps[index - 1].layer !== step.layer);
  const perHead = step ? STEP_MODULES[step.kind].perHead : false;

  return (
    <section className="panel stepper-panel" aria-labelledby="stepper-title" data-testid="stepper">
      <div className="panel-title">
        <h2 id="stepper-title">{t('stepper.title')}</h2>
        {data && step && (
          <ExportButton target={exportRef} name={`step-${index + 1}-${step.layer >= 0 ? `${layerHeadFileTag(step.layer, perHead ? head : undefined)}-` : ''}${step.kind}`} title={`${index + 1}. ${t('stepper.title')}`} />
        )}
      </div>
      <p className="help">{t('stepper.help')}</p>
      {!trace || !ctx || !data || !step ? (
        <p className="empty">{t('stepper.none')}</p>
      ) : (
        <>
          {seq2seq ? (
            <>
              <TokenPicker
                label={t('seq2seq.stepper.pickSource')}
                tokens={sourceTokens}
                selected={side === 'source' ? token : -1}
                onSelect={(i) => select('source', i)}
                testId="stepper-source-token"
              />
              <TokenPicker
                label={t('seq2seq.stepper.pickTarget')}
                tokens={tokens.slice(0, T)}
                selected={side === 'target' ? token : -1}
                onSelect={(i) => select('target', i)}
                testId="stepper-token"
              />
              <p className="help">{t(side === 'source' ? 'seq2seq.stepper.sourceHelp' : 'seq2seq.stepper.targetHelp')}</p>
            </>
          ) : (
            <TokenPicker label={t('stepper.pickToken')} tokens={tokens.slice(0, T)} selected={token} onSelect={(i) => select('target', i)} testId="stepper-token" />
          )}
          <div className="stepper-nav">
            <button type="button" onClick={back} disabled={index === 0} data-testid="stepper-back">
              {t('stepper.back')}
            </button>
            <label className="stepper-jump">
              <span className="visually-hidden">{t('stepper.stepSelect')}</span>
              <select value={index} onChange={(e) => setStep(Number(e.target.value))} data-testid="stepper-select">
                {steps.map((s, i) => (
                  <option key={i} value={i}>
                    {`${i + 1}. ${s.layer >= 0 ? `${layerShort(t, s.layer)} · ` : ''}${t(STEP_MODULES[s.kind].title)}`}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" onClick={next} disabled={index === steps.length - 1} data-testid="stepper-next">
              {t('stepper.next')}
            </button>
            <span className="stepper-progress" data-testid="stepper-progress" data-index={index} data-total={steps.length}>
              {t('stepper.progress', { n: index + 1, total: steps.length })}
            </span>
            {trace.config.nHeads > 1 && (
              <label className="stepper-head">
                {t('stepper.head')}
                <select value={head} onChange={(e) => setHead(Number(e.target.value))} disabled={!perHead} data-testid="stepper-head">
                  {Array.from({ length: trace.config.nHeads }, (_, h) => (
                    <option key={h} value={h}>
                      {headLabel(t, h)}
                    </option>
                  ))}
                </select>
              </label>
            )}
          </div>
          <p className="help stepper-following">
            {t('stepper.following', { token: sideTokens[token] ?? '', pos: token })} · {t('stepper.keysHint')}
          </p>
          <div ref={figureRef}>
            <StepView step={step} data={data} ctx={ctx} startsLayer={startsLayer} />
          </div>
        </>
      )}
    </section>
  );
}

/** A row of token buttons, the selected one pressed (the training walk-through uses it too). */
export function TokenPicker({ label, tokens, selected, onSelect, testId }: { label: string; tokens: readonly string[]; selected: number; onSelect: (i: number) => void; testId: string }): ReactNode {
  return (
    <div className="stepper-tokens" role="group" aria-label={label}>
      <span className="stepper-label">{label}</span>
      {tokens.map((tok, i) => (
        <button
          key={i}
          type="button"
          className={i === selected ? 'stepper-token selected' : 'stepper-token'}
          aria-pressed={i === selected}
          onClick={() => onSelect(i)}
          data-testid={testId}
        >
          {tok}
        </button>
      ))}
    </div>
  );
}

/** Memoised: the page re-renders often (training, staggered redraws); same props, no redraw. */
export const Stepper = memo(StepperView);
