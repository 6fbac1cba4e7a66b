// Embeddings: every word of the vocabulary is a vector of d_model numbers (a row of the embedding
// matrix E). The panel projects all rows to 2-D with PCA (computed here, src/shared/pca.ts), marks the
// sentence's tokens, shows a hovered word's numbers, the selected word's nearest neighbours by cosine
// over all d_model numbers (src/shared/neighbours.ts; a neighbour or a point on the map can be picked),
// for a corpus with known word kinds the measured share of neighbours of the same kind, and for the
// selected token the three rows the model really adds up: embedding + position = input (from the trace).

import { memo, useMemo, useRef, useState, type ReactNode } from 'react';
import { useI18n } from '../app/i18n';
import { useSideSelection, type Side } from '../app/useSelection';
import { pca } from '../shared/pca';
import type { EmbeddingTables } from '../shared/protocol';
import type { ForwardTrace } from '../shared/trace';
import { matRow } from '../shared/trace';
import { ColorLegend } from '../viz/ColorLegend';
import { divergingScale, maxAbsFinite } from '../viz/colorScales';
import { formatShort } from '../viz/heatmap';
import { Scatter } from '../viz/Scatter';
import type { ScatterPoint } from '../viz/scatter';
import { rowNorms } from '../shared/neighbours';
import { sumStrips } from './embeddings/data';
import { Neighbours } from './embeddings/Neighbours';
import { categoryOfIds, panelNeighbours, panelPurity, searchableIds } from './embeddings/neighbours';
import { SumStrips } from './embeddings/SumStrips';
import { ExportButton } from './ExportButton';

/** The rows of one sequence the panel shows: its ids, and its embedding, position and input rows. */
export type EmbeddingRows = Pick<ForwardTrace, 'ids' | 'embedding' | 'positional' | 'input'>;

export interface EmbeddingsPanelProps {
  tables: EmbeddingTables | null;
  /** A decoder-only trace, or one stack's input rows of a translation model (the selected token's side). */
  trace: EmbeddingRows | null;
  tokens: readonly string[];
  /** A translation model: the side shown, and how to pick a token on it. */
  side?: Side;
  /** A line under the help (e.g. which side is shown). */
  caption?: ReactNode;
}

function EmbeddingsPanelView({ tables, trace, tokens, side = 'target', caption }: EmbeddingsPanelProps): ReactNode {
  const { t } = useI18n();
  const { index: resolved, side: selectedSide, select: selectOn } = useSideSelection({ source: side === 'source' ? tokens.length : 0, target: side === 'target' ? tokens.length : 0 });
  const selected = selectedSide === side ? resolved : tokens.length - 1;
  const select = (i: number): void => selectOn(side, i);
  const [hovered, setHovered] = useState(-1);
  const [labelAll, setLabelAll] = useState(false);
  const figureRef = useRef<HTMLDivElement>(null);

  const projection = useMemo(() => (tables ? pca(tables.matrix, 2) : null), [tables]);
  const points = useMemo<ScatterPoint[]>(() => {
    if (!tables || !projection) return [];
    return tables.vocab.map((w, i) => ({ x: projection.projected[i * 2], y: projection.projected[i * 2 + 1], label: w }));
  }, [tables, projection]);
  // Only ids of this model: a trace of the previous model may still be on screen for a moment.
  const ids = useMemo(() => (trace && tables && trace.ids.every((id) => id < tables.vocab.length) ? trace.ids : []), [trace, tables]);
  const highlighted = useMemo(() => new Set(ids), [ids]);
  const selectedId = selected >= 0 && selected < ids.length ? ids[selected] : -1;
  // A word picked on this panel (a neighbour, or a point of the map outside the sentence): shown
  // until the sentence's selected token or the model changes.
  const [picked, setPicked] = useState<{ id: number; from: number; revision: number } | null>(null);
  const pickedId = picked && tables && picked.from === selectedId && picked.revision === tables.revision && picked.id < tables.vocab.length ? picked.id : -1;
  const wordId = pickedId >= 0 ? pickedId : selectedId;

  const norms = useMemo(() => (tables ? rowNorms(tables.matrix) : null), [tables]);
  const candidates = useMemo(() => (tables ? searchableIds(tables.vocab) : []), [tables]);
  const neighbours = useMemo(() => (tables && norms && wordId >= 0 ? panelNeighbours(tables.matrix, wordId, candidates, norms) : []), [tables, norms, candidates, wordId]);
  const purity = useMemo(() => (tables ? panelPurity(tables.matrix, tables.categories, projection?.projected) : null), [tables, projection]);
  const categoryOf = useMemo(() => categoryOfIds(tables?.categories), [tables]);

  const strips = useMemo(() => (trace && selected >= 0 && selected < trace.ids.length ? sumStrips(trace, selected) : null), [trace, selected]);
  const stripScale = useMemo(() => divergingScale(strips ? maxAbsFinite(strips.data) : 1), [strips]);

  const shareOf = (i: number): number => (projection && projection.totalVariance > 0 ? (100 * projection.eigenvalues[i]) / projection.totalVariance : 0);
  const share = (i: number): string => shareOf(i).toFixed(1);

  // A token of the sentence selects its position (every panel follows); any other word is looked at here.
  const onPick = (i: number): void => {
    const pos = ids.indexOf(i);
    if (pos >= 0) {
      select(pos);
      setPicked(null);
    } else if (tables) setPicked({ id: i, from: selectedId, revision: tables.revision });
  };
  const pickNeighbour = (i: number): void => {
    if (tables) setPicked({ id: i, from: selectedId, revision: tables.revision });
  };

  return (
    <section className="panel embeddings-panel" aria-labelledby="embeddings-title" data-testid="embeddings-panel">
      <div className="panel-title">
        <h2 id="embeddings-title">{t('embeddingsx.title')}</h2>
        <ExportButton target={figureRef} name="embeddings" title={t('embeddingsx.title')} vector />
      </div>
      <p className="help">{t('embeddingsx.help')}</p>
      {caption}
      {!tables || !projection ? (
        <p className="empty">{t('embeddingsx.none')}</p>
      ) : (
        <div className="figure">
          <div className="controls">
            <label>
              <input type="checkbox" checked={labelAll} onChange={(e) => setLabelAll(e.target.checked)} data-testid="label-all" />
              {t('embeddingsx.labelAll')}
            </label>
          </div>
          <div className="embeddings-row">
            <div ref={figureRef} className="scatter-figure">
            <Scatter
              points={points}
              highlighted={highlighted}
              selected={wordId}
              hovered={hovered}
              onHover={setHovered}
              onPick={onPick}
              labelAll={labelAll}
              xTitle={t('embeddingsx.axis', { n: 1, share: share(0) })}
              yTitle={t('embeddingsx.axis', { n: 2, share: share(1) })}
              ariaLabel={t('embeddingsx.aria', { n: points.length })}
              testId="embeddings-scatter"
            />
            </div>
            <div className="embeddings-side">
              <VectorBox tables={tables} index={hovered >= 0 ? hovered : wordId} pc={projection.projected} hovering={hovered >= 0} picked={hovered < 0 && pickedId >= 0} />
              {wordId >= 0 ? (
                <Neighbours
                  word={tables.vocab[wordId]}
                  category={categoryOf.get(wordId) ?? null}
                  neighbours={neighbours}
                  vocab={tables.vocab}
                  categoryOf={categoryOf}
                  dModel={tables.matrix.cols}
                  onPick={pickNeighbour}
                />
              ) : (
                <p className="muted">{t('neighbours.none')}</p>
              )}
            </div>
          </div>
          <p className="note">{t('embeddingsx.pcaNote', { d: tables.matrix.cols, share: (shareOf(0) + shareOf(1)).toFixed(1) })}</p>
          <p className="embeddings-measured" data-testid="embeddings-measured">
            {purity
              ? t('neighbours.measured', {
                  n: purity.words,
                  m: purity.categories,
                  kinds: t('neighbours.kinds'),
                  purity: (100 * purity.value).toFixed(0),
                  chance: (100 * purity.chance).toFixed(0),
                  share: (shareOf(0) + shareOf(1)).toFixed(1),
                  map: purity.map === null ? '—' : (100 * purity.map).toFixed(0),
                })
              : t('neighbours.unmeasured')}
          </p>
          {strips && (
            <div className="sum-strips" data-testid="sum-strips" tabIndex={0} role="group" aria-label={t('embeddingsx.sumTitle', { token: tokens[selected] ?? '', pos: selected })}>
              <h3>{t('embeddingsx.sumTitle', { token: tokens[selected] ?? '', pos: selected })}</h3>
              <p className="help">{t(tables.embeddingScale === 1 ? 'embeddingsx.sumHelp' : 'embeddingsx.sumHelpScaled', { scale: formatShort(tables.embeddingScale) })}</p>
              <ColorLegend scale={stripScale} />
              <SumStrips
                scale={stripScale}
                strips={[
                  { label: t('embeddingsx.rowEmbedding'), values: matRow(strips, 0), testId: 'strip-embedding' },
                  { label: t('embeddingsx.rowPosition'), values: matRow(strips, 1), testId: 'strip-position' },
                  { label: t('embeddingsx.rowInput'), values: matRow(strips, 2), testId: 'strip-input' },
                ]}
              />
            </div>
          )}
        </div>
      )}
    </section>
  );
}

function VectorBox({ tables, index, pc, hovering, picked }: { tables: EmbeddingTables; index: number; pc: Float64Array; hovering: boolean; picked: boolean }): ReactNode {
  const { t } = useI18n();
  if (index < 0 || index >= tables.vocab.length) return <div className="vector-box empty">{t('embeddingsx.hoverHint')}</div>;
  const row = matRow(tables.matrix, index);
  return (
    <div className="vector-box" data-testid="vector-box">
      <div>
        <b className="token-text">{tables.vocab[index]}</b> · {t('tokens.id', { id: index })}
        {!hovering && <span className="muted"> · {t(picked ? 'neighbours.picked' : 'embeddingsx.selectedWord')}</span>}
      </div>
      <div className="muted">{t('embeddingsx.coords', { x: formatShort(pc[index * 2]), y: formatShort(pc[index * 2 + 1]) })}</div>
      <div className="muted">{t('embeddingsx.vectorOf', { d: row.length })}</div>
      <ol className="vector-numbers" start={0}>
        {Array.from(row, (v, i) => (
          <li key={i} title={`${i}: ${v}`} className={v < 0 ? 'neg' : 'pos'}>
            {v.toFixed(2).replace('-', '−')}
          </li>
        ))}
      </ol>
    </div>
  );
}

/** Memoised: the page re-renders often (training, staggered redraws); same props, no redraw. */
export const EmbeddingsPanel = memo(EmbeddingsPanelView);
