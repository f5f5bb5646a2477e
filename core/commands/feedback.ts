import { UserError } from '../errors.ts';
import { defineCommand, type CommandContext, type DegradedContext } from '../dispatch/spec.ts';
import { jobIdFor } from '../ports.ts';
import type { FeedbackOutcome } from '../support/feedback.ts';
import type { Reply } from '../types.ts';

function acknowledge(t: CommandContext['t'], outcome: FeedbackOutcome): Reply {
  const { feedback, ticket, pointsEarned } = outcome;
  const thanks = { positive: 'feedback.thanksPositive', negative: 'feedback.sorry', neutral: 'feedback.thanksNeutral' };
  const lines = [ticket ? t('feedback.sorryTicket', { ticket: ticket.ticketId }) : t(thanks[feedback.label])];
  if (pointsEarned > 0) lines.push(t('feedback.points', { points: pointsEarned }));
  return { ephemeral: true, tone: ticket ? 'warning' : 'success', text: lines.join('\n') };
}

export default defineCommand({
  name: 'feedback',
  role: 'member',
  guildOnly: true,
  options: [{ name: 'text', type: 'string', required: true, minLength: 3, maxLength: 2000, longText: true }],
  async handle(ctx, args) {
    const outcome = await ctx.services.support.feedback.record({
      communityId: ctx.communityId,
      platform: ctx.platform,
      userId: ctx.userId,
      displayName: ctx.displayName,
      channelId: ctx.channelId ?? null,
      text: args.text,
      source: 'command',
      requestId: ctx.invocationId,
      at: ctx.now,
    });
    return acknowledge(ctx.t, outcome);
  },
  /** The database is away: queue the feedback (persisted in Redis) and say it was received. */
  async whenStoreDown(ctx: DegradedContext, args) {
    if (!ctx.services.jobs) throw new UserError('STORE.UNAVAILABLE');
    const job = {
      communityId: ctx.communityId,
      platform: ctx.platform,
      userId: ctx.userId,
      displayName: ctx.displayName,
      channelId: ctx.channelId ?? null,
      text: args.text,
      requestId: ctx.invocationId,
      at: ctx.now.toISOString(),
    };
    const jobId = jobIdFor('feedback-record', `${ctx.communityId}|${ctx.invocationId}`);
    await ctx.services.jobs.enqueue('feedback-record', job, { jobId });
    return { ephemeral: true, tone: 'success', text: ctx.t('feedback.queued') };
  },
});
