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

  /**
   * Several campaigns of one community at once: their activity and the orders of the widest
   * window are read once (each read is a scan on FerretDB), then split per campaign.
   */
  async figuresOf(campaigns: CampaignDoc[], now: Date): Promise<CampaignFigures[]> {
    const first = campaigns[0];
    if (!first) return [];
    const activity = await this.models.CampaignActivity.find({
      communityId: first.communityId,
      campaignId: { $in: campaigns.map((campaign) => campaign.campaignId) },
    }).lean<CampaignActivityDoc[]>();
    const from = Math.min(...campaigns.map((campaign) => campaign.startsAt.getTime()));
    const to = Math.max(...campaigns.map((campaign) => afterEndOf(campaign)));
    const orders =
      activity.length === 0
        ? []
        : await this.models.Order.find({
            communityId: first.communityId,
            createdAt: { $gte: new Date(from), $lt: new Date(to) },
            status: { $in: ['placed', 'fulfilled'] },
          }).lean<OrderDoc[]>();
    return campaigns.map((campaign) =>
      figuresFrom(
        campaign,
        activity.filter((row) => row.campaignId === campaign.campaignId),
        orders,
        now,
      ),
    );
  }
}

const afterEndOf = (campaign: CampaignDoc) => campaign.endsAt.getTime() + AFTER_DAYS * DAY_MS;

/** One campaign's figures from its activity and the orders around it. */
function figuresFrom(
  campaign: CampaignDoc,
  activity: CampaignActivityDoc[],
  orders: OrderDoc[],
  now: Date,
): CampaignFigures {
  const reached = new Set(activity.map((row) => memberField(row)));
  const during: Redemptions = { orders: 0, points: 0 };
  const after: Redemptions = { orders: 0, points: 0 };
  for (const order of orders) {
    const at = order.createdAt.getTime();
    if (at < campaign.startsAt.getTime() || at >= afterEndOf(campaign) || !reached.has(memberField(order))) continue;
    const bucket = at < campaign.endsAt.getTime() ? during : after;
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
