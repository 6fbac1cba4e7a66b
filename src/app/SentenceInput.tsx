// The sentence the model reads; every edit is traced again (debounced in useTrace). Under it, the
// words the model does not know, with suggestions, and the model's vocabulary (src/panels/words).

import type { ReactNode } from 'react';
import { DEFAULT_SENTENCES } from './defaultSentences';
import { useI18n } from './i18n';
import { WordHints } from '../panels/words/WordHints';

export const DEFAULT_SENTENCE = DEFAULT_SENTENCES.coref.main.en;

export interface SentenceInputProps {
  value: string;
  onChange: (value: string) => void;
  busy: boolean;
  truncated: boolean;
  contextLength: number | null;
  /** A translation model: the box holds the English source. */
  translate?: boolean;
}

export function SentenceInput({ value, onChange, busy, truncated, contextLength, translate = false }: SentenceInputProps): ReactNode {
  const { t } = useI18n();
  return (
    <section className="panel sentence-panel">
      <label htmlFor="sentence" className="panel-title">
        <h2>{t(translate ? 'seq2seq.sentence.label' : 'sentence.label')}</h2>
        <span className={busy ? 'busy visible' : 'busy'} aria-live="polite">
          {busy ? t('sentence.busy') : ''}
        </span>
      </label>
      <textarea
        id="sentence"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        rows={2}
        spellCheck={false}
        data-testid="sentence-input"
      />
      <WordHints text={value} onReplace={onChange} box="main" />
      <p className="help">{t(translate ? 'seq2seq.sentence.help' : 'sentence.help')}</p>
      {truncated && contextLength !== null && <p className="note warn">{t('sentence.truncated', { n: contextLength })}</p>}
    </section>
  );
}
