// The model's vocabulary as a searchable list in a modal <dialog>: the browser traps the focus in it
// and closes it with Esc; closing returns the focus to the button that opened it.

import { useEffect, useId, useMemo, useRef, useState, type ReactNode } from 'react';
import { useI18n } from '../../app/i18n';
import { filterVocab, vocabGroups } from './words';

export interface VocabDialogProps {
  vocab: readonly string[];
  onClose: () => void;
}

export function VocabDialog({ vocab, onClose }: VocabDialogProps): ReactNode {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const titleId = useId();
  const [query, setQuery] = useState('');
  const groups = useMemo(() => vocabGroups(vocab), [vocab]);
  const shown = useMemo(
    () => ({ words: filterVocab(groups.words, query), cjk: filterVocab(groups.cjk, query), other: filterVocab(groups.other, query) }),
    [groups, query],
  );
  const total = groups.words.length + groups.cjk.length + groups.other.length;
  const count = shown.words.length + shown.cjk.length + shown.other.length;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    // The search box first (showModal alone would focus the first button).
    searchRef.current?.focus();
    const onCloseEvent = (): void => onClose();
    dialog.addEventListener('close', onCloseEvent);
    return () => {
      dialog.removeEventListener('close', onCloseEvent);
      if (dialog.open) dialog.close();
      opener?.focus();
    };
  }, [onClose]);

  const groupList = (key: 'words' | 'cjk' | 'other', title: string): ReactNode =>
    shown[key].length > 0 && (
      <section className="vocab-group">
        <h3>{title}</h3>
        <ul className={key === 'cjk' ? 'vocab-list cjk' : 'vocab-list'}>
          {shown[key].map((w) => (
            <li key={w} className="vocab-item" data-testid="vocab-item">
              {w}
            </li>
          ))}
        </ul>
      </section>
    );

  return (
    <dialog ref={ref} className="vocab-dialog" aria-labelledby={titleId} data-testid="vocab-dialog">
      <div className="vocab-head">
        <h2 id={titleId}>{t('words.dialogTitle')}</h2>
        <button type="button" className="vocab-close" onClick={() => ref.current?.close()} data-testid="vocab-close">
          {t('words.close')}
        </button>
      </div>
      <p className="help">{t('words.dialogHelp')}</p>
      <input
        type="text"
        role="searchbox"
        className="vocab-search"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        aria-label={t('words.search')}
        placeholder={t('words.search')}
        spellCheck={false}
        ref={searchRef}
        data-testid="vocab-search"
      />
      <p className="vocab-count" aria-live="polite" data-testid="vocab-count">
        {t('words.count', { shown: count, total })}
      </p>
      <div className="vocab-body">
        {groupList('words', t('words.groupWords'))}
        {groupList('cjk', t('words.groupCjk'))}
        {groupList('other', t('words.groupOther'))}
        {count === 0 && <p className="note">{t('words.none', { query: query.trim() })}</p>}
      </div>
      {groups.specials.length > 0 && <p className="help">{t('words.specials', { list: groups.specials.join(' ') })}</p>}
    </dialog>
  );
}
