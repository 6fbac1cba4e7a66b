// The training view: where it runs and why, the resume offer, the step counter with a progress bar
// and time left, loss / perplexity / speed / coreference accuracy, the divergence explanation, and
// the curves (train and validation loss, the heads' roles beside it, perplexity, accuracy; log scale
// optional).

import { useMemo, useState, type ReactNode } from 'react';
import { useI18n, type Translate } from '../app/i18n';
import type { BackendState } from '../app/useModelSession';
import type { Training } from '../app/useTraining';
import type { BackendName } from '../shared/protocol';
import { builtinCorpusId, corpusModel } from '../shared/training';
import './training.css';
import { LineChart } from '../viz/LineChart';
import type { ReferenceLine, Series } from '../viz/lineChart';
import { TextSamples } from './TextSamples';
import { RolesChart } from './roles/RolesChart';
import { RepeatHalves } from './RepeatHalves';
import { ItHeadsChart } from './ItHeadsChart';

export interface TrainingPanelProps {
  training: Training;
  backend: BackendState;
}

function formatDuration(seconds: number, lang: string): string {
  const s = Math.max(0, Math.round(seconds));
  const m = Math.floor(s / 60);
  const r = s % 60;
  if (lang === 'zh-CN') return m > 0 ? `${m} 分 ${r} 秒` : `${r} 秒`;
  return m > 0 ? `${m} min ${r} s` : `${r} s`;
}

function backendWhy(backend: BackendState, t: Translate): string | null {
  if (backend.phase !== 'ready') return null;
  const info = backend.info;
  const name = info.backend;
  const choice = info.choice;
  if (choice?.kind === 'requested' && info.failures.length === 0) return t('training.backend.why.requested', { backend: name });
  if (choice?.kind === 'software-webgl') return t('training.backend.why.software', { backend: name, renderer: choice.renderer });
  if (choice?.kind === 'measured') {
    const figures = (Object.keys(choice.msPerStep) as BackendName[])
      .map((b) => t('training.backend.msPerStep', { backend: b, ms: Math.round(choice.msPerStep[b] ?? 0) }))
      .join(', ');
    return t('training.backend.why.measured', { backend: name, figures });
  }
  if (info.failures.length > 0) {
    return t('training.backend.why.fallback', { backend: name, failed: info.failures.map((f) => `${f.backend}: ${f.error}`).join('; ') });
  }
  return t('training.backend.why.first', { backend: name });
}

const fmtLoss = (x: number): string => (Number.isFinite(x) ? x.toFixed(3) : '—');

/** A loss for the divergence message: 3 significant digits, exponent notation when huge. */
function formatLoss(v: number): string {
  return Math.abs(v) >= 1e5 ? v.toExponential(2) : v.toPrecision(3);
}

export function TrainingPanel({ training, backend }: TrainingPanelProps): ReactNode {
  const { t, lang } = useI18n();
  const { state, progress, curves, version } = training;
  const [logY, setLogY] = useState(false);

  const lastLoss = curves.losses.length > 0 ? curves.losses[curves.losses.length - 1] : Number.NaN;
  const lastEval = curves.evals.length > 0 ? curves.evals[curves.evals.length - 1] : null;
  const step = progress?.step ?? state?.step ?? 0;
  const target = progress?.targetSteps ?? state?.settings?.targetSteps ?? training.settings.targetSteps;
  const phase = state?.phase ?? 'idle';
  // The run's corpus decides which held-out figures there are (the chosen one before any run).
  const translating = corpusModel(state?.settings?.corpus ?? training.settings.corpus).architecture === 'encoder-decoder';
  // 唐诗 and English have no coreference figures (their samples and meter are below the curves).
  const chosenCorpus = builtinCorpusId(state?.settings?.corpus ?? training.settings.corpus);
  const textCorpusChosen = chosenCorpus === 'builtin:tang' || chosenCorpus === 'builtin:english';
  // A corpus whose evaluation has figures of its own (the induction task) shows them instead of the coreference accuracy.
  const ownFigures = textCorpusChosen || corpusModel(state?.settings?.corpus ?? training.settings.corpus).figures !== undefined;
  const lastTranslation = [...curves.evals].reverse().find((e) => e.translation != null)?.translation ?? null;

  // Curves: rebuilt when new points arrive (version), not on every render.
  const charts = useMemo(() => {
    const evalSteps = curves.evals.map((e) => e.step);
    const valLoss = curves.evals.map((e) => e.valLoss);
    const loss: Series[] = [
      { id: 'train', label: t('training.chart.train'), xs: curves.steps, ys: curves.losses },
      { id: 'validation', label: t('training.chart.validation'), xs: evalSteps, ys: valLoss, dots: true },
    ];
    const perplexity: Series[] = [
      { id: 'train', label: t('training.chart.train'), xs: curves.steps, ys: curves.losses.map(Math.exp) },
      { id: 'validation', label: t('training.chart.validation'), xs: evalSteps, ys: valLoss.map(Math.exp), dots: true },
    ];
    const withAcc = curves.evals.filter((e) => e.corefAccuracy !== null);
    const accuracy: Series[] = [
      {
        id: 'validation',
        label: t('training.chart.validation'),
        xs: withAcc.map((e) => e.step),
        ys: withAcc.map((e) => e.corefAccuracy ?? Number.NaN),
        dots: true,
      },
    ];
    const withTranslation = curves.evals.filter((e) => e.translation != null);
    const translation: Series[] = [
      {
        id: 'referent',
        label: t('training.chart.referent'),
        xs: withTranslation.map((e) => e.step),
        ys: withTranslation.map((e) => e.translation?.referent ?? Number.NaN),
        dots: true,
      },
      {
        id: 'exact',
        label: t('training.chart.exact'),
        xs: withTranslation.map((e) => e.step),
        ys: withTranslation.map((e) => e.translation?.exact ?? Number.NaN),
        dots: true,
      },
    ];
    // The run's unigram and bigram baselines (real-text corpora), on the same validation windows.
    const b = state?.baselines ?? null;
    const lossRefs: ReferenceLine[] = b
      ? [
          { id: 'unigram', label: t('training.chart.unigram', { loss: b.unigram.toFixed(2) }), y: b.unigram },
          { id: 'bigram', label: t('training.chart.bigram', { loss: b.bigram.toFixed(2) }), y: b.bigram },
        ]
      : [];
    const perplexityRefs: ReferenceLine[] = b
      ? [
          { id: 'unigram', label: t('training.chart.unigram', { loss: Math.exp(b.unigram).toFixed(0) }), y: Math.exp(b.unigram) },
          { id: 'bigram', label: t('training.chart.bigram', { loss: Math.exp(b.bigram).toFixed(0) }), y: Math.exp(b.bigram) },
        ]
      : [];
    return {
      loss,
      perplexity,
      lossRefs,
      perplexityRefs,
      accuracy,
      hasAccuracy: withAcc.length > 0,
      translation,
      hasTranslation: withTranslation.length > 0,
    };
  }, [version, curves, t, state?.baselines]);
  const runCorpus = state?.corpusId ?? '';
  const textRun = runCorpus === 'builtin:tang' || runCorpus === 'builtin:english';

  const why = backendWhy(backend, t);
  const d = state?.divergence ?? null;
  const pct = target > 0 ? Math.min(100, (100 * step) / target) : 0;

  return (
    <section className="panel training-panel" aria-labelledby="training-title" data-phase={phase}>
      <div className="panel-title">
        <h2 id="training-title">{t('training.title')}</h2>
        <span className={`training-phase phase-${phase}`} data-testid="train-phase">
          {t(`training.phase.${phase}`)}
        </span>
      </div>
      <p className="help">{t('training.help')}</p>
      {why && (
        <p className="help small" data-testid="backend-why">
          {why}
        </p>
      )}

      {d && (
        <div className="divergence" role="alert" data-testid="divergence">
          <p>
            {d.what === 'exploded'
              ? t('hostile.divergence.exploded', {
                  step: d.step,
                  loss: formatLoss(d.loss ?? Number.NaN),
                  limit: formatLoss(d.lossLimit ?? Number.NaN),
                  lr: d.learningRate,
                  restored: d.restoredStep,
                  suggested: d.suggestedLearningRate,
                })
              : t('training.divergence', {
                  step: d.step,
                  what: t(d.what === 'loss' ? 'training.divergence.loss' : 'training.divergence.weights'),
                  restored: d.restoredStep,
                  suggested: d.suggestedLearningRate,
                })}
          </p>
          <button type="button" onClick={() => training.setSettings({ learningRate: d.suggestedLearningRate })}>
            {t('training.divergence.useSuggested', { lr: d.suggestedLearningRate })}
          </button>
        </div>
      )}
      {state?.error && <p className="note warn">{t('training.failed', { message: state.error })}</p>}

      <div className="training-progress">
        <div className="progress-label">
          <span data-testid="train-step-count" data-step={step}>
            {t('training.progress', { step, target })}
          </span>
          <span className="muted">
            {step >= target
              ? t('training.etaDone')
              : progress?.etaSeconds != null
                ? t('training.eta', { time: formatDuration(progress.etaSeconds, lang) })
                : ''}
          </span>
        </div>
        <div
          className="progress-bar"
          role="progressbar"
          aria-label={t('training.title')}
          aria-valuetext={t('training.progress', { step, target })}
          aria-valuemin={0}
          aria-valuemax={target}
          aria-valuenow={step}
        >
          <div style={{ width: `${pct}%` }} />
        </div>
      </div>

      <dl className="training-stats">
        <div>
          <dt>{t('training.stats.loss')}</dt>
          <dd data-testid="train-loss">{fmtLoss(lastLoss)}</dd>
        </div>
        <div>
          <dt>{t('training.stats.perplexity')}</dt>
          <dd>{Number.isFinite(lastLoss) ? Math.exp(lastLoss).toFixed(2) : '—'}</dd>
        </div>
        <div>
          <dt>{t('training.stats.speed')}</dt>
          <dd data-testid="train-speed">
            {progress && phase === 'running'
              ? t('training.stats.speedValue', { steps: progress.stepsPerSecond.toFixed(1), tokens: Math.round(progress.tokensPerSecond) })
              : '—'}
          </dd>
        </div>
        <div>
          <dt>{t('training.stats.lr')}</dt>
          <dd>{progress ? progress.learningRate.toExponential(2) : '—'}</dd>
        </div>
        {translating ? (
          <>
            <div>
              <dt title={t('training.chart.translationHelp')}>{t('training.stats.referent')}</dt>
              <dd data-testid="train-translation-referent" data-value={lastTranslation?.referent ?? ''}>
                {lastTranslation
                  ? t('training.stats.translationValue', { pct: Math.round(lastTranslation.referent * 100), n: lastTranslation.cases })
                  : '—'}
              </dd>
            </div>
            <div>
              <dt title={t('training.chart.translationHelp')}>{t('training.stats.exact')}</dt>
              <dd data-testid="train-translation-exact" data-value={lastTranslation?.exact ?? ''}>
                {lastTranslation
                  ? t('training.stats.translationValue', { pct: Math.round(lastTranslation.exact * 100), n: lastTranslation.cases })
                  : '—'}
              </dd>
            </div>
          </>
        ) : ownFigures ? null : (
          <div>
            <dt>{t('training.stats.accuracy')}</dt>
            <dd data-testid="train-accuracy">
              {lastEval && lastEval.corefAccuracy !== null
                ? t('training.stats.accuracyValue', { pct: Math.round(lastEval.corefAccuracy * 100), n: lastEval.corefCases })
                : '—'}
            </dd>
          </div>
        )}
      </dl>
      {state?.autosaveError ? (
        <p className="note warn" data-testid="autosave-off" data-problem={state.autosaveProblem ?? 'failed'} title={state.autosaveError}>
          {state.autosaveProblem === 'quota'
            ? t('hostile.autosave.quota')
            : state.autosaveProblem === 'unavailable'
              ? t('hostile.autosave.unavailable')
              : t('training.autosave.off', { message: state.autosaveError })}
        </p>
      ) : state?.autosavedStep != null ? (
        <p className="help small" data-testid="autosave-status" data-step={state.autosavedStep}>
          {t('training.autosave.saved', { step: state.autosavedStep })}
        </p>
      ) : null}

      {curves.steps.length === 0 ? (
        <p className="empty">{t('training.chart.empty')}</p>
      ) : (
        <>
          <label className="inline-check">
            <input type="checkbox" checked={logY} onChange={(e) => setLogY(e.target.checked)} data-testid="train-log" />
            {t('training.chart.log')}
          </label>
          <div className="training-charts">
            <div>
              <h3 title={t('training.chart.lossHelp')}>{t('training.chart.loss')}</h3>
              <LineChart
                series={charts.loss}
                references={charts.lossRefs}
                logY={logY}
                xLabel={t('training.chart.step')}
                ariaLabel={t('training.chart.aria', { title: t('training.chart.loss'), n: curves.steps.length })}
                testId="loss-chart"
              />
            </div>
            <RolesChart snapshots={curves.snapshots} version={version} />
            <div>
              <h3 title={t('training.chart.perplexityHelp')}>{t('training.chart.perplexity')}</h3>
              <LineChart
                series={charts.perplexity}
                references={charts.perplexityRefs}
                logY={logY}
                xLabel={t('training.chart.step')}
                ariaLabel={t('training.chart.aria', { title: t('training.chart.perplexity'), n: curves.steps.length })}
              />
            </div>
            {charts.hasTranslation && (
              <div data-testid="translation-chart">
                <h3 title={t('training.chart.translationHelp')}>{t('training.chart.translation')}</h3>
                <LineChart
                  series={charts.translation}
                  yDomain={[0, 1]}
                  yFormat={(v) => `${Math.round(v * 100)}%`}
                  xLabel={t('training.chart.step')}
                  ariaLabel={t('training.chart.aria', { title: t('training.chart.translation'), n: curves.evals.length })}
                />
              </div>
            )}
            {charts.hasAccuracy && (
              <div>
                <h3 title={t('training.chart.accuracyHelp')}>{t('training.chart.accuracy')}</h3>
                <LineChart
                  series={charts.accuracy}
                  yDomain={[0, 1]}
                  yFormat={(v) => `${Math.round(v * 100)}%`}
                  xLabel={t('training.chart.step')}
                  ariaLabel={t('training.chart.aria', { title: t('training.chart.accuracy'), n: curves.evals.length })}
                />
              </div>
            )}
          </div>
          <p className="help small">{t('training.chart.lossHelp')}</p>
          {charts.lossRefs.length > 0 && <p className="help small">{t('training.chart.baselinesHelp')}</p>}
          {charts.hasTranslation && <p className="help small">{t('training.chart.translationHelp')}</p>}
        </>
      )}
      {state?.fromModelStep != null && (
        <p className="help small" data-testid="train-from-model-note">
          {t('training.fromModel.note', { step: state.fromModelStep })}
        </p>
      )}
      {textRun && <TextSamples evals={curves.evals} corpusId={runCorpus} />}
      {corpusModel(state?.settings?.corpus ?? training.settings.corpus).figures === 'repeat-halves' && <RepeatHalves evals={curves.evals} version={version} />}
      {charts.hasTranslation && <ItHeadsChart evals={curves.evals} version={version} />}
    </section>
  );
}
