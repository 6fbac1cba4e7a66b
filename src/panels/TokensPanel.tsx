// Tokens: the sentence as the model receives it — one chip per token with its vocabulary id.
// Tokens outside the vocabulary are marked and explained (why the model does not know them, and the
// nearest word it does know); token text is always plain text. Clicking a chip selects that token in
// every panel. A translation model shows two labelled rows: the English source the encoder reads, and
// the tokens the decoder reads (<bos> + the translation it wrote).

import { memo, useRef, type ReactNode } from 'react';
import { useI18n, type MessageKey } from '../app/i18n';
import { useSideSelection, type Side } from '../app/useSelection';
import { ExportButton } from './ExportButton';
import { closestWord, unknownKind, type UnknownKind } from './tokenInfo';
import { drawTokens } from './tokens/drawTokens';

/** A translation model's two sequences. */
export interface TranslationTokens {
  source: readonly string[];
  sourceIds: readonly number[];
  /** Source positions outside the vocabulary. */
  sourceUnknown: readonly number[];
  /** The decoder's inputs: <bos> + the translation. */
  target: readonly string[];
  targetIds: readonly number[];
  /** The model ended the translation with <eos>. */
  finished: boolean;
}

export interface TokensPanelProps {
  tokens: readonly string[];
  ids: readonly number[];
  /** Positions whose token is not in the vocabulary. */
  unknown: readonly number[];
  /** The model's vocabulary (index = id), for explaining unknown tokens. */
  vocab?: readonly string[];
  /** A translation model: both sequences (then tokens/ids/unknown are not used). */
  translation?: TranslationTokens | null;
}

const WHY_KEYS: Record<UnknownKind, MessageKey> = {
  number: 'tokensx.why.number',
  cjk: 'tokensx.why.cjk',
  word: 'tokensx.why.word',
  symbol: 'tokensx.why.symbol',
};

const NONE: readonly number[] = [];

interface TokenRowProps {
  tokens: readonly string[];
  ids: readonly number[];
  unknown: ReadonlySet<number>;
  selected: number;
  onSelect: (i: number) => void;
  /** Test id of each chip. */
  chipId: string;
  /** A greyed chip after the last one (the <eos> the model wrote), not selectable. */
  ghost?: { text: string; title: string };
  listRef?: React.Ref<HTMLOListElement>;
}

function TokenRow({ tokens, ids, unknown, selected, onSelect, chipId, ghost, listRef }: TokenRowProps): ReactNode {
  const { t } = useI18n();
  return (
    <ol className="token-list" ref={listRef}>
      {tokens.map((token, i) => {
        const isUnknown = unknown.has(i);
        const isBos = i === 0 && token === '<bos>';
        const title = [t('tokens.position', { pos: i }), t('tokens.id', { id: ids[i] }), isUnknown ? t('tokens.unknown') : isBos ? t('tokens.bos') : '']
          .filter(Boolean)
          .join(' · ');
        const cls = ['token-chip', isUnknown ? 'unknown' : '', isBos ? 'special' : '', i === selected ? 'selected' : ''].filter(Boolean).join(' ');
        return (
          <li key={i} className={cls} title={title} data-testid={chipId} data-unknown={isUnknown || undefined}>
            <button type="button" className="token-button" aria-pressed={i === selected} onClick={() => onSelect(i)} data-testid="token-select">
              <span className="token-text">{token}</span>
              <span className="token-id">{ids[i]}</span>
            </button>
          </li>
        );
      })}
      {ghost && (
        <li className="token-chip special ghost" title={ghost.title} data-testid="token-eos">
          <span className="token-button">
            <span className="token-text">{ghost.text}</span>
            <span className="token-id">{ghost.title}</span>
          </span>
        </li>
      )}
    </ol>
  );
}

function UnknownList({ tokens, unknown, vocab }: { tokens: readonly string[]; unknown: readonly number[]; vocab: readonly string[] }): ReactNode {
  const { t } = useI18n();
  if (unknown.length === 0) return null;
  return (
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
  );
}

function TokensPanelView({ tokens, ids, unknown, vocab = [], translation = null }: TokensPanelProps): ReactNode {
  const { t } = useI18n();
  const source = translation?.source ?? [];
  const rows = translation ? translation.target : tokens;
  const { side, index: selected, select } = useSideSelection({ source: source.length, target: rows.length });
  const listRef = useRef<HTMLOListElement>(null);
  const sourceRef = useRef<HTMLOListElement>(null);

  if (translation) {
    const sourceUnknown = new Set(translation.sourceUnknown);
    const selectedTokens = side === 'source' ? translation.source : translation.target;
    return (
      <section className="panel tokens-panel" aria-labelledby="tokens-title" data-testid="tokens-panel">
        <div className="panel-title">
          <h2 id="tokens-title">{t('tokens.title')}</h2>
          {rows.length > 0 && (
            <ExportButton
              target={listRef}
              name="tokens"
              draw={() =>
                drawTokens({
                  tokens: [...translation.source, '→', ...translation.target],
                  ids: [...translation.sourceIds, Number.NaN, ...translation.targetIds],
                  unknown: sourceUnknown,
                  selected: side === 'source' ? selected : translation.source.length + 1 + selected,
                  title: t('tokens.title'),
                })
              }
            />
          )}
        </div>
        <p className="help">{t('seq2seq.tokens.help')}</p>
        {rows.length === 0 ? (
          <p className="empty">{t('tokens.empty')}</p>
        ) : (
          <>
            <div className="token-side" data-testid="tokens-source">
              <h3>{t('seq2seq.tokens.source', { n: translation.source.length })}</h3>
              <TokenRow
                tokens={translation.source}
                ids={translation.sourceIds}
                unknown={sourceUnknown}
                selected={side === 'source' ? selected : -1}
                onSelect={(i) => select('source', i)}
                chipId="source-chip"
                listRef={sourceRef}
              />
            </div>
            <div className="token-side" data-testid="tokens-target">
              <h3>{t('seq2seq.tokens.target', { n: translation.target.length - 1 })}</h3>
              <TokenRow
                tokens={translation.target}
                ids={translation.targetIds}
                unknown={new Set()}
                selected={side === 'target' ? selected : -1}
                onSelect={(i) => select('target', i)}
                chipId="target-chip"
                ghost={translation.finished ? { text: '<eos>', title: t('seq2seq.tokens.eos') } : undefined}
                listRef={listRef}
              />
              <p className="help">{t(translation.finished ? 'seq2seq.tokens.targetHelp' : 'seq2seq.tokens.unfinished')}</p>
            </div>
            <p className="note selected-note" data-testid="selected-token">
              {t(side === 'source' ? 'seq2seq.tokens.selectedSource' : 'seq2seq.tokens.selectedTarget', { token: selectedTokens[selected] ?? '', pos: selected })}
            </p>
          </>
        )}
        <UnknownList tokens={translation.source} unknown={translation.sourceUnknown} vocab={vocab} />
      </section>
    );
  }

  const unknownSet = new Set(unknown);
  return (
    <section className="panel tokens-panel" aria-labelledby="tokens-title" data-testid="tokens-panel">
      <div className="panel-title">
        <h2 id="tokens-title">{t('tokens.title')}</h2>
        {tokens.length > 0 && (
          <ExportButton target={listRef} name="tokens" draw={() => drawTokens({ tokens, ids, unknown: unknownSet, selected, title: t('tokens.title') })} />
        )}
      </div>
      <p className="help">{t('tokens.help')}</p>
      {tokens.length === 0 ? (
        <p className="empty">{t('tokens.empty')}</p>
      ) : (
        <>
          <TokenRow tokens={tokens} ids={ids} unknown={unknownSet} selected={selected} onSelect={(i) => select('target', i)} chipId="token-chip" listRef={listRef} />
          <p className="note selected-note" data-testid="selected-token">
            {t('tokensx.selected', { token: tokens[selected], pos: selected })}
          </p>
        </>
      )}
      <UnknownList tokens={tokens} unknown={unknown ?? NONE} vocab={vocab} />
    </section>
  );
}

/** Memoised: the page re-renders often (training, staggered redraws); same props, no redraw. */
export const TokensPanel = memo(TokensPanelView);

export type { Side };
