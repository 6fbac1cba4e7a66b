// The Attention panel's word on the selected head: its badge, its role in a sentence and what that
// role means for a beginner (or, below the threshold, its strongest role and score), which step the
// roles are of while replaying, and the button that opens the table of every score with the
// definitions (RolesTable).

import { useId, useState, type ReactNode } from 'react';
import { useI18n } from '../../app/i18n';
import { layerHeadLabel } from '../../app/labels';
import { useRoles } from '../../app/RolesContext';
import type { AttentionSite } from '../../shared/config';
import type { HeadRef } from '../../shared/protocol';
import { formatScore } from './data';
import { headRoleText, RoleBadgeView, ROLE_EXPLAIN, ROLE_NAME, sentenceGap, THRESHOLD_TEXT } from './RoleBadge';
import { RolesTable } from './RolesTable';

export function HeadRolesBox({ site, head }: { site: AttentionSite; head: HeadRef }): ReactNode {
  const { t, lang } = useI18n();
  const gap = sentenceGap(lang);
  const { shown, busy } = useRoles();
  const [open, setOpen] = useState(false);
  const tableId = `roles-table-${useId().replace(/:/g, '')}`;
  const roles = shown?.roles ?? null;
  const measuredHere = roles?.sites.some((s) => s.site === site) ?? false;
  const text = { ...headRoleText(t, roles, site, head.layer, head.head), from: shown?.from ?? null, step: shown?.step ?? null };
  const name = layerHeadLabel(t, head.layer, head.head, { capital: true });
  const b = text.view.badge;
  const top = text.view.strongest;

  let line: ReactNode;
  if (!roles) line = busy || !shown ? t('roles.measuring') : t('roles.replay.missing');
  else if (!measuredHere) line = t('roles.selectedUndefined');
  else if (b) {
    line = (
      <>
        {t('roles.selected', { head: name, role: t(ROLE_NAME[b.role]), score: formatScore(b.score) })}
        {gap}
        {t(ROLE_EXPLAIN[b.role])}
      </>
    );
  } else if (top) {
    line = (
      <>
        {t('roles.selectedNone', { head: name, threshold: THRESHOLD_TEXT, role: t(ROLE_NAME[top.role]), score: formatScore(top.score) })}
        {gap}
        {t(ROLE_EXPLAIN[top.role])}
      </>
    );
  } else line = t('roles.selectedUndefined');

  return (
    <div className="head-roles" data-testid="head-roles" data-site={site} data-layer={head.layer} data-head={head.head}>
      <h3>{t('roles.title')}</h3>
      <p className="head-roles-line" data-testid="selected-role" data-role={(b ?? top)?.role} data-score={(b ?? top)?.score} data-badge={b ? 'true' : 'false'}>
        <RoleBadgeView text={text} site={site} layer={head.layer} head={head.head} /> {line}
      </p>
      {shown?.from === 'replay' && (
        <p className="note" data-testid="roles-replay-note">
          {t('roles.replayNote', { step: shown.step })}
        </p>
      )}
      {roles && (
        <>
          <button
            type="button"
            className="link-button"
            aria-expanded={open}
            aria-controls={open ? tableId : undefined}
            onClick={() => setOpen((o) => !o)}
            data-testid="roles-table-toggle"
          >
            {open ? t('roles.tableClose') : t('roles.tableOpen')}
          </button>
          {open && <RolesTable roles={roles} id={tableId} />}
        </>
      )}
    </div>
  );
}
