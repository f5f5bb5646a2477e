import { z } from 'zod';
import { UserError } from '../errors.ts';
import { defineCommand } from '../dispatch/spec.ts';
import type { CommandContext } from '../dispatch/spec.ts';
import type { MemberDoc } from '../db/models.ts';
import { firstSupportedLocale } from '../i18n.ts';
import { acceptedReply, offerReply, otherReasonForm, reasonPicker } from '../retention/save-flow-replies.ts';
import { retentionSettings, SAVE_REASONS, type SaveReason } from '../retention/settings.ts';
import type { Reply } from '../types.ts';

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
  if (target.status === 'cancelled')
    throw new UserError('MEMBER.ALREADY_CANCELLED', { user: target.displayName || userId });
  return target;
}

/** Cancels, audits and takes the tier role away; the same for an admin's confirmation and the save flow. */
async function cancel(ctx: CommandContext, target: MemberDoc, reason: string | null): Promise<Reply> {
  const { members, roleSync } = ctx.services;
  if (!(await members.cancel(target, reason, ctx.now))) {
    throw new UserError('MEMBER.ALREADY_CANCELLED', { user: target.displayName || target.userId });
  }
  await ctx.audit({
    key: `membership.cancel:${target.userId}:${ctx.now.toISOString()}`,
    action: 'membership.cancel',
    targetId: target.userId,
    reason,
  });
  const rolesRemoved = await roleSync
    ?.setTier({ platform: ctx.platform, communityId: ctx.communityId, userId: target.userId }, null)
    .then(() => true)
    .catch((error: unknown) => {
      // Missing permissions or role hierarchy: the cancellation stands; the admin is told.
      ctx.services.logger.warn({ err: error, userId: target.userId }, 'tier role not removed');
      return false;
    });
  const self = target.userId === ctx.userId;
  if (!self) await notifyCancelled(ctx, target, reason);
  const name = target.displayName || target.userId;
  const lines = [ctx.t(self ? 'cancel.doneSelf' : 'cancel.doneOther', { name })];
  if (rolesRemoved === false) lines.push(ctx.t('cancel.roleSyncFailed'));
  return { ephemeral: true, tone: rolesRemoved === false ? 'warning' : 'success', text: lines.join('\n') };
}

const PAUSE_VERB = /^pause([1-3])$/;

/** A press in the save flow: a reason, an offer taken, the cancellation itself, or staying. */
async function saveFlowStep(ctx: CommandContext, verb: string, attemptId: string, input?: string): Promise<Reply> {
  const { saveFlow } = ctx.services.retention;
  const attempt = await saveFlow.open(ctx.communityId, attemptId, { platform: ctx.platform, userId: ctx.userId });
  const member = await loadTarget(ctx, ctx.userId);
  if ((SAVE_REASONS as readonly string[]).includes(verb)) {
    if (verb === 'other' && !input && !attempt.note && !attempt.reason) return otherReasonForm(ctx.t, attemptId);
    const note = input ? input.slice(0, 300) : null;
    const offer = await saveFlow.chooseReason(attempt, verb as SaveReason, note, member, ctx.community, ctx.now);
    return offerReply(ctx.t, attemptId, offer);
  }
  if (verb === 'stay') {
    await saveFlow.decide(attempt, 'kept', ctx.now);
    return { ephemeral: true, tone: 'success', text: ctx.t('save.kept') };
  }
  if (verb === 'cancel') {
    const reason = [attempt.reason ? ctx.t(`save.reasons.${attempt.reason}`) : null, attempt.note]
      .filter(Boolean)
      .join(': ');
    const reply = await cancel(ctx, member, reason || null);
    await saveFlow.decide(attempt, 'cancelled', ctx.now);
    return reply;
  }
  const months = PAUSE_VERB.exec(verb)?.[1];
  if (months === undefined && verb !== 'bonus' && verb !== 'downgrade') throw new UserError('BUTTON.INVALID');
  const taken = await saveFlow.accept(attempt, member, ctx.community, months ? Number(months) : null, ctx.now);
  if (taken.kind === 'downgrade') {
    // The shop bills the paid tier: the change is on record for whoever acts on it.
    await ctx.audit({
      key: `membership.downgrade:${attempt.attemptId}`,
      action: 'membership.downgrade',
      targetId: ctx.userId,
      details: { from: taken.from, to: taken.tier },
    });
  }
  return acceptedReply(ctx.t, ctx.locale, taken);
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
    if (self && retentionSettings(ctx.community).saveFlow) {
      const attempt = await ctx.services.retention.saveFlow.start(target, args.reason ?? null, ctx.now);
      return reasonPicker(ctx.t, attempt.attemptId);
    }
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
    return cancel(ctx, await loadTarget(ctx, payload.userId), payload.reason);
  },
  /** The save flow's buttons, pressed by the member who is leaving (the attempt is theirs alone). */
  async onButton(ctx, verb, attemptId, input) {
    return saveFlowStep(ctx, verb, attemptId, input);
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
