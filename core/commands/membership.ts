import { defineCommand } from '../dispatch/spec.ts';
import { formatDate, formatNumber } from '../dispatch/format.ts';

export default defineCommand({
  name: 'membership',
  role: 'member',
  guildOnly: true,
  options: [],
  async handle(ctx) {
    const member = await ctx.services.members.require({ communityId: ctx.communityId, platform: ctx.platform, userId: ctx.userId });
    const active = member.status === 'active';
    return {
      ephemeral: true,
      tone: active ? 'info' : 'warning',
      title: ctx.t('membership.title', { name: member.displayName || ctx.displayName }),
      fields: [
        { name: ctx.t('membership.status'), value: ctx.t(`membership.statuses.${member.status}`), inline: true },
        { name: ctx.t('membership.tier'), value: member.tier, inline: true },
        { name: ctx.t('membership.since'), value: formatDate(member.joinedAt, ctx.locale), inline: true },
        { name: ctx.t('membership.points'), value: formatNumber(member.pointsBalance, ctx.locale), inline: true },
        { name: ctx.t('membership.language'), value: ctx.t(`language.names.${ctx.locale}`), inline: true },
        { name: ctx.t('membership.referralCode'), value: member.referralCode, inline: true },
      ],
      text: active ? undefined : ctx.t('membership.cancelledHint', { date: formatDate(member.cancelledAt, ctx.locale) }),
    };
  },
});
