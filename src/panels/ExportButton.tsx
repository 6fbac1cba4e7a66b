// A small "save as image" control for a panel's figure: PNG always, SVG when the figure is all vector.

import { useState, type ReactNode, type RefObject } from 'react';
import { useI18n } from '../app/i18n';
import { canvasToPng, downloadBlob, figureToCanvas, figureToSvg, isVectorFigure } from '../viz/exportImage';

export interface ExportButtonProps {
  /** The element holding the figure (its canvases and svgs are exported). */
  target: RefObject<HTMLElement | null>;
  /** File name without extension, e.g. "attention-layer1-head2". */
  name: string;
  /** Title written above the figure in the image. */
  title?: string;
  /** Offer SVG too (only when the figure has no canvas). */
  vector?: boolean;
  /** Draws the picture itself instead of copying the target's canvases and svgs (for HTML content). */
  draw?: () => HTMLCanvasElement;
}

export function ExportButton({ target, name, title = '', vector = false, draw }: ExportButtonProps): ReactNode {
  const { t } = useI18n();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const savePng = async (): Promise<void> => {
    const el = target.current;
    if (!el && !draw) return;
    setBusy(true);
    setError(null);
    try {
      const canvas = draw ? draw() : await figureToCanvas(el as HTMLElement, title);
      downloadBlob(await canvasToPng(canvas), `${name}.png`);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const saveSvg = (): void => {
    const el = target.current;
    if (!el || !isVectorFigure(el)) return;
    setError(null);
    downloadBlob(new Blob([figureToSvg(el, title)], { type: 'image/svg+xml' }), `${name}.svg`);
  };

  return (
    <span className="export-buttons">
      <button
        type="button"
        className="small-button"
        onClick={() => void savePng()}
        disabled={busy}
        title={t('exportx.pngHelp')}
        aria-label={t('exportx.pngHelp')}
        data-testid="export-png"
        data-file={name}
      >
        {t('exportx.png')}
      </button>
      {vector && (
        <button
          type="button"
          className="small-button"
          onClick={saveSvg}
          title={t('exportx.svgHelp')}
          aria-label={t('exportx.svgHelp')}
          data-testid="export-svg"
          data-file={name}
        >
          {t('exportx.svg')}
        </button>
      )}
      {error && (
        <span className="note warn" role="alert">
          {t('exportx.failed', { message: error })}
        </span>
      )}
    </span>
  );
}
