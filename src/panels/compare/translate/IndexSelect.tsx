// A choice of 0 … count − 1 (a layer or a head), each option named as people read it (src/app/labels.ts).

import type { ReactNode } from 'react';

export interface IndexSelectProps {
  label: string;
  value: number;
  count: number;
  /** The option's text for index i (e.g. layerLabel(t, i): "layer 1"). */
  name: (i: number) => string;
  onPick: (i: number) => void;
  testId: string;
}

export function IndexSelect({ label, value, count, name, onPick, testId }: IndexSelectProps): ReactNode {
  return (
    <label>
      {label}{' '}
      <select value={value} onChange={(e) => onPick(Number(e.target.value))} data-testid={testId}>
        {Array.from({ length: count }, (_, i) => (
          <option key={i} value={i}>
            {name(i)}
          </option>
        ))}
      </select>
    </label>
  );
}
