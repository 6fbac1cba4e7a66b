// The one place that names layers and heads for people. Everything a learner reads counts from 1
// ("layer 1, head 1", "L1 H1"; 第 1 层 第 1 头, 1层1头), in both languages through the locale
// (labels.en.ts / labels.zh-CN.ts). Every function takes the program's 0-based index, so callers never
// add 1 themselves; the URL and the command line's JSON keep the 0-based indices.
// Pure functions of (translate, index): unit-tested in tests/unit/labels.test.ts.

import type { Translate } from './i18n';

/** The first character in upper case (sentence start); Chinese is left as it is. */
function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export interface LabelOptions {
  /** Upper-case first letter, for a label that starts a sentence or a heading ("Layer 1"). */
  capital?: boolean;
}

function finish(text: string, opts?: LabelOptions): string {
  return opts?.capital ? capitalise(text) : text;
}

/** "layer 1" / "第 1 层" for layer index 0. */
export function layerLabel(t: Translate, layer: number, opts?: LabelOptions): string {
  return finish(t('label.layer', { n: layer + 1 }), opts);
}

/** "head 1" / "第 1 头" for head index 0. */
export function headLabel(t: Translate, head: number, opts?: LabelOptions): string {
  return finish(t('label.head', { n: head + 1 }), opts);
}

/** "layer 1, head 2" / "第 1 层 第 2 头" for {layer 0, head 1}. */
export function layerHeadLabel(t: Translate, layer: number, head: number, opts?: LabelOptions): string {
  return finish(t('label.layerHead', { layer: layerNumber(layer), head: headNumber(head) }), opts);
}

/** "L1" / "1层" (tight places: step lists). */
export function layerShort(t: Translate, layer: number): string {
  return t('label.layerShort', { n: layer + 1 });
}

/** "L1 H2" / "1层2头" for {layer 0, head 1} (captions, table rows). */
export function layerHeadShort(t: Translate, layer: number, head: number): string {
  return t('label.layerHeadShort', { layer: layerNumber(layer), head: headNumber(head) });
}

/** The number people read for a 0-based layer index. */
export function layerNumber(layer: number): number {
  return layer + 1;
}

/** The number people read for a 0-based head index. */
export function headNumber(head: number): number {
  return head + 1;
}

/**
 * The layer and head in an exported file's name, the same in every language: "layer1-head2" for
 * {layer 0, head 1} (ASCII, so the file name survives any file system).
 */
export function layerHeadFileTag(layer: number, head?: number): string {
  return head === undefined ? `layer${layerNumber(layer)}` : `layer${layerNumber(layer)}-head${headNumber(head)}`;
}
