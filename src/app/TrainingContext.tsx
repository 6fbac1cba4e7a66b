// Training state lives in its own provider, so that its frequent updates (progress ≤ 10 per second)
// re-render only the training views that read it, never the whole page: the provider's children
// are created by App and stay the same elements when only training state changes.

import { createContext, createElement, useContext, type ReactNode } from 'react';
import type { ModelInfo } from '../shared/protocol';
import type { ModelTrace } from '../shared/trace';
import type { ReportError } from './errors';
import type { BackendState } from './useModelSession';
import { requestedBackend } from './useModelSession';
import { useTraining, type Training } from './useTraining';
import type { WorkerClient } from './workerClient';
import { TrainingPanel } from '../panels/TrainingPanel';
import { TrainingControls } from '../panels/TrainingControls';
import { LiveAttention } from '../panels/LiveAttention';
import { useRoles } from './RolesContext';

const TrainingContext = createContext<Training | null>(null);

export interface TrainingProviderProps {
  client: WorkerClient | null;
  model: ModelInfo | null;
  /** The page's sentence: the probe of the history snapshots. */
  probe: string;
  /** The shipped checkpoint of the chosen model ("Load the shipped trained model"); the default model's when absent. */
  shipped?: { url: string; corpus: string };
  report: ReportError;
  children: ReactNode;
}

export function TrainingProvider({ client, model, probe, report, shipped, children }: TrainingProviderProps): ReactNode {
  const training = useTraining(client, model, probe, report, shipped);
  return createElement(TrainingContext.Provider, { value: training }, children);
}

/** The training state (for views inside <TrainingProvider>). */
export function useTrainingContext(): Training {
  const t = useContext(TrainingContext);
  if (!t) throw new Error('training views must be inside <TrainingProvider>');
  return t;
}

export function TrainingPanelView({ backend }: { backend: BackendState }): ReactNode {
  return createElement(TrainingPanel, { training: useTrainingContext(), backend });
}

export function TrainingControlsView({ disabled }: { disabled: boolean }): ReactNode {
  const training = useTrainingContext();
  return createElement(TrainingControls, { training, requestedBackend: requestedBackend(), onBackend: training.switchBackend, disabled });
}

export interface LiveAttentionViewProps {
  trace: ModelTrace | null;
  /** The trace's tokens (the encoder–decoder's source). */
  tokens: readonly string[];
  /** Encoder–decoder only: the decoder's rows (<bos> + the translation). */
  targetTokens?: readonly string[];
}

export function LiveAttentionView({ trace, tokens, targetTokens }: LiveAttentionViewProps): ReactNode {
  const { curves, state } = useTrainingContext();
  // The replay position is shared: every panel's role badges follow it.
  const { replay, setReplay } = useRoles();
  // While training the worker's live snapshots are fresher than the page's throttled trace.
  const latest = state?.phase === 'running' ? curves.latest : null;
  return createElement(LiveAttention, { trace, tokens, targetTokens, snapshots: curves.snapshots, latest, index: replay, onIndex: setReplay });
}
