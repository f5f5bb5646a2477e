import { randomUUID } from 'node:crypto';
import type { RedisClient } from './redis-client.ts';
import { memberField } from '../db/ids.ts';
import { execOrThrow } from './redis-exec.ts';

const SEPARATOR = '\u0000';

/**
 * Members found by the start of their name, for the dashboard's search: one Redis sorted set
 * per community of `name<NUL>platform|user` (all score 0), searched by lexical range, so a
 * search never scans the members collection. Rebuilt whole by the dashboard job.
 */
export class MemberSearch {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
  ) {}

  async rebuild(communityId: string, members: Array<{ platform: string; userId: string; displayName: string }>) {
    const staging = `${this.key(communityId)}:staging:${randomUUID()}`;
    for (let start = 0; start < members.length; start += 5000) {
      const pipeline = this.redis.pipeline();
      for (const member of members.slice(start, start + 5000)) {
        const name = (member.displayName || member.userId).toLowerCase();
        pipeline.zadd(staging, 0, `${name}${SEPARATOR}${memberField(member)}`);
      }
      await execOrThrow(pipeline);
    }
    if (members.length === 0) await this.redis.del(this.key(communityId));
    else await this.redis.rename(staging, this.key(communityId));
  }

  /** Up to `limit` members whose name starts with what was typed. */
  async byNameStart(
    communityId: string,
    typed: string,
    limit = 20,
  ): Promise<Array<{ platform: string; userId: string }>> {
    const start = typed
      .trim()
      .toLowerCase()
      // Only the separator would confuse the range; the leading `[` makes the rest literal.
      .replaceAll(SEPARATOR, '');
    if (start === '') return [];
    const found = await this.redis.zrangebylex(
      this.key(communityId),
      `[${start}`,
      `[${start}\u{10ffff}`,
      'LIMIT',
      0,
      limit,
    );
    return found.map((entry) => {
      const [platform = '', userId = ''] = (entry.split(SEPARATOR)[1] ?? '').split('|');
      return { platform, userId };
    });
  }

  private key(communityId: string): string {
    return `${this.prefix}:dash-names:{${communityId}}`;
  }
}
