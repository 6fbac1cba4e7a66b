// A small heatmap without labels (one of many in a grid, e.g. every attention head at once): a canvas
// painted by heatmap.ts, with an optional caption. Hovering a cell names its row and column in a
// title; given row and column labels, its accessible name says where each row's largest value sits.
// A matrix with more rows or columns than `size` pixels is drawn one pixel per cell and shown shrunk
// to `size`, so the thumbnail never grows past its place.

import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { Mat } from '../shared/trace';
import type { ColorScale } from './colorScales';
import { cellAt, drawHeatmap, formatShort, heatmapGeometry, thumbSummary, type MaskFn } from './heatmap';

export interface HeatmapThumbProps {
  mat: Mat;
  scale: ColorScale;
  isMasked?: MaskFn;
  /** Largest edge in CSS pixels. */
  size: number;
  caption?: string;
  rowLabels?: readonly string[];
  colLabels?: readonly string[];
  ariaLabel: string;
  testId?: string;
  /** Scale the map up (cells drawn crisp) until its longer edge is `size`, when its cells would be smaller. */
  fill?: boolean;
  /** Shown under the caption (e.g. a head's role badge). */
  badge?: ReactNode;
}

export function HeatmapThumb({ mat, scale, isMasked, size, caption, rowLabels, colLabels, ariaLabel, testId, fill = false, badge }: HeatmapThumbProps): ReactNode {
  const ref = useRef<HTMLCanvasElement>(null);
  const [title, setTitle] = useState('');
  const geometry = useMemo(() => heatmapGeometry(mat.rows, mat.cols, size, 1, 24), [mat.rows, mat.cols, size]);
  const longer = Math.max(geometry.width, geometry.height, 1);
  const fit = fill ? size / longer : Math.min(1, size / longer);
  useEffect(() => {
    const canvas = ref.current;
    if (!canvas) return;
    drawHeatmap(canvas, mat, geometry, scale, isMasked);
    // drawHeatmap sizes the canvas one cell per `cell` pixels; shrunk, it keeps its place.
    canvas.style.width = `${geometry.width * fit}px`;
    canvas.style.height = `${geometry.height * fit}px`;
  }, [mat, geometry, scale, isMasked, fit]);

  const onMove = (e: React.MouseEvent<HTMLCanvasElement>): void => {
    const rect = e.currentTarget.getBoundingClientRect();
    const cell = cellAt(geometry, (e.clientX - rect.left) / fit, (e.clientY - rect.top) / fit);
    if (!cell) return;
    const v = mat.data[cell.row * mat.cols + cell.col];
    const r = rowLabels?.[cell.row] ?? String(cell.row);
    const c = colLabels?.[cell.col] ?? String(cell.col);
    setTitle(`${r} → ${c}: ${formatShort(v)}`);
  };

  // Its text alternative: with labels, where each row's largest value sits ("it → animal 0.62; …").
  const label = useMemo(
    () => (rowLabels && colLabels ? `${ariaLabel}. ${thumbSummary(mat, rowLabels, colLabels, isMasked)}` : ariaLabel),
    [ariaLabel, mat, rowLabels, colLabels, isMasked],
  );

  return (
    <figure className="heatmap-thumb">
      <canvas
        ref={ref}
        role="img"
        aria-label={label}
        title={title}
        data-testid={testId}
        onMouseMove={onMove}
        className={fill ? 'fill' : undefined}
        style={{ width: geometry.width * fit, height: geometry.height * fit }}
      />
      {caption !== undefined && <figcaption>{caption}</figcaption>}
      {badge && <div className="heatmap-thumb-badge">{badge}</div>}
    </figure>
  );
}
