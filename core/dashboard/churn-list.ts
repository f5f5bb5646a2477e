import type { PersonaSnapshotDoc } from '../db/models.ts';
import type { ChurnSummary } from '../personas/personas.ts';
import { pageLink, type PageContext } from './page.ts';

/** The members most at risk of leaving, with their factors in words and a link to their card (admins). */
export function atRiskList(ctx: PageContext, snapshot: PersonaSnapshotDoc | null) {
  const churn = snapshot?.churn as ChurnSummary | null | undefined;
  if (!churn) return { atRisk: 0, threshold: 0, members: [] };
  return {
    atRisk: churn.atRisk,
    threshold: churn.threshold,
    members: churn.mostAtRisk.map((member) => ({
      name: member.displayName || member.userId,
      risk: member.risk,
      factors: member.factors.map((factor) => ctx.t(`personas.churnFactors.${factor}`)),
      link: pageLink('members', { member: `${member.platform}|${member.userId}` }),
    })),
  };
}
