import type { ChannelSentimentDoc, FeedbackDoc } from '../db/support-models.ts';
import { separatingThemes } from '../support/themes.ts';
import { displayTerms } from '../support/terms.ts';

/** One day of a community's sentiment: written feedback and scored channel messages together. */
export interface SentimentDay {
  day: string;
  volume: number;
  scoreSum: number;
  positive: number;
  neutral: number;
  negative: number;
}

export interface ChannelDay {
  day: string;
  channelId: string;
  volume: number;
  scoreSum: number;
}

/** A theme with the feedback behind it (ids, newest first), for "click a theme, see its messages". */
export interface ThemeWithMessages {
  term: string;
  weight: number;
  count: number;
  feedbackIds: string[];
}

export const THEME_WINDOWS = [7, 30, 90] as const;
const DAY_MS = 24 * 3600 * 1000;
const MESSAGES_PER_THEME = 20;

/** Days and per-channel days, from feedback (passive texts are in the channel counters already) and counters. */
export function sentimentDays(feedback: FeedbackDoc[], channels: ChannelSentimentDoc[]) {
  const days = new Map<string, SentimentDay>();
  const byChannel = new Map<string, ChannelDay>();
  const add = (day: string, channelId: string, figures: Omit<SentimentDay, 'day'>) => {
    const total = days.get(day) ?? { day, volume: 0, scoreSum: 0, positive: 0, neutral: 0, negative: 0 };
    for (const key of ['volume', 'scoreSum', 'positive', 'neutral', 'negative'] as const) total[key] += figures[key];
    days.set(day, total);
    const channel = byChannel.get(`${day}|${channelId}`) ?? { day, channelId, volume: 0, scoreSum: 0 };
    channel.volume += figures.volume;
    channel.scoreSum += figures.scoreSum;
    byChannel.set(`${day}|${channelId}`, channel);
  };
  for (const item of feedback) {
    if (item.source === 'passive') continue;
    const counts = { positive: 0, neutral: 0, negative: 0, [item.label]: 1 };
    add(item.at.toISOString().slice(0, 10), item.channelId ?? '—', { volume: 1, scoreSum: item.score, ...counts });
  }
  for (const day of channels) {
    const { count: volume, scoreSum, positive, neutral, negative } = day;
    add(day.day, day.channelId, { volume, scoreSum, positive, neutral, negative });
  }
  const sorted = <T extends { day: string }>(list: Iterable<T>) => [...list].sort((a, b) => a.day.localeCompare(b.day));
  return { days: sorted(days.values()), channelDays: sorted(byChannel.values()) };
}

/** Themes of the last 7, 30 and 90 days, each with the feedback that carries it. */
export function themesByWindow(feedback: FeedbackDoc[], now: Date) {
  const written = feedback.filter((f) => f.text.trim() !== '').sort((a, b) => b.at.getTime() - a.at.getTime());
  const windows: Record<string, { negative: ThemeWithMessages[]; positive: ThemeWithMessages[] }> = {};
  for (const days of THEME_WINDOWS) {
    const inWindow = written.filter((f) => now.getTime() - f.at.getTime() <= days * DAY_MS);
    const side = (label: 'negative' | 'positive') => inWindow.filter((f) => f.label === label);
    const themes = separatingThemes(
      side('negative').map((f) => f.text),
      side('positive').map((f) => f.text),
    );
    const withMessages = (label: 'negative' | 'positive') =>
      themes[label].map((theme) => ({
        ...theme,
        feedbackIds: side(label)
          .filter((f) => displayTerms(f.text).some((term) => term.shown === theme.term))
          .slice(0, MESSAGES_PER_THEME)
          .map((f) => f._id),
      }));
    windows[String(days)] = { negative: withMessages('negative'), positive: withMessages('positive') };
  }
  return windows;
}

/** Totals of a run of days: volume, mean score (null when nothing was scored), label counts. */
export function sumOfDays(days: SentimentDay[]) {
  const total = { volume: 0, scoreSum: 0, positive: 0, neutral: 0, negative: 0 };
  for (const day of days) for (const key of Object.keys(total) as Array<keyof typeof total>) total[key] += day[key];
  return { ...total, mean: total.volume > 0 ? total.scoreSum / total.volume : null };
}

/** The days of [from, to), every day present (a quiet day has volume 0 and no mean). */
export function daysBetween(days: SentimentDay[], from: Date, to: Date): SentimentDay[] {
  const byDay = new Map(days.map((day) => [day.day, day]));
  const out: SentimentDay[] = [];
  for (let at = startOfDay(from); at < to.getTime(); at += DAY_MS) {
    const day = new Date(at).toISOString().slice(0, 10);
    out.push(byDay.get(day) ?? { day, volume: 0, scoreSum: 0, positive: 0, neutral: 0, negative: 0 });
  }
  return out;
}

/** Per channel over [from, to): volume and mean, the busiest first. */
export function channelsBetween(channelDays: ChannelDay[], from: Date, to: Date) {
  const [first, last] = [new Date(startOfDay(from)).toISOString().slice(0, 10), to.toISOString().slice(0, 10)];
  const byChannel = new Map<string, { channelId: string; volume: number; scoreSum: number }>();
  for (const day of channelDays) {
    if (day.day < first || day.day >= last) continue;
    const channel = byChannel.get(day.channelId) ?? { channelId: day.channelId, volume: 0, scoreSum: 0 };
    channel.volume += day.volume;
    channel.scoreSum += day.scoreSum;
    byChannel.set(day.channelId, channel);
  }
  return [...byChannel.values()]
    .map((channel) => ({ ...channel, mean: channel.scoreSum / Math.max(channel.volume, 1) }))
    .sort((a, b) => b.volume - a.volume);
}

const startOfDay = (at: Date) => Math.floor(at.getTime() / DAY_MS) * DAY_MS;
