// Which heads decide: each head's direct contribution, at the resolving position, to the gap between
// the right noun's logit and the other noun's (A and B side by side, on one diverging colour scale),
// the other parts of the residual stream, the check that the parts add up to the gap, and a
// checkbox per head to knock it out (its output zeroed) so the learner can test what the numbers claim.

import type { ReactNode } from 'react';
import { useI18n, type MessageKey } from '../../app/i18n';
import { headLabel, layerHeadLabel, layerLabel } from '../../app/labels';
import type { AttributionPart, AttributionResult, HeadRef } from '../../shared/protocol';
import { divergingScale, textColorOn } from '../../viz/colorScales';

export interface AttributionViewProps {
  a: AttributionResult | null;
  b: AttributionResult | null;
  nLayers: number;
  nHeads: number;
  norm: 'post' | 'pre';
  knockout: HeadRef[];
  onToggle: (head: HeadRef) => void;
  onClear: () => void;
}

function headValue(r: AttributionResult | null, layer: number, head: number): number | null {
  if (!r) return null;
  const term = r.terms.find((x) => x.part.kind === 'head' && x.part.layer === layer && x.part.head === head);
  return term ? term.value : null;
}

function partKey(p: AttributionPart): string {
  switch (p.kind) {
    case 'head':
      return `head.${p.layer}.${p.head}`;
    case 'attentionBias':
    case 'ffn':
      return `${p.kind}.${p.layer}`;
    case 'normBias':
      return `normBias.${p.layer ?? 'f'}.${p.norm}`;
    default:
      return p.kind;
  }
}

const PART_KEYS: Record<Exclude<AttributionPart['kind'], 'head'>, MessageKey> = {
  embedding: 'compare.attr.part.embedding',
  positional: 'compare.attr.part.positional',
  attentionBias: 'compare.attr.part.attentionBias',
  ffn: 'compare.attr.part.ffn',
  normBias: 'compare.attr.part.normBias',
  outputBias: 'compare.attr.part.outputBias',
};

/** "animal − street"; for a word of several tokens, its first one (e.g. 动 for 动物), which is what the gap compares. */
function gapLabel(r: AttributionResult | null): string {
  if (!r) return '—';
  const first = (s: AttributionResult['answer']): string => (s.ids.length > 1 ? Array.from(s.word)[0] : s.word);
  return `${first(r.answer)} − ${first(r.distractor)}`;
}

export function AttributionView(props: AttributionViewProps): ReactNode {
  const { t } = useI18n();
  const { a, b, nLayers, nHeads, norm, knockout, onToggle, onClear } = props;
  const usable = (r: AttributionResult | null): r is AttributionResult => !!r && r.terms.length > 0;
  let maxAbs = 0;
  for (const r of [a, b]) if (usable(r)) for (const x of r.terms) if (x.part.kind === 'head') maxAbs = Math.max(maxAbs, Math.abs(x.value));
  const scale = divergingScale(maxAbs || 1);
  const isOff = (layer: number, head: number): boolean => knockout.some((k) => k.layer === layer && k.head === head);
  const top = (r: AttributionResult | null): string | null => {
    if (!usable(r)) return null;
    let best: { key: string; v: number } | null = null;
    for (const x of r.terms) if (x.part.kind === 'head' && (!best || x.value > best.v)) best = { key: partKey(x.part), v: x.value };
    return best?.key ?? null;
  };
  const topA = top(a);
  const topB = top(b);
  const others = (usable(a) ? a.terms : usable(b) ? b.terms : []).filter((x) => x.part.kind !== 'head');
  const valueOf = (r: AttributionResult | null, key: string): number | null => {
    if (!usable(r)) return null;
    const x = r.terms.find((y) => partKey(y.part) === key);
    return x ? x.value : null;
  };
  const cell = (v: number | null, isTop: boolean): ReactNode => {
    if (v === null) return <span className="compare-attr-value">—</span>;
    const bg = scale.rgb(v);
    return (
      <span className={isTop ? 'compare-attr-value top' : 'compare-attr-value'} style={{ background: scale.css(v), color: textColorOn(bg) }}>
        {v >= 0 ? '+' : ''}
        {v.toFixed(2)}
      </span>
    );
  };
  const partName = (p: AttributionPart): string => {
    if (p.kind === 'head') return layerHeadLabel(t, p.layer, p.head);
    const base = t(PART_KEYS[p.kind]);
    if (p.kind === 'normBias') return `${base} (${p.layer === null ? t('compare.attr.finalNorm') : t('compare.attr.layerNorm', { layer: layerLabel(t, p.layer), norm: p.norm === 'norm1' ? 1 : 2 })})`;
    if (p.kind === 'ffn' || p.kind === 'attentionBias') return `${base} (${layerLabel(t, p.layer)})`;
    return base;
  };
  return (
    <div className="compare-attr" data-testid="compare-attr">
      <h3>{t('compare.attr.title')}</h3>
      <p className="help">{t('compare.attr.help')}</p>
      <p className="help">{norm === 'post' ? t('compare.attr.lnPost') : t('compare.attr.lnPre')}</p>
      <div className="compare-attr-gaps">
        {(['a', 'b'] as const).map((s) => {
          const r = s === 'a' ? a : b;
          return (
            <span key={s} data-testid={`compare-gap-${s}`} data-gap={r?.gap ?? ''} data-sum={r?.sum ?? ''}>
              <b>{s.toUpperCase()}</b> {t('compare.attr.gap', { pair: gapLabel(r) })}{' '}
              {usable(r) ? t('compare.attr.sum', { gap: r.gap.toFixed(3), sum: r.sum.toFixed(3) }) : t('compare.attr.none')}
            </span>
          );
        })}
      </div>
      <div className="compare-attr-scroll">
      <table className="compare-attr-grid" data-testid="compare-attr-grid">
        <thead>
          <tr>
            <th />
            {Array.from({ length: nHeads }, (_, h) => (
              <th key={h}>{headLabel(t, h)}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {Array.from({ length: nLayers }, (_, l) => (
            <tr key={l}>
              <th>{layerLabel(t, l)}</th>
              {Array.from({ length: nHeads }, (_, h) => {
                const key = `head.${l}.${h}`;
                const off = isOff(l, h);
                return (
                  <td key={h} className={off ? 'off' : undefined} data-testid="compare-attr-cell" data-layer={l} data-head={h} data-a={headValue(a, l, h) ?? ''} data-b={headValue(b, l, h) ?? ''}>
                    <div className="compare-attr-pair">
                      <span className="compare-attr-side">A</span>
                      {cell(headValue(a, l, h), key === topA)}
                      <span className="compare-attr-side">B</span>
                      {cell(headValue(b, l, h), key === topB)}
                    </div>
                    <label className="compare-knockout">
                      <input type="checkbox" checked={off} onChange={() => onToggle({ layer: l, head: h })} data-testid="compare-knockout" data-layer={l} data-head={h} />
                      {t('compare.attr.knockout')}
                    </label>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      </div>
      <p className="help">
        {t('compare.attr.topNote')}{' '}
        {knockout.length > 0 && (
          <button type="button" className="link-button" onClick={onClear} data-testid="compare-knockout-clear">
            {t('compare.attr.clear', { n: knockout.length })}
          </button>
        )}
      </p>
      {others.length > 0 && (
        <details className="compare-attr-others">
          <summary>{t('compare.attr.others')}</summary>
          <table>
            <thead>
              <tr>
                <th>{t('compare.attr.part')}</th>
                <th>A</th>
                <th>B</th>
              </tr>
            </thead>
            <tbody>
              {others.map((x) => {
                const key = partKey(x.part);
                return (
                  <tr key={key}>
                    <td>{partName(x.part)}</td>
                    <td>{cell(valueOf(a, key), false)}</td>
                    <td>{cell(valueOf(b, key), false)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </details>
      )}
    </div>
  );
}
