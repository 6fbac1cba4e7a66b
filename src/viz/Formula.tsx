// A formula typeset by KaTeX. KaTeX renders into an element we own (katex.render into a ref'd span,
// no HTML strings through React); only our constant TeX strings are passed, never user text.
// KaTeX is its own chunk, fetched after the first screen (it is a third of the page's JavaScript):
// until it has arrived a formula's span stays empty, then every mounted formula renders.

import 'katex/dist/katex.min.css';
import { useLayoutEffect, useRef, useState, type ReactNode } from 'react';

type Katex = (typeof import('katex'))['default'];

let katex: Katex | null = null;
let loading: Promise<Katex> | null = null;

function loadKatex(): Promise<Katex> {
  loading ??= import('katex').then((m) => (katex = m.default));
  return loading;
}

export interface FormulaProps {
  tex: string;
  /** Display (block) style; inline otherwise. */
  display?: boolean;
  testId?: string;
}

export function Formula({ tex, display = true, testId }: FormulaProps): ReactNode {
  const ref = useRef<HTMLSpanElement>(null);
  const [ready, setReady] = useState(katex !== null);
  useLayoutEffect(() => {
    if (ready) return;
    let live = true;
    loadKatex().then(
      () => live && setReady(true),
      () => {},
    );
    return () => {
      live = false;
    };
  }, [ready]);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || !ready || !katex) return;
    katex.render(tex, el, { displayMode: display, throwOnError: false, output: 'htmlAndMathml', trust: false, strict: 'ignore' });
  }, [tex, display, ready]);
  // React renders no children here: KaTeX owns the span's content, React only the span.
  return <span ref={ref} className={display ? 'formula formula-display' : 'formula'} data-testid={testId} data-tex={tex} data-ready={ready || undefined} />;
}
