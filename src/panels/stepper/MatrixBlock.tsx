// One matrix of a step: its name, the matrix (table or heatmap) with the token's row highlighted, and
// the highlighted row's numbers.

import { useMemo, type ReactNode } from 'react';
import { useI18n } from '../../app/i18n';
import { headLabel, layerLabel } from '../../app/labels';
import { maxAbsFinite, divergingScale, sequentialScale, type ColorScale } from '../../viz/colorScales';
import { causalMask } from '../../viz/heatmap';
import { MatrixView } from '../../viz/MatrixView';
import { focusRow } from './common';
import { RowNumbers } from './RowNumbers';
import type { AxisKind, MatrixSpec } from './types';

/** Matrices with more columns than this take the full width; narrower ones sit side by side. */
const WIDE_COLS = 24;

export interface MatrixBlockProps {
  spec: MatrixSpec;
  tokens: readonly string[];
  vocab: readonly string[];
  /** A translation model's source tokens (rows of the encoder's output, keys of cross-attention). */
  sourceTokens?: readonly string[];
}

const NONE: readonly string[] = [];

function axisLabels(kind: AxisKind, n: number, tokens: readonly string[], vocab: readonly string[], source: readonly string[]): string[] {
  return Array.from({ length: n }, (_, i) => {
    if (kind === 'tokens') return tokens[i] ?? String(i);
    if (kind === 'source') return source[i] ?? String(i);
    if (kind === 'vocab') return vocab[i] ?? `#${i}`;
    return String(i);
  });
}

function scaleFor(spec: MatrixSpec): ColorScale {
  if (spec.scale === 'probability') {
    let max = 0;
    for (const v of spec.mat.data) if (Number.isFinite(v) && v > max) max = v;
    return sequentialScale(0, max > 0 ? max : 1);
  }
  return divergingScale(maxAbsFinite(spec.mat.data));
}

export function MatrixBlock({ spec, tokens, vocab, sourceTokens = NONE }: MatrixBlockProps): ReactNode {
  const { t } = useI18n();
  const { mat } = spec;
  const rowLabels = useMemo(
    () => spec.rowLabels ?? axisLabels(spec.rows, mat.rows, tokens, vocab, sourceTokens),
    [spec.rowLabels, spec.rows, mat.rows, tokens, vocab, sourceTokens],
  );
  const colLabels = useMemo(() => axisLabels(spec.cols, mat.cols, tokens, vocab, sourceTokens), [spec.cols, mat.cols, tokens, vocab, sourceTokens]);
  const scale = useMemo(() => scaleFor(spec), [spec]);
  const name = t(spec.name, {
    ...spec.nameVars,
    ...(spec.head === undefined ? {} : { head: headLabel(t, spec.head) }),
    ...(spec.layer === undefined ? {} : { layer: layerLabel(t, spec.layer) }),
  });
  const row = spec.showRow ? focusRow(spec) : null;
  const token = spec.highlightRow !== undefined ? (tokens[spec.highlightRow] ?? '') : '';
  return (
    <figure className={mat.cols > WIDE_COLS && spec.maxWidth === undefined ? 'step-matrix wide' : 'step-matrix'} data-testid={`step-matrix-${spec.id}`}>
      <figcaption>
        {name} <span className="dims">[{mat.rows} × {mat.cols}]</span>
        {spec.transposed && <span className="dims"> {t('backward.transposed')}</span>}
      </figcaption>
      <MatrixView
        mat={mat}
        rowLabels={rowLabels}
        colLabels={colLabels}
        labelColumns={spec.cols !== 'index'}
        scale={scale}
        highlightRow={spec.highlightRow}
        highlightCol={spec.highlightCol}
        highlightCols={spec.highlightCols}
        isMasked={spec.causal ? causalMask : undefined}
        words={{
          row: t('stepper.cell.row'),
          col: t('stepper.cell.col'),
          value: t('stepper.cell.value'),
          masked: t('stepper.cell.masked'),
        }}
        summaryWords={{ min: t('a11y.table.min'), max: t('a11y.table.max'), argmax: t('a11y.table.argmax') }}
        ariaLabel={t('stepper.matrixAria', { name, rows: mat.rows, cols: mat.cols })}
        testId={`step-matrix-${spec.id}-view`}
        maxWidth={spec.maxWidth}
      />
      {row && (
        <RowNumbers
          values={row}
          labels={spec.cols === 'tokens' || spec.cols === 'source' ? colLabels : undefined}
          scale={scale}
          maskedFrom={spec.causal && spec.highlightRow !== undefined ? spec.highlightRow + 1 : undefined}
          token={token}
          highlight={spec.highlightCols}
          testId={`step-row-${spec.id}`}
        />
      )}
    </figure>
  );
}
