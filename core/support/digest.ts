import type { Models } from '../db/models.ts';
import type { ChannelSentimentDoc, FeedbackDoc } from '../db/support-models.ts';
import type { ChatQualityDoc } from '../db/retention-models.ts';
import { quote } from './feedback.ts';
import { separatingThemes, type Theme } from './themes.ts';
import type { Tickets } from './tickets.ts';
import { csatFigures, type CsatFigures } from './csat-figures.ts';

const DAY_MS = 24 * 3600 * 1000;

export interface Distribution {
  positive: number;
  neutral: number;
  negative: number;
}

export interface ChannelFigure {
  channelId: string;
  volume: number;
  mean: number;
}

export interface Digest {
  from: Date;
  to: Date;
  volume: number;
  /** Mean score over feedback and passively scored messages; null when nothing was said. */
  mean: number | null;
  distribution: Distribution;
  previous: { volume: number; mean: number | null };
  themes: { negative: Theme[]; positive: Theme[] };
  examples: Array<{ text: string; score: number; label: string }>;
  channels: ChannelFigure[];
  openTickets: number;
  /** How members rated the tickets closed for them (first rated in the period). */
  csat: CsatFigures;
  /** Chat messages by verdict (ok, low, spam, toxic, repeat), those that earned, and helpful answers. */
  chat: Record<string, number>;
  /** Day by day (UTC days), this period and the one before it, for the digest's chart. */
  daily: DayFigure[];
  previousDaily: DayFigure[];
}

export interface DayFigure {
  /** `YYYY-MM-DD` */
  day: string;
  volume: number;
  /** null on a day nothing was said. */
  mean: number | null;
}

interface Totals {
  volume: number;
  scoreSum: number;
  distribution: Distribution;
  byChannel: Map<string, { volume: number; scoreSum: number }>;
  byDay: Map<string, { volume: number; scoreSum: number }>;
}

function days(from: Date, to: Date): string[] {
  const list: string[] = [];
  for (let t = Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate()); t < to.getTime(); t += DAY_MS)
    list.push(new Date(t).toISOString().slice(0, 10));
  return list;
}

function total(feedback: FeedbackDoc[], channels: ChannelSentimentDoc[]): Totals {
  const totals: Totals = {
    volume: 0,
    scoreSum: 0,
    distribution: { positive: 0, neutral: 0, negative: 0 },
    byChannel: new Map(),
    byDay: new Map(),
  };
  const addTo = (map: Totals['byChannel'], key: string, volume: number, scoreSum: number) => {
    const entry = map.get(key) ?? { volume: 0, scoreSum: 0 };
    map.set(key, { volume: entry.volume + volume, scoreSum: entry.scoreSum + scoreSum });
  };
  const add = (channelId: string, day: string, volume: number, scoreSum: number) => {
    addTo(totals.byChannel, channelId, volume, scoreSum);
    addTo(totals.byDay, day, volume, scoreSum);
  };
  // Passive texts, when kept, are already in the channel counters: count them once.
  for (const item of feedback.filter((f) => f.source !== 'passive')) {
    totals.volume += 1;
    totals.scoreSum += item.score;
    totals.distribution[item.label] += 1;
    add(item.channelId ?? '—', item.at.toISOString().slice(0, 10), 1, item.score);
  }
  for (const day of channels) {
    totals.volume += day.count;
    totals.scoreSum += day.scoreSum;
    totals.distribution.positive += day.positive;
    totals.distribution.neutral += day.neutral;
    totals.distribution.negative += day.negative;
    add(day.channelId, day.day, day.count, day.scoreSum);
  }
  return totals;
}

function daySeries(from: Date, to: Date, byDay: Totals['byDay']): DayFigure[] {
  return days(from, to).map((day) => {
    const figure = byDay.get(day);
    return {
      day,
      volume: figure?.volume ?? 0,
      mean: figure && figure.volume > 0 ? figure.scoreSum / figure.volume : null,
    };
  });
}

/** How a community felt over a period, against the period before it. */
export class Digests {
  constructor(
    private readonly models: Models,
    private readonly tickets: Tickets,
  ) {}

  async compute(communityId: string, from: Date, to: Date): Promise<Digest> {
    const span = to.getTime() - from.getTime();
    const previousFrom = new Date(from.getTime() - span);
    const [feedback, channels, previousFeedback, previousChannels, openTickets, csat, chat] = await Promise.all([
      this.feedbackIn(communityId, from, to),
      this.channelsIn(communityId, from, to),
      this.feedbackIn(communityId, previousFrom, from),
      this.channelsIn(communityId, previousFrom, from),
      this.tickets.countUnresolved(communityId),
      csatFigures(this.models, communityId, from, to),
      this.chatIn(communityId, from, to),
    ]);
    const now = total(feedback, channels);
    const before = total(previousFeedback, previousChannels);
    const written = feedback.filter((f) => f.text.trim() !== '');
    const ranked = [...written].sort((a, b) => a.score - b.score);
    const examples = [ranked[0], ranked.at(-1), written.filter((f) => f.label === 'neutral').at(-1)]
      .filter((f, i, all): f is FeedbackDoc => f !== undefined && all.findIndex((g) => g?._id === f._id) === i)
      .slice(0, 3)
      .map((f) => ({ text: quote(f.text), score: f.score, label: f.label }));
    return {
      from,
      to,
      volume: now.volume,
      mean: now.volume > 0 ? now.scoreSum / now.volume : null,
      distribution: now.distribution,
      previous: { volume: before.volume, mean: before.volume > 0 ? before.scoreSum / before.volume : null },
      themes: separatingThemes(
        written.filter((f) => f.label === 'negative').map((f) => f.text),
        written.filter((f) => f.label === 'positive').map((f) => f.text),
      ),
      examples,
      channels: [...now.byChannel]
        .map(([channelId, c]) => ({ channelId, volume: c.volume, mean: c.scoreSum / c.volume }))
        .sort((a, b) => b.volume - a.volume),
      openTickets,
      csat,
      chat,
      daily: daySeries(from, to, now.byDay),
      previousDaily: daySeries(previousFrom, from, before.byDay),
    };
  }

  private async feedbackIn(communityId: string, from: Date, to: Date): Promise<FeedbackDoc[]> {
    return this.models.Feedback.find({ communityId, at: { $gte: from, $lt: to } })
      .sort({ at: 1 })
      .limit(5000)
      .lean<FeedbackDoc[]>();
  }

  /** The chat-quality counters of the period's days (one document per day and flushed batch). */
  private async chatIn(communityId: string, from: Date, to: Date): Promise<Record<string, number>> {
    const wanted = days(from, to);
    const totals: Record<string, number> = {};
    if (wanted.length === 0) return totals;
    const docs = await this.models.ChatQuality.find({ communityId, day: { $in: wanted } }).lean<ChatQualityDoc[]>();
    for (const doc of docs)
      for (const [verdict, count] of Object.entries(doc.counts as Record<string, number>))
        totals[verdict] = (totals[verdict] ?? 0) + count;
    return totals;
  }

  private async channelsIn(communityId: string, from: Date, to: Date): Promise<ChannelSentimentDoc[]> {
    const wanted = days(from, to);
    if (wanted.length === 0) return [];
    return this.models.ChannelSentiment.find({ communityId, day: { $in: wanted } }).lean<ChannelSentimentDoc[]>();
  }
}
