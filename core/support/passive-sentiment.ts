import type { RedisClient } from '../stores/redis-client.ts';
import { isDuplicateKeyError } from '../errors.ts';
import type { CommunityDoc, Models } from '../db/models.ts';
import type { SentimentScorer } from '../sentiment/scorer.ts';
import { RedisBatches } from '../stores/redis-batches.ts';
import type { ChatEvent } from '../types.ts';
import type { FeedbackService } from './feedback.ts';
import { supportSettings } from './settings.ts';

const COUNTERS = ['count', 'scoreMilli', 'positive', 'neutral', 'negative'] as const;
type Counts = Record<(typeof COUNTERS)[number], number>;

/** Figures of one channel-day counted elsewhere (an import, the demo's generated history). */
export type CountedDay = Counts;

/** How long a once-marker of addCounted is kept. */
const ADDED_MARKER_SECONDS = 40 * 24 * 3600;

// KEYS: once-marker, pending batch. ARGV: marker ttl, slot, then the five counters in COUNTERS
// order. The marker and the additions happen together or not at all.
const ADD_ONCE_SCRIPT = `
if not redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) then return 0 end
local names = {'count', 'scoreMilli', 'positive', 'neutral', 'negative'}
for i, name in ipairs(names) do redis.call('HINCRBY', KEYS[2], ARGV[2] .. '|' .. name, ARGV[2 + i]) end
return 1
`;

/**
 * Scores messages in the channels a manager opted in and counts them per channel and day in
 * Redis. A job adds the counts to MongoDB in batches with `$inc`, each channel-day recording
 * the last batch it took, so a replayed batch adds nothing and a Redis that lost its counters
 * never overwrites a day's figures with smaller ones. Message text is kept only when the
 * community enabled it.
 */
export class PassiveSentiment {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    private readonly models: Models,
    private readonly scorer: SentimentScorer,
    private readonly feedback: FeedbackService,
  ) {}

  async record(event: ChatEvent, community: CommunityDoc): Promise<boolean> {
    const settings = supportSettings(community);
    if (!settings.sentimentChannels.includes(event.channelId)) return false;
    const sentiment = this.scorer.score(event.text, settings.lexicon);
    const slot = `${event.at.toISOString().slice(0, 10)}|${event.channelId}`;
    const pending = this.batches(event.communityId).pendingKey;
    await this.redis
      .multi()
      .hincrby(pending, `${slot}|count`, 1)
      .hincrby(pending, `${slot}|scoreMilli`, Math.round(sentiment.score * 1000))
      .hincrby(pending, `${slot}|${sentiment.label}`, 1)
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
   * Adds figures counted elsewhere to a channel-day, once per key: they join the counts of live
   * messages and reach MongoDB with the next flush. False when the key was used before.
   */
  async addCounted(communityId: string, channelId: string, day: string, counted: CountedDay, key: string) {
    const added = await this.redis.eval(
      ADD_ONCE_SCRIPT,
      2,
      `${this.prefix}:sent:{${communityId}}:added:${key}`,
      this.batches(communityId).pendingKey,
      ADDED_MARKER_SECONDS,
      `${day}|${channelId}`,
      ...COUNTERS.map((counter) => counted[counter]),
    );
    return added === 1;
  }

  /** Adds every community's counters; returns how many channel-days were written. */
  async flushAll(communityIds: string[]): Promise<number> {
    let copied = 0;
    for (const communityId of communityIds) copied += await this.flush(communityId);
    return copied;
  }

  /** Adds the counts gathered since the last flush; returns how many channel-days were written. */
  async flush(communityId: string): Promise<number> {
    let written = 0;
    // Exclusive: `$inc` is not atomic under concurrency on every store (FerretDB), and
    // batches must be added in order for `lastBatch` to hold.
    const add = async (batch: string, fields: Record<string, string>) => {
      for (const [slot, counts] of groupBySlot(fields)) {
        const [day = '', channelId = ''] = slot.split('|');
        if (await this.add(communityId, channelId, day, counts, batch)) written += 1;
      }
    };
    await this.batches(communityId).drain(add, { exclusive: true });
    return written;
  }

  /** Adds one batch's counts to a channel-day unless that batch (or a later one) was added. */
  private async add(communityId: string, channelId: string, day: string, counts: Counts, batch: string) {
    const _id = `${communityId}|${channelId}|${day}`;
    const { scoreMilli, ...labels } = counts;
    const updated = await this.models.ChannelSentiment.updateOne(
      { _id, $or: [{ lastBatch: null }, { lastBatch: { $lt: batch } }] },
      { $inc: { ...labels, scoreSum: scoreMilli / 1000 }, $set: { lastBatch: batch } },
    );
    if (updated.matchedCount === 1) return true;
    try {
      const doc = { _id, communityId, channelId, day, ...labels, scoreSum: scoreMilli / 1000, lastBatch: batch };
      await this.models.ChannelSentiment.collection.insertOne(doc as never);
      return true;
    } catch (error) {
      // The channel-day exists and already holds this batch: a replay adds nothing.
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  private batches(communityId: string): RedisBatches {
    return new RedisBatches(this.redis, `${this.prefix}:sent:{${communityId}}`);
  }
}

function groupBySlot(fields: Record<string, string>): Map<string, Counts> {
  const slots = new Map<string, Counts>();
  for (const [field, value] of Object.entries(fields)) {
    const cut = field.lastIndexOf('|');
    const slot = field.slice(0, cut);
    const counter = field.slice(cut + 1) as keyof Counts;
    if (!COUNTERS.includes(counter)) continue;
    const counts = slots.get(slot) ?? { count: 0, scoreMilli: 0, positive: 0, neutral: 0, negative: 0 };
    counts[counter] += Number(value);
    slots.set(slot, counts);
  }
  return slots;
}
