// Canvas heatmap of a matrix (TensorFlow-Playground style): the cells are painted pixel by pixel into
// an ImageData (one putImageData per repaint, no element per cell); labels and hover are drawn by the
// React component in Heatmap.tsx. Masked cells (−∞, or those the caller marks, e.g. above the causal
// diagonal) are drawn with grey hatching so they cannot be mistaken for small values.

import type { Mat } from '../shared/trace';
import type { ColorScale, Rgb } from './colorScales';

export interface HeatmapGeometry {
  rows: number;
  cols: number;
  /** Cell edge in CSS pixels. */
  cell: number;
  /** Grid size in CSS pixels. */
  width: number;
  height: number;
  /** Whether a 1-px gap separates cells (only when cells are big enough). */
  gap: boolean;
}

/** Cell size that fits `maxSize` CSS pixels, clamped to [minCell, maxCell]. */
export function heatmapGeometry(rows: number, cols: number, maxSize = 600, minCell = 6, maxCell = 36): HeatmapGeometry {
  const n = Math.max(rows, cols, 1);
  const cell = Math.max(minCell, Math.min(maxCell, Math.floor(maxSize / n)));
  return { rows, cols, cell, width: cols * cell, height: rows * cell, gap: cell >= 10 };
}

export type MaskFn = (row: number, col: number) => boolean;

/** Key index > query index: the causal mask of CONTRACT §1. */
export const causalMask: MaskFn = (row, col) => col > row;

const HATCH_LIGHT: Rgb = [236, 236, 236];
const HATCH_DARK: Rgb = [196, 196, 196];
const GAP: Rgb = [255, 255, 255];

/**
 * Paint `mat` into an RGBA pixel buffer of size (cols·cell·dpr) × (rows·cell·dpr). Pure: takes and
 * returns plain arrays, so it can be tested and reused without a DOM.
 */
export function paintHeatmapPixels(
  mat: Mat,
  geometry: HeatmapGeometry,
  scale: ColorScale,
  dpr: number,
  isMasked?: MaskFn,
): { width: number; height: number; pixels: Uint8ClampedArray<ArrayBuffer> } {
  const cellPx = geometry.cell * dpr;
  const width = Math.round(geometry.width * dpr);
  const height = Math.round(geometry.height * dpr);
  const pixels = new Uint8ClampedArray(new ArrayBuffer(width * height * 4));
  // Written as whole RGBA words (byte order of the platform), from per-cell and per-column tables,
  // so the per-pixel work is two lookups: a 64 × 64 map at 2× is ~300k pixels every repaint.
  const words = new Uint32Array(pixels.buffer);
  const pack = (rgb: Rgb): number => {
    const b = new Uint8ClampedArray([rgb[0], rgb[1], rgb[2], 255]);
    return new Uint32Array(b.buffer)[0];
  };
  const gapWord = pack(GAP);
  const hatch = [pack(HATCH_LIGHT), pack(HATCH_DARK)];
  // Colour word per cell; 0 (never a valid opaque word) marks a masked or non-finite cell.
  const colours = new Uint32Array(mat.rows * mat.cols);
  for (let r = 0; r < mat.rows; r++) {
    for (let c = 0; c < mat.cols; c++) {
      const v = mat.data[r * mat.cols + c];
      const masked = (isMasked?.(r, c) ?? false) || !Number.isFinite(v);
      colours[r * mat.cols + c] = masked ? 0 : pack(scale.rgb(v));
    }
  }
  const gapPx = geometry.gap ? Math.max(1, Math.round(dpr)) : 0;
  const stripe = Math.max(2, Math.round(3 * dpr));
  // Per pixel column: its cell column, or −1 inside a gap.
  const colOf = new Int32Array(width);
  for (let x = 0; x < width; x++) {
    const c = Math.min(mat.cols - 1, Math.floor(x / cellPx));
    colOf[x] = gapPx > 0 && x - Math.floor(c * cellPx) < gapPx ? -1 : c;
  }
  for (let y = 0; y < height; y++) {
    const r = Math.min(mat.rows - 1, Math.floor(y / cellPx));
    const row = y * width;
    if (gapPx > 0 && y - Math.floor(r * cellPx) < gapPx) {
      words.fill(gapWord, row, row + width);
      continue;
    }
    const base = r * mat.cols;
    for (let x = 0; x < width; x++) {
      const c = colOf[x];
      if (c < 0) {
        words[row + x] = gapWord;
        continue;
      }
      const w = colours[base + c];
      words[row + x] = w !== 0 ? w : hatch[Math.floor((x + y) / stripe) % 2];
    }
  }
  return { width, height, pixels };
}

/** Paint onto a canvas, sizing its backing store for the device pixel ratio. */
export function drawHeatmap(
  canvas: HTMLCanvasElement,
  mat: Mat,
  geometry: HeatmapGeometry,
  scale: ColorScale,
  isMasked?: MaskFn,
): void {
  const dpr = Math.max(1, Math.min(3, window.devicePixelRatio || 1));
  const { width, height, pixels } = paintHeatmapPixels(mat, geometry, scale, dpr, isMasked);
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  canvas.style.width = `${geometry.width}px`;
  canvas.style.height = `${geometry.height}px`;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.putImageData(new ImageData(pixels, width, height), 0, 0);
}

/** The cell under CSS-pixel offset (x, y) inside the grid, or null. */
export function cellAt(geometry: HeatmapGeometry, x: number, y: number): { row: number; col: number } | null {
  if (x < 0 || y < 0 || x >= geometry.width || y >= geometry.height) return null;
  return { row: Math.floor(y / geometry.cell), col: Math.floor(x / geometry.cell) };
}

/**
 * The cell an arrow key (or Home / End / PageUp / PageDown) moves to from `cell` in a rows × cols
 * grid, clamped at the edges; null for any other key.
 */
export function moveCell(cell: { row: number; col: number }, key: string, rows: number, cols: number): { row: number; col: number } | null {
  const clamp = (v: number, n: number): number => Math.max(0, Math.min(n - 1, v));
  const { row, col } = cell;
  switch (key) {
    case 'ArrowLeft':
      return { row, col: clamp(col - 1, cols) };
    case 'ArrowRight':
      return { row, col: clamp(col + 1, cols) };
    case 'ArrowUp':
      return { row: clamp(row - 1, rows), col };
    case 'ArrowDown':
      return { row: clamp(row + 1, rows), col };
    case 'Home':
      return { row, col: 0 };
    case 'End':
      return { row, col: cols - 1 };
    case 'PageUp':
      return { row: 0, col };
    case 'PageDown':
      return { row: rows - 1, col };
    default:
      return null;
  }
}

/** Exact float32 value as text: 7 significant digits, −∞ written as such. */
export function formatExact(v: number): string {
  if (v === -Infinity) return '−∞';
  if (v === Infinity) return '∞';
  if (Number.isNaN(v)) return 'NaN';
  if (v === 0) return '0';
  return v.toPrecision(7).replace('-', '−');
}

/** Short form for axis ticks and legends. */
export function formatShort(v: number): string {
  if (!Number.isFinite(v)) return formatExact(v);
  const a = Math.abs(v);
  const s = a !== 0 && (a < 0.01 || a >= 1000) ? v.toExponential(1) : Number(v.toPrecision(3)).toString();
  return s.replace('-', '−');
}

let measureCtx: CanvasRenderingContext2D | null = null;

/** Width in CSS pixels of `text` in `font` (for laying out axis labels). */
export function measureText(text: string, font: string): number {
  if (!measureCtx) measureCtx = document.createElement('canvas').getContext('2d');
  if (!measureCtx) return text.length * 8;
  measureCtx.font = font;
  return measureCtx.measureText(text).width;
}

/** A label cut to `max` characters (by code point) with an ellipsis. */
export function shortenLabel(text: string, max = 12): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** A value as a table alternative reads it: 4 significant digits, a true minus sign. */
export function formatTableValue(v: number): string {
  if (!Number.isFinite(v)) return formatExact(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  const s = a < 1e-3 || a >= 1e5 ? v.toExponential(3) : String(Number(v.toPrecision(4)));
  return s.replace('-', '−');
}

/** Per row: the smallest and largest visible value and the column of the largest (−1 if none). */
export function rowSummaries(mat: Mat, isMasked?: MaskFn): { min: number; max: number; argmax: number }[] {
  const out: { min: number; max: number; argmax: number }[] = [];
  for (let r = 0; r < mat.rows; r++) {
    let min = Infinity;
    let max = -Infinity;
    let argmax = -1;
    for (let c = 0; c < mat.cols; c++) {
      const v = mat.data[r * mat.cols + c];
      if ((isMasked?.(r, c) ?? false) || !Number.isFinite(v)) continue;
      if (v < min) min = v;
      if (v > max) {
        max = v;
        argmax = c;
      }
    }
    out.push({ min: argmax < 0 ? NaN : min, max: argmax < 0 ? NaN : max, argmax });
  }
  return out;
}

/** Row by row, the column with the largest value: "row → column value; …" (a thumbnail's text alternative). */
export function thumbSummary(mat: Mat, rowLabels: readonly string[], colLabels: readonly string[], isMasked?: MaskFn): string {
  return rowSummaries(mat, isMasked)
    .map((s, r) => (s.argmax < 0 ? null : `${rowLabels[r] ?? r} → ${colLabels[s.argmax] ?? s.argmax} ${formatShort(s.max)}`))
    .filter((x) => x !== null)
    .join('; ');
}
