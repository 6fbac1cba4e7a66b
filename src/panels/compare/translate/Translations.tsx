// The two translations of a comparison: for Chinese, the slot where "it" is translated highlighted and
// which noun it names; for French, the pronoun that stands for "it" and its gender.

import type { ReactNode } from 'react';
import { useI18n } from '../../../app/i18n';
import type { TranslateResult } from '../../../shared/protocol';
import { findCandidates } from '../schema';
import { findReferentSlot, sourcePositions, translationNouns } from './analysis';
import { frenchMarks } from './famous';

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
