// The model map: the architecture of the loaded model, drawn from its own description (modelStacks)
// in the shape the source articles draw — tokens → embedding + positions → N × [attention → add &
// norm → FFN → add & norm] → linear → softmax, and for a translation model the encoder beside the
// decoder with M feeding every cross-attention. It is live: each head is a thumbnail of its real
// attention weights for the page's sentence, the output box shows the most likely next token, and
// the box of the step-through's current step is lit. Every box is a button: a head opens the
// Attention panel on that head, the tokens and output boxes their panels, every other box its step
// of the step-through. SVG owned by React; the layout is a pure function (map/layout.ts); the
// thumbnails are small canvases (HeatmapThumb).

import { memo, useCallback, useId, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useI18n } from '../app/i18n';
import { layerLabel } from '../app/labels';
import { usePageNav } from '../app/usePageNav';
import { useSideSelection } from '../app/useSelection';
import { isEncoderDecoder, modelStacks, type AttentionSite, type ModelConfig } from '../shared/config';
import { matRow, type Mat, type ModelTrace } from '../shared/trace';
import { sequentialScale } from '../viz/colorScales';
import { causalMask } from '../viz/heatmap';
import { HeatmapThumb } from '../viz/HeatmapThumb';
import { useAvailableWidth } from '../viz/useAvailableWidth';
import { siteLayers } from './attention/sites';
import { boxText, fitLabel, type MapSizes } from './map/labels';
import { layoutMap, type MapBox, type MapLayout, type Orientation } from './map/layout';
import { backwardStepOfBox, boxOfBackwardStep, boxOfStep, stepOfBox } from './map/steps';
import { backwardSteps } from './backward/steps';
import { stepsFor } from './stepper/steps';
import { useRoles } from '../app/RolesContext';
import type { HeadRoles } from '../shared/headRoles';
import { formatScore } from './roles/data';
import { headRoleText, ROLE_TINY } from './roles/RoleBadge';

export interface ModelMapProps {
  /** The model in use (the map's shape); null while it loads. */
  config: ModelConfig | null;
  /** The trace of the page's sentence (the thumbnails and the output box); null until there is one. */
  trace: ModelTrace | null;
  /** The decoder's tokens: the sentence of a decoder-only model, or <bos> + the translation. */
  tokens: readonly string[];
  /** A translation model's source tokens. */
  sourceTokens?: readonly string[];
  vocab: readonly string[];
  orientation: Orientation;
}

const NO_SOURCE: readonly string[] = [];
const WEIGHTS = sequentialScale(0, 1);
const FONT = 11;

function clamp(i: number, n: number): number {
  return Math.max(0, Math.min(n - 1, i));
}

/** The stack an attention site belongs to. */
function stackOfSite(site: AttentionSite): 'encoder' | 'decoder' {
  return site === 'encoder' ? 'encoder' : 'decoder';
}

function ModelMapView({ config, trace, tokens, sourceTokens = NO_SOURCE, vocab, orientation }: ModelMapProps): ReactNode {
  const { t } = useI18n();
  const nav = usePageNav();
  const { shown } = useRoles();
  const roles = liveRoles(shown?.roles ?? null, config);
  const rootRef = useRef<HTMLDivElement>(null);
  const measured = useAvailableWidth(rootRef);
  const markerId = useId().replace(/:/g, '');
  const [info, setInfo] = useState<string | null>(null);

  const stacks = useMemo(() => (config ? modelStacks(config) : []), [config]);
  const seq2seq = stacks.length > 1;
  const norm = config?.norm ?? 'post';
  const width = orientation === 'column' ? (measured ?? 0) : 0;
  const layout: MapLayout | null = useMemo(
    () => (stacks.length > 0 && (orientation === 'strip' || width > 0) ? layoutMap({ stacks, norm }, orientation, width) : null),
    [stacks, norm, orientation, width],
  );

  // The trace must be of the model drawn (a new model's map may arrive before its first trace).
  const liveTrace = trace && config && trace.config.nHeads === config.nHeads && modelStacks(trace.config).length === stacks.length ? trace : null;
  const T = tokens.length;
  const S = sourceTokens.length;
  const { side, index: selected } = useSideSelection({ source: S, target: T });
  const sizes: MapSizes | null = config ? { T, S, config } : null;

  // The step-through's current step, in the step list of the selected token's side.
  // With the training walk-through shown (decoder-only models), its step's box instead.
  const training = nav.state.walk === 'training' && config !== null && !isEncoderDecoder(config);
  const currentBox = useMemo(() => {
    if (!config || !liveTrace) return null;
    if (training) {
      const back = backwardSteps(config);
      const at = back[clamp(nav.state.trainStep, back.length)];
      return at ? boxOfBackwardStep(at, stacks) : null;
    }
    const steps = stepsFor(config, side);
    const step = steps[clamp(nav.state.step, steps.length)];
    return step ? boxOfStep(step, stacks) : null;
  }, [config, liveTrace, side, nav.state.step, nav.state.trainStep, training, stacks]);

  // The head the Attention panel shows (its site defaults to the model's first).
  const selectedHead = useMemo(() => {
    if (!config || stacks.length === 0) return null;
    const sites = stacks.flatMap((s) => s.sites);
    const site = nav.state.site && sites.includes(nav.state.site) ? nav.state.site : sites[0];
    const stack = stacks.find((s) => s.name === stackOfSite(site));
    const layer = clamp(nav.state.layer, stack?.layers ?? 1);
    const head = clamp(nav.state.head, config.nHeads);
    return `${stackOfSite(site)}.L${layer}.${site}.h${head}`;
  }, [config, stacks, nav.state.site, nav.state.layer, nav.state.head]);

  // The output box: the most likely next token after the selected decoder row (default: the last).
  const output = useMemo(() => {
    if (!liveTrace) return null;
    const probs: Mat = liveTrace.probs;
    const row = side === 'target' && selected >= 0 ? selected : probs.rows - 1;
    if (row < 0 || row >= probs.rows) return null;
    const p = matRow(probs, row);
    let best = 0;
    for (let i = 1; i < p.length; i++) if (p[i] > p[best]) best = i;
    return { token: vocab[best] ?? `#${best}`, p: p[best], after: tokens[row] ?? '', pos: row };
  }, [liveTrace, side, selected, vocab, tokens]);

  const { update, goTo } = nav;
  const activate = useCallback(
    (box: MapBox) => {
      if (!config) return;
      if (box.kind === 'head' && box.site !== undefined && box.head !== undefined) {
        update({ site: box.site, layer: box.layer, head: box.head });
        goTo('attention');
      } else if (box.kind === 'tokens') {
        goTo('tokens');
      } else if (box.kind === 'output') {
        goTo('output');
      } else if (training && backwardStepOfBox(box.id, config) >= 0) {
        update({ trainStep: backwardStepOfBox(box.id, config) });
        goTo('stepper');
      } else {
        const target = stepOfBox(box.id, box.stack, config);
        if (!target) return;
        update((prev) => ({ step: target.index, side: target.side, token: prev.side === target.side ? prev.token : null }));
        goTo('stepper');
      }
    },
    [config, update, goTo, training],
  );

  if (!layout || !sizes || !config) {
    return (
      <div ref={rootRef} className={`model-map ${orientation}`} data-testid="model-map-empty">
        <p className="empty">{t('map.loading')}</p>
      </div>
    );
  }

  const percent = (p: number): string => `${(p * 100).toFixed(p >= 0.995 || p < 0.1 ? 1 : 0)}%`;
  const describe = (box: MapBox): { name: string; shape: string; action: string; labels: string[] } => {
    const text = boxText(box, sizes, t, seq2seq);
    // A head's role: in its name when it has a badge, in its hover line in any case.
    if (box.kind === 'head' && box.site !== undefined && box.head !== undefined && roles) {
      const role = headRoleText(t, roles, box.site, box.layer, box.head);
      if (role.view.strongest) {
        const action = t('map.do.attention');
        return { ...text, name: role.badge ? `${text.name} — ${role.badge}` : text.name, shape: `${text.shape} · ${role.sentence}`, action };
      }
    }
    const action =
      box.kind === 'head' ? t('map.do.attention') : box.kind === 'tokens' ? t('map.do.tokens') : box.kind === 'output' ? t('map.do.output') : t('map.do.step');
    if (box.kind === 'output' && output) {
      const p = percent(output.p);
      return { ...text, name: `${text.name}: ${t('map.output.value', { token: output.token, p })}`, action, shape: `${t('map.output.info', { after: output.after, pos: output.pos, token: output.token, p })} · ${text.shape}` };
    }
    return { ...text, action };
  };

  const edges = layout.edges.map((e) => (
    <path
      key={e.id}
      className={`map-edge ${e.kind}`}
      d={`M${e.points.map((p) => `${p[0]},${p[1]}`).join('L')}`}
      markerEnd={`url(#${markerId})`}
    />
  ));

  return (
    <div ref={rootRef} className={`model-map ${orientation}`}>
      <div className="model-map-scroll">
        <svg
          width={layout.width + 2}
          height={layout.height + 2}
          viewBox={`-1 -1 ${layout.width + 2} ${layout.height + 2}`}
          role="group"
          aria-label={t('map.aria')}
          data-testid="model-map"
          data-architecture={seq2seq ? 'encoder-decoder' : 'decoder'}
          data-orientation={orientation}
        >
          <defs>
            <marker id={markerId} viewBox="0 0 6 6" refX="5.5" refY="3" markerWidth="6" markerHeight="6" orient="auto">
              <path d="M0,0L6,3L0,6z" className="map-arrowhead" />
            </marker>
          </defs>
          {layout.titles.map((title) => (
            <text key={title.stack} className="map-stack-title" x={title.x} y={title.y} textAnchor={orientation === 'column' ? 'middle' : 'start'}>
              {t(title.stack === 'encoder' ? 'map.stack.encoder' : 'map.stack.decoder')}
            </text>
          ))}
          {layout.frames.map((f) => (
            <g key={`${f.stack}.L${f.layer}`} className="map-frame">
              <rect x={f.x} y={f.y} width={f.w} height={f.h} rx={6} />
              <text x={f.x + f.w - 5} y={f.y + 11} textAnchor="end">
                {layerLabel(t, f.layer)}
              </text>
            </g>
          ))}
          {edges}
          {layout.plus.map((p) => (
            <g key={p.stack} className="map-plus" aria-hidden="true">
              <circle cx={p.x} cy={p.y} r={7} />
              <text x={p.x} y={p.y + 4} textAnchor="middle">
                +
              </text>
            </g>
          ))}
          {layout.boxes.map((box) => {
            const d = describe(box);
            const current = box.id === currentBox;
            const chosen = box.id === selectedHead;
            const states = [current ? t('map.current') : '', chosen ? t('map.selected') : ''].filter(Boolean).join(', ');
            const hover = `${d.name} — ${t('map.shape', { shape: d.shape })}`;
            // The name a screen reader hears starts with the words the box shows, when its short
            // label is not already part of the full name (WCAG 2.5.3, label in name).
            const shown = box.kind === 'head' || box.kind === 'output' ? '' : fitLabel(d.labels, box.w - 8, FONT).text;
            const lead = shown && !d.name.toLowerCase().includes(shown.toLowerCase()) ? `${shown} — ` : '';
            return (
              <MapButton
                key={box.id}
                box={box}
                name={`${lead}${d.name}${states ? ` (${states})` : ''}: ${d.action}`}
                title={hover}
                current={current}
                chosen={chosen}
                onActivate={activate}
                onInfo={setInfo}
              >
                {box.kind === 'head' ? (
                  <>
                    <HeadThumb box={box} trace={liveTrace} />
                    <HeadRoleMark box={box} roles={roles} />
                  </>
                ) : box.kind === 'output' ? (
                  <OutputText box={box} label={d.labels[0]} value={output ? t('map.output.value', { token: output.token, p: percent(output.p) }) : '…'} />
                ) : (
                  <BoxLabel box={box} labels={d.labels} />
                )}
              </MapButton>
            );
          })}
        </svg>
      </div>
      {(info !== null || orientation === 'column') && (
        <p className="map-info" data-testid="map-info">
          {info ?? t('map.hint')}
        </p>
      )}
    </div>
  );
}

interface MapButtonProps {
  box: MapBox;
  name: string;
  title: string;
  current: boolean;
  chosen: boolean;
  onActivate: (box: MapBox) => void;
  onInfo: (text: string | null) => void;
  children: ReactNode;
}

/** One box: an SVG group that acts as a button (keyboard: Tab to reach, Enter or Space to press). */
function MapButton({ box, name, title, current, chosen, onActivate, onInfo, children }: MapButtonProps): ReactNode {
  const onKey = (e: KeyboardEvent<SVGGElement>): void => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onActivate(box);
    }
  };
  const cls = ['map-box', box.kind, current ? 'current' : '', chosen ? 'chosen' : ''].filter(Boolean).join(' ');
  return (
    <g
      className={cls}
      role="button"
      tabIndex={0}
      aria-label={name}
      onClick={() => onActivate(box)}
      onKeyDown={onKey}
      onFocus={() => onInfo(title)}
      onBlur={() => onInfo(null)}
      onMouseEnter={() => onInfo(title)}
      onMouseLeave={() => onInfo(null)}
      data-testid="map-box"
      data-box={box.id}
      data-kind={box.kind}
      data-layer={box.layer}
      data-head={box.head}
      data-site={box.site}
      data-current={current ? 'true' : undefined}
      data-chosen={chosen ? 'true' : undefined}
    >
      {/* No SVG <title>: its text would join the button's name (WCAG "label in name"); hover and focus show it in the info line. */}
      <rect className="map-rect" x={box.x} y={box.y} width={box.w} height={box.h} rx={box.kind === 'head' ? 2 : 4} />
      {children}
    </g>
  );
}

function BoxLabel({ box, labels }: { box: MapBox; labels: readonly string[] }): ReactNode {
  const room = box.w - 8;
  const fit = fitLabel(labels, room, FONT);
  // An attention box's label sits in its top band, above the heads.
  const y = box.kind === 'attention' ? box.y + 12 : box.y + box.h / 2 + 4;
  return (
    <text className="map-label" x={box.x + box.w / 2} y={y} textAnchor="middle" textLength={fit.squeeze} lengthAdjust={fit.squeeze ? 'spacingAndGlyphs' : undefined}>
      {fit.text}
    </text>
  );
}

function OutputText({ box, label, value }: { box: MapBox; label: string; value: string }): ReactNode {
  const room = box.w - 8;
  const small = fitLabel([label], room, 10);
  const big = fitLabel([value], room, 12);
  return (
    <>
      <text className="map-label small" x={box.x + box.w / 2} y={box.y + 13} textAnchor="middle" textLength={small.squeeze} lengthAdjust={small.squeeze ? 'spacingAndGlyphs' : undefined}>
        {small.text}
      </text>
      <text className="map-label strong" x={box.x + box.w / 2} y={box.y + 28} textAnchor="middle" textLength={big.squeeze} lengthAdjust={big.squeeze ? 'spacingAndGlyphs' : undefined} data-testid="map-output">
        {big.text}
      </text>
    </>
  );
}

/** A head's live thumbnail: its softmax weights for the sentence (cross-attention: target × source). */
function HeadThumb({ box, trace }: { box: MapBox; trace: ModelTrace | null }): ReactNode {
  const { t } = useI18n();
  const site = box.site ?? 'decoder';
  const mat = trace ? siteLayers(trace, site)[box.layer]?.weights[box.head ?? 0] : undefined;
  if (!mat) return null;
  const causal = site === 'decoder' || site === 'decoder-self';
  const inset = 2;
  return (
    <foreignObject x={box.x + inset} y={box.y + inset} width={box.w - 2 * inset} height={box.h - 2 * inset}>
      <div className="map-thumb">
        <HeatmapThumb
          mat={mat}
          scale={WEIGHTS}
          isMasked={causal ? causalMask : undefined}
          size={box.w - 2 * inset}
          fill
          ariaLabel={t('heatmap.aria', { rows: mat.rows, cols: mat.cols })}
          testId="map-head-thumb"
        />
      </div>
    </foreignObject>
  );
}

/** The roles, if they are of a model of this shape (a new model's map may come before its roles). */
function liveRoles(roles: HeadRoles | null, config: ModelConfig | null): HeadRoles | null {
  if (!roles || !config) return null;
  return roles.sites.every((s) => s.heads === config.nHeads) ? roles : null;
}

/**
 * A head's role badge on the map, in its lower left corner: the role's letter (or character) and its
 * score where the square is wide enough ("F 0.54" / "首 0.54"), the letter alone on the smallest ones.
 * Its words are in the box's name and hover line; nothing at all below the threshold.
 */
function HeadRoleMark({ box, roles }: { box: MapBox; roles: HeadRoles | null }): ReactNode {
  const { t } = useI18n();
  if (!roles || box.site === undefined || box.head === undefined) return null;
  const role = headRoleText(t, roles, box.site, box.layer, box.head);
  const b = role.view.badge;
  if (!b) return null;
  const wide = box.w >= 40;
  const text = wide ? `${t(ROLE_TINY[b.role])} ${formatScore(b.score)}` : t(ROLE_TINY[b.role]);
  const h = 11;
  const w = wide ? Math.min(box.w - 4, 30) : 12;
  return (
    <g className={`map-role role-${b.role}`} aria-hidden="true" data-testid="map-role" data-role={b.role} data-score={b.score}>
      <rect x={box.x + 2} y={box.y + box.h - h - 2} width={w} height={h} rx={2} />
      <text x={box.x + 2 + w / 2} y={box.y + box.h - 5} textAnchor="middle">
        {text}
      </text>
    </g>
  );
}

/** Memoised: the page re-renders often (training, staggered redraws); same props, no redraw. */
export const ModelMap = memo(ModelMapView);
