import { defineCommand } from '../dispatch/spec.ts';
import { formatDate, formatNumber } from '../format.ts';
import { targetMember } from '../dispatch/members-of.ts';
import type { Persona } from '../personas/personas.ts';
import { personaLabel } from '../personas/label.ts';
import { formatChurnRisk } from '../personas/persona-report.ts';

export default defineCommand({
  name: 'member',
  role: 'manager',
  guildOnly: true,
  options: [{ name: 'user', type: 'user', required: true }],
  async handle(ctx, args) {
    const member = await targetMember(ctx, args.user);
    const { personas } = ctx.services.insights;
    const [assignment, snapshot, orders] = await Promise.all([
      personas.ofMember(ctx.communityId, member.platform, member.userId),
      personas.latest(ctx.communityId),
      ctx.services.loyalty.orders.listFor(member, 100),
    ]);
    const persona =
      assignment && snapshot?._id === assignment.snapshotId
        ? (snapshot.personas as Persona[])[assignment.persona]
        : undefined;
    const risk = assignment ? formatChurnRisk(ctx.t, assignment.churnRisk, assignment.churnFactors) : '—';
    return {
      ephemeral: true,
      tone: 'info',
      title: member.displayName || member.userId,
      fields: [
        { name: ctx.t('membership.status'), value: ctx.t(`membership.statuses.${member.status}`), inline: true },
        { name: ctx.t('membership.tier'), value: member.tier, inline: true },
        { name: ctx.t('membership.since'), value: formatDate(member.joinedAt, ctx.locale), inline: true },
        { name: ctx.t('membership.points'), value: formatNumber(member.pointsBalance, ctx.locale), inline: true },
        { name: ctx.t('points.earnedTotal'), value: formatNumber(member.earnedTotal, ctx.locale), inline: true },
        {
          name: ctx.t('privacy.orders'),
          value: String(orders.filter((o) => o.status === 'placed' || o.status === 'fulfilled').length),
          inline: true,
        },
        {
          name: ctx.t('personas.persona'),
          value: persona ? personaLabel(ctx.t, persona) : ctx.t('personas.unassigned'),
        },
        { name: ctx.t('personas.churnRisk'), value: risk },
      ],
    };
  },
});
