import type { Redis } from 'ioredis';
import type { Reply } from '../types.ts';

export type Claim = { kind: 'claimed' } | { kind: 'done'; reply: Reply } | { kind: 'running' };

/** Platforms re-deliver within minutes; a day covers every retry policy with room to spare. */
const REMEMBER_SECONDS = 24 * 3600;
const RUNNING = 'running';

/**
 * Remembers which invocation ids were handled, so a platform's re-delivery of the same
 * command has one effect and gets the first answer. Kept in Redis with an expiry: an O(1)
 * claim per command, and nothing to prune.
 */
export class InvocationLog {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async claim(communityId: string, invocationId: string): Promise<Claim> {
    const key = this.key(communityId, invocationId);
    if ((await this.redis.set(key, RUNNING, 'EX', REMEMBER_SECONDS, 'NX')) === 'OK') return { kind: 'claimed' };
    const stored = await this.redis.get(key);
    return stored && stored !== RUNNING ? { kind: 'done', reply: JSON.parse(stored) as Reply } : { kind: 'running' };
  }

  async complete(communityId: string, invocationId: string, reply: Reply): Promise<void> {
    await this.redis.set(this.key(communityId, invocationId), JSON.stringify(reply), 'EX', REMEMBER_SECONDS);
  }

  /** Lets a re-delivery run again after an unexpected failure left nothing done. */
  async release(communityId: string, invocationId: string): Promise<void> {
    await this.redis.del(this.key(communityId, invocationId));
  }

  private key(communityId: string, invocationId: string): string {
    return `${this.prefix}:invocation:{${communityId}}:${invocationId}`;
  }
}
