// Under a sentence box: the words of the sentence the model does not know, marked where they stand,
// each with the known words nearest by spelling (click one to replace the word everywhere in the box)
// and, where the model's embeddings say something, by meaning; a screen reader hears the list change
// (aria-live). The model's whole vocabulary is one click away (VocabDialog).

import { memo, useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useI18n } from '../../app/i18n';
import { VocabDialog } from './VocabDialog';
import { useWords } from './WordsContext';
import { replaceSpans, unknownWords, wordHelp, type UnknownWord, type WordHelp } from './words';
import './words.css';

/** At most this many unknown words get suggestions (a pasted page of text stays fast). */
export const MAX_HELPED = 6;

export interface WordHintsProps {
  /** The sentence as the learner typed it. */
  text: string;
  /** Called with the sentence after a suggestion replaced a word. */
  onReplace: (text: string) => void;
  /** For test ids and element ids: "main", "a", "b". */
  box: string;
}

/** The sentence with its unknown words marked (a read-only copy under the box). */
function MarkedSentence({ text, unknown }: { text: string; unknown: readonly UnknownWord[] }): ReactNode {
  const spans = unknown.flatMap((u) => u.spans).sort((p, q) => p.start - q.start);
  const parts: ReactNode[] = [];
  let at = 0;
  spans.forEach((s, i) => {
    if (s.start > at) parts.push(text.slice(at, s.start));
    parts.push(
      <mark key={i} className="word-unknown" data-testid="word-marked">
        {text.slice(s.start, s.end)}
      </mark>,
    );
    at = s.end;
  });
  if (at < text.length) parts.push(text.slice(at));
  return (
    <p className="words-marked" aria-hidden="true">
      {parts}
    </p>
  );
}

function Suggestions({ help, text, onReplace }: { help: WordHelp; text: string; onReplace: (text: string) => void }): ReactNode {
  const { t, lang } = useI18n();
  const { word, spelling, meaning } = help;
  const shown = text.slice(word.spans[0].start, word.spans[0].end);
  const chip = (to: string, title: string, kind: 'spelling' | 'meaning'): ReactNode => (
    <button
      key={`${kind}-${to}`}
      type="button"
      className={`word-suggestion ${kind}`}
      onClick={() => onReplace(replaceSpans(text, word.spans, to))}
      aria-label={t('words.replace', { from: shown, to })}
      title={title}
      data-testid="word-suggestion"
      data-kind={kind}
      data-word={to}
    >
      {to}
    </button>
  );
  const fmt = (x: number): string => x.toLocaleString(lang, { maximumFractionDigits: 2, minimumFractionDigits: 2 });
  return (
    <li className="word-help" data-testid="unknown-word" data-word={word.piece}>
      <mark className="word-unknown">{shown}</mark>
      <span className="word-line">
        {spelling.length > 0 ? (
          <>
            <span className="word-label">{t('words.spelling')}</span>
            {spelling.map((s) => chip(s.word, t('words.edits', { n: s.distance }), 'spelling'))}
          </>
        ) : (
          <span className="word-label">{word.kind === 'cjk' ? t('words.noSpellingCjk') : t('words.noSpelling')}</span>
        )}
      </span>
      {meaning && (
        <span className="word-line" data-testid="word-meaning">
          {meaning.neighbours.length > 0 ? (
            <>
              <span className="word-label">{t('words.meaning', { word: meaning.of })}</span>
              {meaning.neighbours.map((n) => chip(n.word, t('words.cosine', { value: fmt(n.cosine) }), 'meaning'))}
            </>
          ) : (
            <span className="word-label muted">
              {t('words.noMeaning', { word: meaning.of, threshold: fmt(meaning.threshold), d: meaning.dModel })}
            </span>
          )}
        </span>
      )}
    </li>
  );
}

export const WordHints = memo(function WordHints({ text, onReplace, box }: WordHintsProps): ReactNode {
  const { t } = useI18n();
  const { vocab, matrix } = useWords();
  const unknown = useMemo(() => (vocab.length > 0 ? unknownWords(text, vocab) : []), [text, vocab]);
  const helped = useMemo(() => (unknown.length > 0 ? wordHelp(text, vocab, matrix).slice(0, MAX_HELPED) : []), [unknown, text, vocab, matrix]);
  const [open, setOpen] = useState(false);
  const close = useCallback(() => setOpen(false), []);

  // What a screen reader hears: said when the set of unknown words changes, not on every keystroke.
  const summary = unknown.length > 0 ? t('words.announceSome', { n: unknown.length, words: unknown.map((u) => u.piece).join(', ') }) : '';
  const [announce, setAnnounce] = useState('');
  const hadUnknown = useRef(false);
  useEffect(() => {
    if (summary !== '') setAnnounce(summary);
    else if (hadUnknown.current) setAnnounce(t('words.announceNone'));
    hadUnknown.current = summary !== '';
  }, [summary, t]);

  if (vocab.length === 0) return null;
  return (
    <div className="words-hints" data-testid={`words-${box}`} data-unknown={unknown.map((u) => u.piece).join(' ')}>
      <p className="visually-hidden" aria-live="polite" data-testid={`words-announce-${box}`}>
        {announce}
      </p>
      {unknown.length > 0 && (
        <div className="words-unknown" id={`words-unknown-${box}`}>
          <MarkedSentence text={text} unknown={unknown} />
          <p className="note words-title">{t('words.unknownTitle')}</p>
          <ul className="words-list">
            {helped.map((h) => (
              <Suggestions key={h.word.piece} help={h} text={text} onReplace={onReplace} />
            ))}
          </ul>
          {unknown.length > helped.length && <p className="help">{t('words.unknownMore', { n: unknown.length - helped.length })}</p>}
        </div>
      )}
      <button type="button" className="words-open" onClick={() => setOpen(true)} aria-haspopup="dialog" data-testid={`vocab-open-${box}`}>
        {t('words.open', { n: vocab.filter((w) => !/^<[a-z]+>$/.test(w)).length })}
      </button>
      {open && <VocabDialog vocab={vocab} onClose={close} />}
    </div>
  );
});
