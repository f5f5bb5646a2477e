import { memberField } from '../db/ids.ts';
import { randomUUID } from 'node:crypto';
import type { RedisClient } from '../stores/redis-client.ts';
import type { Models } from '../db/models.ts';
import type { PointsEntry } from '../db/loyalty-models.ts';
import { execOrThrow } from '../stores/redis-exec.ts';
import { isoWeek } from '../time.ts';
import { allTimeFingerprint, scoresFromStore } from './leaderboard-sources.ts';
import type { Members } from '../identity/members.ts';
import type { Platform } from '../types.ts';

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
 * Rankings by points earned: RedisClient sorted sets per week, month and all time, fed by every
 * earning, so the top ten and any member's rank cost O(log n) however large the community.
 */
export class Leaderboards {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    private readonly models: Models,
    private readonly members: Members,
  ) {}

  /** Ledger observer: counts what an entry earned into the current periods. */
  async record(entry: PointsEntry): Promise<void> {
    if (entry.kind !== 'earn' && entry.kind !== 'adjust') return;
    if (entry.delta <= 0) return;
    const member = memberField(entry);
    const pipeline = this.redis.pipeline();
    for (const key of [this.key(entry.communityId, 'week', entry.at), this.key(entry.communityId, 'month', entry.at)]) {
      pipeline.zincrby(key, entry.delta, member).expire(key, PERIOD_TTL_SECONDS);
    }
    pipeline.zincrby(this.allTimeKey(entry.communityId), entry.delta, member);
    await pipeline.exec();
  }

  async standings(
    communityId: string,
    period: LeaderboardPeriod,
    me: { platform: string; userId: string },
    now: Date,
    size = 10,
  ): Promise<Leaderboard> {
    const key = period === 'all' ? this.allTimeKey(communityId) : this.key(communityId, period, now);
    await this.ensureBuilt(communityId, period, key, now);
    return this.ranked(communityId, key, me, size);
  }

  /**
   * After a rebuild a standing carries a stamp. A missing stamp means Redis lost the standing
   * (earnings since then may have recreated the set, so its mere existence proves nothing):
   * one reader rebuilds it from MongoDB while the others read what is there.
   */
  private async ensureBuilt(communityId: string, period: LeaderboardPeriod, key: string, now: Date): Promise<void> {
    if ((await this.redis.exists(`${key}:built`)) === 1) return;
    if ((await this.redis.set(`${key}:rebuilding`, '1', 'EX', 60, 'NX')) !== 'OK') return;
    try {
      await this.rebuild(communityId, period, key, now);
    } finally {
      await this.redis.del(`${key}:rebuilding`);
    }
  }

  /** Replaces a standing with what MongoDB says it is; built aside, swapped in whole. */
  private async rebuild(communityId: string, period: LeaderboardPeriod, key: string, now: Date): Promise<void> {
    const staging = `${key}:staging:${randomUUID()}`;
    let pipeline = this.redis.pipeline();
    let count = 0;
    for await (const [member, points] of scoresFromStore(this.models, communityId, period, now)) {
      pipeline.zadd(staging, points, member);
      if ((count += 1) % 5000 === 0) {
        await execOrThrow(pipeline);
        pipeline = this.redis.pipeline();
      }
    }
    await execOrThrow(pipeline);
    const swap = this.redis.multi();
    if (count > 0) swap.rename(staging, key);
    else swap.del(key);
    swap.set(`${key}:built`, '1');
    // Week and month standings (and their stamps) go away a while after their period.
    if (period !== 'all') swap.expire(key, PERIOD_TTL_SECONDS).expire(`${key}:built`, PERIOD_TTL_SECONDS);
    await execOrThrow(swap);
  }

  /**
   * Compares the all-time standing with MongoDB (member count and point sum) and rebuilds it
   * when they differ; run hourly, so even a drift nobody noticed heals. True when rebuilt.
   */
  async verifyAllTime(communityId: string, now: Date): Promise<boolean> {
    const key = this.allTimeKey(communityId);
    const [stored, scores] = await Promise.all([
      allTimeFingerprint(this.models, communityId),
      this.redis.zrange(key, 0, -1, 'WITHSCORES'),
    ]);
    let sum = 0;
    for (let i = 1; i < scores.length; i += 2) sum += Number(scores[i]);
    if (stored.count === scores.length / 2 && stored.sum === sum) return false;
    await this.rebuild(communityId, 'all', key, now);
    return true;
  }

  private async ranked(
    communityId: string,
    key: string,
    me: { platform: string; userId: string },
    size: number,
  ): Promise<Leaderboard> {
    const flat = await this.redis.zrevrange(key, 0, size - 1, 'WITHSCORES');
    const rows: Array<{ platform: string; userId: string; points: number }> = [];
    for (let i = 0; i < flat.length; i += 2) {
      const [platform = '', userId = ''] = (flat[i] as string).split('|');
      rows.push({ platform, userId, points: Number(flat[i + 1]) });
    }
    const names = await this.names(communityId, rows);
    const top = rows.map((row, i) => ({
      userId: row.userId,
      displayName: names.get(row.userId) ?? row.userId,
      points: row.points,
      rank: i + 1,
    }));
    const self = memberField(me);
    const [rank, score] = await Promise.all([this.redis.zrevrank(key, self), this.redis.zscore(key, self)]);
    const mine =
      rank === null || score === null
        ? null
        : {
            userId: me.userId,
            displayName: (await this.names(communityId, [me])).get(me.userId) ?? me.userId,
            points: Number(score),
            rank: rank + 1,
          };
    return { top, me: mine };
  }

  /** Display names through the member cache: ten cached reads beat one `$in` scan of every member. */
  private async names(
    communityId: string,
    people: Array<{ platform: string; userId: string }>,
  ): Promise<Map<string, string>> {
    const members = await Promise.all(
      people.map((p) => this.members.findCached({ communityId, platform: p.platform as Platform, userId: p.userId })),
    );
    return new Map(people.map((p, i) => [p.userId, members[i]?.displayName || p.userId]));
  }

  private allTimeKey(communityId: string): string {
    return `${this.prefix}:lb:{${communityId}}:all`;
  }

  private key(communityId: string, period: 'week' | 'month', at: Date): string {
    const bucket = period === 'week' ? isoWeek(at) : at.toISOString().slice(0, 7);
    return `${this.prefix}:lb:{${communityId}}:${period}:${bucket}`;
  }
}
