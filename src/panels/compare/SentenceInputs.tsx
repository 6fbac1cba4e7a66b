// The two sentences A and B of a comparison, the same for every model kind: the preset chips, each
// sentence editable with what the panel adds after it shown as a fixed, visibly separate part, and
// what went wrong with a text (empty, unknown words, too long).

import type { ReactNode } from 'react';
import { useI18n, type MessageKey } from '../../app/i18n';
import { WordHints } from '../words/WordHints';
import type { Preset } from './schema';

const PRESET_KEYS: Record<Preset['id'], MessageKey> = {
  'tired-narrow': 'compare.preset.tiredNarrow',
  'tired-wide': 'compare.preset.tiredWide',
  'fit-big-small': 'compare.preset.fit',
  zh: 'compare.preset.zh',
};

type Side = 'a' | 'b';

export interface SentenceInputsProps<P extends Preset> {
  a: string;
  b: string;
  onEdit: (side: Side, value: string) => void;
  presets: readonly P[];
  onPreset: (preset: P) => void;
  busy: boolean;
  /** What the panel adds after a sentence (the resolution clause, or the final " ."), shown after its box. */
  clause: (value: string) => string;
  clauseHelp: MessageKey;
  /** Whether each side's text was cut to the context length, and the note that then says so. */
  truncated: Record<Side, boolean>;
  truncatedNote: MessageKey;
  contextLength: number | null;
}

export function SentenceInputs<P extends Preset>(props: SentenceInputsProps<P>): ReactNode {
  const { t } = useI18n();
  return (
    <div className="compare-sentences">
      <div className="compare-presets" role="group" aria-label={t('compare.presets')}>
        <span className="compare-presets-label">{t('compare.presets')}</span>
        {props.presets.map((p) => (
          <button
            key={p.id}
            type="button"
            className={props.a === p.a && props.b === p.b ? 'compare-chip active' : 'compare-chip'}
            onClick={() => props.onPreset(p)}
            data-testid={`compare-preset-${p.id}`}
          >
            {t(PRESET_KEYS[p.id])}
          </button>
        ))}
        <span className={props.busy ? 'busy visible' : 'busy'} aria-live="polite">
          {props.busy ? t('compare.busy') : ''}
        </span>
      </div>
      <SentenceEditor {...props} side="a" value={props.a} />
      <SentenceEditor {...props} side="b" value={props.b} />
    </div>
  );
}

function SentenceEditor<P extends Preset>({ side, value, onEdit, clause, clauseHelp, truncated, truncatedNote, contextLength }: SentenceInputsProps<P> & { side: Side; value: string }): ReactNode {
  const { t } = useI18n();
  const id = `compare-sentence-${side}`;
  const empty = value.trim() === '';
  return (
    <div className={`compare-editor side-${side}`}>
      <label htmlFor={id} className="compare-side-label">
        {side === 'a' ? t('compare.sentenceA') : t('compare.sentenceB')}
      </label>
      <div className="compare-editor-row">
        <input id={id} type="text" value={value} spellCheck={false} maxLength={2000} onChange={(e) => onEdit(side, e.target.value)} data-testid={id} />
        <span className="compare-clause" title={t(clauseHelp)} data-testid={`compare-clause-${side}`}>
          <span className="compare-clause-tag">{t('compare.clauseTag')}</span>
          {clause(value).trim()}
        </span>
      </div>
      <WordHints text={value} onReplace={(v) => onEdit(side, v)} box={side} />
      {empty && <p className="note warn" data-testid={`compare-empty-${side}`}>{t('compare.empty')}</p>}
      {truncated[side] && contextLength !== null && !empty && (
        <p className="note warn" data-testid={`compare-truncated-${side}`}>
          {t(truncatedNote, { n: contextLength })}
        </p>
      )}
    </div>
  );
}
