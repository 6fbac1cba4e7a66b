// The training-step tab of the step-through section: asks the worker for the backward trace of the
// page's sentence (useBackwardTrace) with the weight chosen for Adam's update (in the URL, `tw`;
// a name this model lacks falls back to the default), and hands the panel plain data. Mounted only
// while its tab is shown, so nothing is computed for a learner who never opens it.

import { useMemo, type ReactNode } from 'react';
import { DEFAULT_WEIGHT, weightNamesFor } from '../panels/backward/read';
import { TrainingStep } from '../panels/TrainingStep';
import { isEncoderDecoder } from '../shared/config';
import type { ModelInfo } from '../shared/protocol';
import { useBackwardTrace } from './useBackwardTrace';
import { useI18n } from './i18n';
import { useTrainWeightChoice } from './usePageNav';
import type { WorkerClient } from './workerClient';

const NO_VOCAB: readonly string[] = [];

export interface TrainingStepSectionProps {
  /** The worker holding the model in use (during a run: the training worker, with its optimizer state). */
  client: WorkerClient | null;
  model: ModelInfo | null;
  text: string;
  /** Tokens of the sentence as the forward trace read it (with <bos>); null before the first trace. */
  tokenCount: number | null;
}

export function TrainingStepSection({ client, model, text, tokenCount }: TrainingStepSectionProps): ReactNode {
  const { t } = useI18n();
  const [choice, setWeight] = useTrainWeightChoice();
  const seq2seq = model !== null && isEncoderDecoder(model.config);
  const names = useMemo(() => (model && !seq2seq ? weightNamesFor(model.config) : []), [model, seq2seq]);
  const weight = choice !== null && names.includes(choice) ? choice : DEFAULT_WEIGHT;
  // A sentence of <bos> alone predicts nothing: there is no training step to show.
  const tooShort = tokenCount !== null && tokenCount < 2;
  const state = useBackwardTrace(seq2seq || tooShort ? null : client, seq2seq ? null : model, text, weight);
  const tokens = state.result?.tokens ?? NO_VOCAB;
  const result = useMemo(() => (state.result ? { trace: state.result.trace, tokens } : null), [state.result, tokens]);
  return (
    <TrainingStep
      result={tooShort ? null : result}
      vocab={model?.vocab ?? NO_VOCAB}
      busy={state.busy}
      error={tooShort ? t('backward.tooShort') : state.error}
      stale={state.stale}
      onRefresh={state.refresh}
      seq2seq={seq2seq}
      weight={weight}
      onWeight={setWeight}
    />
  );
}
