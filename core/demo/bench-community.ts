import type { Core } from '../app.ts';
import { digestReference, memberDocId } from '../db/ids.ts';
import { HISTORY_CHANNELS, type Tone } from './history-groups.ts';
import { HISTORY_ITEMS } from './history-catalog.ts';
import { displayName, sentence, type Language } from './history-text.ts';
import { SeededRandom } from './random.ts';

export interface BenchCommunitySize {
  members: number;
  days: number;
  /** Written feedback per day (the channels' scored messages come on top, as daily counters). */
  feedbackPerDay: number;
}

const DAY_MS = 24 * 3600 * 1000;
const BATCH = 2000;

/**
 * A large community for benchmarks, written straight into the collections in bulk (going
 * through the services one member at a time would take hours on FerretDB): members with
 * balances and tiers, a year of feedback scored by the live scorer, channel-day counters,
 * open tickets, orders and audit entries. Not a history to explore — `seedHistory` is that.
 */
export async function seedBenchCommunity(core: Core, communityId: string, size: BenchCommunitySize, now: Date) {
  const random = new SeededRandom(`bench:${communityId}`);
  const { models } = core;
  await core.services.communities.ensure('console', communityId, 'Benchmark community');
  const written = { members: 0, feedback: 0, channelDays: 0, tickets: 0, audit: 0 };
  for (let start = 0; start < size.members; start += BATCH) {
    const docs = [];
    for (let i = start; i < Math.min(start + BATCH, size.members); i += 1) {
      const userId = `b${String(i).padStart(6, '0')}`;
      const balance = random.int(0, 3000);
      docs.push({
        _id: memberDocId({ communityId, platform: 'console', userId }),
        communityId,
        platform: 'console',
        userId,
        displayName: displayName(random, random.chance(0.2) ? 'zh' : 'en'),
        status: random.chance(0.08) ? 'cancelled' : 'active',
        tier: random.weighted({ free: 60, silver: 25, gold: 12, platinum: 3 }),
        joinedAt: new Date(now.getTime() - random.int(0, size.days) * DAY_MS),
        referralCode: `B${i.toString(36).toUpperCase().padStart(6, '0')}`,
        pointsBalance: balance,
        earnedTotal: balance + random.int(0, 2000),
      });
    }
    await models.Member.collection.insertMany(docs as never[], { ordered: false });
    written.members += docs.length;
  }
  written.feedback = await seedFeedback(core, communityId, size, now, random);
  written.channelDays = await seedChannelDays(core, communityId, size.days, now, random);
  written.tickets = await seedTickets(core, communityId, now, random);
  written.audit = await seedAudit(core, communityId, now, random);
  return written;
}

async function seedFeedback(
  core: Core,
  communityId: string,
  size: BenchCommunitySize,
  now: Date,
  random: SeededRandom,
) {
  const { scorer } = core.services.support;
  const scored = new Map<string, ReturnType<typeof scorer.score>>();
  const total = size.days * size.feedbackPerDay;
  for (let start = 0; start < total; start += BATCH) {
    const docs = [];
    for (let i = start; i < Math.min(start + BATCH, total); i += 1) {
      const language: Language = random.chance(0.25) ? 'zh' : 'en';
      const tone = random.weighted<Tone>({ positive: 55, neutral: 30, negative: 15 });
      const text = sentence(random, 'feedback', language, tone, random.pick(HISTORY_ITEMS).itemId);
      const sentiment = scored.get(text) ?? scorer.score(text, {});
      scored.set(text, sentiment);
      const userId = `b${String(random.int(0, size.members - 1)).padStart(6, '0')}`;
      docs.push({
        _id: `${communityId}|fb|bench-${i}`,
        communityId,
        platform: 'console',
        userId,
        displayName: userId,
        channelId: random.pick(HISTORY_CHANNELS),
        source: 'command',
        text,
        language: sentiment.language,
        score: Math.round(sentiment.score * 1000) / 1000,
        label: sentiment.label,
        confidence: Math.round(sentiment.confidence * 1000) / 1000,
        ticketId: null,
        at: new Date(now.getTime() - random.next() * size.days * DAY_MS),
      });
    }
    await core.models.Feedback.collection.insertMany(docs as never[], { ordered: false });
  }
  return total;
}

async function seedChannelDays(core: Core, communityId: string, days: number, now: Date, random: SeededRandom) {
  const docs = [];
  for (let d = 0; d < days; d += 1) {
    const day = new Date(now.getTime() - d * DAY_MS).toISOString().slice(0, 10);
    for (const channelId of HISTORY_CHANNELS) {
      const count = random.int(50, 400);
      const negative = Math.round(count * random.next() * 0.2);
      const positive = Math.round((count - negative) * random.next());
      const scoreSum = Math.round((positive - negative) * 0.6 * 1000) / 1000;
      const _id = `${communityId}|${channelId}|${day}`;
      docs.push({
        _id,
        communityId,
        channelId,
        day,
        count,
        scoreSum,
        positive,
        negative,
        neutral: count - positive - negative,
      });
    }
  }
  await core.models.ChannelSentiment.collection.insertMany(docs as never[], { ordered: false });
  return docs.length;
}

async function seedTickets(core: Core, communityId: string, now: Date, random: SeededRandom) {
  const docs = Array.from({ length: 300 }, (_, i) => {
    const ticketId = `T${digestReference(`bench:${communityId}:${i}`)}`;
    return {
      _id: `${communityId}|${ticketId}`,
      communityId,
      ticketId,
      platform: 'console',
      userId: `b${String(i).padStart(6, '0')}`,
      displayName: `b${i}`,
      source: 'feedback',
      text: sentence(random, 'feedback', 'en', 'negative', random.pick(HISTORY_ITEMS).itemId),
      status: i < 120 ? 'open' : i < 150 ? 'claimed' : 'closed',
      createdAt: new Date(now.getTime() - random.int(0, 60) * DAY_MS),
    };
  });
  await core.models.Ticket.collection.insertMany(docs as never[], { ordered: false });
  return docs.length;
}

async function seedAudit(core: Core, communityId: string, now: Date, random: SeededRandom) {
  const docs = Array.from({ length: 2000 }, (_, i) => ({
    communityId,
    key: `bench:${i}`,
    action: random.pick(['points.grant', 'ticket.close', 'config.set', 'catalog.update']),
    actorId: random.pick(['admin', 'manager']),
    targetId: `b${String(random.int(0, 999)).padStart(6, '0')}`,
    reason: null,
    details: {},
    at: new Date(now.getTime() - random.int(0, 365) * DAY_MS),
    via: random.chance(0.3) ? 'web' : 'chat',
  }));
  await core.models.Audit.collection.insertMany(docs as never[], { ordered: false });
  return docs.length;
}
