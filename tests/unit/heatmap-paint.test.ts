// The heatmap painter against a direct per-pixel reading of its specification: each pixel takes the
// colour of the cell under it, gaps are white, masked and non-finite cells are hatched diagonally.
import { describe, expect, it } from 'vitest';
import { causalMask, heatmapGeometry, paintHeatmapPixels } from '../../src/viz/heatmap';
import { sequentialScale } from '../../src/viz/colorScales';

function expectedPixel(mat: { rows: number; cols: number; data: Float32Array }, cellPx: number, gapPx: number, stripe: number, rgb: (v: number) => readonly number[], x: number, y: number, masked: (r: number, c: number) => boolean): number[] {
  const r = Math.min(mat.rows - 1, Math.floor(y / cellPx));
  const c = Math.min(mat.cols - 1, Math.floor(x / cellPx));
  if (gapPx > 0 && (y - Math.floor(r * cellPx) < gapPx || x - Math.floor(c * cellPx) < gapPx)) return [255, 255, 255, 255];
  const v = mat.data[r * mat.cols + c];
  if (masked(r, c) || !Number.isFinite(v)) return Math.floor((x + y) / stripe) % 2 === 0 ? [236, 236, 236, 255] : [196, 196, 196, 255];
  return [...rgb(v).slice(0, 3), 255];
}

describe('paintHeatmapPixels', () => {
  for (const [rows, cols, dpr, mask] of [
    [5, 5, 1, true],
    [7, 4, 2, false],
    [12, 12, 1.5, true],
    [64, 64, 1, true],
  ] as const) {
    it(`${rows}×${cols} at dpr ${dpr}${mask ? ', causal mask' : ''}`, () => {
      const data = new Float32Array(rows * cols).map((_, i) => Math.sin(i * 1.7) * 0.5 + 0.5);
      data[1] = Number.NaN;
      data[rows * cols - 1] = -Infinity;
      const mat = { rows, cols, data };
      const geometry = heatmapGeometry(rows, cols, 300);
      const scale = sequentialScale(0, 1);
      const isMasked = mask ? causalMask : undefined;
      const { width, height, pixels } = paintHeatmapPixels(mat, geometry, scale, dpr, isMasked);
      const cellPx = geometry.cell * dpr;
      const gapPx = geometry.gap ? Math.max(1, Math.round(dpr)) : 0;
      const stripe = Math.max(2, Math.round(3 * dpr));
      let bad = 0;
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          const want = expectedPixel(mat, cellPx, gapPx, stripe, (v) => scale.rgb(v), x, y, (r, c) => (isMasked ? isMasked(r, c) : false));
          const o = (y * width + x) * 4;
          if (want.some((w, k) => pixels[o + k] !== w)) bad++;
        }
      }
      expect(width).toBe(Math.round(geometry.width * dpr));
      expect(bad).toBe(0);
    });
  }
});
