// The page: header with status, error banner, the sentence, and the panels that show what the model
// computes for it. State lives in small hooks (session, trace, errors); panels get plain data.

import { useCallback, useState, type ReactNode } from 'react';
import { AttentionPanel } from '../panels/AttentionPanel';
import { TokensPanel } from '../panels/TokensPanel';
import { EmbeddingsPanel } from '../panels/EmbeddingsPanel';
import { PositionalPanel } from '../panels/PositionalPanel';
import { useEmbeddingTables } from '../panels/useEmbeddingTables';
import { BackendSwitchNote } from './BackendSwitchNote';
import { CheckpointControls } from './CheckpointControls';
import { ErrorBanner } from './ErrorBanner';
import { useErrors } from './errors';
import { Header } from './Header';
import { useI18n } from './i18n';
import { DEFAULT_SENTENCE, SentenceInput } from './SentenceInput';
import { useModelSession } from './useModelSession';
import { useStaggered } from './useStaggered';
import { useViewWorker } from './useViewWorker';
import { useTrace } from './useTrace';
import { LiveAttentionView, TrainingControlsView, TrainingPanelView, TrainingProvider } from './TrainingContext';
import { SelectionProvider } from './useSelection';
import { Stepper } from '../panels/Stepper';
import { OutputPanel } from '../panels/OutputPanel';
import { appendToken } from '../shared/sampling';
import { ComparePanel } from '../panels/ComparePanel';

/** One empty list for every "nothing yet", so that memoised panels see the same props. */
const NO_TOKENS: never[] = [];

export function App(): ReactNode {
  const { t } = useI18n();
  const { errors, report, dismiss } = useErrors();
  const { client, backend, model, backendSwitch } = useModelSession(report);
  // While the model trains, the panels' traces are answered by a second worker holding a copy of it,
  // so that they neither wait for a training step nor take time from training.
  const view = useViewWorker(client, model, backend.phase === 'ready' ? backend.info.backend : null);
  const [sentence, setSentence] = useState(DEFAULT_SENTENCE);
  const { result, busy, fromModelChange } = useTrace(view.client, view.model, sentence, report);
  const tables = useEmbeddingTables(view.client, view.model, report);
  // While training, a new model revision re-traces the sentence: each panel redraws in its own task.
  const stagger = fromModelChange && model?.source === 'training';
  const forTokens = useStaggered(result, 0, stagger);
  const forAttention = useStaggered(result, 1, stagger);
  const forEmbeddings = useStaggered(result, 2, stagger);
  const forStepper = useStaggered(result, 3, stagger);
  const forOutput = useStaggered(result, 4, stagger);
  const forLive = useStaggered(result, 5, stagger);
  const forPositional = useStaggered(result, 6, stagger);

  const onAppend = useCallback((token: string) => setSentence((s) => appendToken(s, token)), []);
  const note = model?.note;
  return (
    <div className="app">
      <Header backend={backend} model={model} />
      <ErrorBanner errors={errors} onDismiss={dismiss} />
      <BackendSwitchNote change={backendSwitch} />
      {note && (
        <p className="model-note" role="note">
          {note.kind === 'no-shipped-checkpoint'
            ? t('model.note.noShipped')
            : t('model.note.unusable', { detail: note.detail })}
        </p>
      )}
      <SelectionProvider>
      <TrainingProvider client={client} model={model} probe={sentence} report={report}>
      <main className="layout">
        <div className="main-column">
          <SentenceInput
            value={sentence}
            onChange={setSentence}
            busy={busy}
            truncated={result?.truncated ?? false}
            contextLength={model?.config.contextLength ?? null}
          />
          <TokensPanel tokens={forTokens?.tokens ?? NO_TOKENS} ids={forTokens?.ids ?? NO_TOKENS} unknown={forTokens?.unknown ?? NO_TOKENS} vocab={model?.vocab} />
          <EmbeddingsPanel tables={tables} trace={forEmbeddings?.trace ?? null} tokens={forEmbeddings?.tokens ?? NO_TOKENS} />
          <PositionalPanel tables={tables} tokens={forPositional?.tokens ?? NO_TOKENS} />
          <AttentionPanel trace={forAttention?.trace ?? null} tokens={forAttention?.tokens ?? NO_TOKENS} />
          <Stepper trace={forStepper?.trace ?? null} tokens={forStepper?.tokens ?? NO_TOKENS} vocab={model?.vocab ?? NO_TOKENS} />
          <OutputPanel
            trace={forOutput?.trace ?? null}
            vocab={model?.vocab ?? []}
            contextLength={model?.config.contextLength ?? null}
            busy={busy}
            onAppend={onAppend}
          />
          <TrainingPanelView backend={backend} />
          <LiveAttentionView trace={forLive?.trace ?? null} tokens={forLive?.tokens ?? NO_TOKENS} />
        </div>
        <aside className="side-column">
          <TrainingControlsView disabled={!client || !model} />
          <CheckpointControls client={client} model={model} report={report} />
        </aside>
      </main>
      </TrainingProvider>
      </SelectionProvider>
      <ComparePanel client={view.client} model={view.model} report={report} />
      <footer className="app-footer">{t('app.privacy')}</footer>
    </div>
  );
}
