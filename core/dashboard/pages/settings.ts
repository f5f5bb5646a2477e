import { z } from 'zod';
import { DEFAULT_RATE_LIMITS, rateLimitFor } from '../../admin/rate-limits.ts';
import { SETTABLE_KEYS, settingValue } from '../../admin/settings-edit.ts';
import { loyaltySettings } from '../../loyalty/settings.ts';
import { supportSettings } from '../../support/settings.ts';
import { definePage } from '../page.ts';

/** Settings (admins): earning rules and thresholds, tiers, channels, lexicon words, rate limits, the events secret. */
export default definePage({
  name: 'settings',
  role: 'admin',
  query: z.object({}),
  async load(ctx) {
    const { communities } = ctx.services;
    const [community, withSecret] = await Promise.all([
      communities.ensure(ctx.session.platform, ctx.communityId),
      communities.withEventsSecret(ctx.communityId),
    ]);
    const support = supportSettings(community);
    return {
      settings: SETTABLE_KEYS.map((key) => ({ key, value: settingValue(community, key) })),
      tiers: loyaltySettings(community).tiers.map(({ name, threshold, multiplier }) => ({
        name,
        threshold,
        multiplier,
      })),
      channels: {
        staff: support.staffChannelId,
        digest: support.digestChannelId,
        announce: support.announceChannelId,
        sentiment: support.sentimentChannels,
      },
      lexicon: Object.entries(support.lexicon).map(([word, value]) => ({ word, value })),
      limits: Object.keys(DEFAULT_RATE_LIMITS).map((command) => ({ command, ...rateLimitFor(community, command) })),
      // Whether one is set, never the secret itself: it is shown once, when regenerated.
      eventsSecretSet: Boolean(withSecret?.eventsSecret),
    };
  },
});
