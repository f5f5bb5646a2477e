import { z } from 'zod';
import { defineCommand } from '../dispatch/spec.ts';
import { callerKey } from '../dispatch/members-of.ts';

const EXPORT_DM_LIMIT = 3800;

export default defineCommand({
  name: 'privacy',
  role: 'member',
  guildOnly: true,
  options: [{ name: 'action', type: 'string', required: true, choices: ['export', 'delete'] }],
  confirmPayload: z.object({ erase: z.literal(true) }),
  async handle(ctx, args) {
    const { privacy } = ctx.services.support;
    if (args.action === 'delete') {
      return ctx.askConfirmation({
        payload: { erase: true },
        title: ctx.t('privacy.deleteTitle'),
        text: ctx.t('privacy.deleteText'),
        confirmLabel: ctx.t('privacy.deleteButton'),
        danger: true,
      });
    }
    const data = await privacy.export(callerKey(ctx));
    const json = JSON.stringify(data, null, 1);
    const member = ctx.member;
    if (member) {
      await ctx.services.loyalty.notices.tell(member, ctx.community, (t) => ({
        tone: 'info',
        title: t('privacy.exportDmTitle'),
        text: json.length > EXPORT_DM_LIMIT ? `${json.slice(0, EXPORT_DM_LIMIT)}\n…` : json,
      }));
    }
    return {
      ephemeral: true,
      tone: 'info',
      title: ctx.t('privacy.exportTitle'),
      text: ctx.t(member ? 'privacy.exportSent' : 'privacy.exportInline'),
      fields: [
        { name: ctx.t('privacy.feedbackCount'), value: String(data.feedback.length), inline: true },
        { name: ctx.t('privacy.pointsEntries'), value: String(data.points.length), inline: true },
        { name: ctx.t('privacy.orders'), value: String(data.orders.length), inline: true },
        { name: ctx.t('privacy.tickets'), value: String(data.tickets.length), inline: true },
        ...data.feedback
          .slice(-5)
          .map((f) => ({ name: `${f.at.toISOString().slice(0, 10)} · ${f.label}`, value: f.text.slice(0, 200) })),
      ],
    };
  },
  async confirm(ctx) {
    const erased = await ctx.services.support.privacy.eraseWritings(callerKey(ctx), ctx.now);
    await ctx.audit({
      key: `privacy.erase:${ctx.invocationId}`,
      action: 'privacy.erase',
      targetId: ctx.userId,
      details: { ...erased },
    });
    return { ephemeral: true, tone: 'success', text: ctx.t('privacy.deleted', { ...erased }) };
  },
});
