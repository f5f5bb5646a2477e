import { defineCommand } from '../dispatch/spec.ts';

const LABELS = ['positive', 'neutral', 'negative'] as const;

/**
 * A manager says what a piece of feedback really was. The figures keep the model's label; the
 * manager's goes into the training file the dashboard exports for `npm run train:sentiment`.
 */
export default defineCommand({
  name: 'relabel',
  role: 'manager',
  guildOnly: true,
  options: [
    { name: 'feedback', type: 'string', required: true, maxLength: 200 },
    { name: 'label', type: 'string', required: true, choices: LABELS },
  ],
  async handle(ctx, args) {
    const label = args.label as (typeof LABELS)[number];
    const feedback = await ctx.services.support.feedback.relabel(ctx.communityId, args.feedback, label, ctx.userId);
    await ctx.audit({
      key: `relabel:${ctx.invocationId}`,
      action: 'feedback.relabel',
      targetId: feedback._id,
      details: { label, model: feedback.label },
    });
    return {
      ephemeral: true,
      tone: 'success',
      text: ctx.t('relabel.done', {
        label: ctx.t(`charts.${label}`),
        model: ctx.t(`charts.${feedback.label}`),
      }),
    };
  },
});
