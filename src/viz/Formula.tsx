// A formula typeset by KaTeX. KaTeX renders into an element we own (katex.render into a ref'd span,
// no HTML strings through React); only our constant TeX strings are passed, never user text.

import katex from 'katex';
import 'katex/dist/katex.min.css';
import { useLayoutEffect, useRef, type ReactNode } from 'react';

export interface FormulaProps {
  tex: string;
  /** Display (block) style; inline otherwise. */
  display?: boolean;
  testId?: string;
}

export function Formula({ tex, display = true, testId }: FormulaProps): ReactNode {
  const ref = useRef<HTMLSpanElement>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    katex.render(tex, el, { displayMode: display, throwOnError: false, output: 'htmlAndMathml', trust: false, strict: 'ignore' });
  }, [tex, display]);
  // React renders no children here: KaTeX owns the span's content, React only the span.
  return <span ref={ref} className={display ? 'formula formula-display' : 'formula'} data-testid={testId} data-tex={tex} />;
}
