// Under the replay slider: the heads' roles at the step shown — the replayed snapshot's while
// replaying, else the roles every panel shows now — as the heads that have a badge ("L1 H1 first
// 0.54"), or a line saying that none reaches the threshold.

import type { ReactNode } from 'react';
import { useI18n } from '../../app/i18n';
import { layerHeadLabel, layerHeadShort } from '../../app/labels';
import { useRoles } from '../../app/RolesContext';
import { formatScore, roleTableRows } from './data';
import { ROLE_NAME, ROLE_SHORT, THRESHOLD_TEXT } from './RoleBadge';
import { SITE_NAME } from './RolesTable';

export function RolesAtStep(): ReactNode {
  const { t } = useI18n();
  const { shown } = useRoles();
  if (!shown) return null;
  const rows = roleTableRows(shown.roles);
  const badged = rows.flatMap((r) => (r.badge ? [{ ...r, badge: r.badge }] : []));
  const several = (shown.roles?.sites.length ?? 0) > 1;
  return (
    <div className="roles-at-step" data-testid="roles-at-step" data-step={shown.step} data-from={shown.from}>
      <h4>{t('roles.replay.title', { step: shown.step })}</h4>
      {!shown.roles ? (
        <p className="help small">{t('roles.replay.missing')}</p>
      ) : badged.length === 0 ? (
        <p className="help small">{t('roles.replay.none', { threshold: THRESHOLD_TEXT })}</p>
      ) : (
        <ul className="roles-at-step-list">
          {badged.map((r) => {
            const b = r.badge;
            const where = several ? `${t(SITE_NAME[r.site])} · ` : '';
            const badge = t('roles.badge', { role: t(ROLE_SHORT[b.role]), score: formatScore(b.score) });
            return (
              <li
                key={`${r.site}-${r.layer}-${r.head}`}
                title={`${where}${t('roles.badgeAria', { head: layerHeadLabel(t, r.layer, r.head), badge, role: t(ROLE_NAME[b.role]) })}`}
                data-site={r.site}
                data-layer={r.layer}
                data-head={r.head}
                data-role={b.role}
                data-score={b.score}
              >
                {where}
                {layerHeadShort(t, r.layer, r.head)}{' '}
                <span className={`role-badge role-${b.role}`}>{badge}</span>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
