// The selected word's nearest neighbours by cosine similarity, each a button that picks it; with a
// bar per similarity (0…1), a mark on those of the same kind of word when the corpus's word kinds are
// known, and the chance level of a cosine in d dimensions (≈ ±1/√d for random directions).

import type { ReactNode } from 'react';
import { useI18n, type MessageKey } from '../../app/i18n';
import type { Neighbour } from '../../shared/neighbours';
import './neighbours.css';

export interface NeighboursProps {
  word: string;
  /** The word's kind (an EmbeddingCategory id), when known. */
  category: string | null;
  neighbours: readonly Neighbour[];
  vocab: readonly string[];
  categoryOf: ReadonlyMap<number, string>;
  dModel: number;
  onPick: (id: number) => void;
}

const fmt = (x: number): string => x.toFixed(2).replace('-', '−');

/** The message of each word kind the worker names (src/data/wordCategories.ts). */
const CATEGORY_KEYS: Readonly<Record<string, MessageKey>> = {
  animate: 'neighbours.category.animate',
  place: 'neighbours.category.place',
  animateAdj: 'neighbours.category.animateAdj',
  placeAdj: 'neighbours.category.placeAdj',
  object: 'neighbours.category.object',
  container: 'neighbours.category.container',
  size: 'neighbours.category.size',
};

export function Neighbours({ word, category, neighbours, vocab, categoryOf, dModel, onPick }: NeighboursProps): ReactNode {
  const { t } = useI18n();
  const sd = 1 / Math.sqrt(dModel);
  return (
    <div className="neighbours" data-testid="neighbours">
      <h3>{t('neighbours.title', { word })}</h3>
      <p className="help">{t('neighbours.help')}</p>
      {category && Object.hasOwn(CATEGORY_KEYS, category) && (
        <p className="neighbours-kind" data-testid="neighbours-kind">
          {t('neighbours.categoryOf', { word, category: t(CATEGORY_KEYS[category]) })}
        </p>
      )}
      <ol className="neighbours-list">
        {neighbours.map((n) => {
          const same = category !== null && categoryOf.get(n.id) === category;
          return (
            <li key={n.id}>
              <button type="button" className="neighbour" onClick={() => onPick(n.id)} title={`${n.similarity}`} data-testid="neighbour">
                <span className="token-text">{vocab[n.id]}</span>
                <span className="neighbour-bar" aria-hidden="true">
                  <span style={{ width: `${Math.max(0, Math.min(1, n.similarity)) * 100}%` }} />
                </span>
                <span className="visually-hidden">{t('neighbours.similarity')}</span>
                <span className="neighbour-value">{fmt(n.similarity)}</span>
                {same && <span className="neighbour-same">{t('neighbours.sameCategory')}</span>}
              </button>
            </li>
          );
        })}
      </ol>
      <p className="note">{t('neighbours.chance', { d: dModel, sd: sd.toFixed(2), threshold: (3 * sd).toFixed(2) })}</p>
    </div>
  );
}
