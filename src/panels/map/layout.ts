// Where every box of the model map goes: a pure function of the model's description (modelStacks:
// its stacks, their layers, heads and attention sites) and the norm placement, in one of two
// orientations. "column" (wide screens, the side column): data flows top to bottom, a translation
// model's encoder stands left of its decoder and the encoder's output M feeds every decoder layer's
// cross-attention, as in the original paper's Figure 1. "strip" (phones): data flows left to right in
// a short band that scrolls inside its own box; a translation model's encoder row lies above its
// decoder row. Inside a layer the sublayers always stack top to bottom, with the residual paths on
// the left. No DOM, no React: the component draws what this returns, and tests check it.

import type { AttentionSite, NormPlacement, StackDescription } from '../../shared/config';

export type Orientation = 'column' | 'strip';
export type StackName = StackDescription['name'];
/** A layer's sublayers: its attention sites, then the feed-forward network. */
export type Sublayer = AttentionSite | 'ffn';

export type BoxKind =
  | 'tokens'
  | 'embedding'
  | 'positional'
  | 'attention'
  | 'head'
  | 'addNorm'
  | 'add'
  | 'norm'
  | 'ffn'
  | 'finalNorm'
  | 'memory'
  | 'linear'
  | 'softmax'
  | 'output';

export interface MapBox {
  /** Stable id, e.g. "decoder.L0.ffn", "decoder.L1.decoder.h2", "encoder.memory". */
  id: string;
  kind: BoxKind;
  stack: StackName;
  /** 0-based; −1 outside the layers. */
  layer: number;
  /** attention and head boxes: their site. */
  site?: AttentionSite;
  /** head boxes: 0-based head. */
  head?: number;
  /** add, norm and add & norm boxes: the sublayer they belong to. */
  sublayer?: Sublayer;
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface MapFrame {
  stack: StackName;
  layer: number;
  x: number;
  y: number;
  w: number;
  h: number;
}

export type Point = readonly [number, number];

export interface MapEdge {
  id: string;
  kind: 'flow' | 'residual' | 'cross';
  points: readonly Point[];
}

export interface MapLayout {
  orientation: Orientation;
  width: number;
  height: number;
  boxes: MapBox[];
  frames: MapFrame[];
  edges: MapEdge[];
  /** A translation model: where each stack's title goes (x is the text's centre in "column", its start in "strip"). */
  titles: { stack: StackName; x: number; y: number }[];
  /** The "+" between the embedding and the positions, per stack. */
  plus: { stack: StackName; x: number; y: number }[];
  /** Edge of one head's square, CSS pixels. */
  headSize: number;
}

export interface MapSpec {
  stacks: readonly StackDescription[];
  norm: NormPlacement;
}

interface Metrics {
  box: number;
  gap: number;
  pad: number;
  /** Room on each side of a layer's boxes for the residual paths (left) and incoming arrows (right). */
  side: number;
  frameLabel: number;
  attnLabel: number;
  headGap: number;
  headMin: number;
  headMax: number;
  output: number;
  title: number;
}

const COLUMN: Metrics = { box: 22, gap: 12, pad: 4, side: 12, frameLabel: 15, attnLabel: 16, headGap: 3, headMin: 18, headMax: 46, output: 34, title: 20 };
const STRIP: Metrics = { box: 22, gap: 12, pad: 4, side: 10, frameLabel: 14, attnLabel: 16, headGap: 3, headMin: 28, headMax: 28, output: 34, title: 16 };
/** Between the encoder and decoder columns (the cross-attention "bus" runs here). */
const GUTTER = 22;
/** Between the encoder and decoder rows of the strip. */
const ROW_GAP = 22;
/** Strip: widths of the boxes outside the layers. */
const STRIP_W = { tokens: 66, embed: 84, small: 66, output: 92 } as const;

/** How many heads per row, and their size, in `inner` pixels. */
export function headGrid(heads: number, inner: number, m: Pick<Metrics, 'headGap' | 'headMin' | 'headMax'>): { perRow: number; size: number; rows: number } {
  const n = Math.max(1, heads);
  const perRow = Math.max(1, Math.min(n, Math.floor((inner + m.headGap) / (m.headMin + m.headGap))));
  const size = Math.max(8, Math.min(m.headMax, Math.floor((inner - m.headGap * (perRow - 1)) / perRow)));
  return { perRow, size, rows: Math.ceil(n / perRow) };
}

function sublayersOf(stack: StackDescription): Sublayer[] {
  return [...stack.sites, 'ffn'];
}

/** The self-attention site of a stack (what a step without a site means). */
export function selfSite(stack: StackDescription): AttentionSite {
  return stack.sites[0] ?? 'decoder';
}

interface Placed {
  boxes: MapBox[];
  edges: MapEdge[];
  height: number;
}

/**
 * One layer's boxes inside a frame at (x, y) of width w: per sublayer (pre-LN) norm → sublayer → add,
 * or (post-LN) sublayer → add & norm, with a residual path around each. `heads`: per-site head grid.
 */
function placeLayer(stack: StackDescription, layer: number, norm: NormPlacement, x: number, y: number, w: number, m: Metrics, headSize: number, perRow: number): Placed {
  const boxes: MapBox[] = [];
  const edges: MapEdge[] = [];
  const innerX = x + m.side;
  const innerW = w - 2 * m.side;
  const cx = innerX + innerW / 2;
  const residualX = x + m.side / 2;
  const base = `${stack.name}.L${layer}`;
  let cy = y + m.frameLabel;
  let prev: MapBox | null = null;
  const push = (b: MapBox): MapBox => {
    if (prev) edges.push({ id: `${prev.id}>${b.id}`, kind: 'flow', points: [[cx, prev.y + prev.h], [cx, b.y]] });
    boxes.push(b);
    prev = b;
    cy = b.y + b.h + m.gap;
    return b;
  };
  const rows = Math.ceil(stack.heads / perRow);
  const attnH = m.attnLabel + rows * headSize + (rows - 1) * m.headGap + m.pad;
  for (const sub of sublayersOf(stack)) {
    // The residual path leaves the stream just above the sublayer (or its norm).
    const branchY = cy - m.gap / 2;
    if (norm === 'pre') push({ id: `${base}.norm.${sub}`, kind: 'norm', stack: stack.name, layer, sublayer: sub, x: innerX, y: cy, w: innerW, h: m.box });
    if (sub === 'ffn') {
      push({ id: `${base}.ffn`, kind: 'ffn', stack: stack.name, layer, x: innerX, y: cy, w: innerW, h: m.box });
    } else {
      const att = push({ id: `${base}.${sub}`, kind: 'attention', stack: stack.name, layer, site: sub, x: innerX, y: cy, w: innerW, h: attnH });
      const rowW = Math.min(stack.heads, perRow) * headSize + (Math.min(stack.heads, perRow) - 1) * m.headGap;
      const left = att.x + (att.w - rowW) / 2;
      for (let h = 0; h < stack.heads; h++) {
        const r = Math.floor(h / perRow);
        const c = h % perRow;
        boxes.push({
          id: `${base}.${sub}.h${h}`,
          kind: 'head',
          stack: stack.name,
          layer,
          site: sub,
          head: h,
          x: left + c * (headSize + m.headGap),
          y: att.y + m.attnLabel + r * (headSize + m.headGap),
          w: headSize,
          h: headSize,
        });
      }
    }
    const add = push({
      id: `${base}.${norm === 'pre' ? 'add' : 'addNorm'}.${sub}`,
      kind: norm === 'pre' ? 'add' : 'addNorm',
      stack: stack.name,
      layer,
      sublayer: sub,
      x: innerX,
      y: cy,
      w: innerW,
      h: m.box,
    });
    const addY = add.y + add.h / 2;
    edges.push({
      id: `${add.id}.residual`,
      kind: 'residual',
      points: [
        [cx, branchY],
        [residualX, branchY],
        [residualX, addY],
        [add.x, addY],
      ],
    });
  }
  return { boxes, edges, height: cy - m.gap + m.pad - y };
}

function layerHeight(stack: StackDescription, norm: NormPlacement, m: Metrics, headSize: number, perRow: number): number {
  return placeLayer(stack, 0, norm, 0, 0, 100, m, headSize, perRow).height;
}

/** The boxes after the layers of a stack: final norm (pre-LN), then M (encoder) or linear → softmax → output. */
function tailKinds(stack: StackDescription, norm: NormPlacement): BoxKind[] {
  const out: BoxKind[] = norm === 'pre' ? ['finalNorm'] : [];
  if (stack.name === 'encoder') out.push('memory');
  else out.push('linear', 'softmax', 'output');
  return out;
}

function tailId(stack: StackName, kind: BoxKind): string {
  return `${stack}.${kind}`;
}

/** Column orientation: one stack in a column at x of width w; returns its boxes from y. */
function columnStack(spec: MapSpec, stack: StackDescription, x: number, y0: number, w: number, m: Metrics): Placed & { frames: MapFrame[]; plus: Point; headSize: number } {
  const boxes: MapBox[] = [];
  const edges: MapEdge[] = [];
  const frames: MapFrame[] = [];
  const cx = x + w / 2;
  let y = y0;
  const flow = (from: { id: string; bottom: number }, to: { id: string; top: number }): void => {
    edges.push({ id: `${from.id}>${to.id}`, kind: 'flow', points: [[cx, from.bottom], [cx, to.top]] });
  };
  const tokens: MapBox = { id: `${stack.name}.tokens`, kind: 'tokens', stack: stack.name, layer: -1, x, y, w, h: m.box };
  boxes.push(tokens);
  y += m.box + m.gap;
  const half = (w - 16) / 2;
  const emb: MapBox = { id: `${stack.name}.embedding`, kind: 'embedding', stack: stack.name, layer: -1, x, y, w: half, h: m.box };
  const pos: MapBox = { id: `${stack.name}.positional`, kind: 'positional', stack: stack.name, layer: -1, x: x + w - half, y, w: half, h: m.box };
  boxes.push(emb, pos);
  flow({ id: tokens.id, bottom: tokens.y + tokens.h }, { id: 'sum', top: y + m.box / 2 - 7 });
  const plus: Point = [cx, y + m.box / 2];
  let last = { id: `${stack.name}.input`, bottom: y + m.box / 2 + 7 };
  y += m.box + m.gap;
  const inner = w - 2 * m.side - 2 * m.pad;
  const grid = headGrid(stack.heads, inner, m);
  for (let l = 0; l < stack.layers; l++) {
    const placed = placeLayer(stack, l, spec.norm, x, y, w, m, grid.size, grid.perRow);
    frames.push({ stack: stack.name, layer: l, x, y, w, h: placed.height });
    flow(last, { id: placed.boxes[0].id, top: placed.boxes[0].y });
    boxes.push(...placed.boxes);
    edges.push(...placed.edges);
    const out = placed.boxes[placed.boxes.length - 1];
    last = { id: out.id, bottom: y + placed.height };
    edges.push({ id: `${out.id}>frame`, kind: 'flow', points: [[cx, out.y + out.h], [cx, y + placed.height]] });
    y += placed.height + m.gap;
  }
  for (const kind of tailKinds(stack, spec.norm)) {
    const h = kind === 'output' ? m.output : m.box;
    const b: MapBox = { id: tailId(stack.name, kind), kind, stack: stack.name, layer: -1, x, y, w, h };
    flow(last, { id: b.id, top: b.y });
    boxes.push(b);
    last = { id: b.id, bottom: b.y + b.h };
    y += h + m.gap;
  }
  return { boxes, edges, frames, height: y - m.gap - y0, plus, headSize: grid.size };
}

/** Strip orientation: one stack in a row from (x0, y0) of height rowH; returns its boxes and width. */
function stripStack(spec: MapSpec, stack: StackDescription, x0: number, y0: number, rowH: number, m: Metrics, frameW: number): Placed & { frames: MapFrame[]; plus: Point; width: number } {
  const boxes: MapBox[] = [];
  const edges: MapEdge[] = [];
  const frames: MapFrame[] = [];
  const midY = y0 + rowH / 2;
  let x = x0;
  const flow = (fromId: string, fromX: number, toId: string, toX: number): void => {
    edges.push({ id: `${fromId}>${toId}`, kind: 'flow', points: [[fromX, midY], [toX, midY]] });
  };
  const tokens: MapBox = { id: `${stack.name}.tokens`, kind: 'tokens', stack: stack.name, layer: -1, x, y: midY - m.box / 2, w: STRIP_W.tokens, h: m.box };
  boxes.push(tokens);
  x += STRIP_W.tokens + m.gap;
  const ew = STRIP_W.embed;
  const emb: MapBox = { id: `${stack.name}.embedding`, kind: 'embedding', stack: stack.name, layer: -1, x, y: midY - m.box - 8, w: ew, h: m.box };
  const pos: MapBox = { id: `${stack.name}.positional`, kind: 'positional', stack: stack.name, layer: -1, x, y: midY + 8, w: ew, h: m.box };
  boxes.push(emb, pos);
  flow(tokens.id, tokens.x + tokens.w, 'sum', x + ew / 2 - 7);
  const plus: Point = [x + ew / 2, midY];
  let lastId = `${stack.name}.input`;
  let lastX = x + ew / 2 + 7;
  x += ew + m.gap;
  const grid = headGrid(stack.heads, frameW - 2 * m.side - 2 * m.pad, m);
  for (let l = 0; l < stack.layers; l++) {
    const h = layerHeight(stack, spec.norm, m, grid.size, grid.perRow);
    const fy = y0 + (rowH - h) / 2;
    const placed = placeLayer(stack, l, spec.norm, x, fy, frameW, m, grid.size, grid.perRow);
    frames.push({ stack: stack.name, layer: l, x, y: fy, w: frameW, h });
    flow(lastId, lastX, `${stack.name}.L${l}`, x);
    boxes.push(...placed.boxes);
    edges.push(...placed.edges);
    lastId = `${stack.name}.L${l}`;
    lastX = x + frameW;
    x += frameW + m.gap;
  }
  for (const kind of tailKinds(stack, spec.norm)) {
    const w = kind === 'output' ? STRIP_W.output : STRIP_W.small;
    const h = kind === 'output' ? m.output : m.box;
    const b: MapBox = { id: tailId(stack.name, kind), kind, stack: stack.name, layer: -1, x, y: midY - h / 2, w, h };
    flow(lastId, lastX, b.id, b.x);
    boxes.push(b);
    lastId = b.id;
    lastX = b.x + b.w;
    x += w + m.gap;
  }
  return { boxes, edges, frames, height: rowH, plus, width: x - m.gap - x0 };
}

/** The map of a model: every box, frame and arrow, for an orientation (`width`: the column's width). */
export function layoutMap(spec: MapSpec, orientation: Orientation, width: number): MapLayout {
  const seq2seq = spec.stacks.length > 1;
  const boxes: MapBox[] = [];
  const edges: MapEdge[] = [];
  const frames: MapFrame[] = [];
  const titles: MapLayout['titles'] = [];
  const plus: MapLayout['plus'] = [];
  let headSize = 0;
  let total = { width: 0, height: 0 };

  if (orientation === 'column') {
    const m = COLUMN;
    const colW = seq2seq ? Math.floor((width - GUTTER) / 2) : Math.floor(width);
    const top = seq2seq ? m.title : 0;
    let height = 0;
    spec.stacks.forEach((stack, i) => {
      const x = i * (colW + GUTTER);
      if (seq2seq) titles.push({ stack: stack.name, x: x + colW / 2, y: m.title - 6 });
      const placed = columnStack(spec, stack, x, top, colW, m);
      boxes.push(...placed.boxes);
      edges.push(...placed.edges);
      frames.push(...placed.frames);
      plus.push({ stack: stack.name, x: placed.plus[0], y: placed.plus[1] });
      headSize = Math.max(headSize, placed.headSize);
      height = Math.max(height, top + placed.height);
    });
    total = { width: seq2seq ? 2 * colW + GUTTER : colW, height };
  } else {
    const m = STRIP;
    // One frame width for every layer: wide enough for a row of heads (and the box labels).
    const maxHeads = Math.max(1, ...spec.stacks.map((s) => s.heads));
    const perRow = Math.min(maxHeads, 8);
    const frameW = Math.max(112, perRow * m.headMax + (perRow - 1) * m.headGap + 2 * m.side + 2 * m.pad);
    let y = 0;
    let width2 = 0;
    for (const stack of spec.stacks) {
      const grid = headGrid(stack.heads, frameW - 2 * m.side - 2 * m.pad, m);
      const rowH = Math.max(2 * m.box + 16, layerHeight(stack, spec.norm, m, grid.size, grid.perRow), m.output);
      const top = seq2seq ? m.title : 0;
      if (seq2seq) titles.push({ stack: stack.name, x: 0, y: y + m.title - 4 });
      const placed = stripStack(spec, stack, 0, y + top, rowH, m, frameW);
      boxes.push(...placed.boxes);
      edges.push(...placed.edges);
      frames.push(...placed.frames);
      plus.push({ stack: stack.name, x: placed.plus[0], y: placed.plus[1] });
      headSize = Math.max(headSize, grid.size);
      width2 = Math.max(width2, placed.width);
      y += top + rowH + ROW_GAP;
    }
    total = { width: width2, height: y - ROW_GAP };
  }

  if (seq2seq) edges.push(...crossEdges(boxes, frames, orientation));
  return { orientation, width: Math.ceil(total.width), height: Math.ceil(total.height), boxes, frames, edges, titles, plus, headSize };
}

/** The encoder's output M into every decoder layer's cross-attention. */
function crossEdges(boxes: readonly MapBox[], frames: readonly MapFrame[], orientation: Orientation): MapEdge[] {
  const memory = boxes.find((b) => b.kind === 'memory');
  if (!memory) return [];
  const targets = boxes.filter((b) => b.kind === 'attention' && b.site === 'cross');
  const out: MapEdge[] = [];
  if (orientation === 'column') {
    const busX = memory.x + memory.w + GUTTER / 2;
    const my = memory.y + memory.h / 2;
    for (const t of targets) {
      const ty = t.y + COLUMN.attnLabel / 2;
      out.push({ id: `${memory.id}>${t.id}`, kind: 'cross', points: [[memory.x + memory.w, my], [busX, my], [busX, ty], [t.x, ty]] });
    }
  } else {
    // The bus runs between the encoder's row and the decoder's frames.
    const encBottom = Math.max(...boxes.filter((b) => b.stack === 'encoder').map((b) => b.y + b.h), ...frames.filter((f) => f.stack === 'encoder').map((f) => f.y + f.h));
    const decTop = Math.min(...frames.filter((f) => f.stack === 'decoder').map((f) => f.y));
    const mid = (encBottom + decTop) / 2;
    for (const t of targets) {
      const frame = frames.find((f) => f.stack === 'decoder' && f.layer === t.layer);
      const fx = frame ? frame.x + frame.w - STRIP.side / 2 : t.x + t.w + 4;
      const ty = t.y + STRIP.attnLabel / 2;
      out.push({
        id: `${memory.id}>${t.id}`,
        kind: 'cross',
        points: [[memory.x + memory.w / 2, memory.y + memory.h], [memory.x + memory.w / 2, mid], [fx, mid], [fx, ty], [t.x + t.w, ty]],
      });
    }
  }
  return out;
}
