// "Head roles over training", beside the loss: every head's score for one role against the training
// step, from the history snapshots that carry roles. The role chosen is the one some head scores
// highest in at the latest snapshot until the learner picks another; a translation model's two
// self-attention sites each have their lines. One colour per head, one dash per layer, each line named
// as labels.ts names heads; hovering (or ← → on the focused chart) reads every head's score at a step,
// and while replaying a vertical line marks the step shown.

import { useMemo, useState, type ReactNode } from 'react';
import { useI18n } from '../../app/i18n';
import { layerHeadShort } from '../../app/labels';
import { useRoles } from '../../app/RolesContext';
import type { AttentionSite } from '../../shared/config';
import { HEAD_ROLES, ROLE_BADGE_THRESHOLD, type HeadRole } from '../../shared/headRoles';
import type { TrainSnapshot } from '../../shared/training';
import { LineChart, type ChartHover } from '../../viz/LineChart';
import type { ReferenceLine, Series } from '../../viz/lineChart';
import { formatScore, headColour, layerDash, roleLines, roleSites, strongestRoleOf } from './data';
import { ROLE_EXPLAIN, ROLE_NAME, sentenceGap, THRESHOLD_TEXT } from './RoleBadge';
import { SITE_NAME } from './RolesTable';

const Y_DOMAIN: [number, number] = [0, 1];

export function RolesChart({ snapshots, version }: { snapshots: readonly TrainSnapshot[]; version: number }): ReactNode {
  const { t, lang } = useI18n();
  const { shown } = useRoles();
  const [siteChoice, setSite] = useState<AttentionSite | null>(null);
  const [roleChoice, setRole] = useState<HeadRole | null>(null);

  // The snapshots array grows in place: `version` says when.
  const sites = useMemo(() => roleSites(snapshots), [snapshots, version]);
  const site = siteChoice !== null && sites.includes(siteChoice) ? siteChoice : (sites[0] ?? null);
  const latest = useMemo(() => [...snapshots].reverse().find((s) => s.roles) ?? null, [snapshots, version]);
  const role: HeadRole = roleChoice ?? (site ? strongestRoleOf(latest?.roles, site) : null) ?? 'previousToken';

  const series: Series[] = useMemo(
    () =>
      site
        ? roleLines(snapshots, site, role).map((line) => ({
            id: `h${line.layer}-${line.head}`,
            label: layerHeadShort(t, line.layer, line.head),
            xs: line.xs,
            ys: line.ys,
            color: headColour(line.head),
            dash: layerDash(line.layer),
            dots: line.xs.length <= 12,
          }))
        : [],
    [snapshots, version, site, role, t],
  );
  const points = series[0]?.xs.length ?? 0;
  const hover: ChartHover = useMemo(
    () => ({ title: (x) => t('roles.chart.hover', { step: x }), format: (v) => formatScore(v), help: t('roles.chart.hoverHelp') }),
    [t],
  );
  const replayStep = shown?.from === 'replay' ? shown.step : null;
  // The badge threshold as a dashed line: a head above it has that role's badge.
  const references: ReferenceLine[] = useMemo(
    () => [{ id: 'threshold', label: t('roles.chart.threshold', { threshold: THRESHOLD_TEXT }), y: ROLE_BADGE_THRESHOLD }],
    [t],
  );

  return (
    <div className="roles-chart" data-testid="roles-chart" data-site={site ?? undefined} data-role={role} data-points={points}>
      <h3 title={t('roles.chart.help')}>{t('roles.chart.title')}</h3>
      <div className="controls roles-chart-controls">
        <label>
          {t('roles.chart.role')}
          <select value={role} onChange={(e) => setRole(e.target.value as HeadRole)} data-testid="roles-chart-role">
            {HEAD_ROLES.map((r) => (
              <option key={r} value={r}>
                {t(ROLE_NAME[r])}
              </option>
            ))}
          </select>
        </label>
        {sites.length > 1 && site && (
          <label>
            {t('roles.chart.site')}
            <select value={site} onChange={(e) => setSite(e.target.value as AttentionSite)} data-testid="roles-chart-site">
              {sites.map((s) => (
                <option key={s} value={s}>
                  {t(SITE_NAME[s])}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      {points === 0 ? (
        <p className="empty">{t('roles.chart.empty')}</p>
      ) : (
        <LineChart
          series={series}
          yDomain={Y_DOMAIN}
          references={references}
          yFormat={(v) => v.toFixed(1)}
          xLabel={t('training.chart.step')}
          ariaLabel={t('roles.chart.aria', { role: t(ROLE_NAME[role]), n: points })}
          testId="roles-line-chart"
          hover={hover}
          markX={replayStep}
        />
      )}
      <p className="help small">
        {t('roles.chart.help')}
        {sentenceGap(lang)}
        {t(ROLE_EXPLAIN[role])}
      </p>
    </div>
  );
}
