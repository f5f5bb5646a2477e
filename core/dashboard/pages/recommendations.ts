import { z } from 'zod';
import { rankedBarsChart, recommendationOutcomesChart } from '../../charts/dashboard-charts.ts';
import { definePage } from '../page.ts';

/** Recommendations: the model's version and training time, what it picks most, how members answer the picks. */
export default definePage({
  name: 'recommendations',
  role: 'manager',
  query: z.object({}),
  async load(ctx) {
    const { recommendations, at } = await ctx.stats.latestOrRefresh(ctx.communityId, ctx.now);
    const outcomes = recommendations.outcomes.slice(0, 15);
    return {
      figuresAt: at,
      ...recommendations,
      charts: {
        topPicks:
          recommendations.topPicks.length > 0
            ? rankedBarsChart(
                recommendations.topPicks.map((pick) => ({ name: pick.title, value: pick.members })),
                ctx.t('dashboard.recommendations.topPicksAlt', {
                  items: recommendations.topPicks.map((pick) => `${pick.title} (${pick.members})`).join(', '),
                }),
              )
            : null,
        outcomes: outcomes.length > 0 ? recommendationOutcomesChart(outcomes, ctx.t) : null,
      },
    };
  },
});
