import type { RedisClient } from './redis-client.ts';

/**
 * The ids of a community's unresolved tickets, oldest first, in a Redis sorted set: the queue
 * and its count without scanning the tickets collection. The set is built from MongoDB when
 * missing; a ticket closed while it was being built may linger in it, so readers drop ids
 * whose ticket turns out to be closed (`forget`).
 */
export class OpenTickets {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
  ) {}

  async add(communityId: string, ticketId: string, createdAt: Date): Promise<void> {
    await this.redis.zadd(this.key(communityId), createdAt.getTime(), ticketId);
  }

  async forget(communityId: string, ticketIds: string[]): Promise<void> {
    if (ticketIds.length > 0) await this.redis.zrem(this.key(communityId), ...ticketIds);
  }

  /** Oldest first; null when the set was never built (or Redis lost it). */
  async oldest(communityId: string, limit: number, offset = 0): Promise<string[] | null> {
    const [[, built], [, ids]] = (await this.redis
      .multi()
      .exists(this.builtKey(communityId))
      .zrange(this.key(communityId), offset, offset + limit - 1)
      .exec()) as [[null, number], [null, string[]]];
    return built ? ids : null;
  }

  async count(communityId: string): Promise<number | null> {
    const [[, built], [, count]] = (await this.redis
      .multi()
      .exists(this.builtKey(communityId))
      .zcard(this.key(communityId))
      .exec()) as [[null, number], [null, number]];
    return built ? count : null;
  }

  /** Adds what MongoDB holds (never removes: a ticket added meanwhile stays) and marks the set built. */
  async build(communityId: string, open: Array<{ ticketId: string; createdAt: Date }>): Promise<void> {
    const multi = this.redis.multi();
    for (const ticket of open) multi.zadd(this.key(communityId), ticket.createdAt.getTime(), ticket.ticketId);
    await multi.set(this.builtKey(communityId), '1').exec();
  }

  private key(communityId: string): string {
    return `${this.prefix}:tickets-open:{${communityId}}`;
  }

  private builtKey(communityId: string): string {
    return `${this.prefix}:tickets-open-built:{${communityId}}`;
  }
}
