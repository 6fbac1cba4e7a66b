// The Tokens panel as a picture (for export): one chip per token with its id below the text, wrapped
// into lines; unknown tokens with a dashed amber border, the selected one outlined in orange.

const FONT = '16px ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", "Noto Sans Mono CJK SC", monospace';
const ID_FONT = '11px system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif';
const TITLE_FONT = '600 16px system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK SC", sans-serif';

export interface TokenPicture {
  tokens: readonly string[];
  ids: readonly number[];
  unknown: ReadonlySet<number>;
  selected: number;
  title: string;
}

export function drawTokens(p: TokenPicture, maxWidth = 900, scale = 2): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('this browser cannot draw into a canvas');
  const pad = 8;
  const chipH = 40;
  const gap = 6;
  ctx.font = FONT;
  const widths = p.tokens.map((t, i) => {
    ctx.font = FONT;
    const a = ctx.measureText(t).width;
    ctx.font = ID_FONT;
    const b = ctx.measureText((Number.isFinite(p.ids[i]) ? String(p.ids[i]) : '')).width;
    return Math.ceil(Math.max(a, b)) + 16;
  });
  // Lay out in lines.
  const places: { x: number; y: number }[] = [];
  let x = pad;
  let y = 36;
  let right = 0;
  widths.forEach((w) => {
    if (x + w > maxWidth - pad && x > pad) {
      x = pad;
      y += chipH + gap;
    }
    places.push({ x, y });
    x += w + gap;
    right = Math.max(right, x);
  });
  const width = Math.max(200, Math.ceil(right + pad));
  const height = y + chipH + pad;
  canvas.width = width * scale;
  canvas.height = height * scale;
  ctx.scale(scale, scale);
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = '#1d232b';
  ctx.font = TITLE_FONT;
  ctx.textBaseline = 'middle';
  ctx.fillText(p.title, pad, 16);
  p.tokens.forEach((t, i) => {
    const { x: cx, y: cy } = places[i];
    const w = widths[i];
    const unknown = p.unknown.has(i);
    ctx.fillStyle = unknown ? '#fff6e0' : '#eef3fa';
    ctx.strokeStyle = unknown ? '#c08a00' : '#b9c6d8';
    ctx.lineWidth = 1;
    ctx.setLineDash(unknown ? [4, 3] : []);
    ctx.beginPath();
    ctx.roundRect(cx + 0.5, cy + 0.5, w, chipH, 6);
    ctx.fill();
    ctx.stroke();
    ctx.setLineDash([]);
    if (i === p.selected) {
      ctx.strokeStyle = '#d9480f';
      ctx.lineWidth = 2;
      ctx.beginPath();
      ctx.roundRect(cx - 1.5, cy - 1.5, w + 4, chipH + 4, 7);
      ctx.stroke();
    }
    ctx.fillStyle = '#1d232b';
    ctx.font = FONT;
    ctx.textAlign = 'center';
    ctx.fillText(t, cx + w / 2, cy + 14);
    ctx.fillStyle = '#5b6573';
    ctx.font = ID_FONT;
    ctx.fillText((Number.isFinite(p.ids[i]) ? String(p.ids[i]) : ''), cx + w / 2, cy + 31);
    ctx.textAlign = 'start';
  });
  return canvas;
}
