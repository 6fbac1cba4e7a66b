// Tokens: the sentence as the model receives it — one chip per token with its vocabulary id.
// Tokens outside the vocabulary are marked and explained; token text is always plain text.

import type { ReactNode } from 'react';
import { useI18n } from '../app/i18n';

export interface TokensPanelProps {
  tokens: readonly string[];
  ids: readonly number[];
  /** Positions whose token is not in the vocabulary. */
  unknown: readonly number[];
}

export function TokensPanel({ tokens, ids, unknown }: TokensPanelProps): ReactNode {
  const { t } = useI18n();
  const unknownSet = new Set(unknown);
  return (
    <section className="panel tokens-panel" aria-labelledby="tokens-title">
      <h2 id="tokens-title">{t('tokens.title')}</h2>
      <p className="help">{t('tokens.help')}</p>
      {tokens.length === 0 ? (
        <p className="empty">{t('tokens.empty')}</p>
      ) : (
        <ol className="token-list">
          {tokens.map((token, i) => {
            const isUnknown = unknownSet.has(i);
            const isBos = i === 0 && token === '<bos>';
            const title = [
              t('tokens.position', { pos: i }),
              t('tokens.id', { id: ids[i] }),
              isUnknown ? t('tokens.unknown') : isBos ? t('tokens.bos') : '',
            ]
              .filter(Boolean)
              .join(' · ');
            const cls = ['token-chip', isUnknown ? 'unknown' : '', isBos ? 'special' : ''].filter(Boolean).join(' ');
            return (
              <li key={i} className={cls} title={title} data-testid="token-chip" data-unknown={isUnknown || undefined}>
                <span className="token-text">{token}</span>
                <span className="token-id">{ids[i]}</span>
              </li>
            );
          })}
        </ol>
      )}
      {unknown.length > 0 && <p className="note warn">{t('tokens.unknownCount', { n: unknown.length })}</p>}
    </section>
  );
}
