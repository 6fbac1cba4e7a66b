// When an encoder head counts as the "it" head of a translation model (docs/translate-fr.md): its row
// for "it" must follow the referent (relative flip, src/train/translateAnalysis.ts) at least this much.
// Shared by the command line and the page, so both say the same.

/** A head whose "it" row follows the referent at least this much (relative flip) is an "it" head. */
export const IT_HEAD_RELATIVE_FLIP = 0.25;
/** The shipped French model's best head must also move this much weight (absolute flip). */
export const IT_HEAD_ABSOLUTE_FLIP = 0.3;
