// Contrast and colour-blind safety of the colour scales (src/viz/colorScales.ts).
// The WCAG 2 formulas, the colour-vision-deficiency simulation (Machado, Oliveira & Fernandes 2009,
// severity 1) and CIELAB are written out here from their definitions, independently of the code
// under test, which is only asked for colours and for its black-or-white choice.

import { describe, expect, it } from 'vitest';
import { contrastRatio, divergingScale, relativeLuminance, sequentialScale, textColorOn, type Rgb } from '../../src/viz/colorScales';

// ---------------------------------------------------------------- independent references

/** sRGB channel 0…255 → linear light (WCAG 2.1 "relative luminance" definition). */
function toLinear(c8: number): number {
  const c = c8 / 255;
  return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
}

function wcagLuminance(rgb: Rgb): number {
  const [r, g, b] = rgb.map(toLinear);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function wcagContrast(a: Rgb, b: Rgb): number {
  const [hi, lo] = [wcagLuminance(a), wcagLuminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

function hexToRgb(hex: string): Rgb {
  const h = hex.replace('#', '');
  const full = h.length === 3 ? h.split('').map((c) => c + c).join('') : h;
  return [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16)) as unknown as Rgb;
}

// Machado et al. 2009, severity 1.0, applied to linear RGB.
const PROTANOPIA = [
  [0.152286, 1.052583, -0.204868],
  [0.114503, 0.786281, 0.099216],
  [-0.003882, -0.048116, 1.051998],
];
const DEUTERANOPIA = [
  [0.367322, 0.860646, -0.227968],
  [0.280085, 0.672501, 0.047413],
  [-0.01182, 0.04294, 0.968881],
];
const TRITANOPIA = [
  [1.255528, -0.076749, -0.178779],
  [-0.078411, 0.930809, 0.147602],
  [0.004733, 0.691367, 0.3039],
];

/** Linear RGB (0…1) as a colour-blind viewer of the given kind sees it. */
function simulate(rgb: Rgb, m: number[][]): [number, number, number] {
  const lin = rgb.map((c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
  });
  return m.map((row) => Math.min(1, Math.max(0, row[0] * lin[0] + row[1] * lin[1] + row[2] * lin[2]))) as [number, number, number];
}

/** Linear RGB (0…1) → CIELAB (D65). */
function lab([r, g, b]: readonly number[]): [number, number, number] {
  const x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047;
  const y = 0.2126729 * r + 0.7151522 * g + 0.072175 * b;
  const z = (0.0193339 * r + 0.119192 * g + 0.9503041 * b) / 1.08883;
  const f = (t: number): number => (t > 216 / 24389 ? Math.cbrt(t) : (24389 / 27 * t + 16) / 116);
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}

const IDENTITY = [
  [1, 0, 0],
  [0, 1, 0],
  [0, 0, 1],
];
const VISIONS: [string, number[][]][] = [
  ['normal', IDENTITY],
  ['protanopia', PROTANOPIA],
  ['deuteranopia', DEUTERANOPIA],
  ['tritanopia', TRITANOPIA],
];

function deltaE(a: readonly number[], b: readonly number[]): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}

// ---------------------------------------------------------------- tests

describe('WCAG contrast', () => {
  it('matches the WCAG formula on known pairs', () => {
    expect(contrastRatio([0, 0, 0], [255, 255, 255])).toBeCloseTo(21, 6);
    expect(contrastRatio([255, 255, 255], [255, 255, 255])).toBeCloseTo(1, 6);
    // #767676 on white is the classic "just passes AA" grey; #777777 just fails.
    expect(wcagContrast(hexToRgb('#767676'), [255, 255, 255])).toBeGreaterThan(4.5);
    expect(contrastRatio(hexToRgb('#767676'), [255, 255, 255])).toBeGreaterThan(4.5);
    expect(contrastRatio(hexToRgb('#777777'), [255, 255, 255])).toBeLessThan(4.5);
  });

  it('agrees with the independent formula on a grid of colours', () => {
    for (let r = 0; r <= 255; r += 17) {
      for (let g = 0; g <= 255; g += 17) {
        for (let b = 0; b <= 255; b += 51) {
          const c: Rgb = [r, g, b];
          expect(relativeLuminance(c)).toBeCloseTo(wcagLuminance(c), 4);
          expect(contrastRatio(c, [0, 0, 0])).toBeCloseTo(wcagContrast(c, [0, 0, 0]), 3);
        }
      }
    }
  });

  it('text on every colour of every scale is black or white with contrast ≥ 4.5:1, the better of the two', () => {
    const scales = [sequentialScale(0, 1), divergingScale(1)];
    let worst = Infinity;
    for (const scale of scales) {
      const [lo, hi] = [scale.domain[0], scale.domain[scale.domain.length - 1]];
      for (let i = 0; i <= 400; i++) {
        const bg = scale.rgb(lo + ((hi - lo) * i) / 400);
        const text = hexToRgb(textColorOn(bg));
        const chosen = wcagContrast(text, bg);
        const other = wcagContrast(text[0] === 0 ? [255, 255, 255] : [0, 0, 0], bg);
        expect(chosen, `text ${textColorOn(bg)} on rgb(${bg.join(',')})`).toBeGreaterThanOrEqual(4.5);
        expect(chosen).toBeGreaterThanOrEqual(other);
        worst = Math.min(worst, chosen);
      }
    }
    expect(worst).toBeGreaterThanOrEqual(4.5);
  });

  it('any background at all gets a text colour with contrast ≥ 4.5:1', () => {
    for (let r = 0; r <= 255; r += 5) {
      for (let g = 0; g <= 255; g += 5) {
        for (let b = 0; b <= 255; b += 15) {
          const bg: Rgb = [r, g, b];
          expect(wcagContrast(hexToRgb(textColorOn(bg)), bg)).toBeGreaterThanOrEqual(4.5);
        }
      }
    }
  });
});

describe('colour scales for colour-blind readers', () => {
  it('the sequential scale gets darker as the value grows, for every kind of vision (lightness is monotonic)', () => {
    const scale = sequentialScale(0, 1);
    for (const [name, m] of VISIONS) {
      const ls = Array.from({ length: 51 }, (_, i) => lab(simulate(scale.rgb(i / 50), m))[0]);
      for (let i = 1; i < ls.length; i++) expect(ls[i], `${name}: L* at ${i / 50}`).toBeLessThanOrEqual(ls[i - 1] + 1e-9);
      // Low and high stay far apart: at least 60 of L*'s 100.
      expect(ls[0] - ls[ls.length - 1], name).toBeGreaterThan(60);
    }
  });

  it('the diverging scale: the two signs stay distinguishable, and |value| reads as lightness, for every kind of vision', () => {
    const scale = divergingScale(1);
    for (const [name, m] of VISIONS) {
      const see = (v: number): [number, number, number] => lab(simulate(scale.rgb(v), m));
      for (const v of [0.25, 0.5, 0.75, 1]) {
        // Same magnitude, opposite sign: clearly different colours (ΔE*ab > 15 at ¼ of the range).
        expect(deltaE(see(v), see(-v)), `${name}: +${v} vs −${v}`).toBeGreaterThan(v >= 0.5 ? 30 : 15);
      }
      // Lightness falls monotonically away from 0 on both sides (within 0.5 L*: ColorBrewer's RdBu has
      // a flat, near-white top whose steps are a fraction of a just-noticeable difference).
      for (const sign of [1, -1]) {
        let prev = see(0)[0];
        for (let i = 1; i <= 50; i++) {
          const l = see((sign * i) / 50)[0];
          expect(l, `${name}: L* at ${(sign * i) / 50}`).toBeLessThanOrEqual(prev + 0.5);
          prev = l;
        }
      }
      // 0 is the lightest colour and far from both ends.
      expect(see(0)[0] - Math.max(see(1)[0], see(-1)[0]), name).toBeGreaterThan(40);
    }
  });
});
