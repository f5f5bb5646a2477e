import { UserError } from '../errors.ts';
import { defineCommand, type CommandContext } from '../dispatch/spec.ts';
import type { TicketDoc } from '../db/support-models.ts';
import { formatDate } from '../format.ts';
import { quote } from '../support/feedback.ts';
import type { Platform, Reply } from '../types.ts';

export default defineCommand({
  name: 'tickets',
  role: 'manager',
  guildOnly: true,
  options: [
    { name: 'action', type: 'string', choices: ['list', 'claim', 'close', 'reply'] },
    { name: 'ticket', type: 'string', maxLength: 24 },
    { name: 'text', type: 'string', maxLength: 1500 },
  ],
  async handle(ctx, args) {
    const action = args.action ?? 'list';
    if (action === 'list') return list(ctx);
    if (!args.ticket) throw new UserError('ARGS.MISSING', { option: 'ticket' });
    const { tickets } = ctx.services.support;
    if (action === 'claim') {
      const ticket = await tickets.claim(ctx.communityId, args.ticket, ctx.userId);
      return { ephemeral: true, tone: 'success', text: ctx.t('tickets.claimed', { ticket: ticket.ticketId }) };
    }
    if (action === 'reply') return reply(ctx, args.ticket, args.text);
    const ticket = await tickets.close(ctx.communityId, args.ticket, ctx.userId, ctx.now, ctx.displayName);
    await ctx.audit({
      key: `ticket.close:${ticket.ticketId}`,
      action: 'ticket.close',
      targetId: ticket.userId,
      details: { ticketId: ticket.ticketId },
    });
    // The author is told; a member is also asked to rate how it went (1–5 buttons in the DM).
    const key = authorKey(ctx, ticket);
    const member = await ctx.services.members.find(key);
    await ctx.services.support.csat.tellClosed(ticket, member ?? key, member !== null, ctx.community, ctx.now);
    return { ephemeral: true, tone: 'success', text: ctx.t('tickets.closed', { ticket: ticket.ticketId }) };
  },
});

async function list(ctx: CommandContext): Promise<Reply> {
  const open = await ctx.services.support.tickets.unresolved(ctx.communityId, 20);
  if (open.length === 0)
    return { ephemeral: true, tone: 'info', title: ctx.t('tickets.title'), text: ctx.t('tickets.none') };
  return {
    ephemeral: true,
    tone: 'info',
    title: ctx.t('tickets.title'),
    fields: open.map((ticket) => ({
      name: [ticket.ticketId, ctx.t(`tickets.statuses.${ticket.status}`), ticket.displayName || ticket.userId].join(
        ' · ',
      ),
      value: `${quote(ticket.text, 200)} (${formatDate(ticket.createdAt, ctx.locale)})`,
    })),
  };
}

/** Staff answer a ticket: kept on it, sent to its author as a DM, audited. */
async function reply(ctx: CommandContext, ticketId: string, text: string | undefined): Promise<Reply> {
  const answer = text?.trim();
  if (!answer) throw new UserError('ARGS.MISSING', { option: 'text' });
  const ticket = await ctx.services.support.tickets.reply(ctx.communityId, ticketId, {
    by: ctx.displayName || ctx.userId,
    text: answer,
    at: ctx.now,
  });
  const delivered = await tellAuthor(ctx, ticket, (t) => ({
    tone: 'info',
    title: t('tickets.replyDmTitle', { ticket: ticket.ticketId }),
    text: t('tickets.replyDmText', { text: quote(ticket.text), reply: answer, by: ctx.displayName }),
  }));
  await ctx.audit({
    key: `ticket.reply:${ctx.invocationId}`,
    action: 'ticket.reply',
    targetId: ticket.userId,
    details: { ticketId: ticket.ticketId, delivered },
  });
  return delivered
    ? { ephemeral: true, tone: 'success', text: ctx.t('tickets.replied', { ticket: ticket.ticketId }) }
    : { ephemeral: true, tone: 'warning', text: ctx.t('tickets.replyNotDelivered', { ticket: ticket.ticketId }) };
}

/** A ticket's author hears of it in a DM, in their language when they are a member. */
async function tellAuthor(
  ctx: CommandContext,
  ticket: TicketDoc,
  compose: Parameters<CommandContext['services']['loyalty']['notices']['tell']>[2],
): Promise<boolean> {
  const key = authorKey(ctx, ticket);
  const member = await ctx.services.members.find(key);
  return ctx.services.loyalty.notices.tell(member ?? key, ctx.community, compose);
}

function authorKey(ctx: CommandContext, ticket: TicketDoc) {
  return { communityId: ctx.communityId, platform: ticket.platform as Platform, userId: ticket.userId };
}
