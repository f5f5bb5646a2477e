import { UserError } from '../errors.ts';
import { defineCommand, type CommandContext } from '../dispatch/spec.ts';
import { formatDate, formatNumber } from '../format.ts';
import { activeCaller, caller, callerKey, requireRole } from '../dispatch/members-of.ts';
import type { OrderDoc } from '../db/loyalty-models.ts';
import { loyaltySettings } from '../loyalty/settings.ts';
import type { Reply } from '../types.ts';

async function listOrders(ctx: CommandContext): Promise<Reply> {
  const member = caller(ctx);
  const orders = await ctx.services.loyalty.orders.listFor(member, 10);
  if (orders.length === 0)
    return { ephemeral: true, tone: 'info', title: ctx.t('orders.title'), text: ctx.t('orders.none') };
  return {
    ephemeral: true,
    tone: 'info',
    title: ctx.t('orders.title'),
    fields: orders.map((order) => ({
      name: `${order.orderId} — ${order.itemTitle}`,
      value: ctx.t('orders.line', {
        status: ctx.t(`orders.statuses.${order.status}`),
        cost: formatNumber(order.cost, ctx.locale),
        date: formatDate(order.createdAt, ctx.locale),
      }),
    })),
  };
}

export default defineCommand({
  name: 'orders',
  role: 'member',
  guildOnly: true,
  options: [
    { name: 'action', type: 'string', choices: ['list', 'cancel', 'fulfil'] },
    { name: 'order', type: 'string', maxLength: 24 },
  ],
  async handle(ctx, args) {
    const action = args.action ?? 'list';
    if (action === 'list') return listOrders(ctx);
    if (!args.order) throw new UserError('ARGS.MISSING', { option: 'order' });
    const { orders } = ctx.services.loyalty;
    if (action === 'cancel') {
      const admin = ctx.role === 'admin';
      if (!admin) await activeCaller(ctx);
      const windowHours = loyaltySettings(ctx.community).orderCancelHours;
      const order = await orders.cancel(callerKey(ctx), args.order, ctx.now, { admin, windowHours });
      if (order.userId !== ctx.userId) await audit(ctx, 'order.cancel', order);
      return {
        ephemeral: true,
        tone: 'success',
        text: ctx.t('orders.cancelled', { order: order.orderId, cost: formatNumber(order.cost, ctx.locale) }),
      };
    }
    requireRole(ctx, 'admin', 'orders fulfil');
    const order = await orders.fulfil(ctx.communityId, args.order, ctx.now);
    await audit(ctx, 'order.fulfil', order);
    return { ephemeral: true, tone: 'success', text: ctx.t('orders.fulfilled', { order: order.orderId }) };
  },
});

async function audit(ctx: CommandContext, action: string, order: OrderDoc): Promise<void> {
  await ctx.audit({
    key: `${action}:${order.orderId}`,
    action,
    targetId: order.userId,
    details: { orderId: order.orderId },
  });
}
