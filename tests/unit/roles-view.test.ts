// What the page shows of the head roles (src/panels/roles/data.ts, RoleBadge.tsx) and the chart's
// hover read-out (src/viz/lineChart.ts), on hand-written scores: which roles are shown (the model's,
// a newer training snapshot's, a replayed one's), badges only at the threshold and the strongest role
// below it, the table's rows and "—", the chart's lines per head from the snapshots, the badge's words
// in both languages with the head named by labels.ts.

import { describe, expect, it } from 'vitest';
import { translate, type Lang, type MessageKey } from '../../src/app/i18n';
import { layerHeadLabel } from '../../src/app/labels';
import type { AttentionSite } from '../../src/shared/config';
import { HEAD_ROLES, type HeadRole, type HeadRoles, type SiteRoles } from '../../src/shared/headRoles';
import type { DecoderSnapshot, TrainSnapshot } from '../../src/shared/training';
import {
  chooseShownRoles,
  formatScore,
  headColour,
  headRoleView,
  layerDash,
  roleLines,
  roleSites,
  roleTableRows,
  strongestRoleOf,
} from '../../src/panels/roles/data';
import { headRoleText } from '../../src/panels/roles/RoleBadge';
import { repeatHalf } from '../../src/panels/roles/RolesTable';
import { buildLineChart, nearestX, valuesAt, xValues, type Series } from '../../src/viz/lineChart';

const tr = (lang: Lang) => (key: MessageKey, vars?: Record<string, string | number>) => translate(lang, key, vars);

/** A site of `layers` × `heads` with every role at `base`, then the given [role, layer, head, score] set. */
function site(name: AttentionSite, layers: number, heads: number, base: number | null, set: [HeadRole, number, number, number | null][] = []): SiteRoles {
  const scores = {} as Record<HeadRole, (number | null)[][]>;
  for (const role of HEAD_ROLES) scores[role] = Array.from({ length: layers }, () => Array.from({ length: heads }, () => base));
  for (const [role, l, h, v] of set) scores[role][l][h] = v;
  return { site: name, layers, heads, textTokens: ['<bos>', 'a', 'b'], repeatTokens: ['<bos>', 'x', 'y', 'z', 'x', 'y', 'z'], scores };
}

function snapshot(step: number, roles?: HeadRoles): TrainSnapshot {
  const s: DecoderSnapshot = { step, loss: 1, tokens: [], embeddings: new Float32Array(0), dModel: 0, nLayers: 1, nHeads: 2, attention: new Float32Array(0) };
  return roles ? { ...s, roles } : s;
}

describe('head roles on the page', () => {
  it('formats scores with two decimals, undefined ones as —', () => {
    expect(formatScore(0.625)).toBe('0.63');
    expect(formatScore(0.4)).toBe('0.40');
    expect(formatScore(1)).toBe('1.00');
    expect(formatScore(null)).toBe('—');
    expect(formatScore(undefined)).toBe('—');
    expect(formatScore(Number.NaN)).toBe('—');
    // Just under the threshold never reads as the threshold.
    expect(formatScore(0.3966)).toBe('0.397');
    expect(formatScore(0.3949)).toBe('0.39');
    expect(formatScore(0.4001)).toBe('0.40');
  });

  it('gives a badge only from the threshold, and the strongest role at any score', () => {
    const s = site('decoder', 2, 2, 0.1, [
      ['firstToken', 0, 0, 0.62],
      ['previousToken', 0, 0, 0.55],
      ['currentToken', 0, 1, 0.39],
      ['induction', 1, 0, 0.4],
    ]);
    expect(headRoleView(s, 0, 0)).toEqual({ badge: { role: 'firstToken', score: 0.62 }, strongest: { role: 'firstToken', score: 0.62 } });
    expect(headRoleView(s, 0, 1)).toEqual({ badge: null, strongest: { role: 'currentToken', score: 0.39 } });
    // Exactly at the threshold counts.
    expect(headRoleView(s, 1, 0).badge).toEqual({ role: 'induction', score: 0.4 });
    // All equal: the first role in HEAD_ROLES order.
    expect(headRoleView(s, 1, 1)).toEqual({ badge: null, strongest: { role: HEAD_ROLES[0], score: 0.1 } });
    // No roles (cross-attention, or none measured yet): nothing.
    expect(headRoleView(null, 0, 0)).toEqual({ badge: null, strongest: null });
    // Undefined roles are never the strongest.
    const undefinedMostly = site('decoder', 1, 1, null, [['currentToken', 0, 0, 0.05]]);
    expect(headRoleView(undefinedMostly, 0, 0).strongest).toEqual({ role: 'currentToken', score: 0.05 });
  });

  it('shows the replayed snapshot while replaying, a newer training snapshot, else the measurement', () => {
    const a: HeadRoles = { sites: [site('decoder', 1, 2, 0.1)] };
    const b: HeadRoles = { sites: [site('decoder', 1, 2, 0.2)] };
    const c: HeadRoles = { sites: [site('decoder', 1, 2, 0.3)] };
    const measured = { roles: a, step: 100, revision: 7 };
    expect(chooseShownRoles(measured, null, null)).toEqual({ roles: a, step: 100, from: 'model' });
    // A snapshot of the same or an earlier step is not newer.
    expect(chooseShownRoles(measured, snapshot(100, b), null)?.from).toBe('model');
    expect(chooseShownRoles(measured, snapshot(110, b), null)).toEqual({ roles: b, step: 110, from: 'training' });
    // Before the first measurement, the snapshot's.
    expect(chooseShownRoles(null, snapshot(0, b), null)).toEqual({ roles: b, step: 0, from: 'training' });
    // A snapshot without roles (saved before they were measured) never replaces the measurement …
    expect(chooseShownRoles(measured, snapshot(200), null)?.from).toBe('model');
    // … but while replaying it, nothing is shown for it.
    expect(chooseShownRoles(measured, snapshot(110, b), snapshot(20, c))).toEqual({ roles: c, step: 20, from: 'replay' });
    expect(chooseShownRoles(measured, snapshot(110, b), snapshot(20))).toEqual({ roles: null, step: 20, from: 'replay' });
    expect(chooseShownRoles(null, null, null)).toBeNull();
  });

  it('finds the role some head scores highest in, per site', () => {
    const roles: HeadRoles = {
      sites: [
        site('encoder', 2, 2, 0.1, [['previousToken', 1, 1, 0.3]]),
        site('decoder-self', 2, 2, 0.1, [['firstToken', 0, 1, 0.7], ['induction', 1, 0, 0.5]]),
      ],
    };
    expect(strongestRoleOf(roles, 'encoder')).toBe('previousToken');
    expect(strongestRoleOf(roles, 'decoder-self')).toBe('firstToken');
    expect(strongestRoleOf(roles, 'cross')).toBeNull();
    expect(strongestRoleOf(null, 'decoder')).toBeNull();
  });

  it('lists every site, layer and head with every role in the table, null kept for "—"', () => {
    const roles: HeadRoles = {
      sites: [site('encoder', 1, 2, 0.1, [['firstToken', 0, 1, 0.45]]), site('decoder-self', 2, 1, 0.2, [['previousLine', 1, 0, null]])],
    };
    const rows = roleTableRows(roles);
    expect(rows.map((r) => `${r.site}.${r.layer}.${r.head}`)).toEqual(['encoder.0.0', 'encoder.0.1', 'decoder-self.0.0', 'decoder-self.1.0']);
    for (const r of rows) expect(Object.keys(r.scores)).toEqual([...HEAD_ROLES]);
    expect(rows[1].badge).toEqual({ role: 'firstToken', score: 0.45 });
    expect(rows[0].badge).toBeNull();
    expect(rows[3].scores.previousLine).toBeNull();
    expect(roleTableRows(null)).toEqual([]);
  });

  it('draws one line per head of the latest snapshot, its score at each snapshot with roles', () => {
    const at = (v: number): HeadRoles => ({ sites: [site('decoder', 1, 2, 0.1, [['induction', 0, 1, v], ['induction', 0, 0, null]])] });
    const snaps = [snapshot(0, at(0.05)), snapshot(10), snapshot(20, at(0.3)), snapshot(30, at(0.8))];
    const lines = roleLines(snaps, 'decoder', 'induction');
    expect(lines.map((l) => [l.layer, l.head])).toEqual([
      [0, 0],
      [0, 1],
    ]);
    // The snapshot without roles is left out; an undefined score is NaN (a gap in the line).
    expect(lines[1].xs).toEqual([0, 20, 30]);
    expect(lines[1].ys).toEqual([0.05, 0.3, 0.8]);
    expect(lines[0].ys.every(Number.isNaN)).toBe(true);
    expect(roleLines(snaps, 'encoder', 'induction')).toEqual([]);
    expect(roleSites(snaps)).toEqual(['decoder']);
    expect(roleSites([snapshot(0)])).toEqual([]);
  });

  it('gives heads distinct colours and layers distinct dashes', () => {
    const colours = new Set(Array.from({ length: 8 }, (_, h) => headColour(h)));
    expect(colours.size).toBe(8);
    const dashes = new Set(Array.from({ length: 4 }, (_, l) => layerDash(l) ?? 'solid'));
    expect(dashes.size).toBe(4);
    expect(layerDash(0)).toBeUndefined();
  });

  it('the repeated half of the induction probe: tokens without <bos>, halved', () => {
    expect(repeatHalf({ sites: [site('decoder', 1, 1, 0.1)] })).toBe(3);
    expect(repeatHalf(null)).toBe(0);
  });

  for (const lang of ['en', 'zh-CN'] as const) {
    it(`${lang}: the badge says the short role and the score; the sentence names the head through labels.ts`, () => {
      const t = tr(lang);
      const roles: HeadRoles = { sites: [site('decoder', 2, 4, 0.1, [['previousToken', 1, 2, 0.624], ['firstToken', 0, 0, 0.31]])] };
      const badged = headRoleText(t, roles, 'decoder', 1, 2);
      expect(badged.badge).toBe(`${t('roles.short.previousToken')} 0.62`);
      expect(badged.sentence.startsWith(layerHeadLabel(t, 1, 2))).toBe(true);
      expect(badged.sentence).toContain(badged.badge);
      expect(badged.sentence).toContain(t('roles.name.previousToken'));
      expect(badged.sentence).toContain(t('roles.explain.previousToken'));
      const weak = headRoleText(t, roles, 'decoder', 0, 0);
      expect(weak.badge).toBeNull();
      expect(weak.sentence).toContain('0.31');
      expect(weak.sentence).toContain(t('roles.name.firstToken'));
      expect(weak.sentence.startsWith(layerHeadLabel(t, 0, 0))).toBe(true);
      // Cross-attention has no roles: just the head's name.
      expect(headRoleText(t, roles, 'cross', 0, 0)).toEqual({ view: { badge: null, strongest: null }, badge: null, sentence: layerHeadLabel(t, 0, 0) });
    });
  }
});

describe('line chart hover read-out', () => {
  const series: Series[] = [
    { id: 'a', label: 'A', xs: [0, 10, 20], ys: [0.1, 0.2, 0.3] },
    { id: 'b', label: 'B', xs: [10, 30], ys: [0.5, Number.NaN], color: '#123456', dash: '2 2' },
  ];

  it('stops at every x once, in order', () => {
    expect(xValues(series)).toEqual([0, 10, 20, 30]);
    expect(xValues([])).toEqual([]);
  });

  it('finds the x nearest to a pixel, and reads each series exactly there', () => {
    const chart = buildLineChart(series, { width: 320, height: 170, margin: { top: 8, right: 12, bottom: 30, left: 44 } });
    const xs = xValues(series);
    expect(nearestX(xs, chart.xPos(10) + 3, chart.xPos)).toBe(1);
    expect(nearestX(xs, -100, chart.xPos)).toBe(0);
    expect(nearestX(xs, 10_000, chart.xPos)).toBe(3);
    expect(nearestX([], 50, chart.xPos)).toBe(-1);
    const at10 = valuesAt(series, 10);
    expect(at10.map((v) => [v.id, v.value])).toEqual([
      ['a', 0.2],
      ['b', 0.5],
    ]);
    expect(at10[1]).toMatchObject({ color: '#123456', dash: '2 2' });
    // A series without a point at that x reads NaN (shown as —).
    expect(Number.isNaN(valuesAt(series, 0)[1].value)).toBe(true);
    // Own colours and dashes reach the drawn paths.
    expect(chart.paths[1]).toMatchObject({ color: '#123456', dash: '2 2' });
    expect(chart.paths[0].color).toBeUndefined();
  });
});
