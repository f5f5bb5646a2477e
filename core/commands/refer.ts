import { defineCommand } from '../dispatch/spec.ts';
import { activeCaller } from '../dispatch/members-of.ts';
import { loyaltySettings } from '../loyalty/settings.ts';

export default defineCommand({
  name: 'refer',
  role: 'member',
  guildOnly: true,
  options: [],
  async handle(ctx) {
    const member = await activeCaller(ctx);
    const count = await ctx.services.members.countReferredBy(ctx.communityId, ctx.userId);
    const { referral } = loyaltySettings(ctx.community);
    return {
      ephemeral: true,
      tone: 'info',
      title: ctx.t('refer.title'),
      text: ctx.t('refer.text', { code: member.referralCode, referrer: referral.referrer, referee: referral.referee }),
      fields: [{ name: ctx.t('refer.joined'), value: String(count), inline: true }],
    };
  },
});
