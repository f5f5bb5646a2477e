import { defineCommand } from '../dispatch/spec.ts';
import { INSIGHT_VIEW_NAMES, type InsightViewName } from '../insights/views.ts';

export default defineCommand({
  name: 'insights',
  role: 'manager',
  guildOnly: true,
  options: [
    { name: 'view', type: 'string', choices: INSIGHT_VIEW_NAMES },
    { name: 'days', type: 'integer', min: 1, max: 365 },
  ],
  async handle(ctx, args) {
    const view = (args.view ?? INSIGHT_VIEW_NAMES[0]) as InsightViewName;
    return ctx.services.insights.views.show(view, {
      communityId: ctx.communityId,
      t: ctx.t,
      locale: ctx.locale,
      now: ctx.now,
      days: args.days,
      ephemeral: true,
    });
  },
});
