import { UserError } from '../errors.ts';
import { defineCommand } from '../dispatch/spec.ts';
import { formatDate } from '../format.ts';
import { quote } from '../support/feedback.ts';
import type { Platform } from '../types.ts';

export default defineCommand({
  name: 'tickets',
  role: 'manager',
  guildOnly: true,
  options: [
    { name: 'action', type: 'string', choices: ['list', 'claim', 'close'] },
    { name: 'ticket', type: 'string', maxLength: 24 },
  ],
  async handle(ctx, args) {
    const { tickets } = ctx.services.support;
    const action = args.action ?? 'list';
    if (action === 'list') {
      const open = await tickets.unresolved(ctx.communityId, 20);
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
    if (!args.ticket) throw new UserError('ARGS.MISSING', { option: 'ticket' });
    if (action === 'claim') {
      const ticket = await tickets.claim(ctx.communityId, args.ticket, ctx.userId);
      return { ephemeral: true, tone: 'success', text: ctx.t('tickets.claimed', { ticket: ticket.ticketId }) };
    }
    const ticket = await tickets.close(ctx.communityId, args.ticket, ctx.userId, ctx.now, ctx.displayName);
    await ctx.services.audit.record({
      communityId: ctx.communityId,
      key: `ticket.close:${ticket.ticketId}`,
      action: 'ticket.close',
      actorId: ctx.userId,
      targetId: ticket.userId,
      details: { ticketId: ticket.ticketId },
      at: ctx.now,
    });
    const member = await ctx.services.members.find({
      communityId: ctx.communityId,
      platform: ticket.platform as Platform,
      userId: ticket.userId,
    });
    // The member is told, and asked to rate how it went (1–5 buttons in the DM).
    if (member) await ctx.services.support.csat.requestRating(ticket, member, ctx.community, ctx.now);
    return { ephemeral: true, tone: 'success', text: ctx.t('tickets.closed', { ticket: ticket.ticketId }) };
  },
});
