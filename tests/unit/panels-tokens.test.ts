// Pure helpers of the Tokens panel (why a token is unknown, the nearest known word), the shared
// selection, the selected-label mark, and the scatter's label placement.

import { describe, expect, it } from 'vitest';
import { closestWord, editDistance, unknownKind } from '../../src/panels/tokenInfo';
import { selectedIndex } from '../../src/app/useSelection';
import { markSelected } from '../../src/panels/markSelected';
import { placeLabels, scatterLayout, type ScatterPoint } from '../../src/viz/scatter';

describe('unknown tokens', () => {
  it('kinds', () => {
    expect(unknownKind('42')).toBe('number');
    expect(unknownKind('3.14')).toBe('number');
    expect(unknownKind('龙')).toBe('cjk');
    expect(unknownKind('。')).toBe('cjk');
    expect(unknownKind('xylophone')).toBe('word');
    expect(unknownKind('café')).toBe('word');
    expect(unknownKind('☃')).toBe('symbol');
    expect(unknownKind('#')).toBe('symbol');
  });

  it('edit distance equals a plain dynamic programme', () => {
    const plain = (a: string, b: string): number => {
      const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
      for (let i = 1; i <= a.length; i++)
        for (let j = 1; j <= b.length; j++) d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      return d[a.length][b.length];
    };
    const words = ['', 'a', 'cat', 'cart', 'street', 'streets', 'tired', 'tried', 'kitten', 'sitting'];
    for (const a of words) for (const b of words) expect(editDistance(a, b)).toBe(plain(a, b));
    expect(editDistance('kitten', 'sitting', 1)).toBe(2); // stops early above the limit
  });

  it('nearest vocabulary word: close spellings only, never special tokens', () => {
    const vocab = ['<pad>', '<unk>', '<bos>', 'street', 'horse', 'tired', 'the', '.', '动'];
    expect(closestWord('streets', vocab)).toBe('street');
    expect(closestWord('horsee', vocab)).toBe('horse');
    expect(closestWord('tierd', vocab)).toBe('tired');
    expect(closestWord('xylophone', vocab)).toBeNull();
    expect(closestWord('thx', vocab)).toBe('the'); // 3 letters: one edit allowed
    expect(closestWord('te', vocab)).toBeNull(); // 2 letters: too short to guess
    expect(closestWord('bos', vocab)).toBeNull();
  });
});

describe('selection', () => {
  it('resolves to the chosen position, else the last token', () => {
    expect(selectedIndex(null, 5)).toBe(4);
    expect(selectedIndex(2, 5)).toBe(2);
    expect(selectedIndex(7, 5)).toBe(4);
    expect(selectedIndex(-1, 5)).toBe(4);
    expect(selectedIndex(0, 0)).toBe(-1);
  });

  it('marks exactly the selected label', () => {
    expect(markSelected(['a', 'b', 'c'], 1)).toEqual(['a', '▶ b', 'c']);
    expect(markSelected(['a'], -1)).toEqual(['a']);
  });
});

describe('scatter labels', () => {
  it('labels of nearby points do not overlap', () => {
    const points: ScatterPoint[] = Array.from({ length: 12 }, (_, i) => ({ x: (i % 3) * 0.05, y: Math.floor(i / 3) * 0.05, label: `word${i}` }));
    points.push({ x: 10, y: 10, label: 'far' }, { x: -10, y: -10, label: 'away' });
    const layout = scatterLayout(points, 560, 420);
    const boxes = placeLabels(points, layout, [0, 1, 3, 4], () => 40, 12);
    const rects = boxes.map((b) => {
      const x0 = b.anchor === 'start' ? b.x : b.x - 40;
      return { x0, x1: x0 + 40, y0: b.y - 12, y1: b.y + 2 };
    });
    for (let i = 0; i < rects.length; i++)
      for (let j = i + 1; j < rects.length; j++) {
        const a = rects[i];
        const b = rects[j];
        const overlap = !(a.x1 <= b.x0 || a.x0 >= b.x1 || a.y1 <= b.y0 || a.y0 >= b.y1);
        expect(overlap, `labels ${i} and ${j} overlap`).toBe(false);
      }
  });
});
