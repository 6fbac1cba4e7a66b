// The parts of a training step that are more than matrices: the loss table, the embedding rows that
// get a gradient, the gradient sizes (bar chart), Adam's table of entries, the payoff. React owns the
// DOM; numbers sit on the app's one diverging scale (blue negative, white 0, red positive).

import type { ReactNode } from 'react';
import { useI18n } from '../../app/i18n';
import { layerShort } from '../../app/labels';
import { divergingScale, maxAbsFinite, textColorOn, type ColorScale } from '../../viz/colorScales';
import { Bars } from '../../viz/Bars';
import { formatExact, formatShort } from '../../viz/heatmap';
import { formatCell } from '../../viz/MatrixView';
import { weightSymbol } from './read';
import { signed } from './update';
import type { AdamEntry, LossRow, NormItem, PayoffRow, Widget } from './types';

/** "L1 W_Q" / "1层 W_Q": a weight as people read it. */
export function useWeightLabel(): (name: string) => string {
  const { t } = useI18n();
  return (name) => {
    const s = weightSymbol(name);
    return s.layer === null ? s.symbol : `${layerShort(t, s.layer)} ${s.symbol}`;
  };
}

function Signed({ value, scale, text }: { value: number; scale: ColorScale; text?: string }): ReactNode {
  const bg = scale.rgb(value);
  return (
    <td className="num-cell" style={{ background: `rgb(${bg[0]}, ${bg[1]}, ${bg[2]})`, color: textColorOn(bg) }} title={formatExact(value)} data-value={value}>
      {text ?? formatCell(value)}
    </td>
  );
}

/** A weight with enough digits that one Adam step (≈ the learning rate) shows. */
function precise(v: number): string {
  return v === 0 ? '0' : v.toPrecision(6).replace('-', '−');
}

function LossTable({ rows, mean, selected }: { rows: LossRow[]; mean: number; selected: number }): ReactNode {
  const { t } = useI18n();
  return (
    <div className="table-scroll">
      <table className="grad-table" data-testid="loss-table" data-loss={mean}>
        <thead>
          <tr>
            <th scope="col">{t('backward.col.pos')}</th>
            <th scope="col">{t('backward.col.pair')}</th>
            <th scope="col">p</th>
            <th scope="col">−log p</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.pos} className={r.pos === selected ? 'selected' : undefined} data-testid="loss-row" data-loss={r.loss}>
              <td>{r.pos}</td>
              <td className="tok">
                {r.token} → {r.target}
              </td>
              <td title={formatExact(r.p)}>{(r.p * 100).toFixed(1)}%</td>
              <td title={formatExact(r.loss)}>{r.loss.toFixed(3)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={3}>
              {t('backward.col.mean', { n: rows.length })}
            </th>
            <td title={formatExact(mean)} data-testid="loss-mean">
              <b>{mean.toFixed(4)}</b>
            </td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

function EmbeddingRows({ rows, zeroRows, vocabSize, tied }: Extract<Widget, { kind: 'embeddingRows' }>): ReactNode {
  const { t } = useI18n();
  return (
    <div className="embedding-rows" data-testid="embedding-rows" data-rows={rows.length} data-zero-rows={zeroRows}>
      <p className="row-numbers-title">{t('backward.embeddingRows.title', { n: rows.length, V: vocabSize })}</p>
      <ul className="chip-list">
        {rows.map((r) => (
          <li key={r.id} className="grad-chip" title={t('backward.embeddingRows.chip', { word: r.word, id: r.id, norm: formatExact(r.norm), positions: r.positions.join(', ') })}>
            <code>{r.word}</code> <small>‖·‖ {formatCell(r.norm)}</small>
          </li>
        ))}
      </ul>
      {!tied && <p className="help">{t('backward.embeddingRows.rest', { n: zeroRows })}</p>}
    </div>
  );
}

function NormsChart({ items, globalNorm, clipNorm, clipFactor }: { items: NormItem[]; globalNorm: number; clipNorm: number | null; clipFactor: number }): ReactNode {
  const { t } = useI18n();
  const label = useWeightLabel();
  const title = t('backward.norms.chart');
  return (
    <figure className="step-bars" data-testid="grad-norms" data-global-norm={globalNorm} data-clip-factor={clipFactor}>
      <figcaption>{title}</figcaption>
      <p className="clip-line">
        <span>
          {t('backward.norms.global')} <b data-testid="global-norm">{formatCell(globalNorm)}</b>
        </span>
        <span>
          {t('backward.norms.clip')} <b>{clipNorm === null ? t('backward.norms.noClip') : formatCell(clipNorm)}</b>
        </span>
        <span>
          {t('backward.norms.factor')} <b data-testid="clip-factor">{clipFactor === 1 ? '1' : clipFactor.toFixed(4)}</b>
        </span>
      </p>
      <Bars
        items={items.map((it, i) => ({ label: label(it.name), value: it.norm, index: i }))}
        probability={false}
        width={520}
        ariaLabel={t('stepper.barsAria', { title })}
        testId="grad-norm-bars"
      />
    </figure>
  );
}

export interface AdamPickerProps {
  names: readonly string[];
  chosen: string;
  onChoose: (name: string) => void;
  busy: boolean;
}

function AdamTable({ entries, picker, shape }: { entries: AdamEntry[]; picker: AdamPickerProps; shape: readonly number[] }): ReactNode {
  const { t } = useI18n();
  const label = useWeightLabel();
  const scale = divergingScale(maxAbsFinite(entries.flatMap((e) => [e.grad, e.m, e.mHat, e.delta])));
  const vScale = divergingScale(maxAbsFinite(entries.flatMap((e) => [e.v, e.vHat])));
  const wScale = divergingScale(maxAbsFinite(entries.flatMap((e) => [e.before, e.after])));
  return (
    <div className="adam" data-testid="adam">
      <label className="adam-picker">
        {t('backward.adam.pick')}
        <select value={picker.chosen} onChange={(e) => picker.onChoose(e.target.value)} data-testid="adam-weight">
          {picker.names.map((n) => (
            <option key={n} value={n}>
              {`${label(n)} · ${n}`}
            </option>
          ))}
        </select>
        {picker.busy && <span className="help">{t('backward.busy')}</span>}
      </label>
      <p className="help">{t('backward.adam.entries', { n: entries.length, shape: shape.join(' × ') })}</p>
      <div className="table-scroll">
        <table className="grad-table adam-table" data-testid="adam-table">
          <thead>
            <tr>
              <th scope="col">{t('backward.col.entry')}</th>
              <th scope="col" title={t('backward.col.before')}>W</th>
              <th scope="col" title={t('backward.col.grad')}>g</th>
              <th scope="col" title={t('backward.col.m')}>m</th>
              <th scope="col" title={t('backward.col.v')}>v</th>
              <th scope="col" title={t('backward.col.mHat')}>m̂</th>
              <th scope="col" title={t('backward.col.vHat')}>v̂</th>
              <th scope="col" title={t('backward.col.delta')}>ΔW</th>
              <th scope="col" title={t('backward.col.after')}>W′</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.index} data-testid="adam-entry" data-before={e.before} data-after={e.after} data-delta={e.delta}>
                <th scope="row">{e.col < 0 ? `[${e.row}]` : `[${e.row}, ${e.col}]`}</th>
                <Signed value={e.before} scale={wScale} text={precise(e.before)} />
                <Signed value={e.grad} scale={scale} text={formatShort(e.grad)} />
                <Signed value={e.m} scale={scale} text={formatShort(e.m)} />
                <Signed value={e.v} scale={vScale} text={formatShort(e.v)} />
                <Signed value={e.mHat} scale={scale} text={formatShort(e.mHat)} />
                <Signed value={e.vHat} scale={vScale} text={formatShort(e.vHat)} />
                <Signed value={e.delta} scale={scale} text={formatShort(e.delta)} />
                <Signed value={e.after} scale={wScale} text={precise(e.after)} />
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="help">{t('backward.adam.legend')}</p>
    </div>
  );
}

function Payoff({ rows, before, after, selected }: { rows: PayoffRow[]; before: number; after: number; selected: number }): ReactNode {
  const { t } = useI18n();
  const changes = rows.map((r) => r.after - r.before);
  const scale = divergingScale(maxAbsFinite(changes));
  const down = after < before;
  return (
    <div className="payoff" data-testid="payoff">
      <p className="payoff-loss" data-testid="payoff-loss" data-before={before} data-after={after}>
        <span>
          {t('backward.payoff.before')} <b title={formatExact(before)}>{before.toFixed(4)}</b>
        </span>
        <span aria-hidden="true">→</span>
        <span>
          {t('backward.payoff.after')} <b className={down ? 'better' : 'worse'} title={formatExact(after)}>{after.toFixed(4)}</b>
        </span>
      </p>
      <div className="table-scroll">
        <table className="grad-table" data-testid="payoff-table">
          <thead>
            <tr>
              <th scope="col">{t('backward.col.pos')}</th>
              <th scope="col">{t('backward.col.pair')}</th>
              <th scope="col">{t('backward.col.pBefore')}</th>
              <th scope="col">{t('backward.col.pAfter')}</th>
              <th scope="col">{t('backward.col.change')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={r.pos} className={r.pos === selected ? 'selected' : undefined} data-testid="payoff-row" data-before={r.before} data-after={r.after}>
                <td>{r.pos}</td>
                <td className="tok">
                  {r.token} → {r.target}
                </td>
                <td title={formatExact(r.before)}>{(r.before * 100).toFixed(2)}%</td>
                <td title={formatExact(r.after)}>{(r.after * 100).toFixed(2)}%</td>
                <Signed value={changes[i]} scale={scale} text={signed(changes[i] * 100, 2)} />
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

export function WidgetView({ widget, selected, picker, adamShape }: { widget: Widget; selected: number; picker: AdamPickerProps; adamShape: readonly number[] }): ReactNode {
  switch (widget.kind) {
    case 'losses':
      return <LossTable rows={widget.rows} mean={widget.mean} selected={selected} />;
    case 'embeddingRows':
      return <EmbeddingRows {...widget} />;
    case 'norms':
      return <NormsChart items={widget.items} globalNorm={widget.globalNorm} clipNorm={widget.clipNorm} clipFactor={widget.clipFactor} />;
    case 'adam':
      return <AdamTable entries={widget.entries} picker={picker} shape={adamShape} />;
    case 'payoff':
      return <Payoff rows={widget.rows} before={widget.before} after={widget.after} selected={selected} />;
  }
}
