// Errors shown in the error banner. They are stored as message keys + values (not as finished text)
// so that they follow the language switch.

import { useCallback, useState } from 'react';
import type { MessageKey, Vars } from './i18n';

export interface AppError {
  id: number;
  key: MessageKey;
  vars?: Vars;
}

export type ReportError = (key: MessageKey, vars?: Vars) => void;

let nextId = 1;

export function useErrors(): { errors: AppError[]; report: ReportError; dismiss: (id: number) => void } {
  const [errors, setErrors] = useState<AppError[]>([]);
  // One entry per kind of error: a repeated failure replaces the previous message instead of piling up.
  const report = useCallback<ReportError>((key, vars) => {
    setErrors((prev) => [...prev.filter((e) => e.key !== key), { id: nextId++, key, vars }]);
  }, []);
  const dismiss = useCallback((id: number) => setErrors((prev) => prev.filter((e) => e.id !== id)), []);
  return { errors, report, dismiss };
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
