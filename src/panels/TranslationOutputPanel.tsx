// Output of a translation model: the probabilities of the next Chinese token at the selected decoder
// position, and "translate step by step" — the page asks the worker for the translation one token
// longer each time (greedy, or drawn at a temperature from a seed), so every panel follows the
// decoder as it writes; each step lists the token chosen and the probability the model gave it, read
// from the trace of that translation, until the model writes <eos>.

import { memo, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useI18n } from '../app/i18n';
import { useSideSelection } from '../app/useSelection';
import type { TranslateResult, TranslateSampling } from '../shared/protocol';
import { adjustDistribution, excludeIds, topEntries } from '../shared/sampling';
import { matRow } from '../shared/trace';
import { Bars } from '../viz/Bars';
import { useAvailableWidth } from '../viz/useAvailableWidth';
import { ExportButton } from './ExportButton';
import { joinPieces } from '../shared/textPieces';
import { SeedInput, TemperatureInput } from './SamplingInputs';

export const TRANSLATION_TOP = 10;
/** Pause between steps while playing, so the learner can watch each token arrive. */
const PLAY_DELAY_MS = 400;

/** How the page asks for the translation: its sampling, and how many tokens to write (null: all). */
export interface DecodeSettings {
  sampling: TranslateSampling;
  /** Step by step: write at most this many tokens; null: the whole translation. */
  maxTokens: number | null;
}

export const DEFAULT_DECODE: DecodeSettings = { sampling: { temperature: 0, seed: 1 }, maxTokens: null };

/** One step of the translation: the token the decoder wrote, and its probability. */
export interface TranslationStep {
  /** The decoder row that wrote it (it reads <bos> + the tokens before). */
  row: number;
  id: number;
  token: string;
  /** The model's probability for it (softmax of the logits). */
  prob: number;
  /** The probability it was drawn with (after the temperature); equals prob at temperature 1, 1 for greedy. */
  drawProb: number;
}

/**
 * The steps of a translation read from its trace: decoder row r wrote target token r (and, when the
 * model finished, the row after the last token wrote <eos>). The draw probability is the one the
 * decoding used: <pad> and <bos> are never written, then softmax(logits / temperature) (greedy: 1).
 */
export function translationSteps(r: TranslateResult, vocab: readonly string[], eosId: number, temperature: number): TranslationStep[] {
  const { logits, probs } = r.trace;
  const out: TranslationStep[] = [];
  const ids = r.finished ? [...r.targetIds, eosId] : r.targetIds;
  const never = ['<pad>', '<bos>'].map((s) => vocab.indexOf(s)).filter((i) => i >= 0);
  ids.forEach((id, row) => {
    if (row >= probs.rows) return;
    const draw = adjustDistribution(excludeIds(matRow(logits, row), never), { temperature, topK: 0, topP: 1 });
    out.push({ row, id, token: vocab[id] ?? `#${id}`, prob: matRow(probs, row)[id], drawProb: draw[id] });
  });
  return out;
}

export interface TranslationOutputPanelProps {
  result: TranslateResult | null;
  /** The maxTokens the shown result was asked with (it may be older than `decode`). */
  resultMaxTokens: number | null;
  vocab: readonly string[];
  /** A translation is being computed (the one shown is older). */
  busy: boolean;
  decode: DecodeSettings;
  onDecode: (next: DecodeSettings) => void;
}

function TranslationOutputPanelView({ result, resultMaxTokens, vocab, busy, decode, onDecode }: TranslationOutputPanelProps): ReactNode {
  const { t } = useI18n();
  const [playing, setPlaying] = useState(false);
  const figureRef = useRef<HTMLElement | null>(null);
  // The bars shrink to a narrow screen (a phone), never wider than their panel.
  const sectionRef = useRef<HTMLElement | null>(null);
  const available = useAvailableWidth(sectionRef);
  const barsWidth = Math.max(240, Math.min(460, available ?? 460));
  const eosId = useMemo(() => vocab.indexOf('<eos>'), [vocab]);
  const T = result?.trace.targetIds.length ?? 0;
  const { side, index } = useSideSelection({ source: result?.source.length ?? 0, target: T });
  // The decoder row whose next token is shown: the selected one, or the last one when a source token is selected.
  const row = side === 'target' && index >= 0 ? index : T - 1;
  const rowToken = result ? (vocab[result.trace.targetIds[row]] ?? '') : '';

  const items = useMemo(() => {
    if (!result || row < 0) return [];
    const p = matRow(result.trace.probs, row);
    return topEntries(p, TRANSLATION_TOP).map((e) => ({ label: vocab[e.index] ?? `#${e.index}`, value: e.value, index: e.index }));
  }, [result, row, vocab]);
  const written = result && row + 1 < T ? result.trace.targetIds[row + 1] : result?.finished && row === T - 1 ? eosId : -1;

  const { temperature, seed } = decode.sampling;
  const steps = useMemo(() => (result ? translationSteps(result, vocab, eosId, temperature) : []), [result, vocab, eosId, temperature]);
  const stepping = decode.maxTokens !== null;
  const done = result?.finished ?? false;
  // The result shown answers the settings asked for (not an older request).
  const fresh = result !== null && !busy && resultMaxTokens === decode.maxTokens;
  // The context ended the translation without <eos>.
  const cut = fresh && !done && (decode.maxTokens === null || result.target.length < decode.maxTokens);

  const setSampling = (patch: Partial<TranslateSampling>): void => onDecode({ ...decode, sampling: { ...decode.sampling, ...patch } });
  const step = (): void => {
    if (!result || busy || (stepping && (done || cut))) return;
    onDecode({ ...decode, maxTokens: stepping ? (decode.maxTokens ?? 0) + 1 : 1 });
  };
  const stepLatest = useRef(step);
  stepLatest.current = step;

  // Playing: one more token each time the translation asked for has arrived, until <eos>.
  useEffect(() => {
    if (!playing || !fresh) return;
    if (done || cut || !stepping) {
      setPlaying(false);
      return;
    }
    const timer = window.setTimeout(() => stepLatest.current(), PLAY_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [playing, fresh, done, cut, stepping]);

  return (
    <section className="panel output-panel translation-output" aria-labelledby="output-title" data-testid="output-panel" ref={sectionRef}>
      <div className="panel-title">
        <h2 id="output-title">{t('seq2seq.output.title')}</h2>
        <ExportButton target={figureRef} name="next-target-token" title={t('seq2seq.output.title')} vector />
      </div>
      <p className="help">{t('seq2seq.output.help')}</p>
      {!result ? (
        <p className="empty">{t('output.none')}</p>
      ) : (
        <>
          <figure className="output-chart" ref={figureRef}>
            <figcaption data-testid="translation-next-caption">
              {t('seq2seq.output.chart', { token: rowToken, pos: row, n: Math.min(TRANSLATION_TOP, vocab.length) })}
            </figcaption>
            <Bars
              items={items}
              probability
              width={barsWidth}
              highlightIndex={written >= 0 ? written : undefined}
              ariaLabel={t('seq2seq.output.chart', { token: rowToken, pos: row, n: TRANSLATION_TOP })}
              testId="output-bars"
            />
          </figure>
          <p className="help">{written >= 0 ? t('seq2seq.output.wrote', { token: vocab[written] ?? '' }) : t('seq2seq.output.pickRow')}</p>

          <h3>{t('seq2seq.output.stepTitle')}</h3>
          <p className="help">{t('seq2seq.output.stepHelp')}</p>
          <div className="output-controls">
            <TemperatureInput value={temperature} onChange={(v) => setSampling({ temperature: v })} testId="translate-temperature" />
            <SeedInput value={seed} onChange={(v) => setSampling({ seed: v })} testId="translate-seed" disabled={temperature === 0} />
          </div>
          <p className="note" data-testid="translate-mode">
            {temperature > 0 ? t('seq2seq.output.sampled', { temperature: temperature.toFixed(2), seed }) : t('seq2seq.output.greedy')}
          </p>
          <div className="button-row output-buttons">
            <button type="button" onClick={() => onDecode({ ...decode, maxTokens: 0 })} disabled={busy} data-testid="translate-restart">
              {t('seq2seq.output.restart')}
            </button>
            <button type="button" onClick={step} disabled={busy || (done && stepping) || (cut && stepping) || playing} data-testid="translate-step">
              {t('seq2seq.output.step')}
            </button>
            {playing ? (
              <button type="button" onClick={() => setPlaying(false)} data-testid="translate-stop">
                {t('output.stop')}
              </button>
            ) : (
              <button
                type="button"
                onClick={() => {
                  if (!stepping) onDecode({ ...decode, maxTokens: 0 });
                  setPlaying(true);
                }}
                disabled={done && stepping}
                data-testid="translate-play"
              >
                {t('seq2seq.output.play')}
              </button>
            )}
            <button type="button" onClick={() => onDecode({ ...decode, maxTokens: null })} disabled={!stepping} data-testid="translate-all">
              {t('seq2seq.output.all')}
            </button>
            {busy && <span className="busy">{t('output.generating')}</span>}
          </div>
          <ol className="translation-steps" data-testid="translation-steps" data-done={done || undefined}>
            {steps.map((s) => (
              <li key={s.row} data-testid="translation-step" data-token={s.token} data-prob={s.prob} className={s.id === eosId ? 'eos' : undefined}>
                <span className="step-n">{t('seq2seq.output.stepN', { n: s.row + 1 })}</span>
                <b className="token-text">{s.token}</b>
                <span className="step-p">{t('seq2seq.output.prob', { p: (s.prob * 100).toFixed(1) })}</span>
                {temperature > 0 && temperature !== 1 && <span className="step-p muted">{t('seq2seq.output.drawProb', { p: (s.drawProb * 100).toFixed(1) })}</span>}
              </li>
            ))}
          </ol>
          <p className="note" data-testid="translation-status">
            {done
              ? t('seq2seq.output.finished', { n: result.target.length, text: joinPieces(result.target) })
              : cut
                ? t('seq2seq.output.cut', { n: result.target.length })
                : t('seq2seq.output.soFar', { n: result.target.length, text: joinPieces(result.target) })}
          </p>
        </>
      )}
    </section>
  );
}

/** Memoised: the page re-renders often; same props, no redraw. */
export const TranslationOutputPanel = memo(TranslationOutputPanelView);
