// The head roles every panel that draws heads shows (heads grid, Attention panel, model map, heads
// forming), and the replay position they follow. Roles come from the worker's measurement of the
// model in use (useHeadRoles), from the latest training snapshot while training when that is newer,
// and from the replayed snapshot while the replay slider is away from "live" (panels/roles/data.ts
// chooseShownRoles). Its value changes only when the roles shown or the replay position change, so
// the training's frequent updates do not re-render the panels that read it.

import { createContext, createElement, useContext, useMemo, useState, type ReactNode } from 'react';
import type { ModelInfo } from '../shared/protocol';
import { chooseShownRoles, type ShownRoles } from '../panels/roles/data';
import type { ReportError } from './errors';
import { useTrainingContext } from './TrainingContext';
import { useHeadRoles } from './useHeadRoles';
import type { WorkerClient } from './workerClient';

export interface RolesState {
  shown: ShownRoles | null;
  /** A measurement is under way. */
  busy: boolean;
  /** The replayed snapshot's index (null: live). */
  replay: number | null;
  setReplay: (i: number | null) => void;
}

const NO_ROLES: RolesState = { shown: null, busy: false, replay: null, setReplay: () => {} };
const RolesContext = createContext<RolesState>(NO_ROLES);

export interface RolesProviderProps {
  /** The client and model that answer the page's traces (the view worker's while training). */
  client: WorkerClient | null;
  model: ModelInfo | null;
  /** The page's sentence (the translation model's source). */
  text: string;
  report: ReportError;
  children: ReactNode;
}

export function RolesProvider({ client, model, text, report, children }: RolesProviderProps): ReactNode {
  const { measured, busy } = useHeadRoles(client, model, text, report);
  const training = useTrainingContext();
  const [replay, setReplay] = useState<number | null>(null);
  const { snapshots } = training.curves;
  // The training snapshots are of the model in use only while it is the one being trained.
  const latest = training.modelSource === 'training' ? training.curves.latest : null;
  const replayed = replay !== null && snapshots.length > 0 ? snapshots[Math.min(replay, snapshots.length - 1)] : null;
  // A measurement of another model (just switched: its answer is on the way) is not shown; while
  // training, the last one stays until the next revision's arrives (the snapshots fill in).
  const trained = training.modelSource === 'training';
  const usable = measured && (trained || measured.revision === model?.revision) ? measured : null;
  const shown = useMemo(() => chooseShownRoles(usable, latest, replayed), [usable, latest, replayed]);
  const value = useMemo(() => ({ shown, busy, replay, setReplay }), [shown, busy, replay]);
  return createElement(RolesContext.Provider, { value }, children);
}

/** The roles shown now and the replay position (no roles outside a <RolesProvider>). */
export function useRoles(): RolesState {
  return useContext(RolesContext);
}
