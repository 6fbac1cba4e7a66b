// Where the learner is on the main page, shared by the panels and the model map, and kept in the URL
// (pageUrl.ts): the selected token, the Attention panel's site / layer / head / stage, the
// step-through's step and head. The map asks for a head, a step or a section through `usePageNav()`; the
// Attention panel and the step-through read and change their part through `useAttentionChoice()` and
// `useStepChoice()` (which fall back to local state when a panel is drawn without the page around it).
// Changes replace the current history entry (stepping or picking a head makes no back-button stops);
// going to a section pushes one, so back returns to where the learner was.

import { createContext, createElement, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { AttentionSite } from '../shared/config';
import type { HeadRef } from '../shared/protocol';
import { DEFAULT_PAGE_STATE, parsePageUrl, samePageState, serialisePageUrl, type PageUrlState, type Walk } from './pageUrl';
import type { Stage } from './urlState';
import type { Side } from './useSelection';
import { scrollToSection, type SectionId } from './sections';

export type PageUpdate = Partial<PageUrlState> | ((prev: PageUrlState) => Partial<PageUrlState>);

export interface PageNav {
  state: PageUrlState;
  /** How many times the step has been set (a step set together with the side needs no remapping). */
  stepWrites: number;
  update: (change: PageUpdate) => void;
  /** Scroll to a section and name it in the URL's #hash (a history entry). */
  goTo: (section: SectionId) => void;
}

const PageNavContext = createContext<PageNav | null>(null);

function writeUrl(state: PageUrlState): void {
  const search = serialisePageUrl(state, window.location.search);
  if (search === window.location.search) return;
  window.history.replaceState(window.history.state, '', `${window.location.pathname}${search}${window.location.hash}`);
}

/**
 * The page's navigation state, read from the URL once and written back on every change. `modelId`:
 * the chosen model; choosing another starts its panels from their defaults (the text is the App's).
 */
export function usePageNavState(modelId: string): PageNav {
  const [state, setState] = useState<PageUrlState>(() => parsePageUrl(window.location.search));
  const stateRef = useRef(state);
  stateRef.current = state;

  const stepWrites = useRef(0);

  const update = useCallback((change: PageUpdate) => {
    setState((prev) => {
      const delta = typeof change === 'function' ? change(prev) : change;
      const next = { ...prev, ...delta };
      if (samePageState(prev, next)) return prev;
      if (delta.step !== undefined) stepWrites.current += 1;
      return next;
    });
  }, []);

  useEffect(() => writeUrl(state), [state]);

  useEffect(() => {
    const onPop = (): void => setState((prev) => ({ ...parsePageUrl(window.location.search), text: prev.text }));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  // Another model: its tokens, sites and steps are other ones.
  const lastModel = useRef(modelId);
  useEffect(() => {
    if (lastModel.current === modelId) return;
    lastModel.current = modelId;
    update({ token: null, side: 'target', site: null, layer: 0, head: 0, step: 0, stepHead: 0, trainStep: 0, trainWeight: null });
  }, [modelId, update]);

  const goTo = useCallback((section: SectionId) => {
    const hash = `#${section}`;
    if (window.location.hash !== hash) {
      const search = serialisePageUrl(stateRef.current, window.location.search);
      window.history.pushState(null, '', `${window.location.pathname}${search}${hash}`);
    }
    scrollToSection(section);
  }, []);

  // The count is read when the state changes (it only moves with a change of the state).
  return useMemo(() => ({ state, update, goTo, stepWrites: stepWrites.current }), [state, update, goTo]);
}

export function PageNavProvider({ value, children }: { value: PageNav; children: ReactNode }): ReactNode {
  return createElement(PageNavContext.Provider, { value }, children);
}

export function usePageNav(): PageNav {
  const ctx = useContext(PageNavContext);
  if (!ctx) throw new Error('usePageNav must be used inside <PageNavProvider>');
  return ctx;
}

/** The selected token as the selection provider takes it (controlled by the page's state). */
export function useSelectionFromPage(nav: PageNav): {
  choice: { token: number | null; side: Side };
  onChoice: (next: (prev: { token: number | null; side: Side }) => { token: number | null; side: Side }) => void;
} {
  const { state, update } = nav;
  const choice = useMemo(() => ({ token: state.token, side: state.side }), [state.token, state.side]);
  const onChoice = useCallback(
    (next: (prev: { token: number | null; side: Side }) => { token: number | null; side: Side }) =>
      update((prev) => next({ token: prev.token, side: prev.side })),
    [update],
  );
  return { choice, onChoice };
}

export interface AttentionChoice {
  /** The chosen site (null: the model's first). */
  site: AttentionSite | null;
  setSite: (site: AttentionSite) => void;
  choice: HeadRef;
  setChoice: (head: HeadRef) => void;
  stage: Stage;
  setStage: (stage: Stage) => void;
}

/** The Attention panel's choices: the page's (in the URL) or, without a page around it, its own. */
export function useAttentionChoice(): AttentionChoice {
  const ctx = useContext(PageNavContext);
  const [own, setOwn] = useState<PageUrlState>(DEFAULT_PAGE_STATE);
  const state = ctx?.state ?? own;
  const update = ctx?.update;
  const set = useCallback(
    (change: Partial<PageUrlState>) => (update ? update(change) : setOwn((prev) => ({ ...prev, ...change }))),
    [update],
  );
  const choice = useMemo(() => ({ layer: state.layer, head: state.head }), [state.layer, state.head]);
  return {
    site: state.site,
    setSite: useCallback((site: AttentionSite) => set({ site }), [set]),
    choice,
    setChoice: useCallback((h: HeadRef) => set({ layer: h.layer, head: h.head }), [set]),
    stage: state.stage,
    setStage: useCallback((stage: Stage) => set({ stage }), [set]),
  };
}

/**
 * The step-through's step (0-based): the page's (in the URL) or, without a page around it, its own;
 * and how many times it has been set (see PageNav.stepWrites).
 */
export function useStepChoice(): [number, (next: number | ((prev: number) => number)) => void, number] {
  const ctx = useContext(PageNavContext);
  const [own, setOwn] = useState(0);
  const update = ctx?.update;
  const setStep = useCallback(
    (next: number | ((prev: number) => number)) => {
      if (!update) {
        setOwn(next);
        return;
      }
      update((prev) => ({ step: typeof next === 'function' ? next(prev.step) : next }));
    },
    [update],
  );
  return [ctx ? ctx.state.step : own, setStep, ctx ? ctx.stepWrites : 0];
}

/** The step-through's head (0-based): the page's (in the URL, `shead`) or, without a page around it, its own. */
export function useStepHeadChoice(): [number, (head: number) => void] {
  const ctx = useContext(PageNavContext);
  const [own, setOwn] = useState(0);
  const update = ctx?.update;
  const setHead = useCallback((head: number) => (update ? update({ stepHead: head }) : setOwn(head)), [update]);
  return [ctx ? ctx.state.stepHead : own, setHead];
}

/** A field of the page's state with a setter: the page's (in the URL) or, without a page around it, a panel's own. */
function usePageField<K extends 'walk' | 'trainStep' | 'trainWeight'>(field: K): [PageUrlState[K], (next: PageUrlState[K] | ((prev: PageUrlState[K]) => PageUrlState[K])) => void] {
  const ctx = useContext(PageNavContext);
  const [own, setOwn] = useState<PageUrlState[K]>(DEFAULT_PAGE_STATE[field]);
  const update = ctx?.update;
  const set = useCallback(
    (next: PageUrlState[K] | ((prev: PageUrlState[K]) => PageUrlState[K])) => {
      const resolve = (prev: PageUrlState[K]): PageUrlState[K] =>
        typeof next === 'function' ? (next as (p: PageUrlState[K]) => PageUrlState[K])(prev) : next;
      if (!update) setOwn(resolve);
      else update((prev) => ({ [field]: resolve(prev[field]) }) as Partial<PageUrlState>);
    },
    [update, field],
  );
  return [ctx ? ctx.state[field] : own, set];
}

/** Which walk-through the step-through section shows (`walk`: one token forward, or one training step). */
export function useWalkChoice(): [Walk, (walk: Walk) => void] {
  return usePageField('walk');
}

/** The training-step walk-through's step (0-based, `tstep`). */
export function useTrainStepChoice(): [number, (next: number | ((prev: number) => number)) => void] {
  return usePageField('trainStep');
}

/** The weight tensor whose Adam update the training-step walk-through shows (`tw`; null: the default). */
export function useTrainWeightChoice(): [string | null, (name: string | null) => void] {
  return usePageField('trainWeight');
}
