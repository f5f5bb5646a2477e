import { UserError } from '../errors.ts';
import { defineCommand, type CommandContext } from '../dispatch/spec.ts';
import { ITEM_ID_PATTERN } from '../loyalty/catalog.ts';
import type { Reply } from '../types.ts';
import { formatNumber } from '../format.ts';
import { activeCaller } from '../dispatch/members-of.ts';

export default defineCommand({
  name: 'redeem',
  role: 'member',
  guildOnly: true,
  options: [{ name: 'reward', type: 'string', required: true, maxLength: 80, suggest: 'rewards' }],
  async handle(ctx, args) {
    return redeem(ctx, args.reward);
  },
  /** "Redeem <reward>" on a button (a churn nudge's DM, routed here): the same as typing /redeem. */
  async onButton(ctx, verb, itemId) {
    if (verb !== 'item' || !ITEM_ID_PATTERN.test(itemId)) throw new UserError('BUTTON.INVALID');
    return redeem(ctx, itemId);
  },
});

async function redeem(ctx: CommandContext, reward: string): Promise<Reply> {
  const member = await activeCaller(ctx);
  const { catalog, orders, ledger } = ctx.services.loyalty;
  const item = await catalog.lookup(ctx.communityId, reward);
  if (!item || !item.active) throw new UserError('ITEM.NOT_FOUND', { item: reward });
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
}
