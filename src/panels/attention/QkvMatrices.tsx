// Q, K and V of the selected head as matrices [T, d_k]: one row per token (the selected token marked),
// one column per dimension of the head. In cross-attention K and V have one row per source token.

import { useMemo, type ReactNode } from 'react';
import { useI18n, type MessageKey } from '../../app/i18n';
import type { Mat } from '../../shared/trace';
import { ColorLegend } from '../../viz/ColorLegend';
import { divergingScale, maxAbsFinite } from '../../viz/colorScales';
import { Heatmap } from '../../viz/Heatmap';

const PARTS = [
  { id: 'q', title: 'attentionx.q', help: 'attentionx.qHelp' },
  { id: 'k', title: 'attentionx.k', help: 'attentionx.kHelp' },
  { id: 'v', title: 'attentionx.v', help: 'attentionx.vHelp' },
] as const satisfies readonly { id: string; title: MessageKey; help: MessageKey }[];

export interface QkvMatricesProps {
  q: Mat;
  k: Mat;
  v: Mat;
  /** Labels of Q's rows (the queries). */
  rowLabels: readonly string[];
  /** Labels of K's and V's rows (the keys); the same as rowLabels in self-attention. */
  keyLabels?: readonly string[];
}

export function QkvMatrices({ q, k, v, rowLabels, keyLabels = rowLabels }: QkvMatricesProps): ReactNode {
  const { t } = useI18n();
  const mats = { q, k, v };
  // One colour scale for the three, so that their magnitudes can be compared.
  const scale = useMemo(() => divergingScale(Math.max(maxAbsFinite(q.data), maxAbsFinite(k.data), maxAbsFinite(v.data))), [q, k, v]);
  const cols = useMemo(() => Array.from({ length: q.cols }, (_, i) => String(i)), [q.cols]);
  return (
    <div className="qkv">
      <ColorLegend scale={scale} width={160} />
      <div className="map-row">
        {PARTS.map((p) => (
          <div className="map-block" key={p.id}>
            <h4>{t(p.title)}</h4>
            <p className="help small">{t(p.help)}</p>
            <Heatmap
              mat={mats[p.id]}
              rowLabels={p.id === 'q' ? rowLabels : keyLabels}
              colLabels={cols}
              scale={scale}
              maxSize={300}
              words={{ row: t('attentionx.token'), col: t('attentionx.dim'), value: t('heatmap.value'), masked: t('heatmap.masked') }}
              ariaLabel={t('attentionx.qkvAria', { name: p.id.toUpperCase(), rows: mats[p.id].rows, cols: mats[p.id].cols })}
              testId={`attention-${p.id}`}
            />
          </div>
        ))}
      </div>
    </div>
  );
}
