import { z } from 'zod';
import { UserError } from '../errors.ts';
import { defineCommand } from '../dispatch/spec.ts';
import type { CommandContext } from '../dispatch/spec.ts';
import type { MemberDoc } from '../db/models.ts';
import { firstSupportedLocale } from '../i18n.ts';

const payloadSchema = z.object({ userId: z.string().min(1).max(64), reason: z.string().max(300).nullable() });
type Payload = z.infer<typeof payloadSchema>;

async function loadTarget(ctx: CommandContext, userId: string): Promise<MemberDoc> {
  // Cancelling someone else is an admin action; members may only cancel themselves.
  if (userId !== ctx.userId && ctx.role !== 'admin')
    throw new UserError('AUTH.FORBIDDEN', { command: 'cancel-membership' });
  const code = userId === ctx.userId ? 'MEMBER.NOT_FOUND' : 'MEMBER.TARGET_NOT_FOUND';
  const target = await ctx.services.members.require(
    { communityId: ctx.communityId, platform: ctx.platform, userId },
    code,
  );
  if (target.status !== 'active')
    throw new UserError('MEMBER.ALREADY_CANCELLED', { user: target.displayName || userId });
  return target;
}

export default defineCommand({
  name: 'cancel-membership',
  role: 'member',
  guildOnly: true,
  options: [
    { name: 'user', type: 'user' },
    { name: 'reason', type: 'string', maxLength: 300 },
  ],
  confirmPayload: payloadSchema,
  async handle(ctx, args) {
    const target = await loadTarget(ctx, args.user ?? ctx.userId);
    const self = target.userId === ctx.userId;
    const name = target.displayName || target.userId;
    return ctx.askConfirmation({
      payload: { userId: target.userId, reason: args.reason ?? null } satisfies Payload,
      title: ctx.t('cancel.confirmTitle'),
      text: ctx.t(self ? 'cancel.confirmSelf' : 'cancel.confirmOther', {
        name,
        reason: args.reason ?? ctx.t('cancel.noReason'),
      }),
      confirmLabel: ctx.t('cancel.confirmButton'),
      danger: true,
    });
  },
  async confirm(ctx, payload: Payload) {
    const target = await loadTarget(ctx, payload.userId);
    const { members, roleSync } = ctx.services;
    if (!(await members.cancel(target, payload.reason, ctx.now))) {
      throw new UserError('MEMBER.ALREADY_CANCELLED', { user: target.displayName || target.userId });
    }
    await ctx.audit({
      key: `membership.cancel:${target.userId}:${ctx.now.toISOString()}`,
      action: 'membership.cancel',
      targetId: target.userId,
      reason: payload.reason,
    });
    const rolesRemoved = await roleSync
      ?.setTier({ platform: ctx.platform, communityId: ctx.communityId, userId: target.userId }, null)
      .then(() => true)
      .catch((error: unknown) => {
        // Missing permissions or role hierarchy: the cancellation stands; the admin is told.
        ctx.services.logger.warn({ err: error, userId: target.userId }, 'tier role not removed');
        return false;
      });
    await notifyCancelled(ctx, target, payload.reason);
    const name = target.displayName || target.userId;
    const lines = [ctx.t(target.userId === ctx.userId ? 'cancel.doneSelf' : 'cancel.doneOther', { name })];
    if (rolesRemoved === false) lines.push(ctx.t('cancel.roleSyncFailed'));
    return { ephemeral: true, tone: rolesRemoved === false ? 'warning' : 'success', text: lines.join('\n') };
  },
});

async function notifyCancelled(ctx: CommandContext, target: MemberDoc, reason: string | null): Promise<void> {
  const t = ctx.services.translator.forLocale(
    firstSupportedLocale(target.language, ctx.community.defaultLocale) ?? ctx.locale,
  );
  const message = {
    ephemeral: false,
    tone: 'warning' as const,
    title: t('cancel.dmTitle'),
    text: t('cancel.dmText', {
      community: ctx.community.name || ctx.communityId,
      reason: reason ?? t('cancel.noReason'),
    }),
  };
  try {
    await ctx.services.notifier.send(
      { kind: 'member', platform: ctx.platform, communityId: ctx.communityId, userId: target.userId },
      message,
    );
  } catch (error) {
    // The cancellation stands; a failed DM must not undo it or surface as a failure to the admin.
    ctx.services.logger.warn({ err: error, userId: target.userId }, 'cancellation notice not delivered');
  }
}
