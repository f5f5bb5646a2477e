import { randomBytes } from 'node:crypto';
import type { RedisClient } from './redis-client.ts';

/** Where a routed button acts: its community, the one member who may press it, the real argument. */
export interface ButtonRoute {
  communityId: string;
  platform: string;
  userId: string;
  command: string;
  argument: string;
}

export type RouteLookup = { kind: 'found'; route: ButtonRoute } | { kind: 'expired' } | { kind: 'not-yours' };

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{22}$/;

/**
 * Tokens behind buttons sent outside a community (a DM has none): the button carries only a
 * random token, which names the community, the member it was sent to and the argument. Unlike
 * a confirmation it may be pressed more than once (a rating can be changed); the command keeps
 * its own effects idempotent. Lost with Redis: a press then gets "expired", and nothing happens.
 */
export class ButtonRoutes {
  constructor(
    private readonly redis: RedisClient,
    private readonly keyPrefix: string,
  ) {}

  async create(route: ButtonRoute, ttlSeconds: number): Promise<string> {
    const token = randomBytes(16).toString('base64url');
    await this.redis.set(this.key(token), JSON.stringify(route), 'EX', Math.max(1, Math.ceil(ttlSeconds)));
    return token;
  }

  /** The route, if the token is known and was made for this user. */
  async resolve(token: string, who: { platform: string; userId: string }): Promise<RouteLookup> {
    if (!TOKEN_PATTERN.test(token)) return { kind: 'expired' };
    const raw = await this.redis.get(this.key(token));
    if (!raw) return { kind: 'expired' };
    const route = JSON.parse(raw) as ButtonRoute;
    if (route.platform !== who.platform || route.userId !== who.userId) return { kind: 'not-yours' };
    return { kind: 'found', route };
  }

  private key(token: string): string {
    return `${this.keyPrefix}:route:${token}`;
  }
}
