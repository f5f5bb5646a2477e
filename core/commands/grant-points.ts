import { UserError } from '../errors.ts';
import { defineCommand } from '../dispatch/spec.ts';
import { formatNumber } from '../format.ts';
import { targetMember } from '../dispatch/members-of.ts';
import type { Platform } from '../types.ts';

export default defineCommand({
  name: 'grant-points',
  role: 'admin',
  guildOnly: true,
  formWhenEmpty: true,
  options: [
    { name: 'user', type: 'user', required: true },
    { name: 'amount', type: 'integer', required: true, min: -1_000_000, max: 1_000_000 },
    { name: 'reason', type: 'string', required: true, maxLength: 200 },
  ],
  async handle(ctx, args) {
    if (args.amount === 0) throw new UserError('POINTS.INVALID_AMOUNT');
    const target = await targetMember(ctx, args.user);
    // A paused member keeps their points, and an admin may still adjust them.
    if (target.status === 'cancelled')
      throw new UserError('MEMBER.ALREADY_CANCELLED', { user: target.displayName || target.userId });
    const { ledger, tiers, notices } = ctx.services.loyalty;
    const key = { communityId: ctx.communityId, platform: target.platform as Platform, userId: target.userId };
    const name = target.displayName || target.userId;
    const { entry, replayed } = await ledger
      .apply({
        member: key,
        delta: args.amount,
        kind: 'adjust',
        reason: 'admin-grant',
        source: 'admin',
        idempotencyKey: `grant:${ctx.invocationId}`,
        meta: { by: ctx.userId, note: args.reason },
      })
      .catch((error: unknown) => {
        if (error instanceof UserError && error.code === 'POINTS.INSUFFICIENT')
          throw new UserError('POINTS.TARGET_INSUFFICIENT', { user: name, ...error.params });
        throw error;
      });
    if (!replayed) {
      await ctx.audit({
        key: `grant:${ctx.invocationId}`,
        action: 'points.grant',
        targetId: target.userId,
        reason: args.reason,
        details: { amount: args.amount, balance: entry.balance },
      });
      if (args.amount > 0) await tiers.reassess(target, ctx.community, ctx.now, { allowDemotion: false });
      await notices.tell(target, ctx.community, (t) => ({
        tone: 'info',
        title: t(args.amount > 0 ? 'grant.dmTitleCredit' : 'grant.dmTitleDebit', { amount: Math.abs(args.amount) }),
        text: t('grant.dmText', { reason: args.reason, balance: entry.balance }),
      }));
    }
    return {
      ephemeral: true,
      tone: 'success',
      text: ctx.t('grant.done', {
        user: name,
        amount: formatNumber(args.amount, ctx.locale),
        balance: formatNumber(entry.balance, ctx.locale),
      }),
    };
  },
});
