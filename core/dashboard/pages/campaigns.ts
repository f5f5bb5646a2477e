import { z } from 'zod';
import { CAMPAIGN_EFFECTS } from '../../campaigns/campaign-input.ts';
import { audienceText, effectText, windowText } from '../../campaigns/campaign-text.ts';
import { campaignStatus } from '../../campaigns/campaigns.ts';
import { definePage } from '../page.ts';

/**
 * Campaigns (admins): what each does, for whom and when; create and end. Results come from the
 * figures the dashboard job computed (they read orders), as of their time.
 */
export default definePage({
  name: 'campaigns',
  role: 'admin',
  query: z.object({}),
  async load(ctx) {
    const [all, figures] = await Promise.all([
      ctx.services.campaigns.campaigns.all(ctx.communityId),
      ctx.stats.latestOrRefresh(ctx.communityId, ctx.now),
    ]);
    return {
      effects: CAMPAIGN_EFFECTS,
      figuresAt: figures.at,
      campaigns: all.map((campaign) => ({
        name: campaign.campaignId,
        status: campaignStatus(campaign, ctx.now),
        effect: effectText(ctx.t, campaign.effect),
        audience: audienceText(ctx.t, campaign.audience),
        window: windowText(ctx.t, ctx.locale, campaign),
        dms: Boolean(campaign.dm),
        figures: figures.campaigns?.[campaign.campaignId] ?? null,
      })),
    };
  },
});
