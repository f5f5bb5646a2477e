import type { RedisClient } from './redis-client.ts';

/** So many uses per so many seconds. */
export interface RateLimit {
  count: number;
  windowSeconds: number;
}

// A sliding window approximated by two fixed windows: the previous one counts in proportion
// to how much of it still overlaps. One round trip, and nothing stored past two windows.
// KEYS: current window, previous window; ARGV: limit, window ms, now ms
const TAKE_SCRIPT = `
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local previous = tonumber(redis.call('GET', KEYS[2]) or '0')
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
local weight = (window - (now % window)) / window
if previous * weight + current >= limit then return 0 end
redis.call('INCR', KEYS[1])
redis.call('PEXPIRE', KEYS[1], window * 2)
return 1
`;

/** Per-user, per-action rate limits in Redis. */
export class RateLimiter {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
  ) {}

  /** Takes one use; false when the limit is reached (nothing is taken then). */
  async take(scope: string, subject: string, limit: RateLimit, now: Date): Promise<boolean> {
    const windowMs = limit.windowSeconds * 1000;
    const slot = Math.floor(now.getTime() / windowMs);
    const base = `${this.prefix}:rate:{${scope}}:${subject}`;
    const allowed = await this.redis.eval(
      TAKE_SCRIPT,
      2,
      `${base}:${slot}`,
      `${base}:${slot - 1}`,
      limit.count,
      windowMs,
      now.getTime(),
    );
    return Number(allowed) === 1;
  }
}
