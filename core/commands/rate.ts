import { UserError } from '../errors.ts';
import { defineCommand, type CommandContext } from '../dispatch/spec.ts';
import { formatDate } from '../format.ts';
import { RATING_WINDOW_MS } from '../support/csat.ts';
import type { TicketDoc } from '../db/support-models.ts';
import type { Reply } from '../types.ts';

const RATING_VERB = /^r([1-5])$/;
const COMMENT_MAX = 1000;

async function ownTicket(ctx: CommandContext, ticketRef: string): Promise<TicketDoc> {
  return ctx.services.support.csat.ratable(
    ctx.communityId,
    ticketRef,
    { platform: ctx.platform, userId: ctx.userId },
    ctx.now,
  );
}

async function rate(ctx: CommandContext, ticket: TicketDoc, rating: number, comment?: string): Promise<Reply> {
  const { csat } = ctx.services.support;
  const rated = await csat.rate(ticket, rating, ctx.community, ctx.now);
  const lines = [ctx.t('csat.thanks', { rating, ticket: ticket.ticketId })];
  if (rated.pointsEarned > 0) lines.push(ctx.t('csat.points', { points: rated.pointsEarned }));
  if (rated.followUp) lines.push(ctx.t('csat.followUpOpened'));
  const until = new Date((ticket.closedAt as Date).getTime() + RATING_WINDOW_MS);
  lines.push(ctx.t('csat.changeUntil', { date: formatDate(until, ctx.locale) }));
  if (comment) {
    await csat.comment(ticket, comment, ctx.displayName, ctx.now);
    lines.push(ctx.t('csat.commentSaved'));
  }
  const commented = comment !== undefined || rated.rating.comment !== null;
  return {
    ephemeral: true,
    tone: 'success',
    text: lines.join('\n'),
    buttons: commented ? [] : [await csat.commentButton(ticket, ctx.t, ctx.now)],
  };
}

export default defineCommand({
  name: 'rate',
  role: 'member',
  guildOnly: true,
  options: [
    { name: 'ticket', type: 'string', required: true, maxLength: 24 },
    { name: 'rating', type: 'integer', required: true, min: 1, max: 5 },
    { name: 'comment', type: 'string', maxLength: COMMENT_MAX },
  ],
  async handle(ctx, args) {
    return rate(ctx, await ownTicket(ctx, args.ticket), args.rating, args.comment);
  },
  /** The 1–5 buttons and "add a comment", sent by DM: routed, so only the ticket's member gets here. */
  async onButton(ctx, verb, ticketId, input) {
    const ticket = await ownTicket(ctx, ticketId);
    const rating = RATING_VERB.exec(verb)?.[1];
    if (rating) return rate(ctx, ticket, Number(rating));
    if (verb !== 'comment') throw new UserError('BUTTON.INVALID');
    if (!input) {
      const button = await ctx.services.support.csat.commentButton(ticket, ctx.t, ctx.now);
      const form = { action: button.action, title: ctx.t('csat.commentTitle'), label: ctx.t('csat.commentLabel') };
      return { ephemeral: true, text: ctx.t('csat.commentLabel'), form: { ...form, maxLength: COMMENT_MAX } };
    }
    await ctx.services.support.csat.comment(ticket, input.slice(0, COMMENT_MAX), ctx.displayName, ctx.now);
    return { ephemeral: true, tone: 'success', text: ctx.t('csat.commentSaved') };
  },
});
