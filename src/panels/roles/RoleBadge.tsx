// A head's role as the page writes it: a badge with the dominant role's short name and its score
// ("prev 0.62" / "前一个 0.62") when it reaches the threshold, and a full sentence for its accessible
// name and hover title ("layer 1, head 2: prev 0.62, previous-token head — Each token looks mostly at
// the token just before it…", the badge's words included). The roles are those of the roles context (app/RolesContext.ts).

import type { ReactNode } from 'react';
import { useI18n, type MessageKey, type Translate } from '../../app/i18n';
import { layerHeadLabel } from '../../app/labels';
import { useRoles } from '../../app/RolesContext';
import type { AttentionSite } from '../../shared/config';
import { ROLE_BADGE_THRESHOLD, rolesOfSite, type HeadRole, type HeadRoles } from '../../shared/headRoles';
import { formatScore, headRoleView, type HeadRoleView, type RolesSource } from './data';
import './roles.css';

export const ROLE_SHORT: Record<HeadRole, MessageKey> = {
  previousToken: 'roles.short.previousToken',
  firstToken: 'roles.short.firstToken',
  currentToken: 'roles.short.currentToken',
  duplicateToken: 'roles.short.duplicateToken',
  induction: 'roles.short.induction',
  previousLine: 'roles.short.previousLine',
};

export const ROLE_TINY: Record<HeadRole, MessageKey> = {
  previousToken: 'roles.tiny.previousToken',
  firstToken: 'roles.tiny.firstToken',
  currentToken: 'roles.tiny.currentToken',
  duplicateToken: 'roles.tiny.duplicateToken',
  induction: 'roles.tiny.induction',
  previousLine: 'roles.tiny.previousLine',
};

export const ROLE_NAME: Record<HeadRole, MessageKey> = {
  previousToken: 'roles.name.previousToken',
  firstToken: 'roles.name.firstToken',
  currentToken: 'roles.name.currentToken',
  duplicateToken: 'roles.name.duplicateToken',
  induction: 'roles.name.induction',
  previousLine: 'roles.name.previousLine',
};

export const ROLE_EXPLAIN: Record<HeadRole, MessageKey> = {
  previousToken: 'roles.explain.previousToken',
  firstToken: 'roles.explain.firstToken',
  currentToken: 'roles.explain.currentToken',
  duplicateToken: 'roles.explain.duplicateToken',
  induction: 'roles.explain.induction',
  previousLine: 'roles.explain.previousLine',
};

export const ROLE_DEF: Record<HeadRole, MessageKey> = {
  previousToken: 'roles.def.previousToken',
  firstToken: 'roles.def.firstToken',
  currentToken: 'roles.def.currentToken',
  duplicateToken: 'roles.def.duplicateToken',
  induction: 'roles.def.induction',
  previousLine: 'roles.def.previousLine',
};

/** Between two sentences: a space in English, nothing after a Chinese full stop. */
export function sentenceGap(lang: string): string {
  return lang === 'zh-CN' ? '' : ' ';
}

/** The threshold as the page writes it ("0.40" would read as more precise than it is). */
export const THRESHOLD_TEXT = String(ROLE_BADGE_THRESHOLD);

/** Everything the page says about one head's roles. */
export interface HeadRoleText {
  view: HeadRoleView;
  /** The badge's text ("prev 0.62"), or null below the threshold. */
  badge: string | null;
  /** One sentence for screen readers and hover: the head, its role and score (or none), in words. */
  sentence: string;
  /** The roles' source (the model now, a training snapshot, the replay). */
  from: RolesSource | null;
  step: number | null;
}

export function headRoleText(t: Translate, roles: HeadRoles | null | undefined, site: AttentionSite, layer: number, head: number): Omit<HeadRoleText, 'from' | 'step'> {
  const view = headRoleView(rolesOfSite(roles, site), layer, head);
  const name = layerHeadLabel(t, layer, head);
  if (view.badge) {
    const { role, score } = view.badge;
    const badge = t('roles.badge', { role: t(ROLE_SHORT[role]), score: formatScore(score) });
    return { view, badge, sentence: `${t('roles.badgeAria', { head: name, badge, role: t(ROLE_NAME[role]) })} — ${t(ROLE_EXPLAIN[role])}` };
  }
  if (view.strongest) {
    const { role, score } = view.strongest;
    return { view, badge: null, sentence: t('roles.noneAria', { head: name, threshold: THRESHOLD_TEXT, role: t(ROLE_NAME[role]), score: formatScore(score) }) };
  }
  return { view, badge: null, sentence: name };
}

/** The head's roles from the roles context. */
export function useHeadRole(site: AttentionSite, layer: number, head: number): HeadRoleText {
  const { t } = useI18n();
  const { shown } = useRoles();
  return { ...headRoleText(t, shown?.roles, site, layer, head), from: shown?.from ?? null, step: shown?.step ?? null };
}

/** The badge itself (nothing below the threshold); its data attributes carry the exact score. */
export function RoleBadgeView({ text, site, layer, head }: { text: HeadRoleText; site: AttentionSite; layer: number; head: number }): ReactNode {
  const b = text.view.badge;
  if (!b || !text.badge) return null;
  return (
    <span
      className={`role-badge role-${b.role}`}
      title={text.sentence}
      data-testid="role-badge"
      data-role={b.role}
      data-score={b.score}
      data-site={site}
      data-layer={layer}
      data-head={head}
      data-from={text.from ?? undefined}
      data-step={text.step ?? undefined}
    >
      {text.badge}
    </span>
  );
}

/** The badge of one head, read from the roles context. */
export function RoleBadge({ site, layer, head }: { site: AttentionSite; layer: number; head: number }): ReactNode {
  const text = useHeadRole(site, layer, head);
  return <RoleBadgeView text={text} site={site} layer={layer} head={head} />;
}
