import type { Core } from '../app.ts';
import type { CommunityDoc } from '../db/models.ts';
import type { CountedDay } from '../support/passive-sentiment.ts';
import { supportSettings } from '../support/settings.ts';
import type { Platform } from '../types.ts';
import { HISTORY_CHANNELS } from './history-groups.ts';
import { forEachLimit } from './history-writer.ts';
import type { HistoryPlan } from './history-types.ts';

/** Opts the history's channels into passive sentiment, keeping whatever the community had. */
export async function ensureSentimentChannels(core: Core, community: CommunityDoc): Promise<CommunityDoc> {
  const current = supportSettings(community).sentimentChannels;
  const missing = HISTORY_CHANNELS.filter((channel) => !current.includes(channel));
  if (missing.length === 0) return community;
  const { communities } = core.services;
  await communities.setSupport(community.communityId, {
    ...(community.support as Record<string, unknown>),
    sentimentChannels: [...current, ...missing],
  });
  return communities.ensure(community.platform as Platform, community.communityId);
}

/**
 * The channels' passive sentiment: every message of the plan scored by the live scorer and
 * counted per channel and day, added to the live counters once per channel-day (keyed by
 * the plan), then copied to MongoDB by the same flush that copies live messages.
 */
export async function writeChannelSentiment(core: Core, community: CommunityDoc, plan: HistoryPlan): Promise<number> {
  const { scorer, passive } = core.services.support;
  const lexicon = supportSettings(community).lexicon;
  const scores = new Map<string, { milli: number; label: 'positive' | 'neutral' | 'negative' }>();
  const scoreOf = (text: string) => {
    let score = scores.get(text);
    if (!score) {
      const sentiment = scorer.score(text, lexicon);
      score = { milli: Math.round(sentiment.score * 1000), label: sentiment.label };
      scores.set(text, score);
    }
    return score;
  };
  await forEachLimit(plan.channelDays, 8, async ({ day, channelId, texts }) => {
    const counted: CountedDay = { count: 0, scoreMilli: 0, positive: 0, neutral: 0, negative: 0 };
    for (const [text, times] of Object.entries(texts)) {
      const { milli, label } = scoreOf(text);
      counted.count += times;
      counted.scoreMilli += milli * times;
      counted[label] += times;
    }
    await passive.addCounted(community.communityId, channelId, day, counted, `seed:${plan.tag}:${day}:${channelId}`);
  });
  return passive.flush(community.communityId);
}
