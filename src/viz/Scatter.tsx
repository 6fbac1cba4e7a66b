// A scatter plot in SVG (for up to a few hundred points): D3 computes the scales and ticks, React
// draws the axes, points and labels. Highlighted points are drawn on top with their label; the
// selected one gets a ring. Hover reports the nearest point to the caller, click selects it; by
// keyboard the arrow keys walk the points and Enter picks one.

import { useMemo, type ReactNode } from 'react';
import { formatShort, measureText } from './heatmap';
import { nearestPoint, placeLabels, scatterLayout, type ScatterPoint } from './scatter';

const LABEL_FONT = '600 12px system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK SC", sans-serif';

export interface ScatterProps {
  points: readonly ScatterPoint[];
  /** Indices drawn emphasised, with their labels. */
  highlighted: ReadonlySet<number>;
  /** Index drawn with a ring (e.g. the selected token), or −1. */
  selected: number;
  /** Index under the pointer, or −1. */
  hovered: number;
  onHover: (index: number) => void;
  onPick?: (index: number) => void;
  /** Label every point (small and grey), not only the highlighted ones. */
  labelAll: boolean;
  xTitle: string;
  yTitle: string;
  width?: number;
  height?: number;
  ariaLabel: string;
  testId?: string;
}

export function Scatter(props: ScatterProps): ReactNode {
  const { points, highlighted, selected, hovered, onHover, onPick, labelAll, xTitle, yTitle, ariaLabel, testId } = props;
  const width = props.width ?? 560;
  const height = props.height ?? 420;
  const layout = useMemo(() => scatterLayout(points, width, height), [points, width, height]);
  const { x, y, margin } = layout;

  const pointerIndex = (e: React.MouseEvent<SVGSVGElement>): number => {
    const rect = e.currentTarget.getBoundingClientRect();
    const sx = width / rect.width;
    return nearestPoint(points, layout, (e.clientX - rect.left) * sx, (e.clientY - rect.top) * sx);
  };

  const order = points.map((_, i) => i).sort((a, b) => Number(highlighted.has(a)) - Number(highlighted.has(b)));
  // Labels: the selected point first, then the highlighted ones, then (if asked) all others.
  const labels = useMemo(() => {
    const hi = [...highlighted].filter((i) => i >= 0 && i < points.length).sort((a, b) => Number(b === selected) - Number(a === selected));
    const rest = labelAll ? points.map((_, i) => i).filter((i) => !highlighted.has(i)) : [];
    const boxes = placeLabels(points, layout, [...hi, ...rest], (l) => measureText(l, LABEL_FONT) + 2);
    return new Map(boxes.map((b) => [b.index, b]));
  }, [points, layout, highlighted, selected, labelAll]);
  return (
    <svg
      className="scatter"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={ariaLabel}
      data-testid={testId}
      tabIndex={onPick ? 0 : undefined}
      onKeyDown={(e) => {
        // Keyboard: the arrow keys walk the points (shown as hovered), Enter or Space picks one.
        if (!onPick || points.length === 0) return;
        const from = hovered >= 0 ? hovered : Math.max(0, selected);
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          onPick(from);
          return;
        }
        const step = e.key === 'ArrowRight' || e.key === 'ArrowDown' ? 1 : e.key === 'ArrowLeft' || e.key === 'ArrowUp' ? -1 : 0;
        if (step === 0) return;
        e.preventDefault();
        onHover(hovered >= 0 ? (from + step + points.length) % points.length : from);
      }}
      onBlur={() => onHover(-1)}
      onMouseMove={(e) => onHover(pointerIndex(e))}
      onMouseLeave={() => onHover(-1)}
      onClick={(e) => {
        const i = pointerIndex(e);
        if (i >= 0) onPick?.(i);
      }}
    >
      <rect x={0} y={0} width={width} height={height} fill="#fff" />
      <g className="scatter-grid">
        {layout.xTicks.map((v) => (
          <line key={`gx${v}`} x1={x(v)} x2={x(v)} y1={margin.top} y2={height - margin.bottom} stroke="#eef0f3" />
        ))}
        {layout.yTicks.map((v) => (
          <line key={`gy${v}`} y1={y(v)} y2={y(v)} x1={margin.left} x2={width - margin.right} stroke="#eef0f3" />
        ))}
      </g>
      <g className="scatter-axis" fontSize={11} fill="#5b6573">
        {layout.xTicks.map((v) => (
          <text key={`tx${v}`} x={x(v)} y={height - margin.bottom + 14} textAnchor="middle">
            {formatShort(v)}
          </text>
        ))}
        {layout.yTicks.map((v) => (
          <text key={`ty${v}`} x={margin.left - 6} y={y(v)} textAnchor="end" dominantBaseline="central">
            {formatShort(v)}
          </text>
        ))}
        <text x={(margin.left + width - margin.right) / 2} y={height - 6} textAnchor="middle" fontStyle="italic">
          {xTitle}
        </text>
        <text transform={`translate(12, ${(margin.top + height - margin.bottom) / 2}) rotate(-90)`} textAnchor="middle" fontStyle="italic">
          {yTitle}
        </text>
      </g>
      <rect
        x={margin.left}
        y={margin.top}
        width={width - margin.left - margin.right}
        height={height - margin.top - margin.bottom}
        fill="none"
        stroke="#c9ced6"
      />
      <g className="scatter-points">
        {order.map((i) => {
          const p = points[i];
          const hi = highlighted.has(i);
          const px = x(p.x);
          const py = y(p.y);
          const box = labels.get(i) ?? (i === hovered ? { x: px + 7, y: py - 5, anchor: 'start' as const } : null);
          return (
            <g key={i} data-highlighted={hi || undefined}>
              <circle cx={px} cy={py} r={hi ? 5 : 3} fill={hi ? '#d9480f' : '#8da2bd'} stroke={hi ? '#fff' : 'none'} strokeWidth={1} />
              {i === selected && <circle cx={px} cy={py} r={9} fill="none" stroke="#111" strokeWidth={2} />}
              {i === hovered && <circle cx={px} cy={py} r={7} fill="none" stroke="#1f5fbf" strokeWidth={1.5} />}
              {box && (
                <text
                  x={box.x}
                  y={box.y}
                  textAnchor={box.anchor}
                  fontSize={hi || i === hovered ? 12 : 10}
                  fontWeight={hi ? 600 : 400}
                  fill={hi ? '#1d232b' : '#7b8593'}
                  paintOrder="stroke"
                  stroke="#fff"
                  strokeWidth={3}
                >
                  {p.label}
                </text>
              )}
            </g>
          );
        })}
      </g>
    </svg>
  );
}
