import { defineCommand } from '../dispatch/spec.ts';
import { loyaltySettings } from '../loyalty/settings.ts';

export default defineCommand({
  name: 'join',
  role: 'member',
  guildOnly: true,
  options: [{ name: 'referral-code', type: 'string', maxLength: 16 }],
  async handle(ctx, args) {
    const { member, referrer, rejoined } = await ctx.services.members.join({
      communityId: ctx.communityId,
      platform: ctx.platform,
      userId: ctx.userId,
      displayName: ctx.displayName,
      tier: ctx.community.defaultTier,
      referralCode: args['referral-code'],
      now: ctx.now,
    });
    const lines = [ctx.t(rejoined ? 'join.rejoined' : 'join.welcome', { name: ctx.displayName, tier: member.tier })];
    if (referrer) {
      await ctx.services.loyalty.referrals.credit(member, ctx.community);
      lines.push(
        ctx.t('join.referredBy', {
          name: referrer.displayName || referrer.userId,
          points: loyaltySettings(ctx.community).referral.referee,
        }),
      );
    }
    lines.push(ctx.t('join.yourCode', { code: member.referralCode }));
    await ctx.services.roleSync
      ?.setTier({ platform: ctx.platform, communityId: ctx.communityId, userId: ctx.userId }, member.tier)
      .catch((error: unknown) => ctx.services.logger.warn({ err: error, userId: ctx.userId }, 'tier role not added'));
    return { ephemeral: true, tone: 'success', title: ctx.t('join.title'), text: lines.join('\n') };
  },
});
