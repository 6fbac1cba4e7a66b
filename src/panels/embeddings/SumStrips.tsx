// The selected token's three rows, one strip each, aligned by dimension: its embedding, the positional
// vector of its position, and their sum (the first layer's input). Hovering a dimension shows the
// three exact numbers as the sum the model computed.

import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useI18n } from '../../app/i18n';
import type { Mat } from '../../shared/trace';
import type { ColorScale } from '../../viz/colorScales';
import { drawHeatmap, formatExact, heatmapGeometry, type HeatmapGeometry } from '../../viz/heatmap';

export interface Strip {
  label: string;
  values: Float32Array;
  testId: string;
}

function StripCanvas({ values, geometry, scale, testId, onHover }: { values: Float32Array; geometry: HeatmapGeometry; scale: ColorScale; testId: string; onHover: (dim: number) => void }): ReactNode {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const mat: Mat = { rows: 1, cols: values.length, data: values };
    if (ref.current) drawHeatmap(ref.current, mat, geometry, scale);
  }, [values, geometry, scale]);
  return (
    <canvas
      ref={ref}
      className="strip-canvas"
      data-testid={testId}
      onMouseMove={(e) => {
        const x = e.clientX - e.currentTarget.getBoundingClientRect().left;
        onHover(Math.max(0, Math.min(values.length - 1, Math.floor(x / geometry.cell))));
      }}
      onMouseLeave={() => onHover(-1)}
    />
  );
}

export function SumStrips({ strips, scale }: { strips: readonly Strip[]; scale: ColorScale }): ReactNode {
  const { t } = useI18n();
  const [dim, setDim] = useState(-1);
  const d = strips[0]?.values.length ?? 0;
  const cell = Math.max(4, Math.min(16, Math.floor(768 / Math.max(1, d))));
  const geometry = heatmapGeometry(1, d, cell * d, cell, cell);
  return (
    <div className="sum-strip-grid">
      {strips.map((s) => (
        <div className="sum-strip-row" key={s.testId}>
          <span className="sum-strip-label">{s.label}</span>
          <div className="sum-strip-cell">
            <StripCanvas values={s.values} geometry={geometry} scale={scale} testId={s.testId} onHover={setDim} />
            {dim >= 0 && <div className="strip-hover" style={{ left: dim * cell, width: cell }} />}
          </div>
        </div>
      ))}
      <p className="strip-readout" data-testid="strip-readout">
        {dim >= 0 && strips.length === 3
          ? t('embeddingsx.readout', {
              dim,
              e: formatExact(strips[0].values[dim]),
              p: formatExact(strips[1].values[dim]),
              x: formatExact(strips[2].values[dim]),
            })
          : t('embeddingsx.readoutHint')}
      </p>
    </div>
  );
}
