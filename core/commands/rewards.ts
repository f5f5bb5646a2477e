import { runningLines } from '../campaigns/campaign-text.ts';
import { defineCommand } from '../dispatch/spec.ts';
import { formatNumber } from '../format.ts';
import { activeCaller } from '../dispatch/members-of.ts';

export default defineCommand({
  name: 'rewards',
  role: 'member',
  guildOnly: true,
  options: [],
  async handle(ctx) {
    const member = await activeCaller(ctx);
    const items = await ctx.services.loyalty.catalog.redeemableFor(ctx.communityId, member.tier);
    const balance = formatNumber(member.pointsBalance, ctx.locale);
    const campaigns = await ctx.services.campaigns.campaigns.runningFor(member, ctx.now);
    const running =
      campaigns.length > 0
        ? `\n${ctx.t('campaigns.runningTitle')}:\n${runningLines(ctx.t, ctx.locale, campaigns)}`
        : '';
    if (items.length === 0)
      return {
        ephemeral: true,
        tone: 'info',
        title: ctx.t('rewards.title', { balance }),
        text: `${ctx.t('rewards.none')}${running}`,
      };
    return {
      ephemeral: true,
      tone: 'info',
      title: ctx.t('rewards.title', { balance }),
      text: `${ctx.t('rewards.howTo')}${running}`,
      fields: items.slice(0, 25).map((item) => ({
        name: `${item.title} (${item.itemId})`,
        value: ctx.t(item.stock == null ? 'rewards.lineUnlimited' : 'rewards.line', {
          cost: formatNumber(item.cost, ctx.locale),
          stock: item.stock ?? 0,
          affordable: ctx.t(item.cost <= member.pointsBalance ? 'rewards.affordable' : 'rewards.notYet'),
          description: item.description || '',
        }),
      })),
    };
  },
});
