// The model map's layout and its links to the step-through, and the main page's URL table: every
// layer and head of the model has its box, boxes do not overlap, heads sit inside their attention
// box, a translation model's M feeds every cross-attention; every step of the step-through lights an
// existing box and every step box opens a step that lights it again; the URL round-trips the page's
// state (0-based) and leaves other tables' keys alone.

import { describe, expect, it } from 'vitest';
import { encoderDecoderPresetConfig, modelStacks, presetConfig, type ModelConfig } from '../../src/shared/config';
import { layoutMap, type MapBox, type MapLayout, type Orientation } from '../../src/panels/map/layout';
import { boxOfStep, stepOfBox } from '../../src/panels/map/steps';
import { fitLabel, shapeText, textWidth } from '../../src/panels/map/labels';
import { stepsFor } from '../../src/panels/stepper/steps';
import { DEFAULT_PAGE_STATE, parsePageUrl, serialisePageUrl } from '../../src/app/pageUrl';

const decoderOnly = presetConfig('tiny', 110);
const decoderPre: ModelConfig = { ...presetConfig('small', 110), norm: 'pre' };
const seq2seq = encoderDecoderPresetConfig('translate', 120);
const seq2seqPre: ModelConfig = { ...seq2seq, norm: 'pre', nEncoderLayers: 3 };
const CONFIGS: [string, ModelConfig][] = [
  ['decoder-only post-LN', decoderOnly],
  ['decoder-only pre-LN, 4 layers × 8 heads', decoderPre],
  ['encoder–decoder post-LN', seq2seq],
  ['encoder–decoder pre-LN, 3 + 2 layers', seq2seqPre],
];
const ORIENTATIONS: Orientation[] = ['column', 'strip'];

function layoutOf(config: ModelConfig, orientation: Orientation, width = 260): MapLayout {
  return layoutMap({ stacks: modelStacks(config), norm: config.norm }, orientation, width);
}

function overlaps(a: MapBox, b: MapBox): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

function inside(inner: MapBox, outer: MapBox): boolean {
  return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.w <= outer.x + outer.w && inner.y + inner.h <= outer.y + outer.h;
}

describe('map layout', () => {
  for (const [name, config] of CONFIGS) {
    for (const orientation of ORIENTATIONS) {
      it(`${name}, ${orientation}: one box per head of every site and layer, nothing overlaps, all inside`, () => {
        const layout = layoutOf(config, orientation);
        const ids = layout.boxes.map((b) => b.id);
        expect(new Set(ids).size).toBe(ids.length);
        for (const stack of modelStacks(config)) {
          for (const site of stack.sites) {
            for (let l = 0; l < stack.layers; l++) {
              const att = layout.boxes.find((b) => b.kind === 'attention' && b.site === site && b.layer === l && b.stack === stack.name);
              expect(att, `${site} layer ${l}`).toBeDefined();
              const heads = layout.boxes.filter((b) => b.kind === 'head' && b.site === site && b.layer === l);
              expect(heads.map((h) => h.head)).toEqual(Array.from({ length: config.nHeads }, (_, h) => h));
              for (const h of heads) expect(inside(h, att as MapBox), h.id).toBe(true);
            }
          }
          const ffns = layout.boxes.filter((b) => b.kind === 'ffn' && b.stack === stack.name);
          expect(ffns.length).toBe(stack.layers);
          expect(layout.frames.filter((f) => f.stack === stack.name).length).toBe(stack.layers);
        }
        // Boxes other than heads do not overlap one another; heads do not overlap one another.
        const plain = layout.boxes.filter((b) => b.kind !== 'head');
        for (let i = 0; i < plain.length; i++) {
          for (let j = i + 1; j < plain.length; j++) expect(overlaps(plain[i], plain[j]), `${plain[i].id} / ${plain[j].id}`).toBe(false);
        }
        const heads = layout.boxes.filter((b) => b.kind === 'head');
        for (let i = 0; i < heads.length; i++) for (let j = i + 1; j < heads.length; j++) expect(overlaps(heads[i], heads[j])).toBe(false);
        for (const b of layout.boxes) {
          expect(b.x).toBeGreaterThanOrEqual(0);
          expect(b.y).toBeGreaterThanOrEqual(0);
          expect(b.x + b.w).toBeLessThanOrEqual(layout.width + 0.5);
          expect(b.y + b.h).toBeLessThanOrEqual(layout.height + 0.5);
        }
        if (orientation === 'column') expect(layout.width).toBeLessThanOrEqual(260);
        // A head is big enough to see (and to press).
        expect(layout.headSize).toBeGreaterThanOrEqual(18);
      });
    }
  }

  it('decoder-only: tokens → embedding + positions → N × [attention → add & norm → FFN → add & norm] → linear → softmax → output, top to bottom', () => {
    const layout = layoutOf(decoderOnly, 'column');
    const order = ['decoder.tokens', 'decoder.embedding', 'decoder.L0.decoder', 'decoder.L0.addNorm.decoder', 'decoder.L0.ffn', 'decoder.L0.addNorm.ffn', 'decoder.L1.decoder', 'decoder.L1.addNorm.ffn', 'decoder.linear', 'decoder.softmax', 'decoder.output'];
    const ys = order.map((id) => layout.boxes.find((b) => b.id === id)?.y ?? NaN);
    for (let i = 1; i < ys.length; i++) expect(ys[i], order[i]).toBeGreaterThan(ys[i - 1]);
    expect(layout.boxes.some((b) => b.kind === 'finalNorm')).toBe(false);
    expect(layoutOf(decoderPre, 'column').boxes.some((b) => b.kind === 'finalNorm')).toBe(true);
    // The pre-LN layer: norm before each sublayer, a plain add after it.
    const pre = layoutOf(decoderPre, 'column').boxes.filter((b) => b.layer === 0 && b.kind !== 'head').map((b) => b.kind);
    expect(pre).toEqual(['norm', 'attention', 'add', 'norm', 'ffn', 'add']);
  });

  it('encoder–decoder: the encoder left of the decoder, M into every cross-attention', () => {
    for (const config of [seq2seq, seq2seqPre]) {
      const layout = layoutOf(config, 'column');
      const enc = layout.boxes.filter((b) => b.stack === 'encoder');
      const dec = layout.boxes.filter((b) => b.stack === 'decoder');
      expect(Math.max(...enc.map((b) => b.x + b.w))).toBeLessThan(Math.min(...dec.map((b) => b.x)));
      const memory = layout.boxes.find((b) => b.id === 'encoder.memory') as MapBox;
      expect(memory).toBeDefined();
      const cross = layout.edges.filter((e) => e.kind === 'cross');
      expect(cross.length).toBe(config.nLayers);
      for (let l = 0; l < config.nLayers; l++) {
        const target = layout.boxes.find((b) => b.id === `decoder.L${l}.cross`) as MapBox;
        const edge = cross.find((e) => e.id === `encoder.memory>decoder.L${l}.cross`);
        expect(edge).toBeDefined();
        const first = edge!.points[0];
        const last = edge!.points[edge!.points.length - 1];
        expect(first[0]).toBe(memory.x + memory.w);
        expect(last[0]).toBe(target.x);
        expect(last[1]).toBeGreaterThan(target.y);
        expect(last[1]).toBeLessThan(target.y + target.h);
      }
      // Each decoder layer: masked self-attention, then cross-attention, then the FFN.
      const kinds = dec.filter((b) => b.layer === 0 && (b.kind === 'attention' || b.kind === 'ffn')).map((b) => `${b.kind}:${b.site ?? ''}`);
      expect(kinds).toEqual(['attention:decoder-self', 'attention:cross', 'ffn:']);
    }
  });
});

describe('map ↔ step-through', () => {
  for (const [name, config] of CONFIGS) {
    it(`${name}: every step lights a box of the map, every step box opens a step that lights it`, () => {
      const stacks = modelStacks(config);
      const layout = layoutOf(config, 'column');
      const ids = new Set(layout.boxes.map((b) => b.id));
      const sides = stacks.length > 1 ? (['source', 'target'] as const) : (['target'] as const);
      const lit = new Set<string>();
      for (const side of sides) {
        for (const step of stepsFor(config, side)) {
          const box = boxOfStep(step, stacks);
          expect(ids.has(box), `${side} ${step.kind} L${step.layer} ${step.site ?? ''} → ${box}`).toBe(true);
          lit.add(box);
        }
      }
      for (const box of layout.boxes) {
        if (box.kind === 'head' || box.kind === 'tokens' || box.kind === 'output') continue;
        const target = stepOfBox(box.id, box.stack, config);
        expect(target, box.id).not.toBeNull();
        const step = stepsFor(config, target!.side)[target!.index];
        expect(boxOfStep(step, stacks)).toBe(box.id);
        expect(lit.has(box.id)).toBe(true);
      }
    });
  }

  it('the FFN box of layer 2 opens the first FFN step of layer 2 (W₁), the embedding box the lookup', () => {
    const steps = stepsFor(decoderOnly, 'target');
    const ffn = stepOfBox('decoder.L1.ffn', 'decoder', decoderOnly)!;
    expect(steps[ffn.index]).toEqual({ kind: 'ffnW1', layer: 1 });
    expect(steps[stepOfBox('decoder.embedding', 'decoder', decoderOnly)!.index].kind).toBe('lookup');
    // A translation model's encoder box opens a step of the source side.
    const enc = stepOfBox('encoder.L0.ffn', 'encoder', seq2seq)!;
    expect(enc.side).toBe('source');
    expect(stepsFor(seq2seq, 'source')[enc.index]).toMatchObject({ kind: 'ffnW1', layer: 0, stack: 'encoder' });
    const cross = stepOfBox('decoder.L1.cross', 'decoder', seq2seq)!;
    expect(stepsFor(seq2seq, 'target')[cross.index]).toMatchObject({ kind: 'crossQkv', layer: 1, site: 'cross' });
  });
});

describe('map labels', () => {
  it('writes shapes symbol by symbol with the real sizes', () => {
    expect(shapeText([['T', 13], ['d_model', 64]])).toBe('[T × d_model] = [13 × 64]');
  });
  it('takes the first label that fits, else squeezes the shortest', () => {
    expect(fitLabel(['feed-forward (FFN)', 'FFN'], 200, 11)).toEqual({ text: 'feed-forward (FFN)' });
    expect(fitLabel(['feed-forward (FFN)', 'FFN'], 40, 11)).toEqual({ text: 'FFN' });
    expect(fitLabel(['feed-forward (FFN)', 'FFN'], 10, 11)).toEqual({ text: 'FFN', squeeze: 10 });
    expect(textWidth('前馈网络', 10)).toBe(40);
  });
});

describe('main page URL', () => {
  it('round-trips every field, 0-based, and leaves defaults out', () => {
    const state = { text: 'the cat sat', token: 0, side: 'source' as const, site: 'cross' as const, layer: 1, head: 3, stage: 'scaled' as const, step: 24, stepHead: 2, walk: 'training' as const, trainStep: 7, trainWeight: 'layers/1/ffn/hidden/kernel' };
    const search = serialisePageUrl(state);
    expect(parsePageUrl(search)).toEqual(state);
    const params = new URLSearchParams(search);
    expect(params.get('tok')).toBe('0');
    expect(params.get('alayer')).toBe('1');
    expect(params.get('ahead')).toBe('3');
    expect(params.get('step')).toBe('24');
    expect(params.get('shead')).toBe('2');
    expect(params.get('walk')).toBe('training');
    expect(params.get('tstep')).toBe('7');
    expect(params.get('tw')).toBe('layers/1/ffn/hidden/kernel');
    expect(parsePageUrl('?tw=%3Cscript%3E&walk=sideways').trainWeight).toBeNull();
    expect(parsePageUrl('?walk=sideways').walk).toBe('forward');
    expect(serialisePageUrl(DEFAULT_PAGE_STATE)).toBe('');
  });

  it('keeps the keys of other tables and drops malformed values', () => {
    const base = '?view=compare&layer=1&head=2&model=translate&tok=99999&step=x&alayer=2&shead=64';
    const parsed = parsePageUrl(base);
    expect(parsed.token).toBeNull();
    expect(parsed.step).toBe(0);
    expect(parsed.stepHead).toBe(0);
    expect(parsed.layer).toBe(2);
    const out = new URLSearchParams(serialisePageUrl({ ...parsed, head: 1 }, base));
    expect(out.get('view')).toBe('compare');
    expect(out.get('layer')).toBe('1');
    expect(out.get('head')).toBe('2');
    expect(out.get('model')).toBe('translate');
    expect(out.get('ahead')).toBe('1');
    expect(out.has('tok')).toBe(false);
    expect(out.has('step')).toBe(false);
  });
});
