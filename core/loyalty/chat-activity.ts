import { memberField } from '../db/ids.ts';
import type { RedisClient } from '../stores/redis-client.ts';
import { createOnce } from '../db/create-once.ts';
import type { CommunityDoc, Models } from '../db/models.ts';
import { RedisBatches } from '../stores/redis-batches.ts';
import type { ChatEvent, Platform, ReactionEvent } from '../types.ts';
import { assessChat, isHelpfulReaction, REPEAT_MATCHES, SIGNATURE_SIZE, type ChatVerdict } from './chat-quality.ts';
import type { Earnings } from './earnings.ts';
import { loyaltySettings } from './settings.ts';

const DAY_MS = 24 * 3600 * 1000;
/** Recent messages of a member compared for near-repeats, and how long they are remembered. */
const RECENT_MESSAGES = 16;
const RECENT_SECONDS = 7 * 24 * 3600;
/** How long a message's author is remembered, so a thank-you or a reaction can credit them. */
const AUTHOR_SECONDS = 2 * 24 * 3600;

// One round trip per message: the help bonus a thank-you earns the replied-to author, the
// repeat check against the member's recent messages, streak bookkeeping, cooldown, daily
// cap, pending points and the managers' counters.
// KEYS (one hash tag, one cluster slot): 1 cooldown, 2 daily counter, 3 streak hash,
//   4 pending hash, 5 recent signatures, 6 today's fingerprints, 7 this message's author,
//   8 the replied-to message's author, 9 the replied-to message's "helped" mark, 10 today's help hash
// ARGV: 1 points (after quality), 2 cooldown s, 3 daily cap, 4 member, 5 today, 6 streak days,
//   7 streak bonus, 8 message time ms, 9 verdict ('' = quality off), 10 signature, 11 fingerprint,
//   12 thanks as a reply (1/0), 13 replied-to author ('' = look it up), 14 help bonus, 15 help cap
// The cooldown compares message times (not key expiry), so it follows the event's clock.
const RECORD_SCRIPT = `
local verdict = ARGV[9]
local grant = tonumber(ARGV[1])
local member = ARGV[4]
local today = tonumber(ARGV[5])
local function helped(author)
  if author == '' or author == member or tonumber(ARGV[14]) <= 0 then return end
  if not redis.call('SET', KEYS[9], '1', 'NX', 'EX', 604800) then return end
  local used = tonumber(redis.call('HGET', KEYS[10], author) or '0')
  local bonus = math.min(tonumber(ARGV[14]), tonumber(ARGV[15]) - used)
  if bonus <= 0 then return end
  redis.call('HINCRBY', KEYS[10], author, bonus)
  redis.call('EXPIRE', KEYS[10], 172800)
  redis.call('HINCRBY', KEYS[4], 'h|' .. author, bonus)
  redis.call('HINCRBY', KEYS[4], 'q|' .. today .. '|helpful', 1)
end
if ARGV[12] == '1' then
  local author = ARGV[13]
  if author == '' then author = redis.call('GET', KEYS[8]) or '' end
  helped(author)
end
if verdict ~= '' and grant > 0 then
  local repeated = redis.call('SISMEMBER', KEYS[6], ARGV[11]) == 1
  if not repeated then
    local sig = ARGV[10]
    for _, stored in ipairs(redis.call('LRANGE', KEYS[5], 0, -1)) do
      local same = 0
      for i = 1, ${SIGNATURE_SIZE} do
        if string.sub(stored, i * 4 - 3, i * 4) == string.sub(sig, i * 4 - 3, i * 4) then same = same + 1 end
      end
      if same >= ${REPEAT_MATCHES} then repeated = true break end
    end
  end
  if repeated then
    verdict = 'repeat'
    grant = 0
  else
    redis.call('SADD', KEYS[6], ARGV[11])
    redis.call('EXPIRE', KEYS[6], 172800)
    redis.call('LPUSH', KEYS[5], ARGV[10])
    redis.call('LTRIM', KEYS[5], 0, ${RECENT_MESSAGES - 1})
    redis.call('EXPIRE', KEYS[5], ${RECENT_SECONDS})
    redis.call('SET', KEYS[7], member, 'EX', ${AUTHOR_SECONDS})
  end
end
if verdict ~= '' then redis.call('HINCRBY', KEYS[4], 'q|' .. today .. '|' .. verdict, 1) end
-- Only a message of substance keeps a streak going (quality off: any message).
if verdict == '' or verdict == 'ok' then
  local last = tonumber(redis.call('HGET', KEYS[3], 'last') or '-1')
  if last ~= today then
    local count = 1
    if last == today - 1 then count = tonumber(redis.call('HGET', KEYS[3], 'count') or '0') + 1 end
    redis.call('HSET', KEYS[3], 'last', today, 'count', count)
    redis.call('EXPIRE', KEYS[3], 259200)
    if count % tonumber(ARGV[6]) == 0 and tonumber(ARGV[7]) > 0 then
      redis.call('HINCRBY', KEYS[4], 's|' .. member, tonumber(ARGV[7]))
    end
  end
end
if grant <= 0 then return {0, verdict} end
local at = tonumber(ARGV[8])
local cooldown = tonumber(ARGV[2]) * 1000
-- No cooldown: no comparison, or a message handled after a later one (another bot) would earn nothing.
local previous = -1
if cooldown > 0 then previous = tonumber(redis.call('GET', KEYS[1]) or '-1') end
if previous >= 0 and at - previous < cooldown then return {0, verdict} end
local used = tonumber(redis.call('GET', KEYS[2]) or '0')
grant = math.min(grant, tonumber(ARGV[3]) - used)
if grant <= 0 then return {0, verdict} end
if cooldown > 0 then redis.call('SET', KEYS[1], at, 'EX', tonumber(ARGV[2])) end
redis.call('INCRBY', KEYS[2], grant)
redis.call('EXPIRE', KEYS[2], 172800)
redis.call('HINCRBY', KEYS[4], 'c|' .. member, grant)
if verdict ~= '' then redis.call('HINCRBY', KEYS[4], 'q|' .. today .. '|earned', 1) end
return {grant, verdict}
`;

// A "helpful" reaction: the message's remembered author gets the help bonus, once per message.
// KEYS: 1 the message's author, 2 its "helped" mark, 3 today's help hash, 4 pending hash
// ARGV: 1 reacting member, 2 help bonus, 3 help cap, 4 today
const REACT_SCRIPT = `
local author = redis.call('GET', KEYS[1])
if not author or author == ARGV[1] then return 0 end
if not redis.call('SET', KEYS[2], '1', 'NX', 'EX', 604800) then return 0 end
local used = tonumber(redis.call('HGET', KEYS[3], author) or '0')
local bonus = math.min(tonumber(ARGV[2]), tonumber(ARGV[3]) - used)
if bonus <= 0 then return 0 end
redis.call('HINCRBY', KEYS[3], author, bonus)
redis.call('EXPIRE', KEYS[3], 172800)
redis.call('HINCRBY', KEYS[4], 'h|' .. author, bonus)
redis.call('HINCRBY', KEYS[4], 'q|' .. ARGV[4] .. '|helpful', 1)
return bonus
`;

const REASONS: Record<string, string> = { c: 'chat-activity', s: 'streak-bonus', h: 'helpful-answer' };

export interface ChatRecord {
  /** Points this message earned (before the flush credits them). */
  points: number;
  /** How it was judged; null when the community scores no quality. */
  verdict: ChatVerdict | null;
}

/**
 * Points for taking part in chat, by quality: effort, not a repeat, not spam, not toxic
 * (chat-quality.ts), plus a bonus for answers others thank or mark helpful. Counting happens
 * in Redis, one script call per message; a job moves the counts into the ledger in batches
 * (stores/redis-batches.ts), each credit keyed by its batch, so a crashed flush is replayed
 * and credits nothing twice. The managers' counters (repeats, spam, toxic…) travel the same way.
 */
export class ChatActivity {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    private readonly earnings: Earnings,
    private readonly models: Models,
  ) {}

  async record(
    event: ChatEvent,
    community: CommunityDoc,
    options: { sentiment?: (text: string) => number } = {},
  ): Promise<ChatRecord> {
    const { chat, streak } = loyaltySettings(community);
    const member = memberField({ platform: event.platform, userId: event.user.id });
    const today = Math.floor(event.at.getTime() / DAY_MS);
    const base = this.base(event.communityId);
    const judged = chat.quality ? assessChat(event.text, { basePoints: chat.points, ...options }) : null;
    const reply = event.replyTo;
    const thanks = judged?.thanks && reply ? '1' : '0';
    const author = reply?.userId ? memberField({ platform: event.platform, userId: reply.userId }) : '';
    const [points, verdict] = (await this.redis.eval(
      RECORD_SCRIPT,
      10,
      `${base}:cd:${member}`,
      `${base}:day:${today}:${member}`,
      `${base}:streak:${member}`,
      `${base}:pending`,
      `${base}:recent:${member}`,
      `${base}:seen:${today}:${member}`,
      `${base}:msg:${event.messageId}`,
      `${base}:msg:${reply?.messageId ?? '-'}`,
      `${base}:helped:${reply?.messageId ?? '-'}`,
      `${base}:help:${today}`,
      judged ? judged.points : chat.points,
      chat.cooldownSeconds,
      chat.dailyCap,
      member,
      today,
      streak.days,
      streak.bonus,
      event.at.getTime(),
      judged?.verdict ?? '',
      judged?.signature ?? '',
      judged?.fingerprint ?? '',
      thanks,
      author,
      chat.helpBonus,
      chat.helpDailyCap,
    )) as [number, string];
    return { points: Number(points), verdict: verdict ? (verdict as ChatVerdict) : null };
  }

  /** A reaction: the community's helpful one earns the message's author the help bonus, once. */
  async react(event: ReactionEvent, community: CommunityDoc): Promise<number> {
    const { chat } = loyaltySettings(community);
    if (!chat.quality || chat.helpBonus <= 0 || !isHelpfulReaction(event.emoji, chat.helpfulReaction)) return 0;
    const base = this.base(event.communityId);
    const today = Math.floor(event.at.getTime() / DAY_MS);
    const bonus = await this.redis.eval(
      REACT_SCRIPT,
      4,
      `${base}:msg:${event.messageId}`,
      `${base}:helped:${event.messageId}`,
      `${base}:help:${today}`,
      `${base}:pending`,
      memberField({ platform: event.platform, userId: event.user.id }),
      chat.helpBonus,
      chat.helpDailyCap,
      today,
    );
    return Number(bonus);
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
    const quality = new Map<string, Record<string, number>>();
    for (const [field, value] of Object.entries(counts)) {
      const [kind = '', platform, userId] = field.split('|') as [string, Platform, string];
      if (kind === 'q') {
        // `q|<day number>|<verdict>`: the managers' counters, kept per day and batch.
        const day = new Date(Number(platform) * DAY_MS).toISOString().slice(0, 10);
        quality.set(day, { ...quality.get(day), [userId]: Number(value) });
        continue;
      }
      const reason = REASONS[kind];
      if (!reason) continue;
      const result = await this.earnings.award({
        member: { communityId, platform, userId },
        basePoints: Number(value),
        reason,
        source: 'rule',
        earning: 'chat',
        idempotencyKey: `chat:${batch}:${field}`,
      });
      credited += result && !result.replayed ? result.points : 0;
    }
    // One document per day and batch, never updated: a replayed batch inserts nothing new.
    for (const [day, tally] of quality)
      await createOnce(this.models.ChatQuality, {
        _id: `${communityId}|${day}|${batch}`,
        communityId,
        day,
        counts: tally,
      });
    return credited;
  }

  private base(communityId: string): string {
    return `${this.prefix}:chat:{${communityId}}`;
  }
}
