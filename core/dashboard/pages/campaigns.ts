import { z } from 'zod';
import { CAMPAIGN_EFFECTS } from '../../campaigns/campaign-input.ts';
import { audienceText, effectText, windowText } from '../../campaigns/campaign-text.ts';
import { campaignStatus } from '../../campaigns/campaigns.ts';
import { definePage } from '../page.ts';

/** Each campaign's figures read its activity and the orders around it: the newest few only. */
const WITH_FIGURES = 12;

/** Campaigns (admins): what each does, for whom and when, its reach and redemptions; create and end. */
export default definePage({
  name: 'campaigns',
  role: 'admin',
  query: z.object({}),
  async load(ctx) {
    const { campaigns, reports } = ctx.services.campaigns;
    const all = await campaigns.all(ctx.communityId);
    const figures = await Promise.all(all.slice(0, WITH_FIGURES).map((campaign) => reports.figures(campaign, ctx.now)));
    return {
      effects: CAMPAIGN_EFFECTS,
      campaigns: all.map((campaign, i) => {
        const counted = figures[i];
        return {
          name: campaign.campaignId,
          status: campaignStatus(campaign, ctx.now),
          effect: effectText(ctx.t, campaign.effect),
          audience: audienceText(ctx.t, campaign.audience),
          window: windowText(ctx.t, ctx.locale, campaign),
          dms: Boolean(campaign.dm),
          figures: counted
            ? {
                reached: counted.reached,
                pointsIssued: counted.pointsIssued,
                redemptionsDuring: counted.during.orders,
                redemptionsAfter: counted.after.orders,
              }
            : null,
        };
      }),
    };
  },
});
