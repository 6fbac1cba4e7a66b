// The read-out chart: for each depth of the encoder (0 = its input, then after each layer), the
// held-out accuracy of a linear read-out of the referent from the vector of "it", of each noun and of
// the adjective (a control), as lines over the depths, with the chance line at 50 %, and the numbers
// in a table. D3 gives the scales and the path strings; React renders every element.

import { line, scaleLinear } from 'd3';
import { useMemo, useRef, type ReactNode } from 'react';
import { useI18n, type MessageKey } from '../../../app/i18n';
import { layerLabel } from '../../../app/labels';
import { READOUT_TOKEN_NAMES, type ReadoutTokenName, type TranslateReadoutResult } from '../../../shared/protocol';
import { useAvailableWidth } from '../../../viz/useAvailableWidth';
import { pct } from './labels';

const SERIES: Record<ReadoutTokenName, { key: MessageKey; className: string }> = {
  it: { key: 'tcompare.readout.it', className: 'readout-it' },
  first: { key: 'tcompare.readout.first', className: 'readout-first' },
  second: { key: 'tcompare.readout.second', className: 'readout-second' },
  adjective: { key: 'tcompare.readout.adjective', className: 'readout-adjective' },
};

const MARGIN = { top: 10, right: 16, bottom: 36, left: 44 };
const HEIGHT = 220;

export interface ReadoutChartProps {
  readout: TranslateReadoutResult | null;
  busy: boolean;
  error: string | null;
}

export function ReadoutChart({ readout, busy, error }: ReadoutChartProps): ReactNode {
  const { t } = useI18n();
  const fitRef = useRef<HTMLDivElement>(null);
  const available = useAvailableWidth(fitRef);
  const width = Math.max(260, Math.min(560, available ?? 480));
  const depthLabel = (d: number): string => (d === 0 ? t('tcompare.readout.depth0') : t('tcompare.readout.depth', { layer: layerLabel(t, d - 1) }));
  const chart = useMemo(() => {
    if (!readout || readout.layers.length === 0) return null;
    const depths = readout.layers.length;
    const x = scaleLinear()
      .domain([0, Math.max(1, depths - 1)])
      .range([MARGIN.left + 10, width - MARGIN.right - 10]);
    const y = scaleLinear().domain([0, 1]).range([HEIGHT - MARGIN.bottom, MARGIN.top]);
    const path = line<{ layer: number; v: number }>()
      .x((p) => x(p.layer))
      .y((p) => y(p.v));
    const series = READOUT_TOKEN_NAMES.map((tok) => {
      const points = readout.layers.map((l) => ({ layer: l.layer, v: l.heldOut[tok] }));
      return { tok, points, d: path(points) ?? '' };
    });
    return { x, y, series, ticksY: [0, 0.25, 0.5, 0.75, 1] };
  }, [readout, width]);

  return (
    <div className="tcompare-readout" data-testid="tcompare-readout" data-busy={busy ? 'true' : 'false'}>
      <h3>{t('tcompare.readout.title')}</h3>
      <p className="help">
        {t('tcompare.readout.help', { train: readout?.cases.train ?? '…', heldOut: readout?.cases.heldOut ?? '…' })}
      </p>
      {error && (
        <p className="note warn" data-testid="tcompare-readout-error">
          {t('tcompare.readout.error', { message: error })}
        </p>
      )}
      {!readout && !error && <p className="note">{t('tcompare.readout.busy')}</p>}
      <div ref={fitRef} className="tcompare-readout-fit">
        {chart && readout && (
          <>
            <svg width={width} height={HEIGHT} role="img" aria-label={t('tcompare.readout.aria')} data-testid="tcompare-readout-chart">
              {chart.ticksY.map((v) => (
                <g key={v}>
                  <line x1={MARGIN.left} x2={width - MARGIN.right} y1={chart.y(v)} y2={chart.y(v)} className={v === 0.5 ? 'readout-chance' : 'compare-grid'} />
                  <text x={MARGIN.left - 6} y={chart.y(v)} textAnchor="end" dominantBaseline="central" className="readout-tick">
                    {`${Math.round(v * 100)}%`}
                  </text>
                </g>
              ))}
              <text x={width - MARGIN.right} y={chart.y(0.5) - 5} textAnchor="end" className="readout-tick">
                {t('tcompare.readout.chance')}
              </text>
              {readout.layers.map((l, i) => (
                <text
                  key={l.layer}
                  x={chart.x(l.layer)}
                  y={HEIGHT - MARGIN.bottom + 16}
                  textAnchor={i === 0 ? 'start' : i === readout.layers.length - 1 ? 'end' : 'middle'}
                  className="readout-tick"
                >
                  {depthLabel(l.layer)}
                </text>
              ))}
              <text x={(MARGIN.left + width - MARGIN.right) / 2} y={HEIGHT - 4} textAnchor="middle" className="readout-axis">
                {t('tcompare.readout.x')}
              </text>
              {chart.series.map((s) => (
                <g key={s.tok} className={`readout-series ${SERIES[s.tok].className}`}>
                  <path d={s.d} />
                  {s.points.map((p) => (
                    <circle key={p.layer} cx={chart.x(p.layer)} cy={chart.y(p.v)} r={4} data-testid="tcompare-readout-point" data-token={s.tok} data-layer={p.layer} data-value={p.v}>
                      <title>{`${t(SERIES[s.tok].key)} · ${depthLabel(p.layer)}: ${pct(p.v)}`}</title>
                    </circle>
                  ))}
                </g>
              ))}
            </svg>
            <ul className="readout-legend">
              {READOUT_TOKEN_NAMES.map((tok) => (
                <li key={tok} className={SERIES[tok].className}>
                  <span className="readout-swatch" /> {t(SERIES[tok].key)}
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
      {readout && (
        <div className="tcompare-table-scroll">
          <table className="compare-ranking tcompare-readout-table" data-testid="tcompare-readout-table">
            <thead>
              <tr>
                <th>{t('tcompare.readout.y')}</th>
                {readout.layers.map((l) => (
                  <th key={l.layer}>{depthLabel(l.layer)}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              <tr className="readout-group">
                <th colSpan={readout.layers.length + 1}>{t('tcompare.readout.which')}</th>
              </tr>
              {READOUT_TOKEN_NAMES.map((tok) => (
                <tr key={tok}>
                  <td>{t(SERIES[tok].key)}</td>
                  {readout.layers.map((l) => (
                    <td key={l.layer} className="tcompare-num">
                      {pct(l.heldOut[tok])}
                    </td>
                  ))}
                </tr>
              ))}
              <tr className="readout-group">
                <th colSpan={readout.layers.length + 1}>{t('tcompare.readout.identity', { n: readout.identityClasses })}</th>
              </tr>
              {READOUT_TOKEN_NAMES.map((tok) => (
                <tr key={`id-${tok}`}>
                  <td>{t(SERIES[tok].key)}</td>
                  {readout.layers.map((l) => (
                    <td key={l.layer} className="tcompare-num" data-testid="tcompare-readout-identity" data-token={tok} data-layer={l.layer} data-value={l.identity[tok]}>
                      {pct(l.identity[tok])}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          <p className="help">{t('tcompare.readout.step', { step: readout.step })}</p>
        </div>
      )}
    </div>
  );
}
