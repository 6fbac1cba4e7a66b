// The page: header with status, error banner, the sentence, and the panels that show what the model
// computes for it. State lives in small hooks (session, trace, errors); panels get plain data.

import { useState, type ReactNode } from 'react';
import { AttentionPanel } from '../panels/AttentionPanel';
import { TokensPanel } from '../panels/TokensPanel';
import { EmbeddingsPanel } from '../panels/EmbeddingsPanel';
import { PositionalPanel } from '../panels/PositionalPanel';
import { useEmbeddingTables } from '../panels/useEmbeddingTables';
import { CheckpointControls } from './CheckpointControls';
import { ErrorBanner } from './ErrorBanner';
import { useErrors } from './errors';
import { Header } from './Header';
import { useI18n } from './i18n';
import { DEFAULT_SENTENCE, SentenceInput } from './SentenceInput';
import { useModelSession } from './useModelSession';
import { useTrace } from './useTrace';
import { LiveAttentionView, TrainingControlsView, TrainingPanelView, TrainingProvider } from './TrainingContext';
import { SelectionProvider } from './useSelection';
import { Stepper } from '../panels/Stepper';
import { OutputPanel } from '../panels/OutputPanel';
import { appendToken } from '../shared/sampling';
import { ComparePanel } from '../panels/ComparePanel';

export function App(): ReactNode {
  const { t } = useI18n();
  const { errors, report, dismiss } = useErrors();
  const { client, backend, model } = useModelSession(report);
  const [sentence, setSentence] = useState(DEFAULT_SENTENCE);
  const { result, busy } = useTrace(client, model, sentence, report);
  const tables = useEmbeddingTables(client, model, report);

  const note = model?.note;
  return (
    <div className="app">
      <Header backend={backend} model={model} />
      <ErrorBanner errors={errors} onDismiss={dismiss} />
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
          <TokensPanel tokens={result?.tokens ?? []} ids={result?.ids ?? []} unknown={result?.unknown ?? []} vocab={model?.vocab} />
          <EmbeddingsPanel tables={tables} trace={result?.trace ?? null} tokens={result?.tokens ?? []} />
          <PositionalPanel tables={tables} tokens={result?.tokens ?? []} />
          <AttentionPanel trace={result?.trace ?? null} tokens={result?.tokens ?? []} />
          <Stepper trace={result?.trace ?? null} tokens={result?.tokens ?? []} vocab={model?.vocab ?? []} />
          <OutputPanel
            trace={result?.trace ?? null}
            vocab={model?.vocab ?? []}
            contextLength={model?.config.contextLength ?? null}
            busy={busy}
            onAppend={(token) => setSentence((s) => appendToken(s, token))}
          />
          <TrainingPanelView backend={backend} />
          <LiveAttentionView trace={result?.trace ?? null} tokens={result?.tokens ?? []} />
        </div>
        <aside className="side-column">
          <TrainingControlsView disabled={!client || !model} />
          <CheckpointControls client={client} model={model} report={report} />
        </aside>
      </main>
      </TrainingProvider>
      </SelectionProvider>
      <ComparePanel client={client} model={model} report={report} />
      <footer className="app-footer">{t('app.privacy')}</footer>
    </div>
  );
}
