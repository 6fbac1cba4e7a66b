// One numbering of layers and heads (src/app/labels.ts): people read them from 1 in both languages,
// the program counts from 0, and no other message of either locale writes a layer or head number
// itself. Also: both locales use the same {placeholders} in every message, so a label passed in as
// {head} or {layer} reaches the text in both languages.

import { describe, expect, it } from 'vitest';
import { translate, type Lang, type MessageKey } from '../../src/app/i18n';
import { en } from '../../src/app/locales/en';
import { zhCN } from '../../src/app/locales/zh-CN';
import { headLabel, layerHeadFileTag, layerHeadLabel, layerHeadShort, layerLabel, layerShort } from '../../src/app/labels';
import { headCode, layerCode } from '../../src/shared/numbering';

const tr = (lang: Lang) => (key: MessageKey, vars?: Record<string, string | number>) => translate(lang, key, vars);

/** The conventions, written as patterns: what each label must look like in each language. */
const FORMS: Record<Lang, { layer: RegExp; head: RegExp; layerHead: RegExp; layerShort: RegExp; layerHeadShort: RegExp }> = {
  en: { layer: /^layer (\d+)$/, head: /^head (\d+)$/, layerHead: /^layer (\d+), head (\d+)$/, layerShort: /^L(\d+)$/, layerHeadShort: /^L(\d+) H(\d+)$/ },
  'zh-CN': { layer: /^第 (\d+) 层$/, head: /^第 (\d+) 头$/, layerHead: /^第 (\d+) 层 第 (\d+) 头$/, layerShort: /^(\d+)层$/, layerHeadShort: /^(\d+)层(\d+)头$/ },
};

function numbers(text: string, form: RegExp): number[] {
  const m = form.exec(text);
  if (!m) throw new Error(`"${text}" does not match ${form}`);
  return m.slice(1).map(Number);
}

describe('layer and head labels', () => {
  for (const lang of ['en', 'zh-CN'] as const) {
    it(`${lang}: every form reads index i as i + 1`, () => {
      const t = tr(lang);
      const f = FORMS[lang];
      for (let l = 0; l < 12; l++) {
        expect(numbers(layerLabel(t, l), f.layer)).toEqual([l + 1]);
        expect(numbers(layerShort(t, l), f.layerShort)).toEqual([l + 1]);
        for (let h = 0; h < 12; h++) {
          expect(numbers(headLabel(t, h), f.head)).toEqual([h + 1]);
          expect(numbers(layerHeadLabel(t, l, h), f.layerHead)).toEqual([l + 1, h + 1]);
          expect(numbers(layerHeadShort(t, l, h), f.layerHeadShort)).toEqual([l + 1, h + 1]);
        }
      }
    });
  }

  it('the long label is the layer and head labels put together, in both languages', () => {
    expect(layerHeadLabel(tr('en'), 2, 0)).toBe(`${layerLabel(tr('en'), 2)}, ${headLabel(tr('en'), 0)}`);
    expect(layerHeadLabel(tr('zh-CN'), 2, 0)).toBe(`${layerLabel(tr('zh-CN'), 2)} ${headLabel(tr('zh-CN'), 0)}`);
  });

  it('a capital first letter for sentence starts, Chinese unchanged', () => {
    expect(layerLabel(tr('en'), 0, { capital: true })).toBe('Layer 1');
    expect(layerLabel(tr('zh-CN'), 0, { capital: true })).toBe(layerLabel(tr('zh-CN'), 0));
  });

  it('the command line names heads in its labels as the English page does', () => {
    for (let l = 0; l < 6; l++) {
      expect(layerCode(l)).toBe(layerLabel(tr('en'), l));
      for (let h = 0; h < 6; h++) expect(headCode(l, h)).toBe(layerHeadShort(tr('en'), l, h));
    }
  });

  it('file names say the same numbers in ASCII', () => {
    expect(layerHeadFileTag(0, 1)).toBe('layer1-head2');
    expect(layerHeadFileTag(3)).toBe('layer4');
  });
});

describe('the locales', () => {
  const placeholders = (text: string): string[] => [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();

  it('use the same placeholders in English and Chinese for every message', () => {
    const differ = (Object.keys(en) as MessageKey[]).filter((k) => placeholders(en[k]).join() !== placeholders(zhCN[k]).join());
    expect(differ).toEqual([]);
  });

  it('write layer and head numbers only in the label.* messages (src/app/labels.ts)', () => {
    // A number placeholder next to a layer or head word is a numbering of its own.
    const own = [
      /(?<!per )\b(layer|head)\s*\{\w+\}/i, // ("per head {qkv}" is a shape)
      /\b[LH]\{\w+\}/,
      /第\s*\{\w+\}\s*个?\s*[层头]/,
      /\{\w+\}\s*层\s*\{\w+\}\s*头/,
      /头\s*\{\w+\}/,
    ];
    for (const [name, dict] of [['en', en], ['zh-CN', zhCN]] as const) {
      const offenders = (Object.keys(dict) as MessageKey[]).filter(
        (k) => !k.startsWith('label.') && own.some((re) => re.test(dict[k])),
      );
      expect(offenders, name).toEqual([]);
    }
  });
});
