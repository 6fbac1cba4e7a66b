// The model's answer for each sentence: the probabilities of the two candidate nouns as the next word
// after the clause, the winner marked, and the noun "it" should refer to (by the corpus's rule).

import type { ReactNode } from 'react';
import { useI18n } from '../../app/i18n';
import type { AttributionResult, CandidateScore } from '../../shared/protocol';

interface Side {
  /** The nouns in sentence order and the one "it" should refer to (null: not known). */
  candidates: { first: string; second: string; expected: string | null } | null;
  attribution: AttributionResult | null;
}

export interface AnswersProps {
  a: Side | null;
  b: Side | null;
}

export function Answers({ a, b }: AnswersProps): ReactNode {
  const { t } = useI18n();
  return (
    <div className="compare-answers">
      <h3>{t('compare.answers.title')}</h3>
      <div className="compare-answers-row">
        <AnswerCard side="a" data={a} />
        <AnswerCard side="b" data={b} />
      </div>
      <p className="help">{t('compare.answers.help')}</p>
      {[a, b].some((x) => x?.attribution && [x.attribution.answer, x.attribution.distractor].some((s) => s.ids.length > 1)) && (
        <p className="help">{t('compare.answers.multi')}</p>
      )}
    </div>
  );
}

function AnswerCard({ side, data }: { side: 'a' | 'b'; data: AnswersProps['a'] }): ReactNode {
  const { t } = useI18n();
  const name = side === 'a' ? 'A' : 'B';
  if (!data) return <div className={`compare-answer side-${side}`}>{t('compare.empty')}</div>;
  const { candidates, attribution } = data;
  if (!candidates) {
    return (
      <div className={`compare-answer side-${side}`} data-testid={`compare-answer-${side}`}>
        <b>{name}</b> {t('compare.answers.noCandidates')}
      </div>
    );
  }
  if (!attribution) return <div className={`compare-answer side-${side}`}>…</div>;
  // The attribution orders the pair as (expected or first noun, the other); show them in sentence order.
  const scores = [attribution.answer, attribution.distractor].sort(
    (x, y) => (x.word === candidates.first ? -1 : 1) - (y.word === candidates.first ? -1 : 1),
  );
  const multi = scores.some((s) => s.ids.length > 1);
  const prob = (s: CandidateScore): number => (multi && Number.isFinite(s.wordProb) ? s.wordProb : s.firstProb);
  const winner = prob(scores[0]) >= prob(scores[1]) ? scores[0] : scores[1];
  const unknown = scores.filter((s) => s.ids.length === 0);
  return (
    <div className={`compare-answer side-${side}`} data-testid={`compare-answer-${side}`} data-winner={winner.word}>
      <div className="compare-answer-head">
        <b>{name}</b> {t('compare.answers.says', { word: winner.word })}
        {candidates.expected && (
          <span className={winner.word === candidates.expected ? 'compare-verdict ok' : 'compare-verdict wrong'}>
            {winner.word === candidates.expected ? t('compare.answers.right') : t('compare.answers.wrong', { word: candidates.expected })}
          </span>
        )}
      </div>
      {scores.map((s) => (
        <div key={s.word} className={s === winner ? 'compare-prob winner' : 'compare-prob'} data-testid="compare-prob" data-word={s.word} data-prob={prob(s)}>
          <span className="compare-prob-word">{s.word}</span>
          <span className="compare-prob-bar">
            <span style={{ width: `${Math.max(0, Math.min(1, prob(s))) * 100}%` }} />
          </span>
          <span className="compare-prob-value">{formatPercent(prob(s))}</span>
          {multi && s.ids.length > 1 && (
            <span className="compare-prob-first">{t('compare.answers.firstChar', { char: Array.from(s.word)[0], p: formatPercent(s.firstProb) })}</span>
          )}
        </div>
      ))}
      {unknown.length > 0 && <p className="note warn">{t('compare.answers.unknown', { words: unknown.map((s) => s.word).join(', ') })}</p>}
    </div>
  );
}

/** 98.8%, or two significant digits below 1% (0.0011%), so that a tiny probability does not read as 0. */
export function formatPercent(p: number): string {
  if (!Number.isFinite(p)) return '—';
  const pct = p * 100;
  if (pct >= 1 || pct === 0) return `${pct.toFixed(1)}%`;
  return `${pct.toPrecision(2)}%`;
}
