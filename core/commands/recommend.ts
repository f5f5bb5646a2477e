import { UserError } from '../errors.ts';
import { defineCommand, type CommandContext } from '../dispatch/spec.ts';
import { activeCaller, callerKey } from '../dispatch/members-of.ts';
import { buttonAction } from '../dispatch/replies.ts';
import { ITEM_ID_PATTERN } from '../loyalty/catalog.ts';
import type { Pick } from '../recommend/recommender.ts';
import type { Reply } from '../types.ts';

function reasonText(ctx: CommandContext, pick: Pick): string {
  switch (pick.reason.kind) {
    case 'liked':
      return ctx.t('recommend.reasons.liked', { item: pick.reason.title });
    case 'persona':
      return ctx.t('recommend.reasons.persona');
    case 'new':
      return ctx.t('recommend.reasons.new', { tag: pick.reason.tag });
    default:
      return ctx.t('recommend.reasons.popular');
  }
}

async function showPicks(ctx: CommandContext): Promise<Reply> {
  const member = await activeCaller(ctx);
  const { serving } = ctx.services.insights;
  const served = await serving.picks(member, ctx.community, ctx.now);
  const { picks } = served;
  await serving.shown(
    served,
    member,
    picks.map((pick) => pick.itemId),
    ctx.now,
  );
  if (picks.length === 0)
    return { ephemeral: true, tone: 'info', title: ctx.t('recommend.title'), text: ctx.t('recommend.none') };
  return {
    ephemeral: true,
    tone: 'info',
    title: ctx.t('recommend.title'),
    text: ctx.t('recommend.howTo'),
    fields: picks.map((pick) => ({ name: `${pick.title} (${pick.itemId})`, value: reasonText(ctx, pick) })),
    buttons: picks.flatMap((pick) => [
      {
        label: ctx.t('recommend.interested', { item: pick.title }),
        style: 'success' as const,
        action: buttonAction('recommend', 'like', pick.itemId),
      },
      {
        label: ctx.t('recommend.notForMe', { item: pick.title }),
        style: 'secondary' as const,
        action: buttonAction('recommend', 'dismiss', pick.itemId),
      },
    ]),
  };
}

export default defineCommand({
  name: 'recommend',
  role: 'member',
  guildOnly: true,
  options: [{ name: 'notify', type: 'string', choices: ['on', 'off'] }],
  async handle(ctx, args) {
    if (!args.notify) return showPicks(ctx);
    await activeCaller(ctx);
    await ctx.services.members.setRecommendDms(callerKey(ctx), args.notify === 'on');
    return {
      ephemeral: true,
      tone: 'success',
      text: ctx.t(args.notify === 'on' ? 'recommend.notifyOn' : 'recommend.notifyOff'),
    };
  },
  async onButton(ctx, verb, itemId) {
    if ((verb !== 'like' && verb !== 'dismiss') || !ITEM_ID_PATTERN.test(itemId)) throw new UserError('BUTTON.INVALID');
    const member = await activeCaller(ctx);
    const item = await ctx.services.loyalty.catalog.find(ctx.communityId, itemId);
    if (!item) throw new UserError('ITEM.NOT_FOUND', { item: itemId });
    await ctx.services.insights.recommender.record(member, itemId, verb, ctx.invocationId, ctx.now);
    await ctx.services.insights.experiments.recordReaction(member, verb, ctx.now);
    return {
      ephemeral: true,
      tone: 'success',
      text: ctx.t(verb === 'like' ? 'recommend.liked' : 'recommend.dismissed', { item: item.title }),
    };
  },
});
