import { runningLines } from '../campaigns/campaign-text.ts';
import { defineCommand, type CommandContext } from '../dispatch/spec.ts';
import { formatDate, formatNumber } from '../format.ts';
import { caller, callerKey } from '../dispatch/members-of.ts';
import type { MemberDoc } from '../db/models.ts';
import { loyaltySettings } from '../loyalty/settings.ts';
import { nextTier, paidTierActive, tierByName, tierForPoints } from '../loyalty/tiers.ts';
import type { ReplyField } from '../types.ts';

async function tierFields(ctx: CommandContext, member: MemberDoc): Promise<ReplyField[]> {
  const settings = loyaltySettings(ctx.community);
  const tierPoints = await ctx.services.loyalty.tiers.tierPoints(member, settings, ctx.now);
  const tier = tierByName(settings, member.tier) ?? tierForPoints(settings, tierPoints);
  const next = nextTier(settings, tierForPoints(settings, tierPoints));
  const progress = next
    ? ctx.t('membership.progress', {
        points: formatNumber(next.threshold - tierPoints, ctx.locale),
        tier: next.name,
        basis: ctx.t(`membership.basis.${settings.tierBasis}`),
      })
    : ctx.t('membership.topTier');
  const fields: ReplyField[] = [
    { name: ctx.t('membership.nextTier'), value: progress },
    { name: ctx.t('membership.benefits'), value: tier.benefits[ctx.locale] || tier.benefits.en || '—' },
  ];
  if (paidTierActive(member, settings, ctx.now) && member.paidUntil) {
    fields.push({ name: ctx.t('membership.renews'), value: formatDate(member.paidUntil, ctx.locale), inline: true });
  }
  const campaigns = await ctx.services.campaigns.campaigns.runningFor(member, ctx.now);
  if (campaigns.length > 0)
    fields.push({ name: ctx.t('campaigns.runningTitle'), value: runningLines(ctx.t, ctx.locale, campaigns) });
  return fields;
}

export default defineCommand({
  name: 'membership',
  role: 'member',
  guildOnly: true,
  options: [],
  async handle(ctx) {
    const member = caller(ctx);
    const active = member.status === 'active';
    const balance = (await ctx.services.loyalty.ledger.totals(callerKey(ctx))).balance;
    return {
      ephemeral: true,
      tone: active ? 'info' : 'warning',
      title: ctx.t('membership.title', { name: member.displayName || ctx.displayName }),
      fields: [
        { name: ctx.t('membership.status'), value: ctx.t(`membership.statuses.${member.status}`), inline: true },
        { name: ctx.t('membership.tier'), value: member.tier, inline: true },
        { name: ctx.t('membership.since'), value: formatDate(member.joinedAt, ctx.locale), inline: true },
        { name: ctx.t('membership.points'), value: formatNumber(balance, ctx.locale), inline: true },
        { name: ctx.t('membership.language'), value: ctx.t(`language.names.${ctx.locale}`), inline: true },
        { name: ctx.t('membership.referralCode'), value: member.referralCode, inline: true },
        ...(active ? await tierFields(ctx, member) : []),
      ],
      text: active
        ? undefined
        : ctx.t('membership.cancelledHint', { date: formatDate(member.cancelledAt, ctx.locale) }),
    };
  },
});
