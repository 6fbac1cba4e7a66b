// The attention weights of one head as lines: query tokens on the left, key tokens on the right, the
// weight as line thickness and opacity. The selected token's lines are drawn strong, the others faint;
// clicking a token on either side selects it.

import { useMemo, type ReactNode } from 'react';
import { useI18n } from '../../app/i18n';
import type { Mat } from '../../shared/trace';
import { measureText, shortenLabel } from '../../viz/heatmap';
import { attentionLines, rowY } from '../../viz/lines';

const FONT = '13px system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif';

export interface LineViewProps {
  weights: Mat;
  /** Query tokens (rows). */
  tokens: readonly string[];
  /** Key tokens (columns), when they differ from the queries (cross-attention reads the source). */
  keyTokens?: readonly string[];
  /** The selected query row (−1: none). */
  selected: number;
  onSelect: (i: number) => void;
}

export function LineView({ weights, tokens, keyTokens = tokens, selected, onSelect }: LineViewProps): ReactNode {
  const { t } = useI18n();
  const layout = useMemo(() => attentionLines(weights), [weights]);
  const labels = useMemo(() => tokens.map((tok) => shortenLabel(tok, 14)), [tokens]);
  const keyLabels = useMemo(() => keyTokens.map((tok) => shortenLabel(tok, 14)), [keyTokens]);
  const titles = { q: t('heatmap.query'), k: t('heatmap.key') };
  const labelW =
    Math.ceil(Math.max(40, measureText(titles.q, FONT), measureText(titles.k, FONT), ...labels.map((l) => measureText(l, FONT)), ...keyLabels.map((l) => measureText(l, FONT)))) + 12;
  const gap = 260;
  const x1 = labelW;
  const x2 = labelW + gap;
  const width = x2 + labelW;
  const height = layout.height + 24;
  const top = 24;
  return (
    <svg
      className="line-view"
      width={width}
      height={height}
      role="img"
      aria-label={t('attentionx.linesAria', { n: tokens.length })}
      data-testid="attention-lines"
      tabIndex={0}
      onKeyDown={(e) => {
        // Keyboard: up and down choose the query token, as clicking its label does.
        const step = e.key === 'ArrowDown' ? 1 : e.key === 'ArrowUp' ? -1 : 0;
        if (step === 0 || tokens.length === 0) return;
        e.preventDefault();
        onSelect(Math.max(0, Math.min(tokens.length - 1, (selected < 0 ? 0 : selected + step))));
      }}
    >
      <rect width={width} height={height} fill="#fff" />
      <text x={x1 - 6} y={14} textAnchor="end" fontSize={12} fontStyle="italic" fill="#5b6573">
        {titles.q}
      </text>
      <text x={x2 + 6} y={14} fontSize={12} fontStyle="italic" fill="#5b6573">
        {titles.k}
      </text>
      <g transform={`translate(0, ${top})`}>
        {layout.lines.map((l) => {
          const mine = l.query === selected;
          return (
            <line
              key={`${l.query}-${l.key}`}
              x1={x1}
              x2={x2}
              y1={l.y1}
              y2={l.y2}
              stroke={mine ? '#d9480f' : '#1f5fbf'}
              strokeWidth={l.width}
              strokeOpacity={mine ? Math.max(0.35, l.opacity) : l.opacity * (selected >= 0 ? 0.25 : 1)}
              strokeLinecap="round"
              data-selected={mine || undefined}
            >
              <title>{`${tokens[l.query]} → ${keyTokens[l.key]}: ${l.weight.toPrecision(4)}`}</title>
            </line>
          );
        })}
        {labels.map((label, i) => (
          <g key={`q${i}`} className="line-token" onClick={() => onSelect(i)} style={{ cursor: 'pointer' }}>
            <text x={x1 - 6} y={rowY(layout, i)} textAnchor="end" dominantBaseline="central" fontSize={13} fontWeight={i === selected ? 700 : 400} fill={i === selected ? '#d9480f' : '#1d232b'}>
              {label}
            </text>
          </g>
        ))}
        {keyLabels.map((label, i) => (
          <g key={`k${i}`} className="line-token" onClick={() => keyTokens === tokens && onSelect(i)} style={keyTokens === tokens ? { cursor: 'pointer' } : undefined}>
            <text x={x2 + 6} y={rowY(layout, i)} dominantBaseline="central" fontSize={13} fill="#1d232b">
              {label}
            </text>
          </g>
        ))}
      </g>
    </svg>
  );
}
