// Colour scales for heatmaps and legends. D3 supplies the interpolators and scales; each scale is
// sampled once into a lookup table so painting thousands of cells costs one array read per cell.

import { interpolateBlues, interpolateRdBu, rgb, scaleDiverging, scaleSequential } from 'd3';

export type Rgb = readonly [number, number, number];

export interface ColorScale {
  kind: 'sequential' | 'diverging';
  /** [min, max] for sequential; [−m, 0, m] for diverging. */
  domain: readonly number[];
  /** Colour of a finite value (values outside the domain are clamped). */
  rgb(value: number): Rgb;
  /** The same colour as a CSS string. */
  css(value: number): string;
}

const LUT_SIZE = 256;

function fromInterpolator(
  kind: ColorScale['kind'],
  domain: readonly number[],
  position: (v: number) => number,
  interpolate: (t: number) => string,
): ColorScale {
  const lut: Rgb[] = [];
  for (let i = 0; i < LUT_SIZE; i++) {
    const c = rgb(interpolate(i / (LUT_SIZE - 1)));
    lut.push([Math.round(c.r), Math.round(c.g), Math.round(c.b)]);
  }
  const at = (v: number): Rgb => {
    const t = position(v);
    const i = Number.isFinite(t) ? Math.round(Math.min(1, Math.max(0, t)) * (LUT_SIZE - 1)) : 0;
    return lut[i];
  };
  return {
    kind,
    domain,
    rgb: at,
    css: (v) => {
      const [r, g, b] = at(v);
      return `rgb(${r}, ${g}, ${b})`;
    },
  };
}

/** Light (low) to dark blue (high): for values like attention weights in [0, 1]. */
export function sequentialScale(min: number, max: number): ColorScale {
  const hi = max > min ? max : min + 1;
  const s = scaleSequential([0, 1], (t) => t).domain([min, hi]).clamp(true);
  // Start the ramp a little above white so that 0 stays visible against the page.
  return fromInterpolator('sequential', [min, hi], (v) => s(v), (t) => interpolateBlues(0.04 + 0.96 * t));
}

/** Blue (negative) – white (0) – red (positive), symmetric around 0: for raw and scaled scores. */
export function divergingScale(maxAbs: number): ColorScale {
  const m = maxAbs > 0 && Number.isFinite(maxAbs) ? maxAbs : 1;
  const s = scaleDiverging([0, 0.5, 1], (t) => t).domain([-m, 0, m]).clamp(true);
  return fromInterpolator('diverging', [-m, 0, m], (v) => s(v), (t) => interpolateRdBu(1 - t));
}

/** The largest finite |value| (0 when there is none). */
export function maxAbsFinite(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isFinite(v) && Math.abs(v) > m) m = Math.abs(v);
  }
  return m;
}

/** WCAG 2 relative luminance of an sRGB colour (channels 0…255). */
export function relativeLuminance([r, g, b]: Rgb): number {
  const lin = (c: number): number => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** WCAG 2 contrast ratio of two colours, 1…21. */
export function contrastRatio(a: Rgb, b: Rgb): number {
  const la = relativeLuminance(a);
  const lb = relativeLuminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

export const TEXT_DARK: Rgb = [0, 0, 0];
export const TEXT_LIGHT: Rgb = [255, 255, 255];

/**
 * Black or white text, whichever has the higher WCAG contrast on `bg`. One of the two always reaches
 * at least 4.58:1 (the worst background is the grey whose contrast with both is equal), so numbers
 * printed on any colour of a scale meet the 4.5:1 of WCAG AA.
 */
export function textColorOn(bg: Rgb): string {
  return contrastRatio(TEXT_DARK, bg) >= contrastRatio(TEXT_LIGHT, bg) ? '#000' : '#fff';
}
