import type { RedisClient } from '../stores/redis-client.ts';
import { BoundedCache } from '../bounded-cache.ts';
import type { MemberDoc, Models } from '../db/models.ts';
import type { ChannelSentimentDoc, FeedbackDoc } from '../db/support-models.ts';
import type { Recommender } from '../recommend/recommender.ts';
import type { FeedbackIndex } from '../stores/feedback-index.ts';
import type { MemberSearch } from '../stores/member-search.ts';
import type { CampaignCounts } from './campaign-figures.ts';
import { recommendationFigures, type RecommendationFigures } from './recommendation-figures.ts';
import {
  sentimentDays,
  themesByWindow,
  type ChannelDay,
  type SentimentDay,
  type ThemeWithMessages,
} from './sentiment-days.ts';

/** Everything the dashboard's pages show that would take a scan to compute, as of `at`. */
export interface DashboardFigures {
  at: string;
  /** How long the refresh took (the job's own figure). */
  seconds: number;
  /** Paused members (the save flow's pause) are neither active nor cancelled. */
  members: { active: number; paused: number; cancelled: number; newThisWeek: number };
  tiers: Array<{ tier: string; members: number }>;
  /** Points issued (earned, all time), redeemed (orders placed or fulfilled) and held now (the liability). */
  points: { issued: number; redeemed: number; outstanding: number };
  openTickets: number;
  days: SentimentDay[];
  channelDays: ChannelDay[];
  themes: Record<string, { negative: ThemeWithMessages[]; positive: ThemeWithMessages[] }>;
  recommendations: RecommendationFigures;
  /** The newest campaigns' results, by name (absent from snapshots older than the field). */
  campaigns?: Record<string, CampaignCounts>;
}

const DAY_MS = 24 * 3600 * 1000;
/** A year and a bit: the longest range the sentiment page offers. */
const DAYS_KEPT = 400;

/**
 * The dashboard job's work for one community: reads what pages need once (the scans FerretDB
 * makes of every query happen here, in the background) and stores it by the community's id;
 * keeps the feedback index and the member search in step.
 */
export class DashboardStats {
  /** Figures are written whole and never changed, so a copy per (community, time) stays true. */
  private readonly copies = new BoundedCache<string, DashboardFigures>(200, 3600_000);

  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    private readonly models: Models,
    private readonly recommender: Recommender,
    private readonly feedbackIndex: FeedbackIndex,
    private readonly memberSearch: MemberSearch,
    private readonly campaignCounts: (communityId: string, now: Date) => Promise<Record<string, CampaignCounts>>,
  ) {}

  /** Refreshes each community in turn; returns how long each took. */
  async refreshEach(communityIds: string[], now: Date) {
    const refreshed: Array<{ communityId: string; seconds: number }> = [];
    for (const communityId of communityIds) {
      refreshed.push({ communityId, seconds: (await this.refresh(communityId, now)).seconds });
    }
    return { refreshed };
  }

  async refresh(communityId: string, now: Date): Promise<DashboardFigures> {
    const started = performance.now();
    const from = new Date(now.getTime() - DAYS_KEPT * DAY_MS);
    const [members, redeemed, openTickets, feedback, channels, recommendations, campaigns] = await Promise.all([
      this.memberFigures(communityId, now),
      this.redeemedPoints(communityId),
      this.models.Ticket.countDocuments({ communityId, status: { $in: ['open', 'claimed'] } }),
      this.models.Feedback.find({ communityId, at: { $gte: from } }).lean<FeedbackDoc[]>(),
      this.models.ChannelSentiment.find({ communityId, day: { $gte: from.toISOString().slice(0, 10) } }).lean<
        ChannelSentimentDoc[]
      >(),
      recommendationFigures(this.models, this.recommender, communityId),
      this.campaignCounts(communityId, now),
    ]);
    if ((await this.feedbackIndex.count(communityId)) !== feedback.length) {
      await this.feedbackIndex.rebuild(communityId, feedback);
    }
    const figures: DashboardFigures = {
      at: now.toISOString(),
      seconds: 0,
      ...members,
      points: { ...members.points, redeemed },
      openTickets,
      ...sentimentDays(feedback, channels),
      themes: themesByWindow(feedback, now),
      recommendations,
      campaigns,
    };
    figures.seconds = Math.round((performance.now() - started) / 100) / 10;
    await this.models.DashboardSnapshot.replaceOne(
      { _id: communityId },
      { _id: communityId, at: now, figures },
      { upsert: true },
    );
    await this.redis.set(this.stampKey(communityId), figures.at);
    this.copies.set(`${communityId}|${figures.at}`, figures);
    return figures;
  }

  /** The stored figures; a community never refreshed yet (a first visit) is refreshed now. */
  async latestOrRefresh(communityId: string, now: Date): Promise<DashboardFigures> {
    return (await this.latest(communityId)) ?? this.refresh(communityId, now);
  }

  /**
   * The stored figures. Pages read them on every request and they weigh a few hundred kB, so
   * each process keeps a copy, known current by the time stamp the refresh leaves in Redis.
   */
  async latest(communityId: string): Promise<DashboardFigures | null> {
    const stamp = await this.redis.get(this.stampKey(communityId));
    const copy = stamp ? this.copies.get(`${communityId}|${stamp}`) : undefined;
    if (copy) return copy;
    const snapshot = await this.models.DashboardSnapshot.findById(communityId).lean();
    const figures = (snapshot?.figures as DashboardFigures | undefined) ?? null;
    if (figures) {
      this.copies.set(`${communityId}|${figures.at}`, figures);
      if (!stamp) await this.redis.set(this.stampKey(communityId), figures.at);
    }
    return figures;
  }

  private stampKey(communityId: string): string {
    return `${this.prefix}:dash-figures-at:{${communityId}}`;
  }

  private async memberFigures(communityId: string, now: Date) {
    const weekAgo = now.getTime() - 7 * DAY_MS;
    const counts = { active: 0, paused: 0, cancelled: 0, newThisWeek: 0 };
    const tiers = new Map<string, number>();
    const points = { issued: 0, outstanding: 0 };
    const named: Array<{ platform: string; userId: string; displayName: string }> = [];
    const projection = {
      platform: 1,
      userId: 1,
      displayName: 1,
      status: 1,
      tier: 1,
      joinedAt: 1,
      earnedTotal: 1,
      pointsBalance: 1,
    };
    const cursor = this.models.Member.find({ communityId }, projection).lean<MemberDoc>().cursor({ batchSize: 5000 });
    for await (const member of cursor) {
      counts[member.status === 'active' || member.status === 'paused' ? member.status : 'cancelled'] += 1;
      if (member.joinedAt.getTime() >= weekAgo) counts.newThisWeek += 1;
      // A pause keeps the tier.
      if (member.status !== 'cancelled') tiers.set(member.tier, (tiers.get(member.tier) ?? 0) + 1);
      points.issued += member.earnedTotal ?? 0;
      points.outstanding += member.pointsBalance ?? 0;
      named.push(member);
    }
    await this.memberSearch.rebuild(communityId, named);
    return { members: counts, tiers: [...tiers].map(([tier, members]) => ({ tier, members })), points };
  }

  private async redeemedPoints(communityId: string): Promise<number> {
    const orders = await this.models.Order.find(
      { communityId, status: { $in: ['placed', 'fulfilled'] } },
      { cost: 1 },
    ).lean();
    return orders.reduce((sum, order) => sum + order.cost, 0);
  }
}
