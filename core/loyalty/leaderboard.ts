import type { Redis } from 'ioredis';
import type { MemberDoc, Models } from '../db/models.ts';
import type { PointsEntry } from '../db/loyalty-models.ts';
import { memberDocId } from '../db/ids.ts';
import { isoWeek } from '../time.ts';

export const LEADERBOARD_PERIODS = ['week', 'month', 'all'] as const;
export type LeaderboardPeriod = (typeof LEADERBOARD_PERIODS)[number];

export interface Standing {
  userId: string;
  displayName: string;
  points: number;
  rank: number;
}

export interface Leaderboard {
  top: Standing[];
  me: Standing | null;
}

const PERIOD_TTL_SECONDS = 70 * 24 * 3600;

/**
 * Rankings by points earned. Week and month live in Redis sorted sets fed by every earning
 * (rank of any member in O(log n)); all-time reads the members' cached lifetime totals
 * through an index.
 */
export class Leaderboards {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly models: Models,
  ) {}

  /** Ledger observer: counts what an entry earned into the current periods. */
  async record(entry: PointsEntry): Promise<void> {
    if (entry.kind !== 'earn' && entry.kind !== 'adjust') return;
    if (entry.delta <= 0) return;
    const member = `${entry.platform}|${entry.userId}`;
    const pipeline = this.redis.pipeline();
    for (const key of [this.key(entry.communityId, 'week', entry.at), this.key(entry.communityId, 'month', entry.at)]) {
      pipeline.zincrby(key, entry.delta, member).expire(key, PERIOD_TTL_SECONDS);
    }
    await pipeline.exec();
  }

  async standings(communityId: string, period: LeaderboardPeriod, me: { platform: string; userId: string }, now: Date, size = 10): Promise<Leaderboard> {
    return period === 'all' ? this.allTime(communityId, me, size) : this.periodic(communityId, period, me, now, size);
  }

  private async periodic(communityId: string, period: 'week' | 'month', me: { platform: string; userId: string }, now: Date, size: number): Promise<Leaderboard> {
    const key = this.key(communityId, period, now);
    const flat = await this.redis.zrevrange(key, 0, size - 1, 'WITHSCORES');
    const rows: Array<{ platform: string; userId: string; points: number }> = [];
    for (let i = 0; i < flat.length; i += 2) {
      const [platform = '', userId = ''] = (flat[i] as string).split('|');
      rows.push({ platform, userId, points: Number(flat[i + 1]) });
    }
    const names = await this.names(communityId, rows.map((r) => r.userId));
    const top = rows.map((row, i) => ({ userId: row.userId, displayName: names.get(row.userId) ?? row.userId, points: row.points, rank: i + 1 }));
    const self = `${me.platform}|${me.userId}`;
    const [rank, score] = await Promise.all([this.redis.zrevrank(key, self), this.redis.zscore(key, self)]);
    const mine = rank === null || score === null ? null : { userId: me.userId, displayName: (await this.names(communityId, [me.userId])).get(me.userId) ?? me.userId, points: Number(score), rank: rank + 1 };
    return { top, me: mine };
  }

  private async allTime(communityId: string, me: { platform: string; userId: string }, size: number): Promise<Leaderboard> {
    const leaders = await this.models.Member.find({ communityId, earnedTotal: { $gt: 0 } }).sort({ earnedTotal: -1, userId: 1 }).limit(size).lean<MemberDoc[]>();
    const top = leaders.map((m, i) => ({ userId: m.userId, displayName: m.displayName || m.userId, points: m.earnedTotal, rank: i + 1 }));
    const self = await this.models.Member.findById(memberDocId({ communityId, ...me })).lean<MemberDoc>();
    if (!self || self.earnedTotal <= 0) return { top, me: null };
    const ahead = await this.models.Member.countDocuments({ communityId, earnedTotal: { $gt: self.earnedTotal } });
    return { top, me: { userId: self.userId, displayName: self.displayName || self.userId, points: self.earnedTotal, rank: ahead + 1 } };
  }

  private async names(communityId: string, userIds: string[]): Promise<Map<string, string>> {
    if (userIds.length === 0) return new Map();
    const members = await this.models.Member.find({ communityId, userId: { $in: userIds } }, { userId: 1, displayName: 1 }).lean<MemberDoc[]>();
    return new Map(members.map((m) => [m.userId, m.displayName || m.userId]));
  }

  private key(communityId: string, period: 'week' | 'month', at: Date): string {
    const bucket = period === 'week' ? isoWeek(at) : at.toISOString().slice(0, 7);
    return `${this.prefix}:lb:{${communityId}}:${period}:${bucket}`;
  }
}
