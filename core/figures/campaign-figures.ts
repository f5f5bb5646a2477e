import type { CampaignServices } from '../campaigns/index.ts';

/** What the dashboard shows of a campaign's results. */
export interface CampaignCounts {
  reached: number;
  pointsIssued: number;
  redemptionsDuring: number;
  redemptionsAfter: number;
}

/** The newest campaigns get figures: older ones have long stopped changing and are in /insights. */
export const CAMPAIGNS_WITH_FIGURES = 12;

/**
 * Each recent campaign's reach, points and redemptions, by name. They read the campaign's
 * activity and the orders around it (scans on FerretDB), so the dashboard job computes them.
 */
export async function campaignCounts(
  campaigns: CampaignServices,
  communityId: string,
  now: Date,
): Promise<Record<string, CampaignCounts>> {
  const recent = (await campaigns.campaigns.all(communityId)).slice(0, CAMPAIGNS_WITH_FIGURES);
  const figures = await campaigns.reports.figuresOf(recent, now);
  return Object.fromEntries(
    figures.map((counted) => [
      counted.campaign.campaignId,
      {
        reached: counted.reached,
        pointsIssued: counted.pointsIssued,
        redemptionsDuring: counted.during.orders,
        redemptionsAfter: counted.after.orders,
      },
    ]),
  );
}
