import { UserError } from '../errors.ts';
import { defineCommand } from '../dispatch/spec.ts';
import { personaImage } from '../charts/report-images.ts';
import { renderPersonaReport } from '../personas/persona-report.ts';

export default defineCommand({
  name: 'personas',
  role: 'manager',
  guildOnly: true,
  options: [{ name: 'action', type: 'string', choices: ['show', 'refresh'] }],
  async handle(ctx, args) {
    if (args.action === 'refresh') {
      if (!ctx.services.jobs) throw new UserError('STORE.UNAVAILABLE');
      // One run at a time per community: the job id is the community.
      await ctx.services.jobs.enqueue(
        'personas-refresh',
        { communityId: ctx.communityId },
        { dedupeId: `personas-${ctx.communityId}` },
      );
      return { ephemeral: true, tone: 'success', text: ctx.t('personas.refreshQueued') };
    }
    const snapshot = await ctx.services.insights.personas.latest(ctx.communityId);
    if (!snapshot)
      return { ephemeral: true, tone: 'info', title: ctx.t('personas.title'), text: ctx.t('personas.none') };
    const title = ctx.t('personas.title');
    const report = renderPersonaReport(snapshot, ctx.t, ctx.locale, { title, ephemeral: true });
    const image = await personaImage(snapshot, ctx.t, ctx.locale, title);
    // What the churn risks led to: nudged members' retention against the control group.
    const request = { communityId: ctx.communityId, now: ctx.now, t: ctx.t, locale: ctx.locale };
    const nudges = await ctx.services.insightViews.get('churn')?.line?.(request);
    if (!nudges) return { ...report, image };
    return { ...report, image, fields: [...(report.fields ?? []), { name: ctx.t('personas.nudges'), value: nudges }] };
  },
});
