import type { RedisClient } from './redis-client.ts';

const TTL_SECONDS = 300;
const VERSION_TTL_SECONDS = 24 * 3600;

/**
 * Documents of one collection cached in Redis for reads on every command (the caller's
 * member, the community). Every write bumps the document's version after the write (hooks
 * on the model); a cached copy is used only while its version is current, so a reader that
 * raced a writer can at worst cause a miss, never serve the old document. Collection-wide
 * writes bump one epoch for all.
 */
export class DocumentCache<T extends object> {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    /** Dates come back from JSON as strings; these fields are turned back into Dates. */
    private readonly dateFields: readonly string[],
  ) {}

  async get(id: string, load: () => Promise<T | null>): Promise<T | null> {
    // The epoch is the collection's one key, in another hash slot than the document's two on
    // a cluster, so it is read beside them, not with them: both counters only grow, so a copy
    // stored before a write still never matches what a reader sees after it.
    const [epoch, [version, cached]] = await Promise.all([
      this.redis.get(this.epochKey()),
      this.redis.mget(this.versionKey(id), this.docKey(id)),
    ]);
    const current = `${epoch ?? 0}:${version ?? 0}`;
    if (cached) {
      const entry = JSON.parse(cached) as { v: string; doc: T | null };
      if (entry.v === current) return entry.doc && this.revive(entry.doc);
    }
    const doc = await load();
    await this.redis.set(this.docKey(id), JSON.stringify({ v: current, doc }), 'EX', TTL_SECONDS);
    return doc;
  }

  /** After a write to one document (id) or to any number of them (null). */
  async changed(id: string | null): Promise<void> {
    if (id === null) {
      await this.redis.incr(this.epochKey());
      return;
    }
    await this.redis.multi().incr(this.versionKey(id)).expire(this.versionKey(id), VERSION_TTL_SECONDS).exec();
  }

  private revive(doc: T): T {
    const copy = { ...doc } as Record<string, unknown>;
    for (const field of this.dateFields)
      if (typeof copy[field] === 'string') copy[field] = new Date(copy[field] as string);
    return copy as T;
  }

  private epochKey(): string {
    return `${this.prefix}:epoch`;
  }

  private versionKey(id: string): string {
    return `${this.prefix}:v:{${id}}`;
  }

  private docKey(id: string): string {
    return `${this.prefix}:doc:{${id}}`;
  }
}
