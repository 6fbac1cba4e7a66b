// What the evaluation and the analysis of a translation model read from one test sentence, the same
// for every translation corpus (builtin:translate writes Chinese, builtin:translate-fr French): the
// English schema sentence with "it", its reference translation, where the nouns, "it" and the
// adjective are, and how to read the slot where the translation resolves "it".

/** The English families of the schema sentences (CONTRACT §4): crossing a street, fitting in a container. */
export type TranslateFamily = 'cross' | 'fit';

/**
 * Where a translation resolves "it": the pieces after the first run of `open` up to the next `close`
 * (Chinese: 因 为 … 太, the referent noun; French: parce … était, qu'il or qu'elle), and the slot's
 * text (pieces joined without spaces) for the referent and for the other noun. The two are equal when
 * the slot cannot tell them apart (French nouns of the same gender).
 */
export interface ReferentSlotRule {
  open: readonly string[];
  close: string;
  referent: string;
  distractor: string;
}

export interface TranslationCase {
  family: TranslateFamily;
  source: string;
  /** The reference translation. */
  target: string;
  /** The two English nouns in sentence order, and the adjective. */
  first: string;
  second: string;
  adjective: string;
  /** Which noun the adjective makes "it" refer to ("tired" → the first, "narrow" → the second). */
  referentRole: 'first' | 'second';
  referent: string;
  distractor: string;
  /** Source positions of the first noun, the second noun, "it" and the adjective (pieces from 0; no <bos>). */
  sourcePositions: { first: number; second: number; it: number; adjective: number };
  /** Target index of the slot's first piece (target token i is what decoder row i writes). */
  referentIndex: number;
  slot: ReferentSlotRule;
  /** Target indices of the two nouns' pieces in the reference (decoder self-attention reads them). */
  targetNouns: { first: number[]; second: number[] };
}

/** The slot's text in translated pieces (see ReferentSlotRule), or null when the translation has no such slot. */
export function slotText(pieces: readonly string[], rule: Pick<ReferentSlotRule, 'open' | 'close'>): string | null {
  const n = rule.open.length;
  for (let i = 0; i + n <= pieces.length; i++) {
    if (rule.open.every((p, k) => pieces[i + k] === p)) {
      const end = pieces.indexOf(rule.close, i + n);
      return end < 0 ? null : pieces.slice(i + n, end).join('');
    }
  }
  return null;
}

/** Whether the slot is settled in these pieces: its opening and a closing piece after it are written. */
export function slotSettled(pieces: readonly string[], rule: Pick<ReferentSlotRule, 'open' | 'close'>): boolean {
  return slotText(pieces, rule) !== null;
}
