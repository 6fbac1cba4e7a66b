// A section of the page a #link can reach (`#attention`, `#stepper`, …): the panel inside keeps its
// own markup; the anchor takes the focus when the section navigation or the map brings it into view.

import type { ReactNode } from 'react';
import type { SectionId } from './sections';

export function Anchor({ id, children }: { id: SectionId; children: ReactNode }): ReactNode {
  return (
    <div id={id} className="section-anchor" tabIndex={-1}>
      {children}
    </div>
  );
}
