// A small heatmap without labels (one of many in a grid, e.g. every attention head at once): a canvas
// painted by heatmap.ts, with a caption. Hovering a cell names its row and column in a title.

import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { Mat } from '../shared/trace';
import type { ColorScale } from './colorScales';
import { cellAt, drawHeatmap, formatShort, heatmapGeometry, type MaskFn } from './heatmap';

export interface HeatmapThumbProps {
  mat: Mat;
  scale: ColorScale;
  isMasked?: MaskFn;
  /** Largest edge in CSS pixels. */
  size: number;
  caption: string;
  rowLabels?: readonly string[];
  colLabels?: readonly string[];
  ariaLabel: string;
  testId?: string;
}

export function HeatmapThumb({ mat, scale, isMasked, size, caption, rowLabels, colLabels, ariaLabel, testId }: HeatmapThumbProps): ReactNode {
  const ref = useRef<HTMLCanvasElement>(null);
  const [title, setTitle] = useState('');
  const geometry = useMemo(() => heatmapGeometry(mat.rows, mat.cols, size, 1, 24), [mat.rows, mat.cols, size]);
  useEffect(() => {
    if (ref.current) drawHeatmap(ref.current, mat, geometry, scale, isMasked);
  }, [mat, geometry, scale, isMasked]);

  const onMove = (e: React.MouseEvent<HTMLCanvasElement>): void => {
    const rect = e.currentTarget.getBoundingClientRect();
    const cell = cellAt(geometry, e.clientX - rect.left, e.clientY - rect.top);
    if (!cell) return;
    const v = mat.data[cell.row * mat.cols + cell.col];
    const r = rowLabels?.[cell.row] ?? String(cell.row);
    const c = colLabels?.[cell.col] ?? String(cell.col);
    setTitle(`${r} → ${c}: ${formatShort(v)}`);
  };

  return (
    <figure className="heatmap-thumb">
      <canvas
        ref={ref}
        role="img"
        aria-label={ariaLabel}
        title={title}
        data-testid={testId}
        onMouseMove={onMove}
        style={{ width: geometry.width, height: geometry.height }}
      />
      <figcaption>{caption}</figcaption>
    </figure>
  );
}
