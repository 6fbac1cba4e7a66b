// A matrix as a heatmap: cells on a <canvas> (painted by heatmap.ts), token labels and the hover
// outline in an SVG over it, and a tooltip with the exact value. React owns every element; D3 only
// supplies the colour scale. Labels are rendered as text nodes, never as HTML.

import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { Mat } from '../shared/trace';
import type { ColorScale } from './colorScales';
import { useAvailableWidth } from './useAvailableWidth';
import { cellAt, drawHeatmap, formatExact, heatmapGeometry, measureText, moveCell, shortenLabel, type MaskFn } from './heatmap';
import { TableAlternative } from './TableAlternative';

export const LABEL_FONT_SIZE = 12;
const LABEL_FONT = `${LABEL_FONT_SIZE}px system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif`;
const COLUMN_ANGLE = 50; // degrees above the horizontal
const MAX_LABEL_CHARS = 12;

export interface HeatmapWords {
  /** Name of the row axis, e.g. "query (row)". */
  row: string;
  /** Name of the column axis, e.g. "key (column)". */
  col: string;
  value: string;
  /** Shown instead of a value for masked cells. */
  masked: string;
}

export interface HeatmapProps {
  mat: Mat;
  rowLabels: readonly string[];
  colLabels: readonly string[];
  scale: ColorScale;
  words: HeatmapWords;
  isMasked?: MaskFn;
  /** Largest grid edge in CSS pixels. */
  maxSize?: number;
  ariaLabel: string;
  testId?: string;
  /** A row to outline (e.g. the row a view compares). */
  markRow?: number;
}

interface Hover {
  row: number;
  col: number;
}

export function Heatmap(props: HeatmapProps): ReactNode {
  const { mat, rowLabels, colLabels, scale, words, isMasked, maxSize, ariaLabel, testId, markRow } = props;
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const fitRef = useRef<HTMLDivElement>(null);
  const [hover, setHover] = useState<Hover | null>(null);

  // The map shrinks to the width it is given (down to a minimum cell size, then it scrolls).
  const available = useAvailableWidth(fitRef);

  const labels = useMemo(() => {
    const rowTexts = rowLabels.map((l) => shortenLabel(l, MAX_LABEL_CHARS));
    const colTexts = colLabels.map((l) => shortenLabel(l, MAX_LABEL_CHARS));
    // The corner holds the two axis titles; the row labels sit below them.
    const titleWidth = Math.max(measureText(`${words.row} ↓`, LABEL_FONT), measureText(`${words.col} →`, LABEL_FONT));
    const rowWidth = Math.max(24, titleWidth, ...rowTexts.map((l) => measureText(l, LABEL_FONT))) + 10;
    const colWidth = Math.max(24, ...colTexts.map((l) => measureText(l, LABEL_FONT)));
    const rad = (COLUMN_ANGLE * Math.PI) / 180;
    return {
      rowTexts,
      colTexts,
      left: Math.ceil(rowWidth),
      top: Math.ceil(colWidth * Math.sin(rad) + LABEL_FONT_SIZE + 8),
      /** How far the last column's label reaches right of the grid's edge. */
      overhang: colWidth * Math.cos(rad),
    };
  }, [rowLabels, colLabels, words.row, words.col]);

  const limit = maxSize ?? 600;
  const fitted = available === null ? limit : Math.min(limit, available - labels.left - labels.overhang - 8);
  const geometry = useMemo(() => heatmapGeometry(mat.rows, mat.cols, fitted), [mat.rows, mat.cols, fitted]);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (canvas) drawHeatmap(canvas, mat, geometry, scale, isMasked);
  }, [mat, geometry, scale, isMasked]);

  const { left, top } = labels;
  const right = Math.ceil(Math.max(0, labels.overhang - geometry.cell / 2) + 8);
  // With small cells not every label fits: show every k-th one (and the hovered one, alone).
  const step = Math.max(1, Math.ceil((LABEL_FONT_SIZE + 2) / geometry.cell));
  const width = left + geometry.width + right;
  const height = top + geometry.height + 4;

  const onMove = (e: React.MouseEvent<HTMLCanvasElement>): void => {
    const rect = e.currentTarget.getBoundingClientRect();
    const cell = cellAt(geometry, e.clientX - rect.left, e.clientY - rect.top);
    setHover((prev) => (cell && prev && prev.row === cell.row && prev.col === cell.col ? prev : cell));
  };

  // Keyboard: the grid takes focus (Tab) and the arrow keys move the read-out cell, as the mouse does.
  const onKey = (e: React.KeyboardEvent<HTMLCanvasElement>): void => {
    if (e.key === 'Escape') {
      setHover(null);
      return;
    }
    const from = hover ?? { row: markRow !== undefined && markRow >= 0 ? markRow : 0, col: 0 };
    const next = moveCell(from, e.key, mat.rows, mat.cols);
    if (!next) return;
    e.preventDefault();
    setHover(hover ? next : from);
  };

  const hovered = hover && hover.row < mat.rows && hover.col < mat.cols ? hover : null;
  let tooltip: ReactNode = null;
  if (hovered) {
    const v = mat.data[hovered.row * mat.cols + hovered.col];
    const masked = (isMasked?.(hovered.row, hovered.col) ?? false) || !Number.isFinite(v);
    const x = left + (hovered.col + 1) * geometry.cell + 8;
    const y = top + hovered.row * geometry.cell;
    const flip = x > width - 160;
    tooltip = (
      <div
        className="heatmap-tooltip"
        role="status"
        style={{
          left: flip ? undefined : x,
          right: flip ? width - (left + hovered.col * geometry.cell) + 8 : undefined,
          top: y,
        }}
      >
        <div>
          <span className="heatmap-tooltip-key">{words.row}</span> {hovered.row}: <b>{rowLabels[hovered.row]}</b>
        </div>
        <div>
          <span className="heatmap-tooltip-key">{words.col}</span> {hovered.col}: <b>{colLabels[hovered.col]}</b>
        </div>
        <div>
          <span className="heatmap-tooltip-key">{words.value}</span> <code>{formatExact(v)}</code>
        </div>
        {masked && <div className="heatmap-tooltip-masked">{words.masked}</div>}
      </div>
    );
  }

  const half = geometry.cell / 2;
  return (
    <div className="heatmap-fit" ref={fitRef}>
      <div className="heatmap" style={{ width, height }}>
        <svg className="heatmap-labels" width={width} height={height} aria-hidden="true">
          <g style={{ font: LABEL_FONT }}>
            <text x={left - 6} y={top - 6} textAnchor="end" className="heatmap-axis-title">
              {words.row} ↓
            </text>
            <text x={left - 6} y={top - 8 - LABEL_FONT_SIZE} textAnchor="end" className="heatmap-axis-title">
              {words.col} →
            </text>
            {labels.rowTexts.map((label, r) =>
              showLabel(r, step, hovered?.row) ? (
                <text
                  key={`r${r}`}
                  x={left - 6}
                  y={top + r * geometry.cell + half}
                  dominantBaseline="central"
                  textAnchor="end"
                  className={hovered?.row === r ? 'heatmap-label active' : 'heatmap-label'}
                >
                  {label}
                </text>
              ) : null,
            )}
            {labels.colTexts.map((label, c) =>
              showLabel(c, step, hovered?.col) ? (
                <text
                  key={`c${c}`}
                  transform={`translate(${left + c * geometry.cell + half}, ${top - 4}) rotate(${-COLUMN_ANGLE})`}
                  className={hovered?.col === c ? 'heatmap-label active' : 'heatmap-label'}
                >
                  {label}
                </text>
              ) : null,
            )}
          </g>
          {markRow !== undefined && markRow >= 0 && markRow < mat.rows && (
            <rect
              x={left - 1.5}
              y={top + markRow * geometry.cell - 1.5}
              width={geometry.width + 3}
              height={geometry.cell + 3}
              className="heatmap-mark-row"
              data-testid={testId ? `${testId}-mark` : undefined}
              data-row={markRow}
            />
          )}
          {hovered && (
            <rect
              x={left + hovered.col * geometry.cell + 0.5}
              y={top + hovered.row * geometry.cell + 0.5}
              width={geometry.cell - 1}
              height={geometry.cell - 1}
              className="heatmap-hover"
            />
          )}
        </svg>
        <canvas
          ref={canvasRef}
          className="heatmap-canvas"
          style={{ left, top, width: geometry.width, height: geometry.height }}
          role="img"
          aria-label={ariaLabel}
          data-testid={testId}
          tabIndex={0}
          onKeyDown={onKey}
          onFocus={(e) => {
            // Reached by keyboard: show the read-out at once, on the marked row if there is one.
            if (e.currentTarget.matches(':focus-visible')) setHover((h) => h ?? { row: markRow !== undefined && markRow >= 0 ? markRow : 0, col: 0 });
          }}
          onBlur={() => setHover(null)}
          onMouseMove={onMove}
          onMouseLeave={() => setHover(null)}
        />
        {tooltip}
      </div>
      <TableAlternative
        mat={mat}
        rowLabels={rowLabels}
        colLabels={colLabels}
        caption={ariaLabel}
        rowName={words.row}
        colName={words.col}
        masked={words.masked}
        isMasked={isMasked}
        testId={testId ? `${testId}-table` : undefined}
      />
    </div>
  );
}

/** Every `step`-th label, except next to the hovered one, which is always shown. */
function showLabel(i: number, step: number, hovered: number | undefined): boolean {
  if (hovered === undefined) return i % step === 0;
  return i === hovered || (i % step === 0 && Math.abs(i - hovered) >= step);
}
