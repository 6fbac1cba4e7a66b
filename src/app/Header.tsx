// Title, model picker, language switch, and one status line each for the backend and the model in use.

import type { ReactNode } from 'react';
import type { ModelInfo } from '../shared/protocol';
import { LANG_NAMES, LANGS, isLang, useI18n, type Translate } from './i18n';
import { MODEL_CHOICES, type ModelChoice } from './models';
import type { BackendState } from './useModelSession';

function backendText(state: BackendState, t: Translate): { name: string; why: string } {
  if (state.phase === 'starting') return { name: '', why: t('backend.starting') };
  if (state.phase === 'failed') return { name: '', why: t('backend.failedShort') };
  const { info } = state;
  if (info.failures.length > 0) {
    const failed = info.failures.map((f) => `${f.backend}: ${f.error}`).join('; ');
    return { name: info.backend, why: t('backend.fallback', { failed, detail: info.detail }) };
  }
  const key = info.requested === 'auto' ? 'backend.ready' : 'backend.readyRequested';
  return { name: info.backend, why: t(key, { detail: info.detail }) };
}

export function modelText(model: ModelInfo | null, t: Translate): string {
  if (!model) return t('model.loading');
  switch (model.source) {
    case 'shipped':
      return t('model.shipped', { step: model.step });
    case 'random':
      return t('model.random');
    case 'imported':
      return t('model.imported', { step: model.step });
    case 'browser-storage':
      return t('model.stored', { step: model.step });
    case 'training':
      return t('model.training', { step: model.step });
  }
}

export interface HeaderProps {
  backend: BackendState;
  model: ModelInfo | null;
  /** The model chosen in the picker, and how to choose another. */
  choice?: ModelChoice;
  onChoose?: (next: ModelChoice) => void;
}

export function Header({ backend, model, choice, onChoose }: HeaderProps): ReactNode {
  const { t, lang, setLang } = useI18n();
  const b = backendText(backend, t);
  const encoderLayers = model?.config.architecture === 'encoder-decoder' ? (model.config.nEncoderLayers ?? 0) : null;
  return (
    <header className="app-header">
      <div className="title-block">
        <h1>{t('app.title')}</h1>
        <p className="subtitle">{t('app.subtitle')}</p>
      </div>
      {choice && onChoose && (
        <label className="model-picker">
          <span>{t('picker.label')}</span>
          <select
            value={choice.id}
            onChange={(e) => {
              const next = MODEL_CHOICES.find((m) => m.id === e.target.value);
              if (next) onChoose(next);
            }}
            data-testid="model-picker"
          >
            {MODEL_CHOICES.map((m) => (
              <option key={m.id} value={m.id}>
                {t(m.name)}
              </option>
            ))}
          </select>
        </label>
      )}
      <label className="lang-switch">
        <span>{t('lang.label')}</span>
        <select
          value={lang}
          onChange={(e) => {
            if (isLang(e.target.value)) setLang(e.target.value);
          }}
          data-testid="lang-switch"
        >
          {LANGS.map((l) => (
            <option key={l} value={l} lang={l}>
              {LANG_NAMES[l]}
            </option>
          ))}
        </select>
      </label>
      <dl className="status-line">
        <div data-testid="backend-status" data-backend={b.name || undefined} title={backend.phase === 'ready' ? backend.info.reason : undefined}>
          <dt>{t('backend.label')}</dt>
          <dd>
            {b.name && <b>{b.name}</b>}
            {b.name && ' — '}
            {b.why}
          </dd>
        </div>
        <div data-testid="model-status" data-source={model?.source}>
          <dt>{t('model.label')}</dt>
          <dd>
            <b>{modelText(model, t)}</b>
            {model && (
              <span className="model-shape">
                {' · '}
                {encoderLayers !== null
                  ? t('picker.shapeSeq2seq', {
                      encoder: encoderLayers,
                      decoder: model.config.nLayers,
                      heads: model.config.nHeads,
                      dModel: model.config.dModel,
                      params: model.parameters,
                      vocab: model.config.vocabSize,
                    })
                  : t('model.shape', {
                      layers: model.config.nLayers,
                      heads: model.config.nHeads,
                      dModel: model.config.dModel,
                      params: model.parameters,
                      vocab: model.config.vocabSize,
                    })}
              </span>
            )}
          </dd>
        </div>
      </dl>
    </header>
  );
}
