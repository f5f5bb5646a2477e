import { defineCommand } from '../dispatch/spec.ts';
import { supportSettings } from '../support/settings.ts';

export default defineCommand({
  name: 'ask',
  role: 'member',
  guildOnly: true,
  options: [{ name: 'question', type: 'string', required: true, maxLength: 500, longText: true }],
  async handle(ctx, args) {
    const { faq, tickets } = ctx.services.support;
    const settings = supportSettings(ctx.community);
    const match = await faq.best(ctx.communityId, args.question);
    if (match && match.similarity >= settings.faqThreshold) {
      return {
        ephemeral: true,
        tone: 'info',
        title: match.entry.question,
        text: match.entry.answer,
        fields: [{ name: ctx.t('ask.confidence'), value: `${Math.round(match.similarity * 100)}%`, inline: true }],
      };
    }
    const { ticket } = await tickets.open({
      communityId: ctx.communityId,
      platform: ctx.platform,
      userId: ctx.userId,
      displayName: ctx.displayName,
      source: 'ask',
      sourceId: `ask:${ctx.invocationId}`,
      text: args.question,
      at: ctx.now,
    });
    await ctx.services.support.staffAlerts.alert(ctx.community, ticket, (t) => ({
      tone: 'info',
      title: t('tickets.questionTitle', { ticket: ticket.ticketId }),
      text: t('tickets.questionText', { user: ctx.displayName, text: args.question }),
    }));
    return { ephemeral: true, tone: 'info', text: ctx.t('ask.ticketOpened', { ticket: ticket.ticketId }) };
  },
});
