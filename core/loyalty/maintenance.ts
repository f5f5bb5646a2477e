import type { CommunityDoc, MemberDoc, Models } from '../db/models.ts';
import type { Communities } from '../identity/communities.ts';
import type { Platform } from '../types.ts';
import type { ChatActivity } from './chat-activity.ts';
import type { PointsExpiry } from './expiry.ts';
import type { Leaderboards } from './leaderboard.ts';
import type { Orders } from './orders.ts';
import type { Pauses } from './pauses.ts';
import type { Referrals } from './referrals.ts';
import type { Renewals } from './renewals.ts';
import type { Tiers } from './tiers.ts';

export interface MaintainedServices {
  chat: ChatActivity;
  expiry: PointsExpiry;
  renewals: Renewals;
  pauses: Pauses;
  tiers: Tiers;
  orders: Orders;
  referrals: Referrals;
  leaderboards: Leaderboards;
}

type Totals = Record<string, number>;

function add(into: Totals, from: Record<string, number>): Totals {
  for (const [key, value] of Object.entries(from)) into[key] = (into[key] ?? 0) + value;
  return into;
}

/** What the scheduled loyalty jobs do, community by community; each step is idempotent. */
export class LoyaltyMaintenance {
  constructor(
    private readonly models: Models,
    private readonly communities: Communities,
    private readonly loyalty: MaintainedServices,
    /** A pending order older than this was abandoned by a crash. */
    private readonly repairAfterMs: number,
  ) {}

  async flushChatPoints(): Promise<Totals> {
    return this.eachCommunity(async (community) => ({
      credited: await this.loyalty.chat.flush(community.communityId),
    }));
  }

  async expirePoints(now: Date): Promise<Totals> {
    return this.eachCommunity((community) => this.loyalty.expiry.runForCommunity(community, now));
  }

  /** Paid periods (reminders, lapses) and pauses (the reminder a week before, the resumption). */
  async processRenewals(now: Date): Promise<Totals> {
    return this.eachCommunity(async (community) => ({
      ...(await this.loyalty.renewals.runForCommunity(community, now)),
      ...(await this.loyalty.pauses.runForCommunity(community, now)),
    }));
  }

  /** Nightly: promotions missed and demotions due (rolling tiers move both ways). */
  async recomputeTiers(now: Date): Promise<Totals> {
    return this.eachCommunity(async (community) => {
      let changed = 0;
      const members = this.models.Member.find({ communityId: community.communityId, status: 'active' })
        .lean<MemberDoc>()
        .cursor();
      for await (const member of members) {
        if (await this.loyalty.tiers.reassess(member, community, now, { allowDemotion: true })) changed += 1;
      }
      return { changed };
    });
  }

  /** Finishes work a crash interrupted: abandoned orders and uncredited referrals. */
  async repair(now: Date): Promise<Totals> {
    const cutoff = new Date(now.getTime() - this.repairAfterMs);
    const orders = await this.loyalty.orders.repair(cutoff, now);
    let referrals = 0;
    for (const member of await this.loyalty.referrals.uncredited(cutoff)) {
      const community = await this.communities.ensure(member.platform as Platform, member.communityId);
      await this.loyalty.referrals.credit(member, community);
      referrals += 1;
    }
    return { ...orders, referrals };
  }

  /** Hourly: all-time leaderboards compared with MongoDB, rebuilt where they drifted. */
  async verifyLeaderboards(now: Date): Promise<Totals> {
    return this.eachCommunity(async (community) => ({
      rebuilt: Number(await this.loyalty.leaderboards.verifyAllTime(community.communityId, now)),
    }));
  }

  private async eachCommunity(run: (community: CommunityDoc) => Promise<Record<string, number>>): Promise<Totals> {
    const totals: Totals = { communities: 0 };
    for (const community of await this.communities.all()) {
      add(totals, await run(community));
      totals.communities = (totals.communities ?? 0) + 1;
    }
    return totals;
  }
}
