// Export of a figure (a DOM subtree holding <canvas> and <svg> elements) as an image file:
// - PNG: every canvas and svg is drawn at its on-screen place into one canvas (svgs are serialised
//   with their computed styles inlined, loaded as an image, then drawn), then canvas.toBlob.
// - SVG: when the figure holds no canvas, its svgs are cloned (styles inlined) into one svg document.
// Files are saved through an <a download> with an object URL of our own origin.

const STYLE_PROPS = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'text-anchor',
  'dominant-baseline',
  'paint-order',
  'visibility',
] as const;

const SVG_NS = 'http://www.w3.org/2000/svg';

/** A deep copy of `svg` whose elements carry their computed styles inline (CSS classes do not travel). */
export function inlineStyledClone(svg: SVGSVGElement): SVGSVGElement {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const src = [svg, ...Array.from(svg.querySelectorAll('*'))];
  const dst = [clone, ...Array.from(clone.querySelectorAll('*'))];
  src.forEach((el, i) => {
    const target = dst[i] as SVGElement | undefined;
    if (!target) return;
    const cs = getComputedStyle(el);
    const parts: string[] = [];
    for (const p of STYLE_PROPS) {
      const v = cs.getPropertyValue(p);
      if (v) parts.push(`${p}:${v}`);
    }
    target.setAttribute('style', parts.join(';'));
    target.removeAttribute('class');
  });
  clone.setAttribute('xmlns', SVG_NS);
  return clone;
}

interface Piece {
  el: HTMLCanvasElement | SVGSVGElement;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A table cell (numbers on coloured cells, e.g. a small matrix), redrawn as a box with its text. */
interface Cell {
  x: number;
  y: number;
  width: number;
  height: number;
  background: string;
  color: string;
  font: string;
  text: string;
}

function tableCells(root: HTMLElement, box: DOMRect): Cell[] {
  const cells: Cell[] = [];
  for (const el of Array.from(root.querySelectorAll<HTMLElement>('table td, table th'))) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    const style = getComputedStyle(el);
    cells.push({
      x: r.left - box.left,
      y: r.top - box.top,
      width: r.width,
      height: r.height,
      background: style.backgroundColor,
      color: style.color,
      font: `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`,
      text: (el.textContent ?? '').trim(),
    });
  }
  return cells;
}

/** Canvases and top-level svgs under `root`, with their places relative to it (hidden ones skipped). */
function pieces(root: HTMLElement): { width: number; height: number; items: Piece[]; cells: Cell[] } {
  const box = root.getBoundingClientRect();
  const cells = tableCells(root, box);
  const items: Piece[] = [];
  const all = Array.from(root.querySelectorAll<HTMLCanvasElement | SVGSVGElement>('canvas, svg'));
  for (const el of all) {
    if (el instanceof SVGSVGElement && el.parentElement?.closest('svg')) continue; // nested svg: drawn with its parent
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    items.push({ el, x: r.left - box.left, y: r.top - box.top, width: r.width, height: r.height });
  }
  // The image is as big as what is drawn (the figure's box may be wider than its content).
  const boxes = [...items, ...cells];
  const right = boxes.reduce((m, p) => Math.max(m, p.x + p.width), 0);
  const bottom = boxes.reduce((m, p) => Math.max(m, p.y + p.height), 0);
  return { width: Math.ceil(Math.min(Math.max(box.width, root.scrollWidth), right + 8)), height: Math.ceil(bottom + 4), items, cells };
}

function svgText(svg: SVGSVGElement, width: number, height: number): string {
  const clone = inlineStyledClone(svg);
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  return new XMLSerializer().serializeToString(clone);
}

function loadImage(url: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error('an SVG part of the figure could not be drawn'));
    img.src = url;
  });
}

const TITLE_FONT = '600 16px system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif';
const TITLE_HEIGHT = 28;

/**
 * `pieces(root)` with every ancestor that may skip its rendering (`content-visibility: auto`, used on
 * the page's panels) rendered for the moment: reading the layout of a skipped subtree element by
 * element would lay it out again for each read.
 */
function renderedPieces(root: HTMLElement): ReturnType<typeof pieces> {
  const changed: { el: HTMLElement; value: string }[] = [];
  for (let el: HTMLElement | null = root; el; el = el.parentElement) {
    if (getComputedStyle(el).contentVisibility === 'auto') {
      changed.push({ el, value: el.style.contentVisibility });
      el.style.contentVisibility = 'visible';
    }
  }
  try {
    return pieces(root);
  } finally {
    for (const { el, value } of changed) el.style.contentVisibility = value;
  }
}

/** The figure drawn into one canvas at `scale` × its CSS size, on white, with `title` above it. */
export async function figureToCanvas(root: HTMLElement, title: string, scale = 2): Promise<HTMLCanvasElement> {
  const { width, height, items, cells } = renderedPieces(root);
  const top = title ? TITLE_HEIGHT : 0;
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(width * scale));
  canvas.height = Math.max(1, Math.round((height + top) * scale));
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('this browser cannot draw into a canvas');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.scale(scale, scale);
  if (title) {
    ctx.fillStyle = '#1d232b';
    ctx.font = TITLE_FONT;
    ctx.textBaseline = 'middle';
    ctx.fillText(title, 4, TITLE_HEIGHT / 2);
  }
  for (const c of cells) {
    ctx.fillStyle = c.background;
    ctx.fillRect(c.x, c.y + top, c.width, c.height);
    ctx.fillStyle = c.color;
    ctx.font = c.font;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText(c.text, c.x + c.width / 2, c.y + top + c.height / 2, c.width);
  }
  ctx.textAlign = 'start';
  for (const p of items) {
    if (p.el instanceof HTMLCanvasElement) {
      ctx.imageSmoothingEnabled = false;
      ctx.drawImage(p.el, p.x, p.y + top, p.width, p.height);
      continue;
    }
    const blob = new Blob([svgText(p.el, p.width, p.height)], { type: 'image/svg+xml' });
    const url = URL.createObjectURL(blob);
    try {
      const img = await loadImage(url);
      ctx.imageSmoothingEnabled = true;
      ctx.drawImage(img, p.x, p.y + top, p.width, p.height);
    } finally {
      URL.revokeObjectURL(url);
    }
  }
  return canvas;
}

export function canvasToPng(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) => {
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the image could not be encoded'))), 'image/png');
  });
}

/** Whether the figure is all vector (svg only), so it can be saved as SVG. */
export function isVectorFigure(root: HTMLElement): boolean {
  return root.querySelector('canvas, table') === null && root.querySelector('svg') !== null;
}

/** One standalone SVG document of the figure's svgs at their on-screen places, with `title` above. */
export function figureToSvg(root: HTMLElement, title: string): string {
  const { width, height, items } = renderedPieces(root);
  const top = title ? TITLE_HEIGHT : 0;
  const doc = document.createElementNS(SVG_NS, 'svg');
  doc.setAttribute('xmlns', SVG_NS);
  doc.setAttribute('width', String(width));
  doc.setAttribute('height', String(height + top));
  doc.setAttribute('viewBox', `0 0 ${width} ${height + top}`);
  const bg = document.createElementNS(SVG_NS, 'rect');
  bg.setAttribute('width', '100%');
  bg.setAttribute('height', '100%');
  bg.setAttribute('fill', '#fff');
  doc.appendChild(bg);
  if (title) {
    const text = document.createElementNS(SVG_NS, 'text');
    text.setAttribute('x', '4');
    text.setAttribute('y', String(TITLE_HEIGHT / 2));
    text.setAttribute('dominant-baseline', 'central');
    text.setAttribute('style', `font:${TITLE_FONT};fill:#1d232b`);
    text.textContent = title;
    doc.appendChild(text);
  }
  for (const p of items) {
    if (!(p.el instanceof SVGSVGElement)) continue;
    const clone = inlineStyledClone(p.el);
    clone.setAttribute('x', String(p.x));
    clone.setAttribute('y', String(p.y + top));
    clone.setAttribute('width', String(p.width));
    clone.setAttribute('height', String(p.height));
    doc.appendChild(clone);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(doc)}`;
}

/** Save `blob` as `filename` through a temporary <a download>. */
export function downloadBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Give the browser time to start the download before the URL goes away.
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
