// What the page shows of the head roles (src/shared/headRoles.ts), as pure functions: which roles to
// show (the model now, the latest training snapshot, or a replayed one), each head's badge and
// strongest role, the rows of the table of every score, and the lines of the roles-over-training
// chart. No DOM, no React: unit-tested in tests/unit/roles-view.test.ts.

import type { AttentionSite } from '../../shared/config';
import { dominantRole, HEAD_ROLES, ROLE_BADGE_THRESHOLD, rolesOfSite, type HeadRole, type HeadRoles, type SiteRoles } from '../../shared/headRoles';
import type { TrainSnapshot } from '../../shared/training';

/**
 * A score as the page writes it: two decimals ("0.62"), three where two would round a score under the
 * badge threshold up to it ("0.397", never "0.40" without a badge); "—" where the role is undefined.
 */
export function formatScore(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  const two = v.toFixed(2);
  return v < ROLE_BADGE_THRESHOLD && Number(two) >= ROLE_BADGE_THRESHOLD ? v.toFixed(3) : two;
}

export interface RoleScore {
  role: HeadRole;
  score: number;
}

/** One head's roles: its badge (dominant role at or above the threshold) and its strongest role at any score. */
export interface HeadRoleView {
  badge: RoleScore | null;
  strongest: RoleScore | null;
}

const NO_ROLE: HeadRoleView = { badge: null, strongest: null };

export function headRoleView(site: SiteRoles | null | undefined, layer: number, head: number, threshold = ROLE_BADGE_THRESHOLD): HeadRoleView {
  if (!site) return NO_ROLE;
  return { badge: dominantRole(site, layer, head, threshold), strongest: dominantRole(site, layer, head, -Infinity) };
}

/** Where the roles on screen come from. */
export type RolesSource = 'model' | 'training' | 'replay';

export interface ShownRoles {
  /** null: a replayed snapshot taken before roles were measured. */
  roles: HeadRoles | null;
  /** The training step of the weights they were measured on. */
  step: number;
  from: RolesSource;
}

/** The worker's measurement of the model in use (headRoles request) and the step of that model. */
export interface MeasuredRoles {
  roles: HeadRoles;
  step: number;
  revision: number;
}

/**
 * The roles to show: a replayed snapshot's while replaying; else, while training, the latest
 * snapshot's when it is of a later step than the worker's measurement (or there is none yet); else
 * the measurement.
 */
export function chooseShownRoles(measured: MeasuredRoles | null, latest: TrainSnapshot | null, replay: TrainSnapshot | null): ShownRoles | null {
  if (replay) return { roles: replay.roles ?? null, step: replay.step, from: 'replay' };
  if (latest?.roles && (!measured || latest.step > measured.step)) return { roles: latest.roles, step: latest.step, from: 'training' };
  if (measured) return { roles: measured.roles, step: measured.step, from: 'model' };
  return null;
}

/** The role any head of `site` scores highest in (null when nothing is measured there). */
export function strongestRoleOf(roles: HeadRoles | null | undefined, site: AttentionSite): HeadRole | null {
  const s = rolesOfSite(roles, site);
  if (!s) return null;
  let best: RoleScore | null = null;
  for (let l = 0; l < s.layers; l++) {
    for (let h = 0; h < s.heads; h++) {
      const r = dominantRole(s, l, h, -Infinity);
      if (r && (!best || r.score > best.score)) best = r;
    }
  }
  return best?.role ?? null;
}

/** A row of the table of every score: one head of one site. */
export interface RoleTableRow {
  site: AttentionSite;
  layer: number;
  head: number;
  scores: Record<HeadRole, number | null>;
  strongest: RoleScore | null;
  badge: RoleScore | null;
}

export function roleTableRows(roles: HeadRoles | null | undefined): RoleTableRow[] {
  const rows: RoleTableRow[] = [];
  for (const s of roles?.sites ?? []) {
    for (let l = 0; l < s.layers; l++) {
      for (let h = 0; h < s.heads; h++) {
        const scores = {} as Record<HeadRole, number | null>;
        for (const role of HEAD_ROLES) scores[role] = s.scores[role][l]?.[h] ?? null;
        const view = headRoleView(s, l, h);
        rows.push({ site: s.site, layer: l, head: h, scores, strongest: view.strongest, badge: view.badge });
      }
    }
  }
  return rows;
}

/** The self-attention sites with roles in any of the snapshots, in the order first seen. */
export function roleSites(snapshots: readonly TrainSnapshot[]): AttentionSite[] {
  const out: AttentionSite[] = [];
  for (const snap of snapshots) for (const s of snap.roles?.sites ?? []) if (!out.includes(s.site)) out.push(s.site);
  return out;
}

/** One head's score for one role at each snapshot with roles (NaN where undefined). */
export interface RoleLine {
  layer: number;
  head: number;
  xs: number[];
  ys: number[];
}

/**
 * The lines of the roles-over-training chart: for each head of `site` (as many as in the latest
 * snapshot that has roles there), its score for `role` against the snapshot's step.
 */
export function roleLines(snapshots: readonly TrainSnapshot[], site: AttentionSite, role: HeadRole): RoleLine[] {
  const points = snapshots
    .map((snap) => ({ step: snap.step, s: rolesOfSite(snap.roles, site) }))
    .filter((p): p is { step: number; s: SiteRoles } => p.s !== null);
  const last = points.at(-1)?.s;
  if (!last) return [];
  const lines: RoleLine[] = [];
  for (let l = 0; l < last.layers; l++) {
    for (let h = 0; h < last.heads; h++) {
      // An undefined score (null) or a head the snapshot lacks: NaN, a gap in the line.
      lines.push({ layer: l, head: h, xs: points.map((p) => p.step), ys: points.map((p) => p.s.scores[role][l]?.[h] ?? Number.NaN) });
    }
  }
  return lines;
}

/** One colour per head (≥ 3:1 against white), one dash pattern per layer: every line of a layer × head grid apart. */
const HEAD_COLOURS = ['#1f5fa8', '#c05a00', '#2e7d32', '#7b3fb0', '#c62828', '#00796b', '#6d4c41', '#ad1457'];
const LAYER_DASHES = ['', '6 3', '2 2', '9 3 2 3'];

export function headColour(head: number): string {
  return HEAD_COLOURS[head % HEAD_COLOURS.length];
}

export function layerDash(layer: number): string | undefined {
  return LAYER_DASHES[layer % LAYER_DASHES.length] || undefined;
}
