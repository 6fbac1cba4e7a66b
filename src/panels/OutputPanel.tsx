// Output: the softmax over the next token at the last position as a top-k bar chart, reshaped live by
// temperature, top-k and top-p (src/shared/sampling.ts); generate the next token(s) one at a time or
// continuously: a seeded draw from the adjusted distribution is appended to the sentence (in App),
// the page traces it again, and the next draw waits for that new trace. Stops at the context length.

import { memo, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useI18n } from '../app/i18n';
import {
  DEFAULT_SAMPLING,
  lastRow,
  nextTokenDistribution,
  sampleNext,
  SeededRandom,
  topEntries,
  type SamplingOptions,
} from '../shared/sampling';
import type { ForwardTrace } from '../shared/trace';
import { Bars } from '../viz/Bars';
import { ExportButton } from './ExportButton';
import { SeedInput, TemperatureInput } from './SamplingInputs';

export const OUTPUT_TOP = 10;
const SPECIAL_TOKENS = ['<pad>', '<bos>', '<unk>'];
/** Pause between continuous draws, so the learner can watch each token arrive. */
const CONTINUOUS_DELAY_MS = 250;

export interface OutputPanelProps {
  trace: ForwardTrace | null;
  vocab: readonly string[];
  contextLength: number | null;
  /** A trace is being computed (the shown one is for an older text). */
  busy: boolean;
  /** Append one token to the sentence. */
  onAppend: (token: string) => void;
}

function OutputPanelView({ trace, vocab, contextLength, busy, onAppend }: OutputPanelProps): ReactNode {
  const { t } = useI18n();
  const [opts, setOpts] = useState<SamplingOptions>({ temperature: 1, topK: 0, topP: 1 });
  const [seed, setSeed] = useState(1);
  const [running, setRunning] = useState(false);
  const [added, setAdded] = useState<string | null>(null);
  const random = useRef(new SeededRandom(1));
  const figureRef = useRef<HTMLElement | null>(null);
  /** The trace the last draw was made from: the next draw waits for a newer one. */
  const drawnFrom = useRef<ForwardTrace | null>(null);

  useEffect(() => {
    random.current = new SeededRandom(seed);
  }, [seed]);

  const dist = useMemo(() => (trace ? nextTokenDistribution(trace.logits, opts) : null), [trace, opts]);
  // The model's own probabilities (softmax at temperature 1), drawn light behind the adjusted ones.
  const plain = useMemo(() => (trace ? nextTokenDistribution(trace.logits, DEFAULT_SAMPLING) : null), [trace]);
  // Ranked by the model's scores (the same order at every temperature), so cut-off words stay visible at 0%.
  const items = useMemo(
    () =>
      trace && dist && plain
        ? topEntries(lastRow(trace.logits), OUTPUT_TOP).map((e) => ({
            label: vocab[e.index] ?? `#${e.index}`,
            value: dist[e.index],
            reference: plain[e.index],
            index: e.index,
          }))
        : [],
    [trace, dist, plain, vocab],
  );
  const kept = useMemo(() => (dist ? dist.reduce((n, p) => n + (p > 0 ? 1 : 0), 0) : 0), [dist]);
  const exclude = useMemo(() => SPECIAL_TOKENS.map((s) => vocab.indexOf(s)).filter((i) => i >= 0), [vocab]);
  const T = trace?.ids.length ?? 0;
  const full = contextLength !== null && T >= contextLength;

  const drawOne = (): boolean => {
    if (!trace || full || busy || drawnFrom.current === trace) return false;
    const id = sampleNext(lastRow(trace.logits), opts, random.current, exclude);
    const token = vocab[id];
    if (token === undefined) return false;
    drawnFrom.current = trace;
    setAdded(token);
    onAppend(token);
    return true;
  };

  const drawLatest = useRef(drawOne);
  drawLatest.current = drawOne;

  // Continuous generation: one draw per new trace, until stopped or the context is full. Only these
  // inputs restart the pause, so unrelated re-renders of the page cannot hold generation back.
  useEffect(() => {
    if (!running) return;
    if (full) {
      setRunning(false);
      return;
    }
    if (!trace || busy || drawnFrom.current === trace) return;
    const timer = window.setTimeout(() => {
      if (!drawLatest.current()) setRunning(false);
    }, CONTINUOUS_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [running, full, trace, busy]);

  const set = (patch: Partial<SamplingOptions>): void => setOpts((o) => ({ ...o, ...patch }));
  return (
    <section className="panel output-panel" aria-labelledby="output-title" data-testid="output-panel">
      <div className="panel-title">
        <h2 id="output-title">{t('output.title')}</h2>
        <ExportButton target={figureRef} name="next-token" title={t('output.title')} vector />
      </div>
      <p className="help">{t('output.help')}</p>
      <div className="output-controls">
        <TemperatureInput value={opts.temperature} onChange={(v) => set({ temperature: v })} testId="output-temperature" />
        <label title={t('output.topKHelp')}>
          {t('output.topK')}
          <input
            type="number"
            min={0}
            max={vocab.length}
            step={1}
            value={opts.topK}
            onChange={(e) => set({ topK: Math.max(0, Math.floor(Number(e.target.value) || 0)) })}
            data-testid="output-topk"
          />
        </label>
        <label title={t('output.topPHelp')}>
          {t('output.topP')}
          <input
            type="range"
            min={0.05}
            max={1}
            step={0.05}
            value={opts.topP}
            onChange={(e) => set({ topP: Number(e.target.value) })}
            data-testid="output-topp"
          />
          <output>{opts.topP.toFixed(2)}</output>
        </label>
        <SeedInput value={seed} onChange={setSeed} testId="output-seed" />
      </div>
      <p className="help">
        {t('output.temperatureHelp')} {t('output.topKHelp')} {t('output.topPHelp')}
      </p>
      {!trace || !dist ? (
        <p className="empty">{t('output.none')}</p>
      ) : (
        <>
          <figure className="output-chart" ref={figureRef}>
            <figcaption>{t('output.chart', { n: Math.min(OUTPUT_TOP, vocab.length), vocab: vocab.length })}</figcaption>
            <Bars items={items} probability width={460} ariaLabel={t('output.chart', { n: OUTPUT_TOP, vocab: vocab.length })} testId="output-bars" />
          </figure>
          <p className="help">{t('output.legend')}</p>
          <p className="note" data-testid="output-kept">
            {opts.temperature > 0 ? t('output.kept', { n: kept }) : t('output.greedy')}
          </p>
          <div className="button-row output-buttons">
            <button type="button" onClick={() => drawOne()} disabled={busy || running || full} data-testid="output-generate-one">
              {t('output.generateOne')}
            </button>
            {running ? (
              <button type="button" onClick={() => setRunning(false)} data-testid="output-stop">
                {t('output.stop')}
              </button>
            ) : (
              <button type="button" onClick={() => setRunning(true)} disabled={full} data-testid="output-generate-many">
                {t('output.generateMany')}
              </button>
            )}
            {running && <span className="busy">{t('output.generating')}</span>}
            {added !== null && (
              <span className="output-added" data-testid="output-added">
                {t('output.added', { token: added })}
              </span>
            )}
          </div>
          {full && contextLength !== null && <p className="note warn">{t('output.full', { n: contextLength })}</p>}
          <p className="help">{t('output.specials')}</p>
        </>
      )}
    </section>
  );
}

/** Memoised: the page re-renders often (training, staggered redraws); same props, no redraw. */
export const OutputPanel = memo(OutputPanelView);
