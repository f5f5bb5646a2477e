import { jobIdFor } from '../ports.ts';
import { UserError } from '../errors.ts';
import { defineCommand, type CommandContext, type DegradedContext } from '../dispatch/spec.ts';
import type { FeedbackOutcome } from '../support/feedback.ts';
import type { Reply } from '../types.ts';

const MIN_LENGTH = 3;

function acknowledge(t: CommandContext['t'], outcome: FeedbackOutcome): Reply {
  const { feedback, ticket, pointsEarned } = outcome;
  const lines = [
    ticket
      ? t('feedback.sorryTicket', { ticket: ticket.ticketId })
      : t(
          feedback.label === 'positive'
            ? 'feedback.thanksPositive'
            : feedback.label === 'negative'
              ? 'feedback.sorry'
              : 'feedback.thanksNeutral',
        ),
  ];
  if (pointsEarned > 0) lines.push(t('feedback.points', { points: pointsEarned }));
  return { ephemeral: true, tone: ticket ? 'warning' : 'success', text: lines.join('\n') };
}

function checkLength(text: string): void {
  if (text.trim().length < MIN_LENGTH) throw new UserError('FEEDBACK.TOO_SHORT', { min: MIN_LENGTH });
}

export default defineCommand({
  name: 'feedback',
  role: 'member',
  options: [{ name: 'text', type: 'string', required: true, maxLength: 2000 }],
  async handle(ctx, args) {
    checkLength(args.text);
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
    checkLength(args.text);
    if (!ctx.services.jobs) throw new UserError('STORE.UNAVAILABLE');
    const jobId = jobIdFor('feedback', `${ctx.communityId}|${ctx.invocationId}`);
    await ctx.services.jobs.enqueue(
      'feedback.record',
      {
        communityId: ctx.communityId,
        platform: ctx.platform,
        userId: ctx.userId,
        displayName: ctx.displayName,
        channelId: ctx.channelId ?? null,
        text: args.text,
        requestId: ctx.invocationId,
        at: ctx.now.toISOString(),
      },
      { jobId },
    );
    return { ephemeral: true, tone: 'success', text: ctx.t('feedback.queued') };
  },
});
