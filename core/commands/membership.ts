import { runningLines } from '../campaigns/campaign-text.ts';
import { defineCommand, type CommandContext } from '../dispatch/spec.ts';
import { formatDate, formatNumber } from '../format.ts';
import { activeCaller, caller, callerKey } from '../dispatch/members-of.ts';
import type { MemberDoc } from '../db/models.ts';
import { loyaltySettings } from '../loyalty/settings.ts';
import { nextTier, paidTierActive, tierByName, tierForPoints } from '../loyalty/tiers.ts';
import { UserError } from '../errors.ts';
import type { Reply, ReplyField } from '../types.ts';

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
  // While paused the paid period is frozen: its end moves out by the pause, so no date yet.
  if (member.status === 'active' && paidTierActive(member, settings, ctx.now) && member.paidUntil) {
    fields.push({ name: ctx.t('membership.renews'), value: formatDate(member.paidUntil, ctx.locale), inline: true });
  }
  const campaigns = await ctx.services.campaigns.campaigns.runningFor(member, ctx.now);
  if (campaigns.length > 0)
    fields.push({ name: ctx.t('campaigns.runningTitle'), value: runningLines(ctx.t, ctx.locale, campaigns) });
  return fields;
}

/** `/membership resume` ends a pause early; `offers-on|off` turns DMs with offers (churn nudges) on or off. */
async function act(ctx: CommandContext, action: string): Promise<Reply> {
  const member = caller(ctx);
  if (action === 'resume') {
    if (member.status !== 'paused') throw new UserError('MEMBER.NOT_PAUSED');
    const fresh = await ctx.services.members.require(callerKey(ctx));
    if (!(await ctx.services.loyalty.pauses.resume(fresh, ctx.community, ctx.now)))
      throw new UserError('MEMBER.NOT_PAUSED');
    return { ephemeral: true, tone: 'success', text: ctx.t('membership.resumed') };
  }
  if (member.status === 'cancelled') throw new UserError('MEMBER.NOT_ACTIVE');
  const on = action === 'offers-on';
  await ctx.services.members.setOfferDms(callerKey(ctx), on);
  return { ephemeral: true, tone: 'success', text: ctx.t(on ? 'membership.offersOn' : 'membership.offersOff') };
}

function statusHint(ctx: CommandContext, member: MemberDoc): string | undefined {
  if (member.status === 'paused')
    return ctx.t('membership.pausedHint', { date: formatDate(member.pausedUntil, ctx.locale) });
  if (member.status === 'cancelled')
    return ctx.t('membership.cancelledHint', { date: formatDate(member.cancelledAt, ctx.locale) });
  return undefined;
}

export default defineCommand({
  name: 'membership',
  role: 'member',
  guildOnly: true,
  options: [{ name: 'action', type: 'string', choices: ['show', 'resume', 'offers-on', 'offers-off'] }],
  async handle(ctx, args) {
    if (args.action && args.action !== 'show') return act(ctx, args.action);
    return card(ctx);
  },
  /** A churn nudge's DM buttons (routed to this community): claim its bonus, or no more offers. */
  async onButton(ctx, verb, day) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new UserError('BUTTON.INVALID');
    if (verb === 'nooffers') return act(ctx, 'offers-off');
    if (verb !== 'claim') throw new UserError('BUTTON.INVALID');
    const points = await ctx.services.retention.nudges.claim(await activeCaller(ctx), day, ctx.now);
    return {
      ephemeral: true,
      tone: 'success',
      text: ctx.t(points > 0 ? 'nudge.claimed' : 'nudge.alreadyClaimed', { points }),
    };
  },
});

async function card(ctx: CommandContext): Promise<Reply> {
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
      ...(member.status === 'cancelled' ? [] : await tierFields(ctx, member)),
    ],
    text: statusHint(ctx, member),
  };
}
