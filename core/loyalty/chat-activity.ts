import { memberField } from '../db/ids.ts';
import type { Redis } from 'ioredis';
import type { CommunityDoc } from '../db/models.ts';
import { RedisBatches } from '../stores/redis-batches.ts';
import type { ChatEvent, Platform } from '../types.ts';
import type { Earnings } from './earnings.ts';
import { loyaltySettings } from './settings.ts';

const DAY_MS = 24 * 3600 * 1000;

// One round trip per message: streak bookkeeping, cooldown, daily cap, pending points.
// KEYS: cooldown, daily counter, streak hash, pending hash (one hash-tag: one cluster slot)
// ARGV: points, cooldown s, daily cap, member field, today, streak days, streak bonus, message time ms
// The cooldown compares message times (not key expiry), so it follows the event's clock.
const RECORD_SCRIPT = `
local today = tonumber(ARGV[5])
local last = tonumber(redis.call('HGET', KEYS[3], 'last') or '-1')
if last ~= today then
  local count = 1
  if last == today - 1 then count = tonumber(redis.call('HGET', KEYS[3], 'count') or '0') + 1 end
  redis.call('HSET', KEYS[3], 'last', today, 'count', count)
  redis.call('EXPIRE', KEYS[3], 259200)
  if count % tonumber(ARGV[6]) == 0 and tonumber(ARGV[7]) > 0 then
    redis.call('HINCRBY', KEYS[4], 's|' .. ARGV[4], tonumber(ARGV[7]))
  end
end
if tonumber(ARGV[1]) <= 0 then return 0 end
local at = tonumber(ARGV[8])
local previous = tonumber(redis.call('GET', KEYS[1]) or '-1')
if previous >= 0 and at - previous < tonumber(ARGV[2]) * 1000 then return 0 end
local used = tonumber(redis.call('GET', KEYS[2]) or '0')
local grant = math.min(tonumber(ARGV[1]), tonumber(ARGV[3]) - used)
if grant <= 0 then return 0 end
redis.call('SET', KEYS[1], at, 'EX', math.max(tonumber(ARGV[2]), 1))
redis.call('INCRBY', KEYS[2], grant)
redis.call('EXPIRE', KEYS[2], 172800)
redis.call('HINCRBY', KEYS[4], 'c|' .. ARGV[4], grant)
return grant
`;

/**
 * Points for taking part in chat. Counting happens in Redis (cheap per message); a job
 * moves the counts into the ledger in batches (stores/redis-batches.ts), each credit keyed by
 * its batch, so a crashed flush is replayed and credits nothing twice.
 */
export class ChatActivity {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly earnings: Earnings,
  ) {}

  /** Returns the points this message earned (before the flush credits them). */
  async record(event: ChatEvent, community: CommunityDoc): Promise<number> {
    const { chat, streak } = loyaltySettings(community);
    const member = memberField({ platform: event.platform, userId: event.user.id });
    const today = Math.floor(event.at.getTime() / DAY_MS);
    const base = this.base(event.communityId);
    const granted = await this.redis.eval(
      RECORD_SCRIPT,
      4,
      `${base}:cd:${member}`,
      `${base}:day:${today}:${member}`,
      `${base}:streak:${member}`,
      `${base}:pending`,
      chat.points,
      chat.cooldownSeconds,
      chat.dailyCap,
      member,
      today,
      streak.days,
      streak.bonus,
      event.at.getTime(),
    );
    return Number(granted);
  }

  /**
   * Moves pending counts of one community into the ledger; returns points credited. What
   * Redis held is lost with Redis: at most one flush interval of chat points (README).
   */
  async flush(communityId: string): Promise<number> {
    let credited = 0;
    const credit = async (batch: string, counts: Record<string, string>) => {
      credited += await this.creditBatch(communityId, batch, counts);
    };
    // Not exclusive: every credit is keyed by its batch, so overlapping drains credit once.
    await new RedisBatches(this.redis, this.base(communityId)).drain(credit, { exclusive: false });
    return credited;
  }

  private async creditBatch(communityId: string, batch: string, counts: Record<string, string>): Promise<number> {
    let credited = 0;
    for (const [field, value] of Object.entries(counts)) {
      const [kind, platform, userId] = field.split('|') as [string, Platform, string];
      const result = await this.earnings.award({
        member: { communityId, platform, userId },
        basePoints: Number(value),
        reason: kind === 's' ? 'streak-bonus' : 'chat-activity',
        source: 'rule',
        earning: 'chat',
        idempotencyKey: `chat:${batch}:${field}`,
      });
      credited += result && !result.replayed ? result.points : 0;
    }
    return credited;
  }

  private base(communityId: string): string {
    return `${this.prefix}:chat:{${communityId}}`;
  }
}
