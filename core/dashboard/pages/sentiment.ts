import { z } from 'zod';
import { channelsChart, labelShareChart, rankedBarsChart, sentimentDaysChart } from '../../charts/dashboard-charts.ts';
import { COLORS } from '../../charts/chart-style.ts';
import { feedbackQuerySchema, windowOf } from '../feedback-filter.ts';
import { definePage, pageLink, type PageContext } from '../page.ts';
import {
  channelsBetween,
  daysBetween,
  sumOfDays,
  THEME_WINDOWS,
  type ThemeWithMessages,
} from '../../figures/sentiment-days.ts';
import type { DashboardFigures } from '../../figures/dashboard-stats.ts';

const PAGE_SIZE = 25;
const SIDES = ['negative', 'positive'] as const;

/**
 * Sentiment: the daily mean and volume over a range, the label shares, channels, the themes of
 * each side with the messages behind a chosen one, and the feedback list with its filters.
 */
export default definePage({
  name: 'sentiment',
  role: 'manager',
  query: feedbackQuerySchema.extend({
    theme: z.string().max(80).optional().catch(undefined),
    side: z.enum(SIDES).catch('negative'),
  }),
  async load(ctx, query) {
    const figures = await ctx.stats.latestOrRefresh(ctx.communityId, ctx.now);
    const { from, to } = windowOf(query, ctx.now);
    const days = daysBetween(figures.days, from, to);
    const channels = channelsBetween(figures.channelDays, from, to);
    const totals = sumOfDays(days);
    // Themes are kept for 7, 30 and 90 days: the nearest window at least as long as the range, else 90.
    const window = THEME_WINDOWS.find((days) => days >= query.range) ?? 90;
    const themes = themesOf(figures, window, query);
    const chosen = query.theme ? themes[query.side].find((theme) => theme.term === query.theme) : undefined;
    const list = await ctx.feedbackIndex.list(
      ctx.communityId,
      { from, to, label: query.label, channelId: query.channel, language: query.language },
      (query.page - 1) * PAGE_SIZE,
      PAGE_SIZE,
    );
    return {
      query,
      window: { from: from.toISOString().slice(0, 10), to: new Date(to.getTime() - 1).toISOString().slice(0, 10) },
      themeWindow: window,
      totals,
      channelIds: channels.map((channel) => channel.channelId),
      themes,
      chosenTheme: chosen
        ? { ...chosen, side: query.side, messages: await ctx.feedbackIndex.lines(ctx.communityId, chosen.feedbackIds) }
        : null,
      feedback: { ...list, page: query.page, pages: Math.max(1, Math.ceil(list.total / PAGE_SIZE)) },
      charts: {
        days: sentimentDaysChart(
          days.map((d) => ({ day: d.day, volume: d.volume, mean: d.volume > 0 ? d.scoreSum / d.volume : null })),
          ctx.t,
          ctx.locale,
        ),
        labels: labelShareChart(totals, ctx.t),
        channels: channels.length > 0 ? channelsChart(channels.slice(0, 12), ctx.t) : null,
        themes: Object.fromEntries(SIDES.map((side) => [side, themeChart(ctx, themes[side], side)])),
      },
    };
  },
});

type Query = z.output<typeof feedbackQuerySchema> & { side: (typeof SIDES)[number] };

function themesOf(figures: DashboardFigures, window: number, query: Query) {
  const stored = figures.themes[String(window)] ?? { negative: [], positive: [] };
  const withLinks = (side: (typeof SIDES)[number]) =>
    stored[side].map((theme) => ({
      ...theme,
      link: pageLink('sentiment', { range: query.range, theme: theme.term, side }) + '#theme',
    }));
  return { negative: withLinks('negative'), positive: withLinks('positive') };
}

function themeChart(
  ctx: PageContext,
  themes: Array<ThemeWithMessages & { link: string }>,
  side: (typeof SIDES)[number],
) {
  if (themes.length === 0) return null;
  return rankedBarsChart(
    [...themes]
      .sort((a, b) => b.count - a.count)
      .map((theme) => ({
        name: theme.term,
        value: theme.count,
        link: theme.link,
        color: side === 'negative' ? COLORS.negative : COLORS.positive,
      })),
    ctx.t(`dashboard.sentiment.${side}ThemesAlt`, { themes: themes.map((t) => `${t.term} (${t.count})`).join(', ') }),
  );
}
