import type { RedisClient } from '../stores/redis-client.ts';
import { createOnce } from '../db/create-once.ts';
import type { MemberRef } from '../db/ids.ts';
import type { AuditDoc, Models } from '../db/models.ts';

export type AuditEntry = Omit<AuditDoc, 'details' | 'targetId' | 'reason' | 'via'> & {
  via?: AuditDoc['via'];
  targetId?: string | null;
  reason?: string | null;
  details?: Record<string, unknown>;
};

/** How many of a community's newest entries Redis keeps for reading. */
const CACHED = 500;
/** The cached list is rebuilt from MongoDB at least this often (it may miss a write racing a rebuild). */
const CACHE_SECONDS = 600;

/**
 * Append-only record of admin actions; the key makes a repeated write harmless. The newest
 * entries of each community are also kept in a Redis list, so reading them never sorts the
 * whole collection (FerretDB scans it for every query but an `_id` lookup).
 */
export class AuditLog {
  constructor(
    private readonly models: Models,
    private readonly redis: RedisClient,
    private readonly prefix: string,
  ) {}

  async record(entry: AuditEntry): Promise<void> {
    const doc = { ...entry, via: entry.via ?? 'chat' };
    if (!(await createOnce(this.models.Audit, doc))) return;
    // Only onto a list that exists: a missing one is rebuilt whole from MongoDB when read.
    await this.redis
      .multi()
      .lpushx(this.key(entry.communityId), JSON.stringify(doc))
      .ltrim(this.key(entry.communityId), 0, CACHED - 1)
      .exec();
  }

  /** The newest entries (at most 500 back), optionally only those done in chat or on the web. */
  async recent(communityId: string, limit = 20, via?: AuditDoc['via']): Promise<AuditDoc[]> {
    const entries = await this.cached(communityId);
    // Entries from before `via` existed were all made in chat.
    return entries.filter((entry) => !via || (entry.via ?? 'chat') === via).slice(0, limit);
  }

  /** `/privacy delete`: the reasons a member gave for their own actions go, here and in the cache. */
  async forgetReasonsOf(key: MemberRef): Promise<number> {
    const own = { communityId: key.communityId, actorId: key.userId, reason: { $ne: null } };
    await this.models.Audit.updateMany(own, { $set: { reason: null } });
    await this.redis.del(this.key(key.communityId));
    return 0;
  }

  private async cached(communityId: string): Promise<AuditDoc[]> {
    const key = this.key(communityId);
    const raw = await this.redis.lrange(key, 0, CACHED - 1);
    if (raw.length > 0) return raw.map((line) => revive(JSON.parse(line) as AuditDoc));
    const newest = await this.models.Audit.find({ communityId }).sort({ at: -1 }).limit(CACHED).lean<AuditDoc[]>();
    if (newest.length > 0) {
      await this.redis
        .multi()
        .del(key)
        .rpush(key, ...newest.map((entry) => JSON.stringify(entry)))
        .expire(key, CACHE_SECONDS)
        .exec();
    }
    return newest;
  }

  private key(communityId: string): string {
    return `${this.prefix}:audit:{${communityId}}`;
  }
}

function revive(entry: AuditDoc): AuditDoc {
  return { ...entry, at: new Date(entry.at) };
}
