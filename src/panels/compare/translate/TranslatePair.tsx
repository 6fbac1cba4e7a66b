// The two English sentences A and B (editable, with the final " ." the model expects shown as added),
// the presets of the translation corpus, what went wrong with a text (empty, unknown words, too long),
// and the two Chinese translations with the slot where "it" is translated highlighted.

import type { ReactNode } from 'react';
import { useI18n, type MessageKey } from '../../../app/i18n';
import type { TranslateResult } from '../../../shared/protocol';
import { findCandidates } from '../schema';
import { findReferentSlot, sourcePositions, translationNouns } from './analysis';
import { frenchMarks } from './famous';
import { SOURCE_END, TRANSLATE_PRESETS, type TranslatePreset } from './sentences';
import { WordHints } from '../../words/WordHints';

const PRESET_KEYS: Record<TranslatePreset['id'], MessageKey> = {
  'tired-narrow': 'compare.preset.tiredNarrow',
  'tired-wide': 'compare.preset.tiredWide',
  'fit-big-small': 'compare.preset.fit',
};

export interface TranslatePairProps {
  a: string;
  b: string;
  onEdit: (side: 'a' | 'b', value: string) => void;
  onPreset: (preset: TranslatePreset) => void;
  resultA: TranslateResult | null;
  resultB: TranslateResult | null;
  contextLength: number | null;
  busy: boolean;
  /** The English → French model: its corpus has only the crossing sentences (no trophy / suitcase). */
  french?: boolean;
}

export function TranslatePair(props: TranslatePairProps): ReactNode {
  const { t } = useI18n();
  return (
    <div className="compare-sentences">
      <div className="compare-presets" role="group" aria-label={t('compare.presets')}>
        <span className="compare-presets-label">{t('compare.presets')}</span>
        {TRANSLATE_PRESETS.filter((p) => !props.french || p.id !== 'fit-big-small').map((p) => (
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
      <Editor side="a" value={props.a} onEdit={props.onEdit} result={props.resultA} contextLength={props.contextLength} />
      <Editor side="b" value={props.b} onEdit={props.onEdit} result={props.resultB} contextLength={props.contextLength} />
    </div>
  );
}

interface EditorProps {
  side: 'a' | 'b';
  value: string;
  onEdit: (side: 'a' | 'b', value: string) => void;
  result: TranslateResult | null;
  contextLength: number | null;
}

function Editor({ side, value, onEdit, result, contextLength }: EditorProps): ReactNode {
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
        <span className="compare-clause" title={t('tcompare.clauseHelp')} data-testid={`compare-clause-${side}`}>
          <span className="compare-clause-tag">{t('compare.clauseTag')}</span>
          {SOURCE_END.trim()}
        </span>
      </div>
      <WordHints text={value} onReplace={(v) => onEdit(side, v)} box={side} />
      {empty && <p className="note warn" data-testid={`compare-empty-${side}`}>{t('compare.empty')}</p>}
      {result?.truncated && contextLength !== null && !empty && (
        <p className="note warn" data-testid={`compare-truncated-${side}`}>
          {t('tcompare.truncated', { n: contextLength })}
        </p>
      )}
    </div>
  );
}

export interface TranslationsProps {
  a: { sentence: string; result: TranslateResult } | null;
  b: { sentence: string; result: TranslateResult } | null;
  /** French translations (the help then speaks of il / elle, not of the Chinese slot). */
  french?: boolean;
}

/** The two Chinese translations, the referent slot highlighted, and which noun it names. */
export function Translations({ a, b, french }: TranslationsProps): ReactNode {
  const { t } = useI18n();
  return (
    <div className="tcompare-outputs">
      <h3>{t('tcompare.out.title')}</h3>
      <div className="compare-answers-row">
        <TranslationCard side="a" data={a} />
        <TranslationCard side="b" data={b} />
      </div>
      <p className="help">{t(french ? 'famous.out.help' : 'tcompare.out.help')}</p>
    </div>
  );
}

function TranslationCard({ side, data }: { side: 'a' | 'b'; data: TranslationsProps['a'] }): ReactNode {
  const { t } = useI18n();
  const name = side.toUpperCase();
  if (!data) return <div className={`compare-answer side-${side}`}>{t('compare.empty')}</div>;
  const { result, sentence } = data;
  const target = result.target;
  if (target.includes('parce') || target.includes("n'a")) return <FrenchCard side={side} result={result} />;
  const slot = findReferentSlot(target);
  const nouns = translationNouns(target);
  const pos = sourcePositions(result.source);
  const word = (p: number): string => (p >= 0 ? result.source[p] : '—');
  const slotText = slot ? slot.slot.join('') : '';
  const role = slot && nouns ? (slotText === nouns.first ? 'first' : slotText === nouns.second ? 'second' : null) : null;
  const cand = findCandidates(sentence);
  const expected = cand?.expected ? (cand.expected === cand.first ? 'first' : cand.expected === cand.second ? 'second' : null) : null;
  const slotEnd = slot ? slot.row + slot.slot.length : -1;
  return (
    <div
      className={`compare-answer side-${side}`}
      data-testid={`compare-translation-${side}`}
      data-translation={target.join('')}
      data-slot={slot ? slotText : ''}
      data-role={role ?? ''}
    >
      <div className="compare-answer-head">
        <b>{name}</b>{' '}
        <span className="tcompare-target" lang="zh-CN" data-testid={`compare-target-${side}`}>
          {target.map((ch, i) => (
            <span key={i} className={slot && i >= slot.row && i < slotEnd ? 'tcompare-slot' : undefined}>
              {ch}
            </span>
          ))}
        </span>
        {!result.finished && <span className="note"> {t('tcompare.out.unfinished')}</span>}
      </div>
      {slot ? (
        <p className="tcompare-verdict">
          {t('tcompare.out.slot')} <mark data-testid={`compare-slot-${side}`}>{slotText || '∅'}</mark> →{' '}
          {role ? t('tcompare.out.isNoun', { word: word(role === 'first' ? pos.first : pos.second) }) : t('tcompare.out.neither')}
          {expected && (
            <span className={role === expected ? 'compare-verdict ok' : 'compare-verdict wrong'}>
              {role === expected ? t('compare.answers.right') : t('compare.answers.wrong', { word: word(expected === 'first' ? pos.first : pos.second) })}
            </span>
          )}
        </p>
      ) : (
        <p className="note warn" data-testid={`compare-no-slot-${side}`}>
          {t('tcompare.out.none')}
        </p>
      )}
    </div>
  );
}

/** A French translation: the words with spaces, the pronoun that stands for "it" marked, and its gender. */
function FrenchCard({ side, result }: { side: 'a' | 'b'; result: TranslateResult }): ReactNode {
  const { t } = useI18n();
  const target = result.target;
  const m = frenchMarks(target);
  return (
    <div className={`compare-answer side-${side}`} data-testid={`compare-translation-${side}`} data-translation={target.join(' ')} data-slot={m.pronoun >= 0 ? target[m.pronoun] : ''} data-role="">
      <div className="compare-answer-head">
        <b>{side.toUpperCase()}</b>{' '}
        <span className="tcompare-target" lang="fr" data-testid={`compare-target-${side}`}>
          {target.map((w, i) => (
            <span key={i}>
              {i > 0 ? ' ' : ''}
              <span className={i === m.pronoun ? 'tcompare-slot' : undefined}>{w}</span>
            </span>
          ))}
        </span>
        {!result.finished && <span className="note"> {t('tcompare.out.unfinished')}</span>}
      </div>
      {m.gender ? (
        <p className="tcompare-verdict">
          {t('tcompare.out.slot')} <mark data-testid={`compare-slot-${side}`}>{target[m.pronoun]}</mark> → {t(m.gender === 'm' ? 'famous.out.masculine' : 'famous.out.feminine')}
        </p>
      ) : (
        <p className="note warn" data-testid={`compare-no-slot-${side}`}>
          {t('famous.out.none')}
        </p>
      )}
    </div>
  );
}
