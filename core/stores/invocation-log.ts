import type { RedisClient } from './redis-client.ts';
import type { Reply } from '../types.ts';

export type Claim = { kind: 'claimed' } | { kind: 'done'; reply: Reply } | { kind: 'running' };

/** Platforms re-deliver within minutes; a day covers every retry policy with room to spare. */
const REMEMBER_SECONDS = 24 * 3600;
const RUNNING = 'running';

/**
 * Remembers which invocation ids were handled, so a platform's re-delivery of the same
 * command has one effect and gets the first answer. Kept in Redis with an expiry: an O(1)
 * claim per command, and nothing to prune. Each member's invocations are indexed too, so
 * `/privacy delete` can forget the answers that quoted them.
 */
export class InvocationLog {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
  ) {}

  /** `member` is the `platform|user` field of who invoked (see db/ids.ts memberField). */
  async claim(scope: string, invocationId: string, member: string): Promise<Claim> {
    const key = this.key(scope, invocationId);
    const index = this.memberIndex(scope, member);
    const [[, set] = []] =
      (await this.redis
        .multi()
        .set(key, RUNNING, 'EX', REMEMBER_SECONDS, 'NX')
        .sadd(index, invocationId)
        .expire(index, REMEMBER_SECONDS)
        .exec()) ?? [];
    if (set === 'OK') return { kind: 'claimed' };
    const stored = await this.redis.get(key);
    return stored && stored !== RUNNING ? { kind: 'done', reply: JSON.parse(stored) as Reply } : { kind: 'running' };
  }

  async complete(scope: string, invocationId: string, reply: Reply): Promise<void> {
    await this.redis.set(this.key(scope, invocationId), JSON.stringify(reply), 'EX', REMEMBER_SECONDS);
  }

  /** Lets a re-delivery run again after an unexpected failure left nothing done. */
  async release(scope: string, invocationId: string): Promise<void> {
    await this.redis.del(this.key(scope, invocationId));
  }

  /** Forgets every answer given to a member (they may quote what the member wrote). */
  async forgetMember(scope: string, member: string): Promise<number> {
    const index = this.memberIndex(scope, member);
    const ids = await this.redis.smembers(index);
    if (ids.length > 0) await this.redis.del(...ids.map((id) => this.key(scope, id)));
    await this.redis.del(index);
    return ids.length;
  }

  private key(scope: string, invocationId: string): string {
    return `${this.prefix}:invocation:{${scope}}:${invocationId}`;
  }

  private memberIndex(scope: string, member: string): string {
    return `${this.prefix}:invocations-of:{${scope}}:${member}`;
  }
}
