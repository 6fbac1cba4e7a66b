// Under the replay slider: the heads' roles at the step shown — the replayed snapshot's while
// replaying, else the roles every panel shows now — each head with its strongest role and score
// ("L1 H1 first 0.54"), as a badge when it reaches the threshold; a line says when none does.

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
  const rows = roleTableRows(shown.roles).flatMap((r) => (r.strongest ? [{ ...r, strongest: r.strongest }] : []));
  const several = (shown.roles?.sites.length ?? 0) > 1;
  return (
    <div className="roles-at-step" data-testid="roles-at-step" data-step={shown.step} data-from={shown.from}>
      <h4>{t('roles.replay.title', { step: shown.step })}</h4>
      {!shown.roles ? (
        <p className="help small">{t('roles.replay.missing')}</p>
      ) : (
        <>
          {!rows.some((r) => r.badge) && <p className="help small">{t('roles.replay.none', { threshold: THRESHOLD_TEXT })}</p>}
          <ul className="roles-at-step-list">
            {rows.map((r) => {
              const s = r.strongest;
              const where = several ? `${t(SITE_NAME[r.site])} · ` : '';
              const badge = t('roles.badge', { role: t(ROLE_SHORT[s.role]), score: formatScore(s.score) });
              return (
                <li
                  key={`${r.site}-${r.layer}-${r.head}`}
                  title={`${where}${t('roles.badgeAria', { head: layerHeadLabel(t, r.layer, r.head), badge, role: t(ROLE_NAME[s.role]) })}`}
                  data-site={r.site}
                  data-layer={r.layer}
                  data-head={r.head}
                  data-role={s.role}
                  data-score={s.score}
                  data-badge={r.badge ? 'true' : 'false'}
                >
                  {where}
                  {layerHeadShort(t, r.layer, r.head)} <span className={r.badge ? `role-badge role-${s.role}` : 'role-weak'}>{badge}</span>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </div>
  );
}
