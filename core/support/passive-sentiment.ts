import type { Redis } from 'ioredis';
import type { CommunityDoc, Models } from '../db/models.ts';
import type { SentimentScorer } from '../sentiment/scorer.ts';
import type { ChatEvent } from '../types.ts';
import type { FeedbackService } from './feedback.ts';
import { supportSettings } from './settings.ts';

const TTL_SECONDS = 40 * 24 * 3600;

// KEYS: once-marker, channel-day counters, dirty set. ARGV: ttl, count, scoreMilli, positive,
// neutral, negative, dirty member. The marker and the additions happen together or not at all.
const ADD_ONCE_SCRIPT = `
if not redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) then return 0 end
redis.call('HINCRBY', KEYS[2], 'count', ARGV[2])
redis.call('HINCRBY', KEYS[2], 'scoreMilli', ARGV[3])
redis.call('HINCRBY', KEYS[2], 'positive', ARGV[4])
redis.call('HINCRBY', KEYS[2], 'neutral', ARGV[5])
redis.call('HINCRBY', KEYS[2], 'negative', ARGV[6])
redis.call('EXPIRE', KEYS[2], ARGV[1])
redis.call('SADD', KEYS[3], ARGV[7])
return 1
`;

/** Figures of one channel-day counted elsewhere (an import, the demo's generated history). */
export interface CountedDay {
  count: number;
  /** Sum of the scores in thousandths, as the live counters keep it. */
  scoreMilli: number;
  positive: number;
  neutral: number;
  negative: number;
}

/**
 * Scores messages in the channels a manager opted in and counts them per channel and day
 * in Redis; a job copies the absolute figures into MongoDB, so a repeated copy is harmless.
 * Message text is kept only when the community enabled it.
 */
export class PassiveSentiment {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly models: Models,
    private readonly scorer: SentimentScorer,
    private readonly feedback: FeedbackService,
  ) {}

  async record(event: ChatEvent, community: CommunityDoc): Promise<boolean> {
    const settings = supportSettings(community);
    if (!settings.sentimentChannels.includes(event.channelId)) return false;
    const sentiment = this.scorer.score(event.text, settings.lexicon);
    const day = event.at.toISOString().slice(0, 10);
    const key = `${this.base(event.communityId)}:${day}:${event.channelId}`;
    await this.redis
      .multi()
      .hincrby(key, 'count', 1)
      .hincrby(key, 'scoreMilli', Math.round(sentiment.score * 1000))
      .hincrby(key, sentiment.label, 1)
      .expire(key, TTL_SECONDS)
      .sadd(`${this.base(event.communityId)}:dirty`, `${day}|${event.channelId}`)
      .exec();
    if (settings.storePassiveText) {
      await this.feedback.record({
        ...event,
        displayName: event.user.displayName,
        userId: event.user.id,
        source: 'passive',
        requestId: `msg:${event.messageId}`,
        text: event.text.slice(0, 2000),
      });
    }
    return true;
  }

  /**
   * Adds figures counted elsewhere to a channel-day, once per key: messages of the same day
   * add on top of them, and a repeated call adds nothing. False when the key was used before.
   */
  async addCounted(
    communityId: string,
    channelId: string,
    day: string,
    counted: CountedDay,
    key: string,
  ): Promise<boolean> {
    const base = this.base(communityId);
    const added = await this.redis.eval(
      ADD_ONCE_SCRIPT,
      3,
      `${base}:added:${key}`,
      `${base}:${day}:${channelId}`,
      `${base}:dirty`,
      TTL_SECONDS,
      counted.count,
      counted.scoreMilli,
      counted.positive,
      counted.neutral,
      counted.negative,
      `${day}|${channelId}`,
    );
    return added === 1;
  }

  /** Copies every community's counters; returns how many channel-days were copied. */
  async flushAll(communityIds: string[]): Promise<number> {
    let copied = 0;
    for (const communityId of communityIds) copied += await this.flush(communityId);
    return copied;
  }

  /** Copies the counters of every channel-day touched since the last flush. */
  async flush(communityId: string): Promise<number> {
    const dirtyKey = `${this.base(communityId)}:dirty`;
    let copied = 0;
    for (const member of await this.redis.smembers(dirtyKey)) {
      // Remove the mark first: a message counted meanwhile marks the day dirty again.
      await this.redis.srem(dirtyKey, member);
      const [day = '', channelId = ''] = member.split('|');
      const counts = await this.redis.hgetall(`${this.base(communityId)}:${day}:${channelId}`);
      if (!counts.count) continue;
      await this.models.ChannelSentiment.updateOne(
        { _id: `${communityId}|${channelId}|${day}` },
        {
          $set: {
            communityId,
            channelId,
            day,
            count: Number(counts.count),
            scoreSum: Number(counts.scoreMilli ?? 0) / 1000,
            positive: Number(counts.positive ?? 0),
            neutral: Number(counts.neutral ?? 0),
            negative: Number(counts.negative ?? 0),
          },
        },
        { upsert: true },
      );
      copied += 1;
    }
    return copied;
  }

  private base(communityId: string): string {
    return `${this.prefix}:sent:{${communityId}}`;
  }
}
