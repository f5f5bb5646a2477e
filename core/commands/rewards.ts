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
    if (items.length === 0)
      return { ephemeral: true, tone: 'info', title: ctx.t('rewards.title', { balance }), text: ctx.t('rewards.none') };
    return {
      ephemeral: true,
      tone: 'info',
      title: ctx.t('rewards.title', { balance }),
      text: ctx.t('rewards.howTo'),
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
