// The selected head's map for A and for B, side by side, and the difference B − A on a diverging
// scale centred on 0 (red: B attends more, blue: A attends more), each with its legend.

import { useMemo, type ReactNode } from 'react';
import { useI18n } from '../../app/i18n';
import { layerHeadLabel } from '../../app/labels';
import type { Stage } from '../../app/urlState';
import type { Mat } from '../../shared/trace';
import { ColorLegend } from '../../viz/ColorLegend';
import { divergingScale, maxAbsFinite, sequentialScale } from '../../viz/colorScales';
import { Heatmap, type HeatmapWords } from '../../viz/Heatmap';
import { causalMask } from '../../viz/heatmap';
import { differenceMap } from './analysis';

export interface CompareMapsProps {
  matA: Mat;
  matB: Mat;
  tokensA: readonly string[];
  tokensB: readonly string[];
  stage: Stage;
  layer: number;
  head: number;
  /** The maps' test ids are `${testIdPrefix}-a`, `-b`, `-diff` (default "compare-map": another view on the page picks its own). */
  testIdPrefix?: string;
  /** A row to outline in the three maps (e.g. the row a view compares). */
  markRow?: number;
}

export function CompareMaps(props: CompareMapsProps): ReactNode {
  const { t } = useI18n();
  const { matA, matB, tokensA, tokensB, stage, layer, head, testIdPrefix = 'compare-map', markRow } = props;
  const words: HeatmapWords = { row: t('compare.map.query'), col: t('compare.map.key'), value: t('compare.map.value'), masked: t('compare.map.masked') };
  const scale = useMemo(() => {
    if (stage === 'weights') return sequentialScale(0, 1);
    return divergingScale(Math.max(maxAbsFinite(matA.data), maxAbsFinite(matB.data)));
  }, [stage, matA, matB]);
  const diff = useMemo(() => differenceMap(matA, matB), [matA, matB]);
  const diffScale = useMemo(() => divergingScale(maxAbsFinite(diff.data) || 0.01), [diff]);
  const diffLabels = useMemo(
    () => Array.from({ length: diff.rows }, (_, i) => (tokensA[i] === tokensB[i] ? tokensA[i] : `${tokensA[i]}|${tokensB[i]}`)),
    [diff.rows, tokensA, tokensB],
  );
  const title = layerHeadLabel(t, layer, head);
  return (
    <div className="compare-maps">
      <figure className="compare-map side-a">
        <figcaption>
          <b>A</b> · {title}
        </figcaption>
        <Heatmap mat={matA} rowLabels={tokensA} colLabels={tokensA} scale={scale} words={words} isMasked={causalMask} maxSize={460} ariaLabel={`A ${title}`} testId={`${testIdPrefix}-a`} markRow={markRow} />
      </figure>
      <figure className="compare-map side-b">
        <figcaption>
          <b>B</b> · {title}
        </figcaption>
        <Heatmap mat={matB} rowLabels={tokensB} colLabels={tokensB} scale={scale} words={words} isMasked={causalMask} maxSize={460} ariaLabel={`B ${title}`} testId={`${testIdPrefix}-b`} markRow={markRow} />
      </figure>
      <figure className="compare-map diff">
        <figcaption>
          <b>B − A</b> · {t('compare.map.diffCaption')}
        </figcaption>
        <Heatmap mat={diff} rowLabels={diffLabels} colLabels={diffLabels} scale={diffScale} words={words} isMasked={causalMask} maxSize={460} ariaLabel={`B − A ${title}`} testId={`${testIdPrefix}-diff`} markRow={markRow} />
      </figure>
      <div className="compare-legends">
        <div>
          <span className="compare-legend-title">{t('compare.legend.maps')}</span>
          <ColorLegend scale={scale} maskedLabel={t('compare.map.masked')} width={160} />
        </div>
        <div>
          <span className="compare-legend-title">{t('compare.legend.diff')}</span>
          <ColorLegend scale={diffScale} width={160} />
        </div>
      </div>
    </div>
  );
}
