import type { CampaignActivityDoc, CampaignDoc } from '../db/campaign-models.ts';
import { memberField } from '../db/ids.ts';
import type { OrderDoc } from '../db/loyalty-models.ts';
import type { Models } from '../db/models.ts';
import type { PointsEntry } from '../db/loyalty-models.ts';
import { campaignStatus, type CampaignStatus } from './campaigns.ts';

const DAY_MS = 24 * 3600 * 1000;
/** Redemptions "after" a campaign are those of the reached members within this many days of its end. */
export const AFTER_DAYS = 30;

export interface Redemptions {
  orders: number;
  points: number;
}

/** What a campaign did, for managers (`/insights campaigns`). */
export interface CampaignFigures {
  campaign: CampaignDoc;
  status: CampaignStatus;
  /** Members who got its points or its DM. */
  reached: number;
  dms: number;
  pointsIssued: number;
  /** Rewards the reached members redeemed while it ran, and in the 30 days after. */
  during: Redemptions;
  after: Redemptions;
}

/**
 * Campaign figures from what each campaign did (one row per credit or DM, written as the ledger
 * entry lands) and the orders of the members it reached: no counters to keep in step.
 */
export class CampaignReports {
  constructor(private readonly models: Models) {}

  /** Keeps the per-campaign record: told of every new ledger entry, it keeps those a campaign paid. */
  async recordEntry(entry: PointsEntry): Promise<void> {
    const campaignId = (entry.meta as { campaignId?: unknown } | null)?.campaignId;
    if (typeof campaignId !== 'string') return;
    const activity: CampaignActivityDoc = {
      _id: entry._id,
      communityId: entry.communityId,
      campaignId,
      platform: entry.platform,
      userId: entry.userId,
      kind: 'points',
      points: entry.delta,
      at: entry.at,
    };
    await this.models.CampaignActivity.create(activity).catch((error: unknown) => {
      if ((error as { code?: number }).code !== 11000) throw error;
    });
  }

  async figures(campaign: CampaignDoc, now: Date): Promise<CampaignFigures> {
    const activity = await this.models.CampaignActivity.find({
      communityId: campaign.communityId,
      campaignId: campaign.campaignId,
    }).lean<CampaignActivityDoc[]>();
    const reached = new Set(activity.map((row) => memberField(row)));
    const afterEnd = new Date(campaign.endsAt.getTime() + AFTER_DAYS * DAY_MS);
    const orders =
      reached.size === 0
        ? []
        : await this.models.Order.find({
            communityId: campaign.communityId,
            createdAt: { $gte: campaign.startsAt, $lt: afterEnd },
            status: { $in: ['placed', 'fulfilled'] },
          }).lean<OrderDoc[]>();
    const during: Redemptions = { orders: 0, points: 0 };
    const after: Redemptions = { orders: 0, points: 0 };
    for (const order of orders) {
      if (!reached.has(memberField(order))) continue;
      const bucket = order.createdAt.getTime() < campaign.endsAt.getTime() ? during : after;
      bucket.orders += 1;
      bucket.points += order.cost;
    }
    return {
      campaign,
      status: campaignStatus(campaign, now),
      reached: reached.size,
      dms: activity.filter((row) => row.kind === 'dm').length,
      pointsIssued: activity.reduce((sum, row) => sum + row.points, 0),
      during,
      after,
    };
  }
}
