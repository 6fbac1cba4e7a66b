// Training controls: start / pause / one step / reset, the settings (learning rate, batch size, model
// size, seed, target steps), the training text (built-in or the user's own, pasted or read from a
// file, size-capped), the backend override, and the stored-data tools.

import { Fragment, useState, type ChangeEvent, type ReactNode } from 'react';
import { useI18n, type MessageKey } from '../app/i18n';
import type { Training } from '../app/useTraining';
import { BACKEND_NAMES, isBackendName, type BackendName } from '../shared/protocol';
import { builtinCorpusId, corpusModel, trainPresetShape, TRAIN_LIMITS, type BuiltinCorpusId, type TrainPresetName } from '../shared/training';
import { cleanCorpusText, corpusFileText, corpusFileTooBig, isEmptyText } from '../shared/corpusText';

const BATCH_SIZES = [1, 2, 4, 8, 16, 32, 64] as const;
const LEARNING_RATES = [1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3, 1] as const;

export interface TrainingControlsProps {
  training: Training;
  /** The backend asked for in the URL ('auto' when none). */
  requestedBackend: BackendName | 'auto';
  /** Reloads the page on another backend (after pausing, which autosaves). */
  onBackend: (b: BackendName | 'auto') => void;
  disabled: boolean;
}

function clampInt(v: number, [lo, hi]: readonly [number, number]): number {
  return Math.max(lo, Math.min(hi, Math.round(Number.isFinite(v) ? v : lo)));
}

/**
 * The built-in corpora in the order the controls list them; `continuesShipped`: a run may start from
 * the shipped model of that corpus (the real-text models).
 */
const BUILTIN_CHOICES: readonly { id: BuiltinCorpusId; testId: string; label: MessageKey; continuesShipped?: boolean }[] = [
  { id: 'builtin:coref', testId: 'corpus-coref', label: 'training.corpus.builtin' },
  { id: 'builtin:translate', testId: 'corpus-translate', label: 'training.corpus.translate' },
  { id: 'builtin:translate-fr', testId: 'corpus-translate-fr', label: 'training.corpus.translateFr' },
  { id: 'builtin:tang', testId: 'corpus-tang', label: 'training.corpus.tang', continuesShipped: true },
  { id: 'builtin:english', testId: 'corpus-english', label: 'training.corpus.english', continuesShipped: true },
  { id: 'builtin:repeat', testId: 'corpus-repeat', label: 'training.corpus.repeat' },
];

export function TrainingControls({ training, requestedBackend, onBackend, disabled }: TrainingControlsProps): ReactNode {
  const { t, lang } = useI18n();
  const { state, settings, setSettings, busy, offer, note } = training;
  const [fileProblem, setFileProblem] = useState<string | null>(null);
  /** Length of a text that was cut to the limit (shown as a warning), else null. */
  const [cutFrom, setCutFrom] = useState<number | null>(null);
  /** Control characters / lone surrogates removed from the latest text, else 0. */
  const [removed, setRemoved] = useState(0);
  const phase = state?.phase ?? 'idle';
  const running = phase === 'running';
  const off = disabled || busy;
  const text = settings.corpus.kind === 'text' ? settings.corpus.text : '';
  const builtin = builtinCorpusId(settings.corpus);
  const fitting = corpusModel(settings.corpus);
  const shape = trainPresetShape(settings.preset);
  // The run in progress trains another model kind than the chosen corpus: Train starts a new run.
  const runCorpus = state?.settings?.corpus ?? null;
  const otherKind = runCorpus !== null && phase !== 'idle' && corpusModel(runCorpus) !== fitting;
  // A real-text corpus can start from the model in use when that model was made for it (the shipped one).
  const textCorpus = builtin === 'builtin:tang' || builtin === 'builtin:english';
  const canContinue = textCorpus && training.modelCorpus === builtin && training.modelSource !== 'training' && training.modelSource !== 'random';

  // "Start from the model in use", shown right under the chosen real-text corpus.
  const fromModelChoice = (
    <>
      <label className="radio from-model">
        <input
          type="checkbox"
          checked={canContinue && settings.fromModel === true}
          disabled={!canContinue}
          onChange={(e) => setSettings({ fromModel: e.target.checked })}
          data-testid="train-from-model"
        />
        {t('training.fromModel')}
      </label>
      {!canContinue && <p className="help small from-model">{t('training.fromModel.unavailable')}</p>}
    </>
  );

  const setText = (value: string, name = 'pasted', alreadyRemoved = 0): void => {
    setCutFrom(value.length > TRAIN_LIMITS.textChars ? value.length : null);
    // Cut first, then clean: a cut through a surrogate pair leaves a lone half, which is removed.
    const cleaned = cleanCorpusText(value.slice(0, TRAIN_LIMITS.textChars));
    setRemoved(alreadyRemoved + cleaned.removed);
    training.chooseCorpus({ kind: 'text', text: cleaned.text, name });
  };

  const onFile = (e: ChangeEvent<HTMLInputElement>): void => {
    const file = e.target.files?.[0];
    e.target.value = '';
    setFileProblem(null);
    if (!file) return;
    // The size first: a 50 MB file is refused without being read.
    const tooBig = corpusFileTooBig(file.size);
    if (tooBig?.kind === 'too-big') {
      setFileProblem(t('training.corpus.fileTooBig', { name: file.name, size: (file.size / 1e6).toFixed(1), max: tooBig.limit / 1e6 }));
      return;
    }
    file.text().then(
      (value) => {
        const verdict = corpusFileText(value);
        if (verdict.kind !== 'ok') {
          setFileProblem(t('hostile.corpus.binary', { name: file.name }));
          return;
        }
        setText(verdict.text, file.name, verdict.removed);
      },
      () => setFileProblem(t('training.corpus.notText', { name: file.name })),
    );
  };

  return (
    <section className="panel training-controls" aria-labelledby="training-controls-title">
      <h2 id="training-controls-title">{t('training.title')}</h2>
      {offer && (
        <div className="resume-offer" role="note" data-testid="resume-offer" data-step={offer.step}>
          <p>{t('training.resume.offer', { step: offer.step, when: new Date(offer.savedAt).toLocaleString(lang) })}</p>
          <div className="button-row">
            <button type="button" className="primary" onClick={training.resume} data-testid="resume-yes">
              {t('training.resume.yes', { step: offer.step })}
            </button>
            <button type="button" onClick={training.dismissOffer}>
              {t('training.resume.no')}
            </button>
          </div>
        </div>
      )}
      {note === 'resumed' && <p className="note ok">{t('training.resume.done', { step: state?.step ?? 0 })}</p>}
      {note === 'cleared' && <p className="note ok">{t('training.cleared')}</p>}

      <div className="button-row training-buttons">
        {running ? (
          <button type="button" onClick={training.pause} disabled={disabled} data-testid="train-pause">
            {t('training.pause')}
          </button>
        ) : (
          <button type="button" className="primary" onClick={training.start} disabled={off} data-testid="train-start">
            {phase === 'paused' || phase === 'diverged' ? t('training.continue') : t('training.start')}
          </button>
        )}
        <button type="button" onClick={training.step} disabled={off} data-testid="train-step">
          {t('training.step')}
        </button>
        <button type="button" onClick={training.reset} disabled={off} data-testid="train-reset" title={t('training.resetHelp')}>
          {t('training.reset')}
        </button>
      </div>

      <fieldset className="training-settings">
        <legend>{t('training.settings')}</legend>
        <label title={t('training.lrHelp')}>
          <span>{t('training.lr')}</span>
          <select
            value={String(settings.learningRate)}
            onChange={(e) => setSettings({ learningRate: Number(e.target.value) })}
            data-testid="train-lr"
          >
            {(LEARNING_RATES.includes(settings.learningRate as (typeof LEARNING_RATES)[number]) ? LEARNING_RATES : [...LEARNING_RATES, settings.learningRate].sort((a, b) => a - b)).map((lr) => (
              <option key={lr} value={String(lr)}>
                {lr}
              </option>
            ))}
          </select>
        </label>
        <label title={t('training.batchHelp')}>
          <span>{t('training.batch')}</span>
          <select value={settings.batchSize} onChange={(e) => setSettings({ batchSize: Number(e.target.value) })} data-testid="train-batch">
            {BATCH_SIZES.map((b) => (
              <option key={b} value={b}>
                {b}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('training.target')}</span>
          <input
            type="number"
            min={TRAIN_LIMITS.targetSteps[0]}
            max={TRAIN_LIMITS.targetSteps[1]}
            step={100}
            value={settings.targetSteps}
            onChange={(e) => setSettings({ targetSteps: clampInt(Number(e.target.value), TRAIN_LIMITS.targetSteps) })}
            data-testid="train-target"
          />
        </label>
        <label>
          <span>{t('training.preset')}</span>
          <select
            value={settings.preset}
            onChange={(e) => setSettings({ preset: e.target.value as TrainPresetName })}
            data-testid="train-preset"
          >
            {fitting.presets.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        {shape && (
          <p className="help small preset-shape">
            {shape.architecture === 'encoder-decoder'
              ? t('training.presetOption.encoderDecoder', {
                  name: settings.preset,
                  encoderLayers: shape.nEncoderLayers ?? 0,
                  layers: shape.nLayers,
                  heads: shape.nHeads,
                  dModel: shape.dModel,
                })
              : t('training.presetOption', { name: settings.preset, layers: shape.nLayers, heads: shape.nHeads, dModel: shape.dModel })}
          </p>
        )}
        <label title={t('training.seedHelp')}>
          <span>{t('training.seed')}</span>
          <input
            type="number"
            min={0}
            step={1}
            value={settings.seed}
            onChange={(e) => setSettings({ seed: clampInt(Number(e.target.value), TRAIN_LIMITS.seed) })}
            data-testid="train-seed"
          />
        </label>
        <p className="help small">{t('training.needsReset')}</p>
      </fieldset>

      <fieldset className="training-corpus">
        <legend>{t('training.corpus')}</legend>
        {BUILTIN_CHOICES.map((c) => (
          <Fragment key={c.id}>
            <label className="radio">
              <input
                type="radio"
                name="corpus"
                checked={builtin === c.id}
                // The coreference corpus is the default choice, written without an id.
                onChange={() => training.chooseCorpus(c.id === 'builtin:coref' ? { kind: 'builtin' } : { kind: 'builtin', id: c.id })}
                data-testid={c.testId}
              />
              {t(c.label)}
            </label>
            {c.continuesShipped && builtin === c.id && fromModelChoice}
          </Fragment>
        ))}
        <label className="radio">
          <input type="radio" name="corpus" checked={settings.corpus.kind === 'text'} onChange={() => setText(text)} data-testid="corpus-text" />
          {t('training.corpus.text')}
        </label>
        {settings.corpus.kind === 'text' && (
          <>
            <textarea
              rows={4}
              value={text}
              placeholder={t('training.corpus.placeholder')}
              onChange={(e) => setText(e.target.value)}
              data-testid="corpus-textarea"
            />
            <p className="help small">{t('training.corpus.chars', { n: text.length, max: TRAIN_LIMITS.textChars })}</p>
            {cutFrom !== null && (
              <p className="note warn" data-testid="corpus-cut">
                {t('training.corpus.tooLong', { n: cutFrom, max: TRAIN_LIMITS.textChars })}
              </p>
            )}
            {removed > 0 && (
              <p className="note warn" data-testid="corpus-cleaned">
                {t('hostile.corpus.cleaned', { n: removed })}
              </p>
            )}
            {isEmptyText(text) && (
              <p className="note warn" data-testid="corpus-empty">
                {t('hostile.corpus.empty')}
              </p>
            )}
            <label className="file-button">
              {t('training.corpus.file')}
              <input type="file" accept=".txt,.md,text/plain" onChange={onFile} data-testid="corpus-file" />
            </label>
            {fileProblem && (
              <p className="note warn" data-testid="corpus-file-problem">
                {fileProblem}
              </p>
            )}
          </>
        )}
        {otherKind && (
          <p className="note" data-testid="corpus-new-run">
            {t('training.corpus.newRun')}
          </p>
        )}
        {state?.textStats && (
          <p className="help small">
            {t('training.corpus.stats', { tokens: state.textStats.tokens, vocab: state.textStats.vocabSize, unknown: state.textStats.unknownTokens })}
          </p>
        )}
      </fieldset>

      <label className="inline-check live-panels" title={t('training.livePanelsHelp')}>
        <input
          type="checkbox"
          checked={state?.livePanels ?? true}
          onChange={(e) => training.setLivePanels(e.target.checked)}
          disabled={disabled}
          data-testid="train-live-panels"
        />
        {t('training.livePanels')}
      </label>
      <p className="help small">{t('training.livePanelsHelp')}</p>

      <fieldset className="training-backend">
        <legend>{t('training.backend.title')}</legend>
        <label>
          <span>{t('training.backend.label')}</span>
          <select
            value={requestedBackend}
            onChange={(e) => onBackend(isBackendName(e.target.value) ? e.target.value : 'auto')}
            data-testid="backend-select"
          >
            <option value="auto">{t('training.backend.auto')}</option>
            {BACKEND_NAMES.map((b) => (
              <option key={b} value={b}>
                {b}
              </option>
            ))}
          </select>
        </label>
        <p className="help small">{t('training.backend.apply')}</p>
      </fieldset>

      <div className="button-row">
        <button type="button" onClick={training.loadShipped} disabled={off} data-testid="load-shipped">
          {t('training.loadShipped')}
        </button>
        <button type="button" onClick={training.clearStored} disabled={off} title={t('training.clearHelp')} data-testid="clear-stored">
          {t('training.clear')}
        </button>
      </div>
    </section>
  );
}
