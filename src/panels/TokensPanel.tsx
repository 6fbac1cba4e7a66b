// Tokens: the sentence as the model receives it — one chip per token with its vocabulary id.
// Tokens outside the vocabulary are marked and explained (why the model does not know them, and the
// nearest word it does know); token text is always plain text. Clicking a chip selects that token in
// every panel.

import { memo, useRef, type ReactNode } from 'react';
import { useI18n, type MessageKey } from '../app/i18n';
import { useSelection } from '../app/useSelection';
import { ExportButton } from './ExportButton';
import { closestWord, unknownKind, type UnknownKind } from './tokenInfo';
import { drawTokens } from './tokens/drawTokens';

export interface TokensPanelProps {
  tokens: readonly string[];
  ids: readonly number[];
  /** Positions whose token is not in the vocabulary. */
  unknown: readonly number[];
  /** The model's vocabulary (index = id), for explaining unknown tokens. */
  vocab?: readonly string[];
}

const WHY_KEYS: Record<UnknownKind, MessageKey> = {
  number: 'tokensx.why.number',
  cjk: 'tokensx.why.cjk',
  word: 'tokensx.why.word',
  symbol: 'tokensx.why.symbol',
};

function TokensPanelView({ tokens, ids, unknown, vocab = [] }: TokensPanelProps): ReactNode {
  const { t } = useI18n();
  const { index: selected, select } = useSelection(tokens.length);
  const unknownSet = new Set(unknown);
  const listRef = useRef<HTMLOListElement>(null);
  return (
    <section className="panel tokens-panel" aria-labelledby="tokens-title" data-testid="tokens-panel">
      <div className="panel-title">
        <h2 id="tokens-title">{t('tokens.title')}</h2>
        {tokens.length > 0 && (
          <ExportButton
            target={listRef}
            name="tokens"
            draw={() => drawTokens({ tokens, ids, unknown: unknownSet, selected, title: t('tokens.title') })}
          />
        )}
      </div>
      <p className="help">{t('tokens.help')}</p>
      {tokens.length === 0 ? (
        <p className="empty">{t('tokens.empty')}</p>
      ) : (
        <>
          <ol className="token-list" ref={listRef}>
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
              const cls = ['token-chip', isUnknown ? 'unknown' : '', isBos ? 'special' : '', i === selected ? 'selected' : '']
                .filter(Boolean)
                .join(' ');
              return (
                <li key={i} className={cls} title={title} data-testid="token-chip" data-unknown={isUnknown || undefined}>
                  <button
                    type="button"
                    className="token-button"
                    aria-pressed={i === selected}
                    onClick={() => select(i)}
                    data-testid="token-select"
                  >
                    <span className="token-text">{token}</span>
                    <span className="token-id">{ids[i]}</span>
                  </button>
                </li>
              );
            })}
          </ol>
          <p className="note selected-note" data-testid="selected-token">
            {t('tokensx.selected', { token: tokens[selected], pos: selected })}
          </p>
        </>
      )}
      {unknown.length > 0 && (
        <div className="unknown-list">
          <p className="note warn">{t('tokens.unknownCount', { n: unknown.length })}</p>
          <ul data-testid="unknown-why">
            {unknown.map((pos) => {
              const token = tokens[pos] ?? '';
              const kind = unknownKind(token);
              const near = kind === 'word' ? closestWord(token, vocab) : null;
              return (
                <li key={pos}>
                  <b className="token-text">{token}</b>: {t(WHY_KEYS[kind], { n: vocab.length })}
                  {near !== null && <> {t('tokensx.nearest', { word: near })}</>}
                </li>
              );
            })}
          </ul>
        </div>
      )}
    </section>
  );
}

/** Memoised: the page re-renders often (training, staggered redraws); same props, no redraw. */
export const TokensPanel = memo(TokensPanelView);
