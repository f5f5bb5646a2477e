import { UserError } from '../errors.ts';
import { defineCommand } from '../dispatch/spec.ts';
import { personaLabel } from '../personas/label.ts';
import { formatDate, formatNumber } from '../dispatch/format.ts';
import type { Persona } from '../personas/personas.ts';


export default defineCommand({
  name: 'personas',
  role: 'manager',
  guildOnly: true,
  options: [{ name: 'action', type: 'string', choices: ['show', 'refresh'] }],
  async handle(ctx, args) {
    if (args.action === 'refresh') {
      if (!ctx.services.jobs) throw new UserError('STORE.UNAVAILABLE');
      // One run at a time per community: the job id is the community.
      await ctx.services.jobs.enqueue('personas.refresh', { communityId: ctx.communityId }, { dedupeId: `personas-${ctx.communityId}` });
      return { ephemeral: true, tone: 'success', text: ctx.t('personas.refreshQueued') };
    }
    const snapshot = await ctx.services.insights.personas.latest(ctx.communityId);
    if (!snapshot) return { ephemeral: true, tone: 'info', title: ctx.t('personas.title'), text: ctx.t('personas.none') };
    const personas = snapshot.personas as Persona[];
    return {
      ephemeral: true,
      tone: 'info',
      title: ctx.t('personas.title'),
      text: ctx.t('personas.summary', { date: formatDate(snapshot.at, ctx.locale), members: formatNumber(snapshot.members, ctx.locale), k: snapshot.k, silhouette: snapshot.silhouette.toFixed(2) }),
      fields: [...personas].sort((a, b) => b.size - a.size).map((persona) => ({
        name: `${personaLabel(ctx.t, persona)} — ${formatNumber(persona.size, ctx.locale)} (${Math.round((100 * persona.size) / snapshot.members)}%)`,
        value: persona.traits.map((trait) => `${ctx.t(`personas.features.${trait.feature}`)} ${trait.z > 0 ? '+' : ''}${trait.z.toFixed(1)}`).join(' · ') || ctx.t('personas.typical'),
      })),
    };
  },
});
