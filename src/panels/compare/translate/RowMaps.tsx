// The chosen head's attention map in A and in B (cross-attention: rectangular, Chinese rows × English
// columns; decoder self-attention: causal; encoder: English × English), the compared row outlined
// (the row that writes the referent, or the row of "it" in the encoder), the difference B − A on the
// diverging scale, and the compared row of A and B as paired bars with their L1 distance.

import { useMemo, type ReactNode } from 'react';
import { useI18n } from '../../../app/i18n';
import type { Mat } from '../../../shared/trace';
import { ColorLegend } from '../../../viz/ColorLegend';
import { divergingScale, maxAbsFinite, sequentialScale } from '../../../viz/colorScales';
import { Heatmap, type HeatmapWords } from '../../../viz/Heatmap';
import { causalMask } from '../../../viz/heatmap';
import { differenceRect, rowL1, rowOf, type TranslationSite } from './analysis';
import { RowBars } from './RowBars';

export interface RowMapsProps {
  site: TranslationSite;
  /** "cross, layer 1 · head 2" as people read it. */
  title: string;
  matA: Mat;
  matB: Mat;
  rowLabelsA: readonly string[];
  rowLabelsB: readonly string[];
  colLabelsA: readonly string[];
  colLabelsB: readonly string[];
  /** The compared row in A and in B. */
  rowA: number;
  rowB: number;
  /** Why this row: the referent row (its token), the last row, or "it". */
  rowNote: string;
}

export function RowMaps(props: RowMapsProps): ReactNode {
  const { t } = useI18n();
  const { site, title, matA, matB, rowLabelsA, rowLabelsB, colLabelsA, colLabelsB, rowA, rowB, rowNote } = props;
  const words: HeatmapWords = { row: t('tcompare.map.rowQuery'), col: t('tcompare.map.colKey'), value: t('compare.map.value'), masked: t('compare.map.masked') };
  const scale = useMemo(() => sequentialScale(0, 1), []);
  const diff = useMemo(() => differenceRect(matA, matB), [matA, matB]);
  const diffScale = useMemo(() => divergingScale(maxAbsFinite(diff.data) || 0.01), [diff]);
  const both = (a: readonly string[], b: readonly string[], n: number): string[] => Array.from({ length: n }, (_, i) => (a[i] === b[i] ? a[i] : `${a[i]}|${b[i]}`));
  const diffRows = useMemo(() => both(rowLabelsA, rowLabelsB, diff.rows), [rowLabelsA, rowLabelsB, diff.rows]);
  const diffCols = useMemo(() => both(colLabelsA, colLabelsB, diff.cols), [colLabelsA, colLabelsB, diff.cols]);
  const mask = site === 'decoder-self' ? causalMask : undefined;
  const ra = rowOf(matA, rowA);
  const rb = rowOf(matB, rowB);
  const l1 = rowL1(ra, rb);
  const sameShape = matA.rows === matB.rows && matA.cols === matB.cols;
  return (
    <div className="tcompare-rowmaps" data-testid="tcompare-rowmaps" data-site={site} data-row-a={rowA} data-row-b={rowB} data-l1={l1}>
      <p className="help">{rowNote}</p>
      {!sameShape && <p className="note">{t('tcompare.map.diffLengths', { a: `${matA.rows}×${matA.cols}`, b: `${matB.rows}×${matB.cols}` })}</p>}
      <div className="compare-maps">
        <figure className="compare-map side-a">
          <figcaption>
            <b>A</b> · {title}
          </figcaption>
          <Heatmap mat={matA} rowLabels={rowLabelsA} colLabels={colLabelsA} scale={scale} words={words} isMasked={mask} maxSize={420} ariaLabel={`A ${title}`} testId="compare-map-a" markRow={rowA} />
        </figure>
        <figure className="compare-map side-b">
          <figcaption>
            <b>B</b> · {title}
          </figcaption>
          <Heatmap mat={matB} rowLabels={rowLabelsB} colLabels={colLabelsB} scale={scale} words={words} isMasked={mask} maxSize={420} ariaLabel={`B ${title}`} testId="compare-map-b" markRow={rowB} />
        </figure>
        <figure className="compare-map diff">
          <figcaption>
            <b>B − A</b> · {t('compare.map.diffCaption')}
          </figcaption>
          <Heatmap
            mat={diff}
            rowLabels={diffRows}
            colLabels={diffCols}
            scale={diffScale}
            words={words}
            isMasked={mask}
            maxSize={420}
            ariaLabel={`B − A ${title}`}
            testId="compare-map-diff"
            markRow={rowA === rowB ? rowA : undefined}
          />
        </figure>
        <div className="compare-legends">
          <div>
            <span className="compare-legend-title">{t('compare.legend.maps')}</span>
            <ColorLegend scale={scale} maskedLabel={mask ? t('compare.map.masked') : undefined} width={160} />
          </div>
          <div>
            <span className="compare-legend-title">{t('compare.legend.diff')}</span>
            <ColorLegend scale={diffScale} width={160} />
          </div>
        </div>
      </div>
      <h3>{t('tcompare.rows.title')}</h3>
      <p className="compare-rows-measure" data-testid="tcompare-row-l1" data-l1={l1}>
        <span className="swatch side-a" /> A <span className="swatch side-b" /> B · {t('tcompare.rows.l1', { value: l1.toFixed(3) })}
      </p>
      <RowBars rowA={ra} rowB={rb} labelsA={colLabelsA} labelsB={colLabelsB} ariaLabel={t('tcompare.rows.aria')} testId="tcompare-row-bars" />
    </div>
  );
}
