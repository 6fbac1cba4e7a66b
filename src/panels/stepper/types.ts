// The step-through as data: a step is a reference (which operation, which layer, which attention) plus
// a module that knows its title, formula, explanation and which matrices of the trace it shows (read
// through walk.ts, so one module serves the decoder-only model and both stacks of a translation model). The page
// renders a StepData generically (StepView.tsx); tests read the same StepData, so what the learner
// sees is what the tests check.

import type { MessageKey, Vars } from '../../app/i18n';
import type { AttentionSite, ModelConfig } from '../../shared/config';
import type { Mat, ModelTrace } from '../../shared/trace';
import type { Side } from './walk';

export const STEP_KINDS = [
  'lookup',
  'positional',
  'preNorm1',
  'qkv',
  'crossQkv',
  'scores',
  'scale',
  'mask',
  'softmax',
  'weightedSum',
  'concat',
  'outputProj',
  'addNorm1',
  'residual1',
  'preNormCross',
  'addNormCross',
  'residualCross',
  'preNorm2',
  'ffnW1',
  'relu',
  'ffnW2',
  'addNorm2',
  'residual2',
  'finalNorm',
  'memory',
  'logits',
  'probs',
] as const;
export type StepKind = (typeof STEP_KINDS)[number];

/** One step of the walk: an operation, in a layer for the per-layer ones (−1 outside the layers). */
export interface StepRef {
  kind: StepKind;
  layer: number;
  /** Attention steps: which attention (absent: the stack's self-attention). */
  site?: AttentionSite;
  /** A translation model: the stack walked (absent: the decoder). */
  stack?: 'encoder' | 'decoder';
}

/** What a step needs: the trace and the learner's choices. */
export interface StepContext {
  trace: ModelTrace;
  /** A translation model: the side of the selected token ('source': through the encoder; default 'target'). */
  side?: Side;
  /** A translation model: the source tokens (the keys of cross-attention). */
  sourceTokens?: readonly string[];
  /** The selected token's position in its side (0 … T−1). */
  token: number;
  /** The selected head (for per-head steps). */
  head: number;
  /** Token text per position of the selected token's side. */
  tokens: readonly string[];
  /** The vocabulary (index = token id), for the output steps. */
  vocab: readonly string[];
}

/** How a matrix is coloured: around 0 (blue–white–red) or as probabilities in [0, 1]. */
export type ScaleKind = 'diverging' | 'probability';

/**
 * What the axis of a matrix counts: the walked token positions, the source tokens (a translation
 * model's encoder output, the keys of cross-attention), or plain indices (dimensions, vocabulary ids).
 */
export type AxisKind = 'tokens' | 'source' | 'index' | 'vocab';

/** A matrix of the trace shown in a step, with the selected token's row (and maybe columns) highlighted. */
export interface MatrixSpec {
  /** Stable id within the step (used as the test id `step-matrix-<id>`). */
  id: string;
  /** The matrix's name, translated. */
  name: MessageKey;
  nameVars?: Vars;
  /** The head (0-based) the matrix belongs to; its name reads it as `{head}` ("head 1", src/app/labels.ts). */
  head?: number;
  /** The layer (0-based) the matrix belongs to; its name reads it as `{layer}` ("layer 1"). */
  layer?: number;
  mat: Mat;
  rows: AxisKind;
  cols: AxisKind;
  scale: ScaleKind;
  /** The highlighted row (the selected token). */
  highlightRow?: number;
  /** The highlighted column (e.g. the selected token as a key). */
  highlightCol?: number;
  /** Highlighted column range [start, end) (e.g. the selected head's columns in the concatenation). */
  highlightCols?: readonly [number, number];
  /** Draw cells above the diagonal as masked (the causal mask). */
  causal?: boolean;
  /** Show the highlighted row's numbers below the matrix. */
  showRow?: boolean;
  /** Labels of the rows when they are none of the axis kinds (e.g. chosen rows of the embedding table). */
  rowLabels?: readonly string[];
  /** Drawn at most this wide (CSS px), beside the others (e.g. a weight's gradient). */
  maxWidth?: number;
  /** The matrix is shown turned on its side (rows ↔ columns) to fit; the caption says so. */
  transposed?: boolean;
}

/** One line of the shapes list: a name and its dimensions, symbolic and with the real numbers. */
export interface ShapeLine {
  name: string;
  dims: readonly (readonly [symbol: string, value: number])[];
}

/** A ranked list of tokens with a value (bars), e.g. the top next-token probabilities. */
export interface BarsSpec {
  id: string;
  title: MessageKey;
  titleVars?: Vars;
  items: { label: string; value: number; index: number }[];
  /** Values are probabilities (0…1, shown as %). */
  probability: boolean;
  /** Signed values (gradients): coloured as the diverging scale, red positive, blue negative. */
  signed?: boolean;
}

/** A sentence about this token's numbers in this step (e.g. how many values ReLU set to 0). */
export interface StepNote {
  key: MessageKey;
  vars?: Vars;
}

export interface StepData {
  shapes: ShapeLine[];
  matrices: MatrixSpec[];
  bars?: BarsSpec;
  notes?: StepNote[];
}

export interface StepModule {
  kind: StepKind;
  title: MessageKey;
  explain: MessageKey;
  /** Whether the step shows one head (a head can be chosen). */
  perHead: boolean;
  /**
   * The step's formula as TeX, from our constant strings and the config's numbers only (never user
   * text); `ref` names the stack and attention where that changes the formula.
   */
  tex(config: ModelConfig, ref?: StepRef): string;
  build(ctx: StepContext, ref: StepRef): StepData;
}
