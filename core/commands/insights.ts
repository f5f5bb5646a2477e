import { INSIGHT_VIEWS, type InsightViewName } from '../insights/views/index.ts';
import { defineCommand } from '../dispatch/spec.ts';

/** One view per file under core/insights/views/; this command only picks it and shows it. */
export default defineCommand({
  name: 'insights',
  role: 'manager',
  guildOnly: true,
  options: [
    { name: 'view', type: 'string', required: true, choices: INSIGHT_VIEWS },
    { name: 'days', type: 'integer', min: 1, max: 365 },
    { name: 'subject', type: 'string', maxLength: 40 },
  ],
  async handle(ctx, args) {
    const view = ctx.services.insightViews.get(args.view as InsightViewName);
    if (!view) throw new Error(`insight view ${args.view} is not wired`);
    const reply = await view.render({
      communityId: ctx.communityId,
      now: ctx.now,
      t: ctx.t,
      locale: ctx.locale,
      days: args.days,
      subject: args.subject,
    });
    return { ...reply, ephemeral: true };
  },
});
