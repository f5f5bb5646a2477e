import type { RedisClient } from './redis-client.ts';

const REMEMBER_SECONDS = 3600;

/** Chat message ids seen lately: platforms retry deliveries, and a message must count once. */
export class SeenMessages {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
  ) {}

  /** True the first time a message id is seen in its community. */
  async firstSight(event: { communityId: string; messageId: string }): Promise<boolean> {
    const key = `${this.prefix}:seen-msg:{${event.communityId}}:${event.messageId}`;
    return (await this.redis.set(key, '1', 'EX', REMEMBER_SECONDS, 'NX')) === 'OK';
  }
}
