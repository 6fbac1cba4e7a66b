// The two sentences A and B: each editable, with the resolution clause shown after it as a fixed,
// visibly separate part; presets; and what went wrong with the text (empty, unknown words, too long).

import type { ReactNode } from 'react';
import { useI18n, type MessageKey } from '../../app/i18n';
import type { TraceResult } from '../../shared/protocol';
import { WordHints } from '../words/WordHints';
import { PRESETS, resolutionClause, sentenceLanguage, type Preset } from './schema';

const PRESET_KEYS: Record<Preset['id'], MessageKey> = {
  'tired-narrow': 'compare.preset.tiredNarrow',
  'tired-wide': 'compare.preset.tiredWide',
  'fit-big-small': 'compare.preset.fit',
  zh: 'compare.preset.zh',
};

export interface SentencePairProps {
  a: string;
  b: string;
  onEdit: (side: 'a' | 'b', value: string) => void;
  onPreset: (preset: Preset) => void;
  traceA: TraceResult | null;
  traceB: TraceResult | null;
  contextLength: number | null;
  busy: boolean;
}

export function SentencePair(props: SentencePairProps): ReactNode {
  const { t } = useI18n();
  return (
    <div className="compare-sentences">
      <div className="compare-presets" role="group" aria-label={t('compare.presets')}>
        <span className="compare-presets-label">{t('compare.presets')}</span>
        {PRESETS.map((p) => (
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
      <SentenceEditor side="a" value={props.a} onEdit={props.onEdit} trace={props.traceA} contextLength={props.contextLength} />
      <SentenceEditor side="b" value={props.b} onEdit={props.onEdit} trace={props.traceB} contextLength={props.contextLength} />
    </div>
  );
}

interface EditorProps {
  side: 'a' | 'b';
  value: string;
  onEdit: (side: 'a' | 'b', value: string) => void;
  trace: TraceResult | null;
  contextLength: number | null;
}

function SentenceEditor({ side, value, onEdit, trace, contextLength }: EditorProps): ReactNode {
  const { t } = useI18n();
  const id = `compare-sentence-${side}`;
  const empty = value.trim() === '';
  const clause = resolutionClause(sentenceLanguage(value));
  return (
    <div className={`compare-editor side-${side}`}>
      <label htmlFor={id} className="compare-side-label">
        {side === 'a' ? t('compare.sentenceA') : t('compare.sentenceB')}
      </label>
      <div className="compare-editor-row">
        <input
          id={id}
          type="text"
          value={value}
          spellCheck={false}
          maxLength={2000}
          onChange={(e) => onEdit(side, e.target.value)}
          data-testid={id}
        />
        <span className="compare-clause" title={t('compare.clauseHelp')} data-testid={`compare-clause-${side}`}>
          <span className="compare-clause-tag">{t('compare.clauseTag')}</span>
          {clause.trim()}
        </span>
      </div>
      <WordHints text={value} onReplace={(v) => onEdit(side, v)} box={side} />
      {empty && <p className="note warn" data-testid={`compare-empty-${side}`}>{t('compare.empty')}</p>}
      {trace?.truncated && contextLength !== null && !empty && (
        <p className="note warn" data-testid={`compare-truncated-${side}`}>
          {t('compare.truncated', { n: contextLength })}
        </p>
      )}
    </div>
  );
}
