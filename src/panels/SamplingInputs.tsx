// The sampling inputs the two output panels share (the decoder's next token, the translation written
// step by step): the temperature slider with its value, and the seed of the random draws.

import type { ReactNode } from 'react';
import { useI18n } from '../app/i18n';

export function TemperatureInput({ value, onChange, testId }: { value: number; onChange: (v: number) => void; testId: string }): ReactNode {
  const { t } = useI18n();
  return (
    <label title={t('output.temperatureHelp')}>
      {t('output.temperature')}
      <input type="range" min={0} max={2} step={0.05} value={value} onChange={(e) => onChange(Number(e.target.value))} data-testid={testId} />
      <output>{value.toFixed(2)}</output>
    </label>
  );
}

export function SeedInput({ value, onChange, testId, disabled }: { value: number; onChange: (v: number) => void; testId: string; disabled?: boolean }): ReactNode {
  const { t } = useI18n();
  return (
    <label title={t('output.seedHelp')}>
      {t('output.seed')}
      <input
        type="number"
        min={0}
        step={1}
        value={value}
        disabled={disabled}
        onChange={(e) => onChange(Math.max(0, Math.floor(Number(e.target.value) || 0)))}
        data-testid={testId}
      />
    </label>
  );
}
