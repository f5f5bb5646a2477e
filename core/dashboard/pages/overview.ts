import { z } from 'zod';
import { labelShareChart, rankedBarsChart, sentimentDaysChart, tiersChart } from '../../charts/dashboard-charts.ts';
import { COLORS } from '../../charts/chart-style.ts';
import { formatNumber } from '../../format.ts';
import { definePage, pageLink } from '../page.ts';
import { daysBetween, sumOfDays } from '../../figures/sentiment-days.ts';
import { atRiskList } from '../churn-list.ts';

const DAY_MS = 24 * 3600 * 1000;

/** Overview: members, points and the liability, tiers, open tickets, this week's mood, who may leave. */
export default definePage({
  name: 'overview',
  role: 'manager',
  query: z.object({}),
  async load(ctx) {
    const [figures, openTickets, personas] = await Promise.all([
      ctx.stats.latestOrRefresh(ctx.communityId, ctx.now),
      ctx.services.support.tickets.countUnresolved(ctx.communityId),
      ctx.services.insights.personas.latest(ctx.communityId),
    ]);
    const weekAgo = new Date(ctx.now.getTime() - 7 * DAY_MS);
    const thisWeek = sumOfDays(daysBetween(figures.days, weekAgo, ctx.now));
    const lastWeek = sumOfDays(daysBetween(figures.days, new Date(weekAgo.getTime() - 7 * DAY_MS), weekAgo));
    const fortnight = daysBetween(figures.days, new Date(ctx.now.getTime() - 29 * DAY_MS), ctx.now).map((day) => ({
      day: day.day,
      volume: day.volume,
      mean: day.volume > 0 ? day.scoreSum / day.volume : null,
    }));
    const { points } = figures;
    return {
      figuresAt: figures.at,
      members: figures.members,
      points,
      openTickets,
      sentiment: { thisWeek, lastWeek },
      churn: atRiskList(ctx, personas),
      charts: {
        tiers: tiersChart(figures.tiers, ctx.locale),
        days: sentimentDaysChart(fortnight, ctx.t, ctx.locale),
        labels: labelShareChart(thisWeek, ctx.t),
        points: rankedBarsChart(
          [
            { name: ctx.t('dashboard.overview.issued'), value: points.issued, color: COLORS.line },
            { name: ctx.t('dashboard.overview.redeemed'), value: points.redeemed, color: COLORS.positive },
            { name: ctx.t('dashboard.overview.outstanding'), value: points.outstanding, color: COLORS.atRisk },
          ].map((bar) => ({ ...bar, label: formatNumber(bar.value, ctx.locale) })),
          ctx.t('dashboard.overview.pointsAlt', {
            issued: formatNumber(points.issued, ctx.locale),
            redeemed: formatNumber(points.redeemed, ctx.locale),
            outstanding: formatNumber(points.outstanding, ctx.locale),
          }),
        ),
      },
      links: { sentiment: pageLink('sentiment', {}), tickets: pageLink('support', {}) },
    };
  },
});
