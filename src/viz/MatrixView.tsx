// A matrix of real numbers with the selected token's row (and maybe columns) highlighted.
// Small matrices (≤ 16 × 16) are a compact table of numbers on coloured cells; larger ones are a
// canvas heatmap (one ImageData per repaint, cells may be wider than tall) with the highlight and
// labels in an SVG over it and the hovered cell's exact value in a line below. React owns every
// element; D3 only supplies the colour scale; labels are text nodes, never HTML.

import { useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { Mat } from '../shared/trace';
import { textColorOn, type ColorScale, type Rgb } from './colorScales';
import { useAvailableWidth } from './useAvailableWidth';
import { formatExact, formatShort, measureText, moveCell, shortenLabel, type MaskFn } from './heatmap';
import { TableAlternative } from './TableAlternative';

export const TABLE_LIMIT = 16;

const FONT_SIZE = 11;
const FONT = `${FONT_SIZE}px system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif`;
const HATCH_LIGHT: Rgb = [236, 236, 236];
const HATCH_DARK: Rgb = [196, 196, 196];

export interface MatrixWords {
  row: string;
  col: string;
  value: string;
  masked: string;
}

export interface MatrixViewProps {
  mat: Mat;
  rowLabels: readonly string[];
  colLabels: readonly string[];
  /** Whether column labels are worth drawing (tokens) or plain indices (dimensions). */
  labelColumns: boolean;
  scale: ColorScale;
  highlightRow?: number;
  highlightCol?: number;
  /** [start, end) of highlighted columns. */
  highlightCols?: readonly [number, number];
  isMasked?: MaskFn;
  words: MatrixWords;
  /** Column titles of the screen-reader row summary of very large matrices (see TableAlternative). */
  summaryWords?: { min: string; max: string; argmax: string };
  ariaLabel: string;
  testId?: string;
  /** Largest width in CSS pixels. */
  maxWidth?: number;
}

export function MatrixView(props: MatrixViewProps): ReactNode {
  const { mat } = props;
  return mat.rows <= TABLE_LIMIT && mat.cols <= TABLE_LIMIT ? <MatrixTable {...props} /> : <MatrixCanvas {...props} />;
}

function cellMasked(props: MatrixViewProps, r: number, c: number): boolean {
  const v = props.mat.data[r * props.mat.cols + c];
  return (props.isMasked?.(r, c) ?? false) || !Number.isFinite(v);
}

function inHighlightCols(props: MatrixViewProps, c: number): boolean {
  const h = props.highlightCols;
  return c === props.highlightCol || (h !== undefined && c >= h[0] && c < h[1]);
}

/** ≤ 16 × 16: every number printed on its colour. */
function MatrixTable(props: MatrixViewProps): ReactNode {
  const { mat, rowLabels, colLabels, scale, highlightRow, words, ariaLabel, testId } = props;
  return (
    <div className="matrix-scroll">
      <table className="matrix-table" aria-label={ariaLabel} data-testid={testId} data-rows={mat.rows} data-cols={mat.cols}>
        <thead>
          <tr>
            <th scope="col">
              <span className="visually-hidden">{`${words.row} \\ ${words.col}`}</span>
            </th>
            {Array.from({ length: mat.cols }, (_, c) => (
              <th key={c} scope="col" className={inHighlightCols(props, c) ? 'hl-col' : undefined} title={`${words.col} ${c}: ${colLabels[c]}`}>
                {shortenLabel(colLabels[c] ?? String(c), 6)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {Array.from({ length: mat.rows }, (_, r) => (
            <tr key={r} className={r === highlightRow ? 'hl-row' : undefined}>
              <th scope="row" title={`${words.row} ${r}: ${rowLabels[r]}`}>
                {shortenLabel(rowLabels[r] ?? String(r), 10)}
              </th>
              {Array.from({ length: mat.cols }, (_, c) => {
                const v = mat.data[r * mat.cols + c];
                const masked = cellMasked(props, r, c);
                const bg = masked ? null : scale.rgb(v);
                const cls = [masked ? 'masked' : '', inHighlightCols(props, c) ? 'hl-col' : ''].filter(Boolean).join(' ');
                return (
                  <td
                    key={c}
                    className={cls || undefined}
                    style={bg ? { background: `rgb(${bg[0]}, ${bg[1]}, ${bg[2]})`, color: textColorOn(bg) } : undefined}
                    title={`${words.row} ${r} (${rowLabels[r]}), ${words.col} ${c} (${colLabels[c]}): ${formatExact(v)}${masked ? ` (${words.masked})` : ''}`}
                  >
                    {formatCell(v)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Two decimals for table cells; very large or tiny values in short exponent form. */
export function formatCell(v: number): string {
  if (!Number.isFinite(v) || v === 0) return formatExact(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 0.005 || a >= 1000)) return formatShort(v);
  return v.toFixed(2).replace('-', '−');
}

interface Hover {
  row: number;
  col: number;
}

/** Paint cells of cw × ch device pixels into RGBA (masked cells hatched grey). */
function paint(props: MatrixViewProps, cw: number, ch: number): ImageData {
  const { mat, scale } = props;
  const width = Math.max(1, Math.round(mat.cols * cw));
  const height = Math.max(1, Math.round(mat.rows * ch));
  const img = new ImageData(width, height);
  const px = img.data;
  const colours: (Rgb | null)[] = new Array(mat.rows * mat.cols);
  for (let r = 0; r < mat.rows; r++) {
    for (let c = 0; c < mat.cols; c++) colours[r * mat.cols + c] = cellMasked(props, r, c) ? null : scale.rgb(mat.data[r * mat.cols + c]);
  }
  const gapX = cw >= 8;
  const gapY = ch >= 8;
  for (let y = 0; y < height; y++) {
    const r = Math.min(mat.rows - 1, Math.floor(y / ch));
    const rowGap = gapY && y - Math.floor(r * ch) < 1;
    for (let x = 0; x < width; x++) {
      const c = Math.min(mat.cols - 1, Math.floor(x / cw));
      const o = (y * width + x) * 4;
      let rgb: Rgb;
      if (rowGap || (gapX && x - Math.floor(c * cw) < 1)) rgb = [255, 255, 255];
      else rgb = colours[r * mat.cols + c] ?? (Math.floor((x + y) / 4) % 2 === 0 ? HATCH_LIGHT : HATCH_DARK);
      px[o] = rgb[0];
      px[o + 1] = rgb[1];
      px[o + 2] = rgb[2];
      px[o + 3] = 255;
    }
  }
  return img;
}

/** Larger matrices: a canvas heatmap, highlighted row and columns outlined, hover readout below. */
function MatrixCanvas(props: MatrixViewProps): ReactNode {
  const { mat, rowLabels, colLabels, labelColumns, highlightRow, highlightCol, highlightCols, words, ariaLabel, testId } = props;
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const fitRef = useRef<HTMLDivElement>(null);
  const [hover, setHover] = useState<Hover | null>(null);

  const available = useAvailableWidth(fitRef);

  const labelWidth = useMemo(
    () => Math.ceil(Math.max(20, ...rowLabels.map((l) => measureText(shortenLabel(l, 10), FONT))) + 8),
    [rowLabels],
  );
  const limit = Math.min(props.maxWidth ?? 720, (available ?? 720) - labelWidth - 4);
  const cellW = Math.max(1, Math.min(24, limit / Math.max(1, mat.cols)));
  // Rows stay tall enough for a readable label when there are not too many of them.
  const cellH = Math.max(mat.rows <= 40 ? 13 : 9, Math.min(24, cellW));
  const showColLabels = labelColumns && cellW >= 12;
  const top = showColLabels
    ? Math.ceil(Math.max(...colLabels.map((l) => measureText(shortenLabel(l, 10), FONT))) * 0.77 + FONT_SIZE + 6)
    : 4;
  const gridW = mat.cols * cellW;
  const gridH = mat.rows * cellH;
  const width = labelWidth + gridW + (showColLabels ? 40 : 4);
  const height = top + gridH + 4;
  const showAllRows = cellH >= 12;

  useLayoutEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || available === null) return;
    const dpr = Math.max(1, Math.min(3, window.devicePixelRatio || 1));
    const img = paint(props, cellW * dpr, cellH * dpr);
    if (canvas.width !== img.width) canvas.width = img.width;
    if (canvas.height !== img.height) canvas.height = img.height;
    canvas.getContext('2d')?.putImageData(img, 0, 0);
  }, [mat, props.scale, props.isMasked, cellW, cellH, available]);

  const onMove = (e: React.MouseEvent<HTMLCanvasElement>): void => {
    const rect = e.currentTarget.getBoundingClientRect();
    const col = Math.floor((e.clientX - rect.left) / cellW);
    const row = Math.floor((e.clientY - rect.top) / cellH);
    if (row < 0 || col < 0 || row >= mat.rows || col >= mat.cols) return setHover(null);
    setHover((prev) => (prev && prev.row === row && prev.col === col ? prev : { row, col }));
  };

  const start = (): Hover => ({ row: highlightRow !== undefined && highlightRow >= 0 && highlightRow < mat.rows ? highlightRow : 0, col: 0 });
  const onKey = (e: React.KeyboardEvent<HTMLCanvasElement>): void => {
    if (e.key === 'Escape') return setHover(null);
    const next = moveCell(hover ?? start(), e.key, mat.rows, mat.cols);
    if (!next) return;
    e.preventDefault();
    setHover(hover ? next : start());
  };

  const hovered = hover && hover.row < mat.rows && hover.col < mat.cols ? hover : null;
  const hv = hovered ? mat.data[hovered.row * mat.cols + hovered.col] : 0;
  return (
    <div className="matrix-fit" ref={fitRef}>
      <div className="matrix-canvas-wrap" style={{ width, height }}>
        <svg className="matrix-overlay" width={width} height={height} aria-hidden="true">
          <g style={{ font: FONT }}>
            {rowLabels.map((label, r) =>
              showAllRows || r === highlightRow || r === hovered?.row ? (
                <text
                  key={`r${r}`}
                  x={labelWidth - 6}
                  y={top + r * cellH + cellH / 2}
                  dominantBaseline="central"
                  textAnchor="end"
                  className={r === highlightRow ? 'matrix-label active' : 'matrix-label'}
                >
                  {shortenLabel(label, 10)}
                </text>
              ) : null,
            )}
            {showColLabels &&
              colLabels.map((label, c) => (
                <text
                  key={`c${c}`}
                  transform={`translate(${labelWidth + c * cellW + cellW / 2}, ${top - 4}) rotate(-50)`}
                  className={c === highlightCol || c === hovered?.col ? 'matrix-label active' : 'matrix-label'}
                >
                  {shortenLabel(label, 10)}
                </text>
              ))}
          </g>
          {highlightCols && (
            <rect
              x={labelWidth + highlightCols[0] * cellW}
              y={top - 2}
              width={(highlightCols[1] - highlightCols[0]) * cellW}
              height={gridH + 4}
              className="matrix-hl-cols"
            />
          )}
          {highlightCol !== undefined && (
            <rect x={labelWidth + highlightCol * cellW} y={top - 2} width={cellW} height={gridH + 4} className="matrix-hl-cols" />
          )}
          {highlightRow !== undefined && highlightRow < mat.rows && (
            <rect x={labelWidth - 2} y={top + highlightRow * cellH} width={gridW + 4} height={cellH} className="matrix-hl-row" />
          )}
          {hovered && (
            <rect x={labelWidth + hovered.col * cellW} y={top + hovered.row * cellH} width={cellW} height={cellH} className="matrix-hover" />
          )}
        </svg>
        <canvas
          ref={canvasRef}
          className="matrix-canvas"
          style={{ left: labelWidth, top, width: gridW, height: gridH }}
          role="img"
          aria-label={ariaLabel}
          data-testid={testId}
          data-rows={mat.rows}
          data-cols={mat.cols}
          tabIndex={0}
          onKeyDown={onKey}
          onFocus={(e) => {
            if (e.currentTarget.matches(':focus-visible')) setHover((h) => h ?? start());
          }}
          onBlur={() => setHover(null)}
          onMouseMove={onMove}
          onMouseLeave={() => setHover(null)}
        />
      </div>
      <TableAlternative
        mat={mat}
        rowLabels={rowLabels}
        colLabels={colLabels}
        caption={ariaLabel}
        rowName={words.row}
        colName={words.col}
        masked={words.masked}
        isMasked={props.isMasked}
        summaryWords={props.summaryWords}
        testId={testId ? `${testId}-table` : undefined}
      />
      <p className="matrix-readout" aria-live="polite">
        {hovered ? (
          <>
            <span className="k">{words.row}</span> {hovered.row} <b>{rowLabels[hovered.row]}</b> · <span className="k">{words.col}</span>{' '}
            {hovered.col} <b>{colLabels[hovered.col]}</b> · <span className="k">{words.value}</span>{' '}
            <code>{formatExact(hv)}</code>
            {cellMasked(props, hovered.row, hovered.col) && <span className="k"> ({words.masked})</span>}
          </>
        ) : (
          ' '
        )}
      </p>
    </div>
  );
}
