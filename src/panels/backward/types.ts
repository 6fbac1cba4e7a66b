// The training-step walk-through as data (the forward step-through's pattern, stepper/types.ts): a
// step is an operation of the backward pass (in a layer for the per-layer ones) plus a module that
// knows its title, formula, explanation and which numbers of the BackwardTrace it shows. The page
// renders a BackwardStepData generically (BackwardStepView.tsx); tests read the same data.

import type { MessageKey, Vars } from '../../app/i18n';
import type { BackwardTrace } from '../../shared/backward';
import type { ModelConfig } from '../../shared/config';
import type { BarsSpec, MatrixSpec, ShapeLine, StepNote } from '../stepper/types';

export const BACKWARD_KINDS = [
  'loss',
  'dLogits',
  'outputLayer',
  'finalNorm',
  'addNorm2',
  'ffnW2',
  'relu',
  'ffnW1',
  'preNorm2',
  'addNorm1',
  'attnOut',
  'attnValues',
  'attnSoftmax',
  'attnScale',
  'attnQK',
  'attnInput',
  'preNorm1',
  'embedding',
  'norms',
  'adam',
  'payoff',
] as const;
export type BackwardKind = (typeof BACKWARD_KINDS)[number];

/** One step of the backward walk: an operation, in a layer (0-based) for the per-layer ones, −1 outside. */
export interface BackwardStepRef {
  kind: BackwardKind;
  layer: number;
}

/** What a step needs: the trace and the learner's choices. */
export interface BackwardContext {
  trace: BackwardTrace;
  /** The selected row (token position 0 … T−1). */
  token: number;
  /** The selected head (per-head steps). */
  head: number;
  /** Token text per position. */
  tokens: readonly string[];
  /** The vocabulary (index = token id). */
  vocab: readonly string[];
}

/** One position's share of the loss: token i predicting the real next token. */
export interface LossRow {
  pos: number;
  token: string;
  target: string;
  targetId: number;
  /** p(target) the model gave before the update. */
  p: number;
  /** −log p(target), from the trace. */
  loss: number;
}

/** One weight tensor's gradient size. */
export interface NormItem {
  name: string;
  norm: number;
  size: number;
}

/** One entry of the chosen weight in Adam's update, every number from the trace. */
export interface AdamEntry {
  /** Flat index into the tensor and its (row, column) (column −1 for a vector). */
  index: number;
  row: number;
  col: number;
  before: number;
  grad: number;
  m: number;
  v: number;
  mHat: number;
  vHat: number;
  delta: number;
  after: number;
}

/** p(target) at one position before and after the update. */
export interface PayoffRow {
  pos: number;
  token: string;
  target: string;
  before: number;
  after: number;
  lossBefore: number;
  lossAfter: number;
}

/** The parts of a step that are more than matrices and bars. */
export type Widget =
  | { kind: 'losses'; rows: LossRow[]; mean: number }
  | { kind: 'embeddingRows'; rows: { id: number; word: string; norm: number; positions: number[] }[]; zeroRows: number; vocabSize: number; tied: boolean }
  | { kind: 'norms'; items: NormItem[]; globalNorm: number; clipNorm: number | null; clipFactor: number }
  | { kind: 'adam'; entries: AdamEntry[] }
  | { kind: 'payoff'; rows: PayoffRow[]; before: number; after: number };

/** A sentence about this step's numbers; `layers` are layer indices (0-based) its text names as people count them. */
export interface BackwardNote extends StepNote {
  layers?: Record<string, number>;
}

export interface BackwardStepData {
  shapes: ShapeLine[];
  matrices: MatrixSpec[];
  bars?: BarsSpec;
  notes?: BackwardNote[];
  widget?: Widget;
}

export interface BackwardModule {
  kind: BackwardKind;
  title: MessageKey;
  explain: MessageKey;
  /** Whether the step shows one head (a head can be chosen). */
  perHead: boolean;
  /** The step's formula as TeX, from constant strings and the config only (never user text). */
  tex(config: ModelConfig, ref: BackwardStepRef): string;
  build(ctx: BackwardContext, ref: BackwardStepRef): BackwardStepData;
}

export type { Vars };
