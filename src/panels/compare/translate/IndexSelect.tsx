// A choice of 0 … count − 1 shown from 1 (a layer or a head: people count them from 1, the data from 0).

import type { ReactNode } from 'react';

export interface IndexSelectProps {
  label: string;
  value: number;
  count: number;
  onPick: (i: number) => void;
  testId: string;
}

export function IndexSelect({ label, value, count, onPick, testId }: IndexSelectProps): ReactNode {
  return (
    <label>
      {label}{' '}
      <select value={value} onChange={(e) => onPick(Number(e.target.value))} data-testid={testId}>
        {Array.from({ length: count }, (_, i) => (
          <option key={i} value={i}>
            {i + 1}
          </option>
        ))}
      </select>
    </label>
  );
}
