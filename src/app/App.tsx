// The page: header with the model picker and status, error banner, the sentence, and the panels that
// show what the model computes for it. State lives in small hooks (model choice, session, trace or
// translation, errors); panels get plain data. A translation model (encoder–decoder) gets its own
// tokens and output panels; the panels that only serve the decoder-only model say so instead.

import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { AttentionPanel } from '../panels/AttentionPanel';
import { TokensPanel } from '../panels/TokensPanel';
import { EmbeddingsPanel } from '../panels/EmbeddingsPanel';
import { PositionalPanel } from '../panels/PositionalPanel';
import { useEmbeddingTables } from '../panels/useEmbeddingTables';
import { BackendSwitchNote } from './BackendSwitchNote';
import { CheckpointControls } from './CheckpointControls';
import { ErrorBanner } from './ErrorBanner';
import { errorMessage, useErrors } from './errors';
import { Header } from './Header';
import { useI18n } from './i18n';
import { checkpointUrl, DEFAULT_MODEL_CHOICE, isTextModelCorpus, MODEL_CHOICES, useModelChoice, type ModelChoice } from './models';
import { CORPUS_MODELS, type BuiltinCorpusId } from '../shared/training';
import { SentenceInput } from './SentenceInput';
import { WordsProvider } from '../panels/words/WordsContext';
import { shownSentence } from './defaultSentences';
import { useModelSession } from './useModelSession';
import { useStaggered } from './useStaggered';
import { useViewWorker } from './useViewWorker';
import { isCancelled } from './workerClient';
import { useTrace } from './useTrace';
import { useTranslation } from './useTranslation';
import { LiveAttentionView, TrainingControlsView, TrainingPanelView, TrainingProvider } from './TrainingContext';
import { SelectionProvider } from './useSelection';
import { RolesProvider } from './RolesContext';
import { Stepper } from '../panels/Stepper';
import { StepThrough } from '../panels/StepThrough';
import { TrainingStepSection } from './TrainingStepSection';
import { OutputPanel } from '../panels/OutputPanel';
import { DEFAULT_DECODE, TranslationOutputPanel, type DecodeSettings } from '../panels/TranslationOutputPanel';
import { SideEmbeddings, SidePositional } from '../panels/SidePanels';
import { appendToken } from '../shared/sampling';
import { isEncoderDecoder } from '../shared/config';
import { ComparePanel } from '../panels/ComparePanel';
import { CompareNeedsCoref } from '../panels/CompareNeedsCoref';
import { TranslateComparePanel } from '../panels/TranslateComparePanel';
// The model map and getting around (issue 13): section anchors, the map dock, the page's state in the URL.
import { Anchor } from './Anchor';
import { MapDock } from './MapDock';
import { parsePageUrl } from './pageUrl';
import { sectionsFor } from './sections';
import { useMediaQuery } from './useMediaQuery';
import { PageNavProvider, usePageNavState, useSelectionFromPage } from './usePageNav';
import { useSectionNav } from './useSectionNav';

/** One empty list for every "nothing yet", so that memoised panels see the same props. */
const NO_TOKENS: never[] = [];

export function App(): ReactNode {
  const { t, lang } = useI18n();
  const { errors, report, dismiss } = useErrors();
  const [choice, choose] = useModelChoice();
  const { client, backend, model, backendSwitch } = useModelSession(report, choice);
  // While the model trains, the panels' traces are answered by a second worker holding a copy of it,
  // so that they neither wait for a training step nor take time from training.
  const view = useViewWorker(client, model, backend.phase === 'ready' ? backend.info.backend : null);
  // What the model in use is (an imported checkpoint may differ from the choice): the panels follow it.
  const seq2seq = model !== null && isEncoderDecoder(model.config);
  // One sentence per model kind: switching back finds the text as it was left. The kind is that of
  // the model in use (training the translation corpus makes it an encoder–decoder whatever was picked).
  // A link may name the sentence (`?text=…`, for the model it names). Until the learner writes one
  // (null), the box shows the model's default in the page's language (defaultSentences.ts).
  const [written, setWritten] = useState<Record<string, string | null>>(() => {
    const fromUrl = parsePageUrl(window.location.search).text;
    return fromUrl !== null ? { [choice.id]: fromUrl } : {};
  });
  const textChoice = useMemo(() => {
    if (!model) return choice;
    const kind = (c: ModelChoice): boolean => (CORPUS_MODELS[c.corpus as BuiltinCorpusId]?.architecture === 'encoder-decoder') === seq2seq;
    return kind(choice) ? choice : (MODEL_CHOICES.find(kind) ?? choice);
  }, [model, choice, seq2seq]);
  const writtenHere = written[textChoice.id] ?? null;
  const sentence = shownSentence(writtenHere, textChoice.id, 'main', lang);
  const setSentence = useCallback(
    (next: string | ((prev: string) => string)) =>
      setWritten((all) => {
        const prev = shownSentence(all[textChoice.id] ?? null, textChoice.id, 'main', lang);
        return { ...all, [textChoice.id]: typeof next === 'function' ? next(prev) : next };
      }),
    [textChoice, lang],
  );
  // Where the learner is (token, head, step, sentence) lives in the URL, so that a link restores it.
  const nav = usePageNavState(choice.id);
  const { update: updateNav } = nav;
  useEffect(() => updateNav({ text: writtenHere }), [writtenHere, updateNav]);
  const selection = useSelectionFromPage(nav);
  const [decode, setDecode] = useState<DecodeSettings>(DEFAULT_DECODE);
  // A new source text is translated whole again (step by step starts over from the button).
  useEffect(() => setDecode((d) => (d.maxTokens === null ? d : { ...d, maxTokens: null })), [sentence]);

  const traced = useTrace(seq2seq ? null : view.client, view.model, sentence, report);
  const translated = useTranslation(seq2seq ? view.client : null, view.model, sentence, decode, report);
  const { result, busy, fromModelChange } = traced;
  const tables = useEmbeddingTables(view.client, view.model, report);
  // While training, a new model revision re-traces the sentence: each panel redraws in its own task.
  const stagger = fromModelChange && model?.source === 'training';
  const forTokens = useStaggered(result, 0, stagger);
  const forAttention = useStaggered(result, 1, stagger);
  const forEmbeddings = useStaggered(result, 2, stagger);
  const forStepper = useStaggered(result, 3, stagger);
  const forOutput = useStaggered(result, 4, stagger);
  const forLive = useStaggered(result, 5, stagger);
  const forPositional = useStaggered(result, 6, stagger);
  const forMap = useStaggered(result, 7, stagger);

  const onAppend = useCallback((token: string) => setSentence((s) => appendToken(s, token)), [setSentence]);
  const note = model?.note;
  const busyNow = seq2seq ? translated.busy : busy;
  const truncated = seq2seq ? (translated.result?.truncated ?? false) : (result?.truncated ?? false);

  // A translation model's two sequences: the source, and the decoder's rows (<bos> + the translation).
  const tr = seq2seq ? translated.result : null;
  const decoderTokens = useMemo(() => (tr ? ['<bos>', ...tr.target] : NO_TOKENS), [tr]);
  const translationTokens = useMemo(
    () =>
      tr
        ? { source: tr.source, sourceIds: tr.sourceIds, sourceUnknown: tr.unknown, target: decoderTokens, targetIds: tr.trace.targetIds, finished: tr.finished }
        : null,
    [tr, decoderTokens],
  );

  // A real-text model (唐诗, English) in use: the Compare view, made for the coreference model, says so.
  const textModel = model !== null && !seq2seq && isTextModelCorpus(model.corpus) ? (MODEL_CHOICES.find((m) => m.corpus === model.corpus) ?? null) : null;
  const loadCoref = useCallback(() => {
    if (choice.id !== DEFAULT_MODEL_CHOICE.id) {
      choose(DEFAULT_MODEL_CHOICE);
      return;
    }
    // Already the chosen model (a run on a real-text corpus replaced it): load it again; the worker announces it.
    client?.call('loadShipped', { url: checkpointUrl(DEFAULT_MODEL_CHOICE), corpus: DEFAULT_MODEL_CHOICE.corpus }).catch((e: unknown) => {
      if (!isCancelled(e)) report('error.init', { message: errorMessage(e) });
    });
  }, [choice, choose, client, report]);

  const shipped = useMemo(() => ({ url: checkpointUrl(choice), corpus: choice.corpus }), [choice]);

  const sections = sectionsFor(seq2seq);
  const { current: currentSection } = useSectionNav(sections, seq2seq ? translated.result !== null : result !== null);
  const narrow = useMediaQuery('(max-width: 900px)');
  const dock = (
    <MapDock
      config={model?.config ?? null}
      trace={seq2seq ? (tr?.trace ?? null) : (forMap?.trace ?? null)}
      tokens={seq2seq ? decoderTokens : (forMap?.tokens ?? NO_TOKENS)}
      sourceTokens={seq2seq ? (tr?.source ?? NO_TOKENS) : NO_TOKENS}
      vocab={model?.vocab ?? NO_TOKENS}
      orientation={narrow ? 'strip' : 'column'}
      sections={sections}
      current={currentSection}
    />
  );

  return (
    <div className="app" data-model={choice.id} data-architecture={model ? (seq2seq ? 'encoder-decoder' : 'decoder') : undefined}>
      {/* The vocabulary (and embeddings) every sentence box checks the learner's words against. */}
      <WordsProvider vocab={model?.vocab} tables={tables}>
      <Header backend={backend} model={model} choice={choice} onChoose={choose} />
      <ErrorBanner errors={errors} onDismiss={dismiss} />
      <BackendSwitchNote change={backendSwitch} />
      {note && (
        <p className="model-note" role="note">
          {note.kind === 'no-shipped-checkpoint'
            ? t('model.note.noShipped')
            : t('model.note.unusable', { detail: note.detail })}
        </p>
      )}
      {/* Training state outlives a change of model kind (training the translation corpus makes the
          model in use an encoder–decoder mid-run); the selection starts afresh with it. */}
      <PageNavProvider value={nav}>
      <TrainingProvider client={client} model={model} probe={sentence} report={report} shipped={shipped}>
      {/* The heads' roles (badges, the table, the replay's roles), measured on the page's sentence. */}
      <RolesProvider client={view.client} model={view.model} text={sentence} report={report}>
      <SelectionProvider key={seq2seq ? 'seq2seq' : 'decoder'} choice={selection.choice} onChoice={selection.onChoice}>
      <main className="layout">
        <div className="main-column">
          {narrow && dock}
          <Anchor id="sentence">
            <SentenceInput
              value={sentence}
              onChange={setSentence}
              busy={busyNow}
              truncated={truncated}
              contextLength={model?.config.contextLength ?? null}
              translate={seq2seq}
            />
          </Anchor>
          {seq2seq ? (
            <>
              <Anchor id="tokens">
                <TokensPanel tokens={NO_TOKENS} ids={NO_TOKENS} unknown={NO_TOKENS} vocab={model?.vocab} translation={translationTokens} />
              </Anchor>
              <Anchor id="embeddings">
                <SideEmbeddings tables={tables} trace={tr?.trace ?? null} source={tr?.source ?? NO_TOKENS} target={decoderTokens} />
              </Anchor>
              <Anchor id="positional">
                <SidePositional tables={tables} source={tr?.source ?? NO_TOKENS} target={decoderTokens} />
              </Anchor>
              <Anchor id="attention">
                <AttentionPanel trace={tr?.trace ?? null} tokens={decoderTokens} sourceTokens={tr?.source ?? NO_TOKENS} />
              </Anchor>
              <Anchor id="stepper">
                <StepThrough
                  forward={<Stepper trace={tr?.trace ?? null} tokens={decoderTokens} sourceTokens={tr?.source ?? NO_TOKENS} vocab={model?.vocab ?? NO_TOKENS} />}
                  training={<TrainingStepSection client={client} model={model} text={sentence} tokenCount={null} />}
                />
              </Anchor>
              <Anchor id="output">
                <TranslationOutputPanel
                  result={tr}
                  resultMaxTokens={translated.resultMaxTokens}
                  vocab={model?.vocab ?? NO_TOKENS}
                  busy={translated.busy}
                  decode={decode}
                  onDecode={setDecode}
                />
              </Anchor>
              <Anchor id="training">
                <TrainingPanelView backend={backend} />
              </Anchor>
              <Anchor id="live-attention">
                <LiveAttentionView trace={tr?.trace ?? null} tokens={tr?.source ?? NO_TOKENS} targetTokens={decoderTokens} />
              </Anchor>
            </>
          ) : (
            <>
              <Anchor id="tokens">
                <TokensPanel tokens={forTokens?.tokens ?? NO_TOKENS} ids={forTokens?.ids ?? NO_TOKENS} unknown={forTokens?.unknown ?? NO_TOKENS} vocab={model?.vocab} />
              </Anchor>
              <Anchor id="embeddings">
                <EmbeddingsPanel tables={tables} trace={forEmbeddings?.trace ?? null} tokens={forEmbeddings?.tokens ?? NO_TOKENS} />
              </Anchor>
              <Anchor id="positional">
                <PositionalPanel tables={tables} tokens={forPositional?.tokens ?? NO_TOKENS} />
              </Anchor>
              <Anchor id="attention">
                <AttentionPanel trace={forAttention?.trace ?? null} tokens={forAttention?.tokens ?? NO_TOKENS} />
              </Anchor>
              <Anchor id="stepper">
                <StepThrough
                  forward={<Stepper trace={forStepper?.trace ?? null} tokens={forStepper?.tokens ?? NO_TOKENS} vocab={model?.vocab ?? NO_TOKENS} />}
                  training={<TrainingStepSection client={client} model={model} text={sentence} tokenCount={result ? result.ids.length : null} />}
                />
              </Anchor>
              <Anchor id="output">
                <OutputPanel
                  trace={forOutput?.trace ?? null}
                  vocab={model?.vocab ?? []}
                  contextLength={model?.config.contextLength ?? null}
                  busy={busy}
                  onAppend={onAppend}
                />
              </Anchor>
              <Anchor id="training">
                <TrainingPanelView backend={backend} />
              </Anchor>
              <Anchor id="live-attention">
                <LiveAttentionView trace={forLive?.trace ?? null} tokens={forLive?.tokens ?? NO_TOKENS} />
              </Anchor>
            </>
          )}
        </div>
        <aside className="side-column">
          {!narrow && dock}
          <TrainingControlsView disabled={!client || !model} />
          <CheckpointControls client={client} model={model} report={report} />
        </aside>
      </main>
      </SelectionProvider>
      </RolesProvider>
      </TrainingProvider>
      </PageNavProvider>
      {seq2seq ? (
        <TranslateComparePanel client={view.client} model={view.model} report={report} />
      ) : textModel ? (
        <CompareNeedsCoref modelName={textModel.name} onLoadCoref={loadCoref} />
      ) : (
        <ComparePanel client={view.client} model={view.model} report={report} />
      )}
      <footer className="app-footer">{t('app.privacy')}</footer>
      </WordsProvider>
    </div>
  );
}
