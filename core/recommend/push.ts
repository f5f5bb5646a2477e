import { memberField } from '../db/ids.ts';
import type { RedisClient } from '../stores/redis-client.ts';
import type { CommunityDoc, MemberDoc, Models } from '../db/models.ts';
import type { MemberNotices } from '../loyalty/member-notices.ts';
import type { Communities } from '../identity/communities.ts';
import { isoWeek } from '../time.ts';
import type { PickServing } from './serving.ts';

const REPEAT_AFTER_MS = 30 * 24 * 3600 * 1000;

/**
 * The weekly DM of picks to members who opted in: once per member per ISO week (keyed, so
 * a retried job sends nothing twice), never an item pushed in the last 30 days, paced so
 * the chat platforms' rate limits are respected.
 */
export class RecommendationPush {
  constructor(
    private readonly models: Models,
    private readonly redis: RedisClient,
    private readonly prefix: string,
    private readonly communities: Communities,
    private readonly serving: PickServing,
    private readonly notices: MemberNotices,
    private readonly pauseMs = 250,
  ) {}

  async run(now: Date): Promise<{ sent: number; skipped: number }> {
    let sent = 0;
    let skipped = 0;
    for (const community of await this.communities.all()) {
      const members = this.models.Member.find({
        communityId: community.communityId,
        status: 'active',
        recommendDms: true,
      })
        .lean<MemberDoc>()
        .cursor();
      for await (const member of members) {
        if (await this.pushTo(member, community, now)) {
          sent += 1;
          if (this.pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, this.pauseMs));
        } else skipped += 1;
      }
    }
    return { sent, skipped };
  }

  private async pushTo(member: MemberDoc, community: CommunityDoc, now: Date): Promise<boolean> {
    const pushedKey = `${this.prefix}:pushed:{${community.communityId}}:${memberField(member)}`;
    await this.redis.zremrangebyscore(pushedKey, 0, now.getTime() - REPEAT_AFTER_MS);
    const recent = new Set(await this.redis.zrange(pushedKey, 0, -1));
    // The member's experiment variant decides what is pushed (the control's is nothing).
    const served = await this.serving.picks(member, community, now, 8);
    const fresh = served.picks.filter((pick) => !recent.has(pick.itemId)).slice(0, 3);
    if (fresh.length === 0) return false;
    const sent = await this.notices.tellOnce(
      `rec-push:${member.platform}:${member.userId}:${isoWeek(now)}`,
      member,
      community,
      now,
      (t) => ({
        tone: 'info',
        title: t('recommend.pushTitle'),
        text: fresh.map((pick) => `• ${pick.title}`).join('\n'),
      }),
    );
    if (sent) {
      await this.serving.shown(
        served,
        member,
        fresh.map((pick) => pick.itemId),
        now,
      );
      const pipeline = this.redis.pipeline();
      for (const pick of fresh) pipeline.zadd(pushedKey, now.getTime(), pick.itemId);
      await pipeline.expire(pushedKey, Math.ceil(REPEAT_AFTER_MS / 1000)).exec();
    }
    return sent;
  }
}
