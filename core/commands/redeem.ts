import { UserError } from '../errors.ts';
import { defineCommand } from '../dispatch/spec.ts';
import { formatNumber } from '../format.ts';
import { activeCaller } from '../dispatch/members-of.ts';

export default defineCommand({
  name: 'redeem',
  role: 'member',
  guildOnly: true,
  options: [{ name: 'reward', type: 'string', required: true, maxLength: 80, suggest: 'rewards' }],
  async handle(ctx, args) {
    const member = await activeCaller(ctx);
    const { catalog, orders, ledger } = ctx.services.loyalty;
    const item = await catalog.lookup(ctx.communityId, args.reward);
    if (!item || !item.active) throw new UserError('ITEM.NOT_FOUND', { item: args.reward });
    const order = await orders.redeem(member, item, ctx.invocationId, ctx.now);
    const balance = (await ledger.totals({ communityId: ctx.communityId, platform: ctx.platform, userId: ctx.userId }))
      .balance;
    return {
      ephemeral: true,
      tone: 'success',
      title: ctx.t('redeem.title'),
      text: ctx.t('redeem.done', {
        item: order.itemTitle,
        cost: formatNumber(order.cost, ctx.locale),
        order: order.orderId,
        balance: formatNumber(balance, ctx.locale),
      }),
    };
  },
});
