// The pure parts of the heatmaps' accessibility aids (src/viz/heatmap.ts): keyboard movement between
// cells, the numbers of the hidden tables and the row summaries of thumbnails, checked against values
// worked out here by hand or by a plain loop.

import { describe, expect, it } from 'vitest';
import { causalMask, formatTableValue, moveCell, rowSummaries, thumbSummary } from '../../src/viz/heatmap';

const mat = (rows: number, cols: number, data: number[]) => ({ rows, cols, data: Float32Array.from(data) });

describe('keyboard movement in a heatmap', () => {
  it('moves one cell per arrow key and stops at the edges', () => {
    expect(moveCell({ row: 1, col: 1 }, 'ArrowLeft', 3, 4)).toEqual({ row: 1, col: 0 });
    expect(moveCell({ row: 1, col: 0 }, 'ArrowLeft', 3, 4)).toEqual({ row: 1, col: 0 });
    expect(moveCell({ row: 1, col: 3 }, 'ArrowRight', 3, 4)).toEqual({ row: 1, col: 3 });
    expect(moveCell({ row: 0, col: 2 }, 'ArrowUp', 3, 4)).toEqual({ row: 0, col: 2 });
    expect(moveCell({ row: 0, col: 2 }, 'ArrowDown', 3, 4)).toEqual({ row: 1, col: 2 });
    expect(moveCell({ row: 2, col: 2 }, 'ArrowDown', 3, 4)).toEqual({ row: 2, col: 2 });
    expect(moveCell({ row: 1, col: 2 }, 'Home', 3, 4)).toEqual({ row: 1, col: 0 });
    expect(moveCell({ row: 1, col: 2 }, 'End', 3, 4)).toEqual({ row: 1, col: 3 });
    expect(moveCell({ row: 1, col: 2 }, 'PageUp', 3, 4)).toEqual({ row: 0, col: 2 });
    expect(moveCell({ row: 1, col: 2 }, 'PageDown', 3, 4)).toEqual({ row: 2, col: 2 });
    expect(moveCell({ row: 1, col: 2 }, 'a', 3, 4)).toBeNull();
  });
});

describe('numbers of the hidden tables', () => {
  it('4 significant digits, a true minus sign, exponent form for tiny or huge values', () => {
    expect(formatTableValue(0.123456)).toBe('0.1235');
    expect(formatTableValue(-2.5)).toBe('−2.5');
    expect(formatTableValue(1)).toBe('1');
    expect(formatTableValue(0)).toBe('0');
    expect(formatTableValue(0.00012346)).toBe('1.235e−4');
    expect(formatTableValue(123456)).toBe('1.235e+5');
    expect(formatTableValue(-Infinity)).toBe('−∞');
    // Read back, every value is within half a unit of its 4th digit.
    for (const v of [0.0123456, 3.14159265, -47.123, 999.95, 0.5]) {
      const back = Number(formatTableValue(v).replace('−', '-'));
      expect(Math.abs(back - v)).toBeLessThanOrEqual(0.5 * 10 ** (Math.floor(Math.log10(Math.abs(v))) - 3) + 1e-12);
    }
  });

  it('row summaries skip masked and non-finite cells', () => {
    // 3 × 3 with the causal mask: row 0 sees col 0; row 1 cols 0–1; row 2 all.
    const m = mat(3, 3, [0.9, 5, 5, 0.2, 0.8, 5, 0.5, -Infinity, 0.1]);
    const s = rowSummaries(m, causalMask);
    expect(s.map((r) => r.argmax)).toEqual([0, 1, 0]);
    expect(s.map((r) => r.max)).toEqual([0.9, 0.8, 0.5].map(Math.fround));
    expect(s[2].min).toBeCloseTo(0.1, 6);
    // A row with nothing visible.
    expect(rowSummaries(mat(1, 2, [NaN, -Infinity]))[0].argmax).toBe(-1);
  });

  it('a thumbnail names where each row looks most', () => {
    const m = mat(2, 2, [1, 0, 0.3, 0.7]);
    expect(thumbSummary(m, ['<bos>', 'it'], ['<bos>', 'it'], causalMask)).toBe('<bos> → <bos> 1; it → it 0.7');
  });
});
