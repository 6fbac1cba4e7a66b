// Positional encodings: attention by itself does not know the order of the tokens, so the model adds
// a different vector P[pos] to the token at each position. The panel shows the model's own table
// (sinusoidal, or learned beside the sinusoidal closed form), curves of a few dimensions, how similar
// positions are to each other (dot products), and the formula.

import { memo, useMemo, useRef, useState, type ReactNode } from 'react';
import { useI18n } from '../app/i18n';
import { useSelection } from '../app/useSelection';
import type { EmbeddingTables } from '../shared/protocol';
import type { Mat } from '../shared/trace';
import { ColorLegend } from '../viz/ColorLegend';
import { divergingScale, maxAbsFinite, type ColorScale } from '../viz/colorScales';
import { Formula } from '../viz/Formula';
import { Heatmap } from '../viz/Heatmap';
import { formatShort } from '../viz/heatmap';
import { ExportButton } from './ExportButton';
import { markSelected } from './markSelected';
import { Curves } from './positional/Curves';
import { defaultDimensions, dimensionKind, dotSimilarity, wavelength } from './positional/data';

export const PE_TEX =
  'P_{(pos,\\,2i)} = \\sin\\!\\left(\\frac{pos}{10000^{2i/d_{\\text{model}}}}\\right), \\qquad P_{(pos,\\,2i+1)} = \\cos\\!\\left(\\frac{pos}{10000^{2i/d_{\\text{model}}}}\\right)';
export const INPUT_TEX = 'x_{pos} = E[t_{pos}] + P_{pos}';

export interface PositionalPanelProps {
  tables: EmbeddingTables | null;
  tokens: readonly string[];
}

interface TableMapProps {
  title: string;
  mat: Mat;
  scale: ColorScale;
  labels: { rows: string[]; cols: string[] };
  testId: string;
  /** Short axis words, so that two maps fit side by side. */
  short?: boolean;
}

function TableMap({ title, mat, scale, labels, testId, short = false }: TableMapProps): ReactNode {
  const { t } = useI18n();
  return (
    <div className="map-block">
      <h3>{title}</h3>
      <ColorLegend scale={scale} width={160} />
      <Heatmap
        mat={mat}
        rowLabels={labels.rows}
        colLabels={labels.cols}
        scale={scale}
        maxSize={400}
        words={{
          row: t(short ? 'positionalx.posShort' : 'positionalx.position'),
          col: t(short ? 'positionalx.dimShort' : 'positionalx.dimension'),
          value: t('heatmap.value'),
          masked: t('heatmap.masked'),
        }}
        ariaLabel={t('positionalx.tableAria', { rows: mat.rows, cols: mat.cols })}
        testId={testId}
      />
    </div>
  );
}

export const PositionalPanel = memo(function PositionalPanel({ tables, tokens }: PositionalPanelProps): ReactNode {
  const { t } = useI18n();
  const { index: selected } = useSelection(tokens.length);
  const figureRef = useRef<HTMLDivElement>(null);
  const d = tables?.positionTable.cols ?? 0;
  const [dimChoice, setDims] = useState<number[] | null>(null);
  const dims = useMemo(() => (dimChoice ?? defaultDimensions(d)).filter((x) => x < d), [dimChoice, d]);

  const table = tables?.positionTable ?? null;
  const learned = tables?.positional === 'learned';
  const tableScale = useMemo(() => divergingScale(table ? maxAbsFinite(table.data) : 1), [table]);
  const sinScale = useMemo(() => divergingScale(tables ? maxAbsFinite(tables.sinusoidal.data) : 1), [tables]);
  const similarity = useMemo(() => (table ? dotSimilarity(table) : null), [table]);
  const simScale = useMemo(() => divergingScale(similarity ? maxAbsFinite(similarity.data) : 1), [similarity]);
  const labels = useMemo(() => {
    const rows = Array.from({ length: table?.rows ?? 0 }, (_, i) => String(i));
    return { rows: markSelected(rows, selected), cols: Array.from({ length: d }, (_, i) => String(i)) };
  }, [table, d, selected]);

  const dimNames = useMemo(() => Array.from({ length: d }, (_, dim) => t('positionalx.dimName', { dim, fn: dimensionKind(dim).fn })), [d, t]);
  const dimName = (dim: number): string => dimNames[dim];
  // The option lists are the same for every select and every render of the same model size.
  const dimOptions = useMemo(
    () =>
      dimNames.map((name, i) => (
        <option key={i} value={i}>
          {name}
        </option>
      )),
    [dimNames],
  );

  return (
    <section className="panel positional-panel" aria-labelledby="positional-title" data-testid="positional-panel">
      <div className="panel-title">
        <h2 id="positional-title">{t('positionalx.title')}</h2>
        <ExportButton target={figureRef} name="positional-encoding" title={t('positionalx.title')} />
      </div>
      <p className="help">{t('positionalx.help')}</p>
      <Formula tex={INPUT_TEX} testId="positional-input-formula" />
      <Formula tex={PE_TEX} testId="positional-formula" />
      <p className="help">{t('positionalx.formulaHelp')}</p>
      {!tables || !table || !similarity ? (
        <p className="empty">{t('positionalx.none')}</p>
      ) : (
        <div ref={figureRef} className="figure">
          <p className="note" data-testid="positional-kind">
            {learned ? t('positionalx.usesLearned') : t('positionalx.usesSinusoidal')}
          </p>
          <div className={learned ? 'map-row tight' : 'map-row'}>
            <TableMap
              title={learned ? t('positionalx.learnedTitle') : t('positionalx.tableTitle')}
              mat={table}
              scale={tableScale}
              labels={labels}
              testId="positional-table"
              short={learned}
            />
            {learned && (
              <TableMap title={t('positionalx.sinusoidalTitle')} mat={tables.sinusoidal} scale={sinScale} labels={labels} testId="positional-sinusoidal" short />
            )}
            <div className="map-block">
              <h3>{t('positionalx.similarityTitle')}</h3>
              <ColorLegend scale={simScale} width={160} />
              <Heatmap
                mat={similarity}
                rowLabels={labels.rows}
                colLabels={labels.rows}
                scale={simScale}
                maxSize={400}
                words={{ row: t('positionalx.position'), col: t('positionalx.position'), value: t('positionalx.dot'), masked: t('heatmap.masked') }}
                ariaLabel={t('positionalx.similarityAria', { n: similarity.rows })}
                testId="positional-similarity"
              />
              <p className="help">{learned ? t('positionalx.similarityHelpLearned') : t('positionalx.similarityHelp', { half: d / 2 })}</p>
            </div>
          </div>
          <h3>{t('positionalx.curvesTitle')}</h3>
          <div className="controls">
            {dims.map((dim, slot) => (
              <label key={slot}>
                {t('positionalx.curveN', { n: slot + 1 })}
                <select
                  value={dim}
                  data-testid={`curve-dim-${slot}`}
                  onChange={(e) => {
                    const next = dims.slice();
                    next[slot] = Number(e.target.value);
                    setDims(next);
                  }}
                >
                  {dimOptions}
                </select>
              </label>
            ))}
          </div>
          <Curves
            table={table}
            dims={dims}
            names={dims.map(dimName)}
            marked={selected}
            used={tokens.length}
            xTitle={t('positionalx.position')}
            ariaLabel={t('positionalx.curvesAria')}
          />
          {!learned && (
            <p className="help">
              {t('positionalx.wavelengths', {
                list: dims.map((dim) => `${dim}: ${formatShort(wavelength(dim, d))}`).join(', '),
              })}
            </p>
          )}
        </div>
      )}
    </section>
  );
}, samePositionalProps);

/** Re-traces while training bring new token arrays with the same words: no reason to redraw. */
function samePositionalProps(a: PositionalPanelProps, b: PositionalPanelProps): boolean {
  return a.tables === b.tables && a.tokens.length === b.tokens.length && a.tokens.every((w, i) => w === b.tokens[i]);
}
