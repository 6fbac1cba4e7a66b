// What each box of the map says: its short label (what fits), its full name (the accessible name and
// the hover line), and its shape with the real sizes. Names read layers and heads from 1, as every
// label on the page does; the ids and data attributes stay 0-based.

import type { MessageKey, Translate } from '../../app/i18n';
import { headLabel, layerLabel } from '../../app/labels';
import type { AttentionSite, ModelConfig } from '../../shared/config';
import type { MapBox } from './layout';

/** Sizes the shapes are written with: T decoder rows, S source tokens. */
export interface MapSizes {
  T: number;
  S: number;
  config: ModelConfig;
}

type Dim = readonly [symbol: string, value: number];

/** "[T × d_model] = [13 × 64]" */
export function shapeText(dims: readonly Dim[]): string {
  return `[${dims.map((d) => d[0]).join(' × ')}] = [${dims.map((d) => d[1]).join(' × ')}]`;
}

const ATT_NAMES: Record<AttentionSite, { long: MessageKey; short: MessageKey }> = {
  decoder: { long: 'map.box.att.decoder', short: 'map.box.att.decoder.short' },
  encoder: { long: 'map.box.att.encoder', short: 'map.box.att.encoder.short' },
  'decoder-self': { long: 'map.box.att.decoderSelf', short: 'map.box.att.decoderSelf.short' },
  cross: { long: 'map.box.att.cross', short: 'map.box.att.cross.short' },
};

/** Rows of a box's stack: S for the encoder of a translation model, else T. */
function rowsOf(box: MapBox, sizes: MapSizes): Dim {
  return box.stack === 'encoder' ? ['S', sizes.S] : ['T', sizes.T];
}

export interface BoxText {
  /** Labels from longest to shortest; the first that fits is drawn. */
  labels: string[];
  /** The box's full name (accessible name, hover line), layer and head 1-based. */
  name: string;
  /** Its shape(s) with the real sizes. */
  shape: string;
}

export function boxText(box: MapBox, sizes: MapSizes, t: Translate, seq2seq: boolean): BoxText {
  const c = sizes.config;
  const rows = rowsOf(box, sizes);
  const d: Dim = ['d_model', c.dModel];
  const dk: Dim = ['d_k', c.dModel / Math.max(1, c.nHeads)];
  const inLayer = box.layer >= 0 ? `${layerLabel(t, box.layer)} · ` : '';
  const stackName = seq2seq ? `${t(box.stack === 'encoder' ? 'map.stack.encoder' : 'map.stack.decoder')} · ` : '';
  const named = (labels: string[], shape: string): BoxText => ({ labels, name: `${stackName}${inLayer}${labels[0]}`, shape });
  switch (box.kind) {
    case 'tokens': {
      const keys: MessageKey[] = !seq2seq ? ['map.box.tokens'] : box.stack === 'encoder' ? ['map.box.sourceTokens'] : ['map.box.targetTokens', 'map.box.targetTokens.short'];
      return named(keys.map((k) => t(k, { n: rows[1] })), t('map.shape.tokens', { T: rows[1] }));
    }
    case 'embedding':
      return named([t('map.box.embedding'), t('map.box.embedding.short')], shapeText([rows, d]));
    case 'positional':
      return named([t('map.box.positional'), t('map.box.positional.short')], shapeText([rows, d]));
    case 'attention': {
      const site = box.site ?? 'decoder';
      const keys: Dim = site === 'cross' ? ['S', sizes.S] : rows;
      const text = named([t(ATT_NAMES[site].long), t(ATT_NAMES[site].short)], t('map.shape.attention', {
        qkv: shapeText([rows, dk]),
        weights: shapeText([rows, keys]),
        out: shapeText([rows, d]),
      }));
      return { ...text, name: `${text.name} (${t('map.heads', { n: c.nHeads })})` };
    }
    case 'head': {
      const site = box.site ?? 'decoder';
      const keys: Dim = site === 'cross' ? ['S', sizes.S] : rows;
      const head = headLabel(t, box.head ?? 0);
      return {
        labels: [head],
        name: `${stackName}${inLayer}${t(ATT_NAMES[site].long)} · ${head}`,
        shape: t('map.shape.head', { shape: shapeText([rows, keys]) }),
      };
    }
    case 'addNorm':
      return named([t('map.box.addNorm')], shapeText([rows, d]));
    case 'add':
      return named([t('map.box.add')], shapeText([rows, d]));
    case 'norm':
      return named([t('map.box.norm')], shapeText([rows, d]));
    case 'ffn':
      return named([t('map.box.ffn'), t('map.box.ffn.short')], t('map.shape.ffn', {
        in: shapeText([rows, d]),
        hidden: shapeText([rows, ['d_ff', c.dFF]]),
        out: shapeText([rows, d]),
      }));
    case 'finalNorm':
      return named([t('map.box.finalNorm'), t('map.box.norm')], shapeText([rows, d]));
    case 'memory':
      return named([t('map.box.memory'), t('map.box.memory.short')], shapeText([['S', sizes.S], d]));
    case 'linear':
      return named([t('map.box.linear')], t('map.shape.linear', { in: shapeText([rows, d]), out: shapeText([rows, ['V', c.vocabSize]]) }));
    case 'softmax':
      return named([t('map.box.softmax')], shapeText([rows, ['V', c.vocabSize]]));
    case 'output':
      return named([t('map.box.output')], shapeText([['V', c.vocabSize]]));
  }
}

/** Rough width of a text in px at a font size (CJK characters are square, Latin ones about half as wide). */
export function textWidth(text: string, fontSize: number): number {
  let w = 0;
  for (const ch of text) w += (ch.codePointAt(0) ?? 0) >= 0x2e80 ? fontSize : fontSize * 0.56;
  return w;
}

/** The first label that fits `width` at `fontSize`; else the shortest, squeezed to fit (textLength). */
export function fitLabel(labels: readonly string[], width: number, fontSize: number): { text: string; squeeze?: number } {
  for (const l of labels) if (textWidth(l, fontSize) <= width) return { text: l };
  const last = labels[labels.length - 1] ?? '';
  return { text: last, squeeze: Math.max(1, Math.floor(width)) };
}
