// The table of every role score: every self-attention site, layer and head (rows) × every role
// (columns), "—" where a role is undefined on the probe, each head's strongest role in bold; then
// what each role means — its exact pattern and, for a beginner, in words — and how the score is made
// (docs/head-roles.md).

import type { ReactNode } from 'react';
import { useI18n, type MessageKey } from '../../app/i18n';
import { layerHeadLabel, layerHeadShort } from '../../app/labels';
import type { AttentionSite } from '../../shared/config';
import { HEAD_ROLES, type HeadRoles } from '../../shared/headRoles';
import { formatScore, roleTableRows } from './data';
import { ROLE_DEF, ROLE_EXPLAIN, ROLE_NAME, ROLE_SHORT, THRESHOLD_TEXT } from './RoleBadge';

export const SITE_NAME: Record<AttentionSite, MessageKey> = {
  decoder: 'seq2seq.site.decoder',
  encoder: 'seq2seq.site.encoder',
  'decoder-self': 'seq2seq.site.decoderSelf',
  cross: 'seq2seq.site.cross',
};

/** The length of the repeated half of the induction probe (its tokens without <bos>, halved). */
export function repeatHalf(roles: HeadRoles | null | undefined): number {
  const tokens = roles?.sites[0]?.repeatTokens ?? [];
  return Math.floor(tokens.filter((t) => t !== '<bos>').length / 2);
}

export function RolesTable({ roles, id }: { roles: HeadRoles; id: string }): ReactNode {
  const { t } = useI18n();
  const rows = roleTableRows(roles);
  const several = roles.sites.length > 1;
  return (
    <div className="roles-table-block" id={id} data-testid="roles-table-block">
      <div className="table-scroll roles-table-scroll" role="region" aria-labelledby={`${id}-caption`} tabIndex={0}>
        <table className="roles-table" data-testid="roles-table">
          <caption id={`${id}-caption`}>{t('roles.tableCaption', { threshold: THRESHOLD_TEXT })}</caption>
          <thead>
            <tr>
              {several && <th scope="col">{t('roles.col.site')}</th>}
              <th scope="col">{t('roles.col.head')}</th>
              {HEAD_ROLES.map((role) => (
                <th key={role} scope="col" title={t(ROLE_NAME[role])}>
                  {t(ROLE_SHORT[role])}
                </th>
              ))}
              <th scope="col">{t('roles.col.strongest')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={`${r.site}-${r.layer}-${r.head}`} data-testid="roles-row" data-site={r.site} data-layer={r.layer} data-head={r.head}>
                {several && <td>{t(SITE_NAME[r.site])}</td>}
                <th scope="row" title={layerHeadLabel(t, r.layer, r.head)}>
                  {layerHeadShort(t, r.layer, r.head)}
                </th>
                {HEAD_ROLES.map((role) => {
                  const v = r.scores[role];
                  const strongest = r.strongest?.role === role;
                  return (
                    <td
                      key={role}
                      className={['num', strongest ? 'strongest' : '', r.badge?.role === role ? 'badged' : ''].filter(Boolean).join(' ')}
                      data-role={role}
                      data-score={v ?? undefined}
                      title={v === null ? t('roles.undefined') : undefined}
                    >
                      {formatScore(v)}
                    </td>
                  );
                })}
                <td>{r.strongest ? t(ROLE_SHORT[r.strongest.role]) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <RoleDefinitions roles={roles} />
    </div>
  );
}

/** What each role means: its exact pattern and, for a beginner, in words; how the score is made. */
export function RoleDefinitions({ roles }: { roles: HeadRoles | null }): ReactNode {
  const { t } = useI18n();
  return (
    <div className="role-definitions" data-testid="role-definitions">
      <h4>{t('roles.definitions')}</h4>
      <p className="help small">{t('roles.scoreRule', { threshold: THRESHOLD_TEXT })}</p>
      <p className="help small">{t('roles.probes', { n: repeatHalf(roles) })}</p>
      <dl>
        {HEAD_ROLES.map((role) => (
          <div key={role} className="role-definition" data-role={role}>
            <dt>
              <span className={`role-badge role-${role}`}>{t(ROLE_SHORT[role])}</span> {t(ROLE_NAME[role])}
            </dt>
            <dd>
              {t(ROLE_EXPLAIN[role])}
              <br />
              <span className="muted">{t('roles.patternIs', { pattern: t(ROLE_DEF[role]) })}</span>
            </dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
