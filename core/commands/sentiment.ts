import { defineCommand } from '../dispatch/spec.ts';
import { digestImage } from '../charts/report-images.ts';
import { renderDigest } from '../support/digest-reply.ts';

const DAY_MS = 24 * 3600 * 1000;

export default defineCommand({
  name: 'sentiment',
  role: 'manager',
  guildOnly: true,
  options: [{ name: 'days', type: 'integer', min: 1, max: 90 }],
  async handle(ctx, args) {
    const days = args.days ?? 7;
    // Counters still in Redis first, so the figures are up to now.
    await ctx.services.support.passive.flush(ctx.communityId);
    await ctx.services.loyalty.chat.flush(ctx.communityId);
    const digest = await ctx.services.support.digests.compute(
      ctx.communityId,
      new Date(ctx.now.getTime() - days * DAY_MS),
      ctx.now,
    );
    const title = ctx.t('digest.onDemandTitle', { days });
    const image = await digestImage(digest, ctx.t, ctx.locale, title);
    return { ...renderDigest(digest, ctx.t, ctx.locale, title), image, ephemeral: true };
  },
});
