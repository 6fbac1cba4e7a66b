// Line lengths of (generated) Chinese verse: the 唐诗 model's line-length meter. A line is the run of
// characters before one of the marks that end a line of builtin:tang (，。？！；); text after the last
// mark is an unfinished line and is not counted.

export const LINE_MARKS = '，。？！；';

/** Lengths (in characters) of the finished lines of text; whitespace is ignored. */
export function lineLengths(text: string): number[] {
  const out: number[] = [];
  let n = 0;
  for (const ch of text) {
    if (/\s/.test(ch)) continue;
    if (LINE_MARKS.includes(ch)) {
      out.push(n);
      n = 0;
    } else {
      n++;
    }
  }
  return out;
}

/** Share of the finished lines of texts that have exactly five or seven characters (null: no line). */
export function regularLineShare(texts: readonly string[]): { share: number | null; lines: number; regular: number } {
  let lines = 0;
  let regular = 0;
  for (const t of texts) {
    for (const n of lineLengths(t)) {
      lines++;
      if (n === 5 || n === 7) regular++;
    }
  }
  return { share: lines > 0 ? regular / lines : null, lines, regular };
}
